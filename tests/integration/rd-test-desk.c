/* rd-test-desk.c: see rd-test-desk.h. */
#include "config.h"

#include "rd-test-desk.h"

void
rd_test_outcome_clear (RdTestOutcome *outcome)
{
  g_clear_error (&outcome->error);
  g_clear_object (&outcome->created);
  outcome->done = outcome->ok = FALSE;
}

void
rd_test_call_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  RdTestOutcome *outcome = data;

  outcome->ok = rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  RdTestOutcome *outcome = data;

  outcome->created = rd_support_desk_create_finish (RD_SUPPORT_DESK (source), result, &outcome->error);
  outcome->ok = outcome->created != NULL;
  outcome->done = TRUE;
}

RdSupportRequest *
rd_test_desk_create (RdSupportDesk *desk,
                     const char    *topic,
                     const char    *summary,
                     RdPriority     priority)
{
  RdTestOutcome outcome = { 0 };
  RdSupportRequest *request;

  rd_support_desk_create_async (desk, topic, summary, "details", priority, NULL, NULL, created_cb, &outcome);
  RD_TEST_WAIT (outcome.done, 10000);
  g_assert_no_error (outcome.error);
  request = g_steal_pointer (&outcome.created);
  rd_test_outcome_clear (&outcome);
  return request;
}

typedef struct {
  gboolean  done;
  RdFacts  *facts;
  GError   *error;
} FactsRead;

static void
facts_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  FactsRead *read = data;

  read->facts = rd_support_desk_facts_finish (RD_SUPPORT_DESK (source), result, &read->error);
  read->done = TRUE;
}

RdFacts *
rd_test_desk_facts_of (RdClient  *client,
                       gint64     request,
                       GError   **error)
{
  FactsRead read = { 0 };

  rd_support_desk_facts_async (rd_client_get_support_desk (client), request, NULL, facts_read_cb, &read);
  RD_TEST_WAIT (read.done, 10000);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.facts;
}

RdTestRelay *
rd_test_desk_relay (const char *extra)
{
  RdTestRelay *relay = rd_test_relay_new ();

  rd_test_relay_configure (relay, extra);
  rd_test_relay_add_team (relay);
  rd_test_relay_add_user (relay, "sam", "supervisor", "sam-password");
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Hardware", "--strategy", "manual",
                                        NULL), ==, 0);
  rd_test_relay_start (relay);
  return relay;
}
