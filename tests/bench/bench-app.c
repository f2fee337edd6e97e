/* bench-app.c: the desktop app's figures, against a real relay.
 *
 *   xvfb-run -a dbus-run-session -- env RELAYDESKD=_build/src/relay/relaydeskd \
 *     RELAYDESK=_build/src/app/relaydesk GSETTINGS_SCHEMA_DIR=_build/data \
 *     GSETTINGS_BACKEND=memory _build/tests/bench/bench-app
 *
 * Prints: launch to first frame (the relaydesk binary, median of 5), RSS
 * after opening 20 conversations, and the time to open a conversation that
 * holds 100,000 messages (first page shown) and to page back 1,000 more.
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include "bench-stats.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "rd-application.h"
#include "rd-conversation-page.h"
#include "rd-session-file.h"
#include "rd-sign-in-page-private.h"
#include "rd-test-relay.h"
#include "rd-window.h"

#define PEERS           20
#define PER_PEER        50
#define BIG_HISTORY     100000

static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, "VmRSS:")))
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static void
bench_first_frame (void)
{
  const char *binary = g_getenv ("RELAYDESK");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));

  if (binary == NULL)
    {
      printf ("first frame:        skipped (set RELAYDESK to the relaydesk binary)\n");
      return;
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *config = g_dir_make_tmp ("rd-bench-app-XXXXXX", NULL);
      gint64 start;
      const char *mark;
      double ms;

      g_subprocess_launcher_setenv (launcher, "RELAYDESK_REPORT_FIRST_FRAME", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
      start = g_get_monotonic_time ();
      process = g_subprocess_launcher_spawn (launcher, &error, binary, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      mark = out ? strstr (out, "first frame at ") : NULL;
      g_assert_nonnull (mark);
      ms = (g_ascii_strtoll (mark + strlen ("first frame at "), NULL, 10) - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  printf ("first frame:        %.0f ms from launch (median of 5; min %.0f, max %.0f)\n",
          bench_percentile (times, 0.5), bench_percentile (times, 0), bench_percentile (times, 1));
  g_array_unref (times);
}

static void
send_many (RdClient *from, const char *to, guint count, const char *prefix)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s message %u: the printer on floor %u is out of toner again",
                                               prefix, i, i % 9);
      rd_client_send_message (from, to, body);
      if (i % 2000 == 1999)
        RD_TEST_WAIT (rd_client_get_outbox_length (from) == 0, 120000);
    }
  RD_TEST_WAIT (rd_client_get_outbox_length (from) == 0, 120000);
}

static RdTestRelay *
relay_with_people (void)
{
  RdTestRelay *relay = rd_test_relay_new ();
  g_autoptr(GString) users = g_string_new ("alice:agent:Alice Agent:alice-password\n");
  g_autofree char *path = g_build_filename (relay->dir, "users.txt", NULL);

  rd_test_relay_configure (relay, "frames_per_second=0\nconnections_per_address=0\npassword_hash=minimum\nlog_level=error");
  for (guint i = 0; i < PEERS; i++)
    g_string_append_printf (users, "user%02u:requester:User %02u:user-password\n", i, i);
  g_assert_true (g_file_set_contents (path, users->str, -1, NULL));
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "import", path, NULL), ==, 0);
  for (guint i = 0; i < PEERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%02u", i);
      g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "contact", "add", "alice", name, "Desk",
                                            NULL), ==, 0);
    }
  rd_test_relay_start (relay);
  return relay;
}

typedef struct {
  RdTestRelay   *relay;
  RdApplication *app;
  void         (*body) (gpointer data);
} Run;

static gboolean
body_cb (gpointer data)
{
  Run *run = data;

  run->body (run);
  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *app, Run *run)
{
  g_signal_handlers_disconnect_by_func (app, activated_cb, run);
  g_idle_add (body_cb, run);
}

static void
run_app (Run *run)
{
  run->app = rd_application_new ();
  g_application_set_flags (G_APPLICATION (run->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (run->app, "activate", G_CALLBACK (activated_cb), run);
  g_application_run (G_APPLICATION (run->app), 0, NULL);
  g_clear_object (&run->app);
}

static RdWindow *
window_of (RdApplication *app)
{
  return RD_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    rd_test_iterate ();
}

static void
twenty_conversations_body (gpointer data)
{
  Run *run = data;
  RdWindow *window = window_of (run->app);
  RdSignInPage *page = RD_SIGN_IN_PAGE (rd_window_get_sign_in_page (window));
  double before, after;

  rd_sign_in_page_submit (page, run->relay->url, "alice", "alice-password");
  RD_TEST_WAIT (g_strcmp0 (rd_window_get_page_name (window), "main") == 0, 30000);
  settle (1000);
  before = rss_mib ();
  for (guint i = 0; i < PEERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%02u", i);
      rd_window_open_conversation (window, name, TRUE);
      settle (50);
    }
  settle (1500);
  after = rss_mib ();
  printf ("20 conversations:   RSS %.1f MiB signed in, %.1f MiB with 20 tabs open (%d messages each), "
          "%.2f MiB per tab\n", before, after, PER_PEER, (after - before) / PEERS);
}

static void
bench_twenty_conversations (RdTestRelay *relay)
{
  Run run = { relay, NULL, twenty_conversations_body };

  for (guint i = 0; i < PEERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%02u", i);
      g_autoptr(RdClient) peer = rd_test_client_login (relay, name, "user-password");
      send_many (peer, "alice", PER_PEER, name);
      rd_client_disconnect (peer);
    }
  run_app (&run);
}

static void
big_conversation_body (gpointer data)
{
  Run *run = data;
  RdWindow *window = window_of (run->app);
  RdClient *client = rd_application_get_client (run->app);
  RdConversation *conversation;
  RdConversationPage *page;
  gint64 t0;
  double open_ms, page_ms;

  RD_TEST_WAIT (rd_client_get_state (client) == RD_CLIENT_ONLINE, 30000);
  settle (500);
  t0 = g_get_monotonic_time ();
  rd_window_open_conversation (window, "user00", TRUE);
  page = RD_CONVERSATION_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (rd_window_get_tab_view (window))));
  conversation = rd_conversation_page_get_conversation (page);
  RD_TEST_WAIT (g_list_model_get_n_items (rd_conversation_get_messages (conversation)) >= 50, 30000);
  /* Until the rows are laid out and painted. */
  while (gtk_widget_get_height (GTK_WIDGET (page)) == 0)
    rd_test_iterate ();
  g_main_context_iteration (NULL, FALSE);
  open_ms = (g_get_monotonic_time () - t0) / 1000.0;

  t0 = g_get_monotonic_time ();
  while (g_list_model_get_n_items (rd_conversation_get_messages (conversation)) < 1050)
    {
      guint n = g_list_model_get_n_items (rd_conversation_get_messages (conversation));
      rd_conversation_page_reveal_message (page, "00000000-0000-4000-8000-000000000000", 0);
      RD_TEST_WAIT (g_list_model_get_n_items (rd_conversation_get_messages (conversation)) > n, 30000);
    }
  page_ms = (g_get_monotonic_time () - t0) / 1000.0;
  printf ("100,000 messages:   conversation open with its newest page in %.0f ms; "
          "1,000 older messages paged in %.0f ms (%.1f ms per page of 50); RSS %.1f MiB\n",
          open_ms, page_ms, page_ms / 20, rss_mib ());
}

static void
bench_big_conversation (RdTestRelay *relay)
{
  Run run = { relay, NULL, big_conversation_body };
  g_autoptr(RdClient) peer = rd_test_client_login (relay, "user00", "user-password");
  g_autoptr(RdClient) alice = NULL;
  RdSession session = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  send_many (peer, "alice", BIG_HISTORY, "history");
  printf ("(100,000 messages stored by the relay in %.1f s)\n", (g_get_monotonic_time () - t0) / 1e6);
  /* Alice has read them on another device: her app resumes where the stream is. */
  alice = rd_test_client_login (relay, "alice", "alice-password");
  t0 = g_get_monotonic_time ();
  rd_client_mark_read (alice, rd_client_get_conversation (alice, "user00", FALSE));
  RD_TEST_WAIT (rd_client_get_outbox_length (alice) == 0 && rd_client_get_state (alice) == RD_CLIENT_ONLINE, 120000);
  /* Until the relay has stored every receipt (its events reach the other device). */
  {
    RdConversation *c = rd_client_get_conversation (alice, "user00", FALSE);
    g_autoptr(RdMessage) last = g_list_model_get_item (rd_conversation_get_messages (c),
                                                       g_list_model_get_n_items (rd_conversation_get_messages (c)) - 1);
    RdClient *phone = rd_test_client_login (relay, "user00", "user-password");
    RdConversation *pc = rd_client_get_conversation (phone, "alice", FALSE);
    RdMessage *mirror = rd_conversation_find (pc, rd_message_get_uuid (last));
    RD_TEST_WAIT (rd_message_get_state (mirror) == RD_MESSAGE_READ, 300000);
    g_object_unref (phone);
  }
  printf ("(100,000 read on another device; the relay stored the receipts in %.1f s)\n",
          (g_get_monotonic_time () - t0) / 1e6);
  session.url = relay->url;
  session.username = (char *) "alice";
  session.token = (char *) rd_client_get_token (alice);
  session.last_seq = rd_client_get_last_seq (alice);
  g_assert_true (rd_session_file_save (&session, NULL));
  rd_client_disconnect (alice);
  {
    /* Open only what the benchmark opens. */
    g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
    g_settings_reset (settings, "open-tabs");
  }
  run_app (&run);
}

int
main (int argc, char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("rd-bench-app-XXXXXX", NULL);
  RdTestRelay *relay;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", config, TRUE);
  gtk_init ();
  adw_init ();

  bench_first_frame ();
  relay = relay_with_people ();
  bench_twenty_conversations (relay);
  rd_session_file_clear ();
  bench_big_conversation (relay);
  rd_test_relay_free (relay);
  return 0;
}
