/* rd-test-relay.h: a real relaydeskd for tests, on 127.0.0.1 in a temp folder.
 * With RD_TEST_STORE_ENGINE=postgresql (the *-postgresql tests) each relay
 * keeps its store in a new database of a throw-away PostgreSQL server that
 * the test program starts (rd-test-postgresql.h); a program run so where
 * no server can be started reports itself skipped, with the reason. */
#pragma once

#include <gio/gio.h>

#include "rd-client.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;          /* throw-away data folder */
  char        *config_path;
  char        *database;     /* with RD_TEST_STORE_ENGINE=postgresql: its own database */
  char        *url;
  guint16      port;
  GSubprocess *process;
  char       **environ;      /* what rd_test_relay_setenv added for the relay */
} RdTestRelay;

RdTestRelay *rd_test_relay_new       (void);
/* A relay whose store is the PostgreSQL database at @database (shared by
 * several relays of one test). */
RdTestRelay *rd_test_relay_new_on    (const char *database);
/* A started relay with alice and carol (agents), bob and dave (requesters),
 * every password being "<name>-password". */
RdTestRelay *rd_test_relay_new_team  (void);
/* The same four accounts, in a relay not started yet (rd_test_relay_new). */
void         rd_test_relay_add_team  (RdTestRelay *relay);
/* Extra lines for the [relay] group of the config file. */
void         rd_test_relay_configure (RdTestRelay *relay, const char *extra);
/* Asserts that a relay whose [relay] group has @extra refuses to start,
 * saying something that holds @says. */
void         rd_test_relay_assert_refused (const char *extra, const char *says);
void         rd_test_relay_add_user  (RdTestRelay *relay, const char *username, const char *role,
                                      const char *password);
/* Makes a self-signed certificate for 127.0.0.1 and configures the relay to
 * use it (replacing earlier extra lines); returns its SHA-256 (hex). */
char        *rd_test_relay_use_self_signed_certificate (RdTestRelay *relay);
/* Runs "relaydeskd ARGS..." as the admin command; returns its exit status. */
int          rd_test_relay_admin     (RdTestRelay *relay, const char *stdin_text, char **out_stdout,
                                      char **out_stderr, ...) G_GNUC_NULL_TERMINATED;
/* An environment variable for the relay process, from its next start on. */
void         rd_test_relay_setenv    (RdTestRelay *relay, const char *name, const char *value);
void         rd_test_relay_start     (RdTestRelay *relay);
void         rd_test_relay_stop      (RdTestRelay *relay);   /* SIGTERM, waits */
void         rd_test_relay_kill      (RdTestRelay *relay);   /* SIGKILL, waits */
void         rd_test_relay_free      (RdTestRelay *relay);

/* Iterates the main loop until @cond holds or @timeout_ms pass. */
gboolean     rd_test_wait            (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms);
#define RD_TEST_WAIT(expr, timeout_ms) \
  G_STMT_START { \
    gint64 _rd_end = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(expr) && g_get_monotonic_time () < _rd_end) \
      rd_test_iterate (); \
    g_assert_true (expr); \
  } G_STMT_END
void         rd_test_iterate         (void);
/* Runs the main loop for @ms milliseconds, whatever happens. */
void         rd_test_spin            (guint ms);

/* A client signed in and synced, or the test fails. */
RdClient    *rd_test_client_login    (RdTestRelay *relay, const char *username, const char *password);
/* The same through another address (a proxy in front of the relay). */
RdClient    *rd_test_client_login_at (const char *url, const char *username, const char *password);
/* A login that is expected to fail; returns the error. */
GError      *rd_test_client_login_error (RdTestRelay *relay, const char *username, const char *password);
/* A request whose reply (or error) the test waits for. */
JsonObject  *rd_test_request         (RdClient *client, JsonObject *frame, GError **error);
JsonObject  *rd_test_send_raw        (RdClient *client, const char *id, const char *text, GError **error);
/* Sends a support-queue frame naming @request (accept, resolve, take...);
 * the test fails unless the relay says ok. */
void         rd_test_act             (RdClient *client, RdFrameType type, gint64 request);
/* The same, returning the reply (or NULL with @error). */
JsonObject  *rd_test_ask             (RdClient *client, RdFrameType type, gint64 request, GError **error);
/* Creates a support request; returns its id (and its place in the queue). */
gint64       rd_test_create_request  (RdClient *client, const char *topic, const char *summary,
                                      gint priority, gint64 *out_position);
/* Sends text the relay cannot read an id from; returns the id-less error it
 * answers with. */
GError      *rd_test_send_unreadable (RdClient *client, const char *text);

/* Messages in @client's conversation with @peer (0 if none yet). */
guint        rd_test_n_messages      (RdClient *client, const char *peer);
/* The @n-th message there (the conversation keeps it). */
RdMessage   *rd_test_nth_message     (RdClient *client, const char *peer, guint n);
/* A message_send frame to send with rd_test_request; @uuid NULL for a new one. */
JsonObject  *rd_test_message_frame   (const char *uuid, const char *to, const char *body);

/* Adds @username to @client's contacts in @group; NULL on success, the
 * error otherwise. */
GError      *rd_test_add_contact     (RdClient *client, const char *username, const char *group);
/* @username's status as @client's contact list has it ("none" if absent). */
const char  *rd_test_status_of       (RdClient *client, const char *username);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestRelay, rd_test_relay_free)

G_END_DECLS
