/* rd-test-desk.h: running RdSupportDesk calls to their end in integration
 * tests, and a relay set up as a support desk. */
#pragma once

#include "rd-test-relay.h"

G_BEGIN_DECLS

typedef struct {
  gboolean          done;
  gboolean          ok;
  GError           *error;
  RdSupportRequest *created;
} RdTestOutcome;

void              rd_test_outcome_clear (RdTestOutcome *outcome);
/* For calls that finish with rd_support_desk_call_finish. */
void              rd_test_call_done_cb  (GObject *source, GAsyncResult *result, gpointer outcome);

/* Runs one desk call to its end; the outcome says how it went. */
#define CALL(outcome, function, ...) \
  G_STMT_START { \
    rd_test_outcome_clear (&(outcome)); \
    function (__VA_ARGS__, NULL, rd_test_call_done_cb, &(outcome)); \
    RD_TEST_WAIT ((outcome).done, 10000); \
  } G_STMT_END

#define ASSERT_OK(outcome) \
  G_STMT_START { g_assert_no_error ((outcome).error); g_assert_true ((outcome).ok); } G_STMT_END

#define ASSERT_REFUSED(outcome, code) \
  G_STMT_START { \
    g_assert_error ((outcome).error, RD_PROTOCOL_ERROR, (code)); \
    g_assert_false ((outcome).ok); \
  } G_STMT_END

/* The facts sent with @request as @client may read them; NULL and @error
 * if refused. */
RdFacts          *rd_test_desk_facts_of (RdClient *client, gint64 request, GError **error);
/* A new request, created and acknowledged. */
RdSupportRequest *rd_test_desk_create   (RdSupportDesk *desk, const char *topic, const char *summary,
                                         RdPriority priority);
/* The test team, supervisor "sam", topics Network (least busy) and
 * Hardware (manual); @extra goes into the configuration. Started. */
RdTestRelay      *rd_test_desk_relay    (const char *extra);

G_END_DECLS
