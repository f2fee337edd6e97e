/* test-auth.c: signing in, tokens, roles, disabled accounts and TLS. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

static void
test_login_ok (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");

  g_assert_cmpstr (rd_client_get_username (alice), ==, "alice");
  g_assert_cmpstr (rd_client_get_display_name (alice), ==, "Alice Agent");
  g_assert_cmpstr (rd_client_get_role (alice), ==, "agent");
  g_assert_nonnull (rd_client_get_token (alice));
  g_assert_cmpuint (strlen (rd_client_get_token (alice)), >=, 43);
}

static void
test_wrong_password (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  g_autoptr(GError) unknown = NULL;
  gint64 start;

  first = rd_test_client_login_error (relay, "alice", "not-her-password");
  g_assert_error (first, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);

  /* Failures slow down: the second refusal waits at least the base delay. */
  start = g_get_monotonic_time ();
  second = rd_test_client_login_error (relay, "alice", "still-wrong");
  g_assert_error (second, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);

  /* An unknown user looks exactly like a wrong password. */
  unknown = rd_test_client_login_error (relay, "nobody", "whatever-password");
  g_assert_error (unknown, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  g_assert_cmpstr (unknown->message, ==, first->message);
}

static void
test_unreachable_relay (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(GError) error = NULL;

  rd_test_relay_stop (relay);
  error = rd_test_client_login_error (relay, "alice", "alice-password");
  g_assert_true (error->domain == G_IO_ERROR);
}

static void
test_resume_and_logout (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) first = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) second = rd_client_new (relay->url);
  g_autoptr(RdClient) third = rd_client_new (relay->url);
  g_autofree char *token = g_strdup (rd_client_get_token (first));

  /* The token alone signs a new connection in. */
  rd_client_resume_async (second, token, 0, NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (second) == RD_CLIENT_ONLINE, 10000);
  g_assert_cmpstr (rd_client_get_username (second), ==, "bob");

  /* Signing out revokes it for everyone. */
  rd_client_logout_async (second, NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (second) == RD_CLIENT_SIGNED_OUT, 10000);
  rd_client_resume_async (third, token, 0, NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (third) == RD_CLIENT_SIGNED_OUT, 10000);
  g_assert_null (rd_client_get_token (third));
}

static void
test_disabled_account (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "user", "disable", "dave", NULL), ==, 0);
  error = rd_test_client_login_error (relay, "dave", "dave-password");
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_ACCOUNT_DISABLED);

  g_clear_error (&error);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "user", "enable", "dave", NULL), ==, 0);
  g_object_unref (rd_test_client_login (relay, "dave", "dave-password"));
}

static void
test_admin_command (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, &err, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "alice"));
  g_assert_nonnull (strstr (out, "agent"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input: a clear error and nothing changed. */
  g_assert_cmpint (rd_test_relay_admin (relay, "long-enough\n", &out, &err, "user", "add", "Not Valid",
                                        "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a valid user name"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, "long-enough\n", &out, &err, "user", "add", "erin",
                                        "--role", "king", "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown role"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, "short\n", &out, &err, "user", "add", "erin",
                                        "--password-stdin", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, "long-enough\n", &out, &err, "user", "add", "alice",
                                        "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, &err, "user", "list", NULL), ==, 0);
  g_assert_null (strstr (out, "erin"));

  /* passwd changes the password and signs existing sessions out. */
  g_assert_cmpint (rd_test_relay_admin (relay, "a-new-password\n", NULL, NULL, "user", "passwd", "bob",
                                        "--password-stdin", NULL), ==, 0);
  error = rd_test_client_login_error (relay, "bob", "bob-password");
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  g_object_unref (rd_test_client_login (relay, "bob", "a-new-password"));
}

static void
test_plain_ws_refused_off_loopback (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("RELAYDESKD"), "--config", relay->config_path,
                              "--listen", "0.0.0.0:0", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "refusing plain ws://"));
}

static void
test_tls (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autofree char *fingerprint = rd_test_relay_use_self_signed_certificate (relay);
  g_autoptr(RdClient) pinned = NULL;
  g_autoptr(RdClient) unpinned = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking) installed");
      return;
    }
  rd_test_relay_add_user (relay, "alice", "agent", "alice-password");
  rd_test_relay_start (relay);
  g_assert_true (g_str_has_prefix (relay->url, "wss://"));

  /* A self-signed certificate is refused unless pinned by fingerprint. */
  unpinned = rd_client_new (relay->url);
  rd_client_login_async (unpinned, "alice", "alice-password", NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (unpinned) == RD_CLIENT_SIGNED_OUT, 10000);

  pinned = rd_client_new (relay->url);
  rd_client_set_pinned_certificate (pinned, fingerprint);
  rd_client_login_async (pinned, "alice", "alice-password", NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (pinned) == RD_CLIENT_ONLINE, 10000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth/login-ok", test_login_ok);
  g_test_add_func ("/auth/wrong-password", test_wrong_password);
  g_test_add_func ("/auth/unreachable-relay", test_unreachable_relay);
  g_test_add_func ("/auth/resume-and-logout", test_resume_and_logout);
  g_test_add_func ("/auth/disabled-account", test_disabled_account);
  g_test_add_func ("/auth/admin-command", test_admin_command);
  g_test_add_func ("/auth/plain-ws-refused-off-loopback", test_plain_ws_refused_off_loopback);
  g_test_add_func ("/auth/tls", test_tls);
  return g_test_run ();
}
