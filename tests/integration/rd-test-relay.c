/* rd-test-relay.c: starts, stops and kills a real relaydeskd for tests. */
#define G_LOG_DOMAIN "rd-test"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "rd-client-private.h"
#include "rd-test-postgresql.h"
#include "rd-test-relay.h"
#include "rd-test-store.h"

#include <sys/prctl.h>

#define START_TIMEOUT_MS 15000

static const char *
relay_binary (void)
{
  const char *path = g_getenv ("RELAYDESKD");

  g_assert_nonnull (path);
  return path;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
rd_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    rd_test_iterate ();
}

void
rd_test_iterate (void)
{
  /* A short timer makes the blocking iteration return to re-check the condition. */
  guint wake = g_timeout_add (10, wake_cb, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

gboolean
rd_test_wait (gboolean (*cond) (gpointer),
              gpointer   data,
              guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < end)
    rd_test_iterate ();
  return cond (data);
}

/* Before main's g_test_init: a PostgreSQL run with no server to start
 * ends here as a skipped test program. */
__attribute__((constructor)) static void
skip_without_postgresql (void)
{
  rd_test_store_init ();
}

RdTestRelay *
rd_test_relay_new_on (const char *database)
{
  RdTestRelay *relay = g_new0 (RdTestRelay, 1);
  g_autoptr(GError) error = NULL;

  relay->dir = g_dir_make_tmp ("relaydesk-test-XXXXXX", &error);
  g_assert_no_error (error);
  relay->config_path = g_build_filename (relay->dir, "relaydeskd.conf", NULL);
  relay->database = g_strdup (database);
  rd_test_relay_configure (relay, "");
  return relay;
}

RdTestRelay *
rd_test_relay_new (void)
{
  g_autofree char *database = rd_test_postgresql_wanted () ? rd_test_postgresql_new_database () : NULL;

  return rd_test_relay_new_on (database);
}

RdTestRelay *
rd_test_relay_new_team (void)
{
  RdTestRelay *relay = rd_test_relay_new ();

  rd_test_relay_add_team (relay);
  rd_test_relay_start (relay);
  return relay;
}

void
rd_test_relay_add_team (RdTestRelay *relay)
{
  g_autofree char *input = g_strdup (
    "alice:agent:Alice Agent:alice-password\n"
    "carol:agent:Carol Agent:carol-password\n"
    "bob:requester:Bob Requester:bob-password\n"
    "dave:requester:Dave Requester:dave-password\n");
  g_autofree char *users = g_build_filename (relay->dir, "users.txt", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (users, input, -1, NULL));
  if (rd_test_relay_admin (relay, NULL, NULL, &err, "user", "import", users, NULL) != 0)
    g_error ("user import failed: %s", err);
}

void
rd_test_relay_configure (RdTestRelay *relay,
                         const char  *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = relay->database ? g_strdup_printf ("database=%s\n", relay->database)
                                               : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("[relay]\n"
                                           "data_dir=%s/data\n"
                                           "log_level=warning\n"
                                           "%s"
                                           "%s\n", relay->dir, database, extra);

  g_file_set_contents (relay->config_path, text, -1, &error);
  g_assert_no_error (error);
}

void
rd_test_relay_assert_refused (const char *extra,
                              const char *says)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autofree char *err = NULL;

  rd_test_relay_configure (relay, extra);
  /* Any command reads the file first. */
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "user", "list", NULL), !=, 0);
  g_test_message ("%s -> %s", extra, err);
  g_assert_nonnull (strstr (err, says));
}

static int
run_admin_v (RdTestRelay  *relay,
             const char   *stdin_text,
             char        **out_stdout,
             char        **out_stderr,
             va_list       args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) relay_binary ());
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, relay->config_path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

int
rd_test_relay_admin (RdTestRelay  *relay,
                     const char   *stdin_text,
                     char        **out_stdout,
                     char        **out_stderr,
                     ...)
{
  va_list args;
  int status;

  va_start (args, out_stderr);
  status = run_admin_v (relay, stdin_text, out_stdout, out_stderr, args);
  va_end (args);
  return status;
}

void
rd_test_relay_add_user (RdTestRelay *relay,
                        const char  *username,
                        const char  *role,
                        const char  *password)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  int status = rd_test_relay_admin (relay, input, &out, &err, "user", "add", username,
                                    "--role", role, "--password-stdin", NULL);

  if (status != 0)
    g_error ("user add %s failed: %s", username, err);
}

/* A test that aborts must not leave its relay running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
rd_test_relay_setenv (RdTestRelay *relay,
                      const char  *name,
                      const char  *value)
{
  relay->environ = g_environ_setenv (relay->environ, name, value, TRUE);
}

void
rd_test_relay_start (RdTestRelay *relay)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", relay->port);
  g_autofree char *line = NULL;
  const char *prefix = "relaydeskd: listening on ";

  g_assert_null (relay->process);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (char **var = relay->environ; var && *var; var++)
    {
      g_auto(GStrv) pair = g_strsplit (*var, "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1] ? pair[1] : "", TRUE);
    }
  relay->process = g_subprocess_launcher_spawn (launcher, &error,
                                                relay_binary (), "--config", relay->config_path,
                                                "--listen", listen, NULL);
  g_assert_no_error (error);

  /* The relay prints one line once it listens. Port 0 the first time; the
   * same port on a restart so clients reconnect to where they were. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (relay->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, prefix))
    g_error ("relaydeskd did not start (said: %s)", line ? line : "nothing");
  g_free (relay->url);
  relay->url = g_strdup (line + strlen (prefix));
  if (relay->port == 0)
    {
      const char *colon = strrchr (relay->url, ':');
      relay->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
    }
}

static void
stop_with (RdTestRelay *relay,
           int          signum)
{
  g_autoptr(GError) error = NULL;

  if (relay->process == NULL)
    return;
  g_subprocess_send_signal (relay->process, signum);
  g_subprocess_wait (relay->process, NULL, &error);
  g_assert_no_error (error);
  if (signum == SIGTERM)
    g_assert_true (g_subprocess_get_if_exited (relay->process) &&
                   g_subprocess_get_exit_status (relay->process) == 0);
  g_clear_object (&relay->process);
}

void
rd_test_relay_stop (RdTestRelay *relay)
{
  stop_with (relay, SIGTERM);
}

void
rd_test_relay_kill (RdTestRelay *relay)
{
  stop_with (relay, SIGKILL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
    }
  g_remove (path);
}

void
rd_test_relay_free (RdTestRelay *relay)
{
  if (relay == NULL)
    return;
  rd_test_relay_stop (relay);
  remove_tree (relay->dir);
  g_free (relay->dir);
  g_free (relay->config_path);
  g_free (relay->database);
  g_free (relay->url);
  g_strfreev (relay->environ);
  g_free (relay);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  JsonObject *reply;
} Waiter;

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = rd_client_login_finish (RD_CLIENT (source), result, &waiter->error);
  waiter->done = TRUE;
}

static RdClient *
login (const char   *url,
       const char   *username,
       const char   *password,
       GError      **error)
{
  RdClient *client = rd_client_new (url);
  Waiter waiter = { 0 };

  rd_client_set_reconnect_delay (client, 50, 500);
  rd_client_login_async (client, username, password, NULL, login_done_cb, &waiter);
  RD_TEST_WAIT (waiter.done, 20000);
  if (!waiter.ok)
    g_propagate_error (error, waiter.error);
  return client;
}

RdClient *
rd_test_client_login (RdTestRelay *relay,
                      const char  *username,
                      const char  *password)
{
  g_autoptr(GError) error = NULL;
  return rd_test_client_login_at (relay->url, username, password);
}

RdClient *
rd_test_client_login_at (const char *url,
                         const char *username,
                         const char *password)
{
  g_autoptr(GError) error = NULL;
  RdClient *client = login (url, username, password, &error);

  g_assert_no_error (error);
  g_assert_cmpint (rd_client_get_state (client), ==, RD_CLIENT_ONLINE);
  return client;
}

GError *
rd_test_client_login_error (RdTestRelay *relay,
                            const char  *username,
                            const char  *password)
{
  GError *error = NULL;
  g_autoptr(RdClient) client = login (relay->url, username, password, &error);

  g_assert_nonnull (error);
  g_assert_cmpint (rd_client_get_state (client), ==, RD_CLIENT_SIGNED_OUT);
  return error;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->reply = rd_client_request_finish (RD_CLIENT (source), result, &waiter->error);
  waiter->done = TRUE;
}

JsonObject *
rd_test_request (RdClient    *client,
                 JsonObject  *frame,
                 GError     **error)
{
  Waiter waiter = { 0 };

  rd_client_request_async (client, frame, NULL, request_done_cb, &waiter);
  RD_TEST_WAIT (waiter.done, 20000);
  if (waiter.error)
    g_propagate_error (error, waiter.error);
  return waiter.reply;
}

JsonObject *
rd_test_send_raw (RdClient    *client,
                  const char  *id,
                  const char  *text,
                  GError     **error)
{
  Waiter waiter = { 0 };

  rd_client_send_raw_async (client, id, text, NULL, request_done_cb, &waiter);
  RD_TEST_WAIT (waiter.done, 20000);
  if (waiter.error)
    g_propagate_error (error, waiter.error);
  return waiter.reply;
}

typedef struct {
  gboolean  done;
  GError   *error;
} OrphanWaiter;

static void
orphan_error_cb (RdClient     *client,
                 const char   *id,
                 const char   *code,
                 const char   *message,
                 OrphanWaiter *waiter)
{
  RdErrorCode value = RD_ERROR_INTERNAL;

  g_assert_null (id);
  g_assert_true (rd_error_code_from_string (code, &value));
  g_set_error (&waiter->error, RD_PROTOCOL_ERROR, value, "%s", message);
  waiter->done = TRUE;
}

GError *
rd_test_send_unreadable (RdClient   *client,
                         const char *text)
{
  OrphanWaiter waiter = { 0 };
  gulong handler = g_signal_connect (client, "relay-error", G_CALLBACK (orphan_error_cb), &waiter);

  rd_client_send_raw_async (client, NULL, text, NULL, NULL, NULL);
  RD_TEST_WAIT (waiter.done, 20000);
  g_signal_handler_disconnect (client, handler);
  return waiter.error;
}

char *
rd_test_relay_use_self_signed_certificate (RdTestRelay *relay)
{
  g_autofree char *cert = g_build_filename (relay->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (relay->dir, "key.pem", NULL);
  g_autofree char *extra = g_strdup_printf ("tls_certificate=%s\ntls_key=%s", cert, key);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GByteArray) der = NULL;
  int status = 0;
  g_autofree char *command = g_strdup_printf (
    "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
    "-addext subjectAltName=IP:127.0.0.1 -keyout %s -out %s", key, cert);

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  tls = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  g_object_get (tls, "certificate", &der, NULL);
  rd_test_relay_configure (relay, extra);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

JsonObject *
rd_test_ask (RdClient     *client,
             RdFrameType   type,
             gint64        request,
             GError      **error)
{
  g_autoptr(JsonObject) frame = rd_frame_new (type, NULL);

  json_object_set_int_member (frame, "request", request);
  return rd_test_request (client, frame, error);
}

void
rd_test_act (RdClient    *client,
             RdFrameType  type,
             gint64       request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_test_ask (client, type, request, &error);

  g_assert_no_error (error);
}

gint64
rd_test_create_request (RdClient   *client,
                        const char *topic,
                        const char *summary,
                        gint        priority,
                        gint64     *out_position)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (frame, "topic", topic);
  json_object_set_string_member (frame, "summary", summary);
  json_object_set_string_member (frame, "details", "It started this morning.");
  json_object_set_int_member (frame, "priority", priority);
  reply = rd_test_request (client, frame, &error);
  g_assert_no_error (error);
  if (out_position)
    *out_position = rd_frame_get_int (reply, "position", 0);
  return rd_frame_get_int (reply, "request", 0);
}

static void
add_contact_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  /* Done either way: a refusal's error, or a marker for success. */
  if (rd_client_change_contact_finish (RD_CLIENT (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

GError *
rd_test_add_contact (RdClient   *client,
                     const char *username,
                     const char *group)
{
  GError *error = NULL;

  rd_client_add_contact_async (client, username, group, NULL, add_contact_done_cb, &error);
  RD_TEST_WAIT (error != NULL, 10000);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  return error;
}

const char *
rd_test_status_of (RdClient   *client,
                   const char *username)
{
  RdContact *contact = rd_client_find_contact (client, username);

  return contact ? rd_contact_get_status (contact) : "none";
}

guint
rd_test_n_messages (RdClient   *client,
                    const char *peer)
{
  RdConversation *conversation = rd_client_get_conversation (client, peer, FALSE);

  return conversation ? g_list_model_get_n_items (rd_conversation_get_messages (conversation)) : 0;
}

RdMessage *
rd_test_nth_message (RdClient   *client,
                     const char *peer,
                     guint       n)
{
  RdConversation *conversation = rd_client_get_conversation (client, peer, FALSE);
  RdMessage *message;

  g_assert_nonnull (conversation);
  message = g_list_model_get_item (rd_conversation_get_messages (conversation), n);
  g_object_unref (message);   /* the conversation keeps it */
  return message;
}

JsonObject *
rd_test_message_frame (const char *uuid,
                       const char *to,
                       const char *body)
{
  JsonObject *frame = rd_frame_new (RD_FRAME_MESSAGE_SEND, NULL);
  g_autofree char *fresh = uuid ? NULL : g_uuid_string_random ();

  json_object_set_string_member (frame, "uuid", uuid ? uuid : fresh);
  json_object_set_string_member (frame, "to", to);
  json_object_set_string_member (frame, "body", body);
  return frame;
}
