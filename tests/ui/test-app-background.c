/* test-app-background.c: the app lives on with its window closed, acts
 * from its notifications, follows the network, sleep and the desktop's
 * idle and lock. The real app in-process, with the stand-in notification
 * server, a stand-in desktop (idle monitor, screensaver, logind) on the
 * test's bus and a network monitor the test drives; the other people are
 * real clients of the client library. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-fake-desktop.h"
#include "rd-fake-notifications.h"
#include "rd-test-files.h"
#include "rd-notifier-private.h"
#include "rd-support-desk.h"
#include "rd-support-page-private.h"
#include "rd-test-network-monitor.h"
#include "rd-ui-test.h"

static RdFakeNotifications *notifications;
static RdFakeDesktop *desktop;

static GtkWindow *
main_window (Fixture *fixture)
{
  return rd_ui_find_window (fixture->app, RD_TYPE_WINDOW);
}

/* The id of a notification whose summary holds @summary, once shown. */
static guint
wait_for_notification (const char *summary)
{
  guint id = 0;

  RD_TEST_WAIT ((id = rd_fake_notifications_find (notifications, summary)) != 0, 10000);
  return id;
}

/* Whether the newest notification reads "@summary\n@body". */
static gboolean
last_is (const char *summary,
         const char *body)
{
  g_autofree char *last = rd_fake_notifications_last (notifications);
  g_autofree char *expected = g_strdup_printf ("%s\n%s", summary, body);

  if (g_strcmp0 (last, expected) != 0)
    g_test_message ("newest notification: %s", last);
  return g_strcmp0 (last, expected) == 0;
}

static gboolean
has_actions (guint       id,
             const char *keys)
{
  g_autofree char *actions = rd_fake_notifications_actions (notifications, id);

  return g_strcmp0 (actions, keys) == 0;
}

/* The requester's support tab for @request in @window, or NULL. */
static RdSupportPage *
support_tab (RdWindow *window,
             gint64    request)
{
  AdwTabView *tabs = rd_window_get_tab_view (window);

  for (int i = 0; i < adw_tab_view_get_n_pages (tabs); i++)
    {
      GtkWidget *child = adw_tab_page_get_child (adw_tab_view_get_nth_page (tabs, i));

      if (RD_IS_SUPPORT_PAGE (child) &&
          rd_support_request_get_id (rd_support_page_get_request (RD_SUPPORT_PAGE (child))) == request)
        return RD_SUPPORT_PAGE (child);
    }
  return NULL;
}

static GSubprocess *
launch_app (const char *first_arg, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GSubprocess *process;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("RELAYDESK_APP"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return process;
}

/* ---- an end user closes the window and hears the answer ---- */

static void
launcher_update_cb (GDBusConnection *connection,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  const char *uri;
  g_autoptr(GVariant) properties = NULL;
  gint64 count;

  g_variant_get (parameters, "(&s@a{sv})", &uri, &properties);
  g_assert_cmpstr (uri, ==, "application://" RD_APPLICATION_ID ".desktop");
  if (g_variant_lookup (properties, "count", "x", &count))
    *(gint64 *) user_data = count;
}

/* What a dock shows on the icon, from the app's LauncherEntry signals. */
static guint
watch_icon_count (gint64 *count)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  *count = -1;
  return g_dbus_connection_signal_subscribe (bus, NULL, "com.canonical.Unity.LauncherEntry", "Update", NULL, NULL,
                                             G_DBUS_SIGNAL_FLAGS_NONE, launcher_update_cb, count, NULL);
}

static void
unwatch_icon_count (guint subscription)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_dbus_connection_signal_unsubscribe (bus, subscription);
}

static void
requester_body (Fixture *fixture)
{
  g_autoptr(RdClient) agent = rd_test_client_login (fixture->relay, "alice", "alice-password");
  g_autoptr(GSubprocess) second_launch = NULL;
  RdClient *client;
  RdConversationPage *page;
  gint64 request, icon_count;
  guint id, icon_subscription = watch_icon_count (&icon_count);
  AdwMessageDialog *question;

  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  client = rd_application_get_client (fixture->app);
  request = rd_test_create_request (client, "Network", "The VPN drops every hour", 0, NULL);
  rd_ui_close_main_window (fixture);

  /* The agent takes it and answers while the window is closed. */
  RD_TEST_WAIT (rd_support_desk_lookup (rd_client_get_support_desk (agent), request) != NULL &&
                rd_support_request_get_state (rd_support_desk_lookup (rd_client_get_support_desk (agent), request))
                  == RD_REQUEST_OFFERED, 10000);
  rd_test_act (agent, RD_FRAME_OFFER_ACCEPT, request);
  wait_for_notification ("Alice Agent is helping you");
  rd_client_send_message (agent, "bob", "Which VPN profile do you use?");
  RD_TEST_WAIT (last_is ("Alice Agent", "Which VPN profile do you use?"), 10000);
  id = wait_for_notification ("Alice Agent");
  /* The dock's icon counts it too. */
  RD_TEST_WAIT (icon_count == 1, 5000);
  g_assert_true (has_actions (id, "default"));

  /* The notification opens the conversation, in a new window. */
  rd_fake_notifications_invoke (notifications, id, "default");
  RD_TEST_WAIT (main_window (fixture) != NULL, 5000);
  fixture->window = RD_WINDOW (main_window (fixture));
  RD_TEST_WAIT ((page = rd_ui_conversation_with (fixture->window, "alice")) != NULL, 5000);
  /* The new window has the support tab back, where the rating comes. */
  g_assert_nonnull (support_tab (fixture->window, request));
  rd_ui_save_shot (main_window (fixture), NULL, "opened-from-notification");

  /* Closed again: the next answer notifies; reading it (here, after
   * launching Relaydesk again, which shows the window) withdraws it. */
  rd_ui_close_main_window (fixture);
  rd_client_send_message (agent, "bob", "And does it drop on Wi-Fi only?");
  RD_TEST_WAIT (last_is ("Alice Agent", "And does it drop on Wi-Fi only?"), 10000);
  id = rd_fake_notifications_find (notifications, "Alice Agent");
  second_launch = launch_app (NULL);
  rd_ui_other_side_wait (second_launch, 15000);
  RD_TEST_WAIT (main_window (fixture) != NULL, 5000);
  fixture->window = RD_WINDOW (main_window (fixture));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "open-conversation", g_variant_new_string ("alice"));
  RD_TEST_WAIT (!rd_fake_notifications_is_open (notifications, id), 10000);
  g_assert_cmpuint (rd_notifier_get_withdrawn_count (rd_application_get_notifier (fixture->app)), >=, 1);
  RD_TEST_WAIT (icon_count == 0, 5000);
  unwatch_icon_count (icon_subscription);

  /* Quit asks while the request is open, and Cancel keeps the app. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  RD_TEST_WAIT ((question = (AdwMessageDialog *) rd_ui_find_window (fixture->app, ADW_TYPE_MESSAGE_DIALOG)) != NULL,
                5000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (question), "Your support request is still open"));
  rd_ui_save_shot (main_window (fixture), GTK_WINDOW (question), "quit-with-open-request");
  adw_message_dialog_response (question, "cancel");
  rd_test_spin (300);
  g_assert_nonnull (main_window (fixture));
  g_assert_cmpint (rd_client_get_state (rd_application_get_client (fixture->app)), ==, RD_CLIENT_ONLINE);

  /* Resolved: the support tab of the window made after the close asks
   * for the rating, and takes it. */
  rd_test_act (agent, RD_FRAME_REQUEST_RESOLVE, request);
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support_tab (fixture->window, request)))
                == RD_REQUEST_RESOLVED, 10000);
  rd_ui_select_page (fixture->window, GTK_WIDGET (support_tab (fixture->window, request)));
  rd_test_spin (300);
  g_assert_true (rd_support_page_rate (support_tab (fixture->window, request), 5, "Solved while I worked"));
  RD_TEST_WAIT (rd_support_page_is_rated (support_tab (fixture->window, request)), 10000);
}

static void
test_requester_in_background (Fixture *fixture, gconstpointer data)
{
  fixture->unique = TRUE;   /* the second launch finds this one */
  rd_ui_run_app (fixture, requester_body);
}

/* ---- an agent answers offers from notifications ---- */

static gint64
offer_from (RdClient   *requester,
            const char *summary)
{
  return rd_test_create_request (requester, "Network", summary, 0, NULL);
}

static void
agent_body (Fixture *fixture)
{
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  g_autoptr(RdClient) dave = rd_test_client_login (fixture->relay, "dave", "dave-password");
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  RdSupportDesk *desk;
  RdConversationPage *page;
  RdSound *sound;
  gint64 declined, accepted, timed_out;
  guint id;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  desk = rd_client_get_support_desk (rd_application_get_client (fixture->app));
  sound = rd_notifier_get_sound (rd_application_get_notifier (fixture->app));
  rd_ui_close_main_window (fixture);

  /* Decline, with the window closed. */
  declined = offer_from (bob, "Printer on floor 3 is offline");
  id = wait_for_notification ("Support request from Bob Requester");
  g_assert_true (has_actions (id, "default decline accept"));
  RD_TEST_WAIT (rd_sound_get_asked (sound) == 1, 5000);
  RD_TEST_WAIT (rd_sound_get_played (sound) == 1, 5000);
  rd_fake_notifications_invoke (notifications, id, "decline");
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_desk_lookup (desk, declined)) == RD_REQUEST_QUEUED ||
                g_strcmp0 (rd_support_request_get_agent (rd_support_desk_lookup (desk, declined)), "alice") != 0,
                10000);
  g_assert_null (main_window (fixture));

  /* Accept opens the conversation with the requester. */
  accepted = offer_from (dave, "Cannot open the shared calendar");
  id = wait_for_notification ("Support request from Dave Requester");
  rd_fake_notifications_invoke (notifications, id, "accept");
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_desk_lookup (desk, accepted)) == RD_REQUEST_ACTIVE, 10000);
  g_assert_cmpstr (rd_support_request_get_agent (rd_support_desk_lookup (desk, accepted)), ==, "alice");
  RD_TEST_WAIT (main_window (fixture) != NULL, 5000);
  fixture->window = RD_WINDOW (main_window (fixture));
  RD_TEST_WAIT ((page = rd_ui_conversation_with (fixture->window, "dave")) != NULL, 5000);
  /* With the request's tools, as when accepted in the window. */
  g_assert_nonnull (rd_conversation_page_get_support_bar (page));
  rd_ui_save_shot (main_window (fixture), NULL, "accepted-from-notification");
  rd_ui_close_main_window (fixture);

  /* An offer nobody answers times out: its notification is withdrawn,
   * and with sounds off it made none. */
  g_settings_set_boolean (settings, "sounds", FALSE);
  timed_out = offer_from (bob, "Outlook asks for my password again and again");
  id = wait_for_notification ("Support request from Bob Requester");
  g_assert_true (rd_fake_notifications_is_open (notifications, id));
  RD_TEST_WAIT (!rd_fake_notifications_is_open (notifications, id), 15000);
  g_assert_cmpint (rd_support_request_get_state (rd_support_desk_lookup (desk, timed_out)), !=, RD_REQUEST_OFFERED);
  g_assert_cmpuint (rd_sound_get_asked (sound), ==, 2);
  g_assert_cmpuint (rd_sound_get_played (sound), ==, 2);
  g_settings_reset (settings, "sounds");
}

static void
test_agent_in_background (Fixture *fixture, gconstpointer data)
{
  /* Offers time out in 3 s; each comes back to alice, the only agent
   * signed in, only after the others. */
  rd_test_relay_stop (fixture->relay);
  rd_test_relay_configure (fixture->relay, "offer_timeout=3\n");
  rd_test_relay_start (fixture->relay);
  rd_ui_run_app (fixture, agent_body);
}

/* ---- files offered while the window is closed ---- */

static RdTransfer *
send_file (RdTransfers *transfers,
           const char  *folder,
           const char  *name)
{
  g_autoptr(GFile) file = rd_test_make_file (folder, name, 200 * 1024);

  return rd_transfers_send_file (transfers, "alice", file);
}

static void
files_body (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  g_autoptr(RdTransfers) bobs = rd_transfers_new (bob, &error);
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autofree char *outbox = g_build_filename (fixture->relay->dir, "outbox", NULL);
  g_autofree char *downloads = g_build_filename (fixture->relay->dir, "downloads", NULL);
  g_autofree char *received = g_build_filename (downloads, "report.pdf", NULL);
  RdTransfer *accepted, *declined, *cancelled;
  guint id;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (outbox, 0700), ==, 0);
  g_settings_set_string (settings, "download-folder", downloads);
  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  rd_ui_close_main_window (fixture);

  /* Accept: the file comes, with no window. */
  accepted = send_file (bobs, outbox, "report.pdf");
  RD_TEST_WAIT (last_is ("Bob Requester", "Sends you a file: report.pdf"), 10000);
  id = wait_for_notification ("Bob Requester");
  g_assert_true (has_actions (id, "default decline accept"));
  rd_fake_notifications_invoke (notifications, id, "accept");
  RD_TEST_WAIT (rd_transfer_get_state (accepted) == RD_TRANSFER_DONE, 30000);
  RD_TEST_WAIT (g_file_test (received, G_FILE_TEST_EXISTS), 5000);

  /* Decline: the sender hears it. */
  declined = send_file (bobs, outbox, "notes.odt");
  RD_TEST_WAIT (last_is ("Bob Requester", "Sends you a file: notes.odt"), 10000);
  id = wait_for_notification ("Bob Requester");
  rd_fake_notifications_invoke (notifications, id, "decline");
  RD_TEST_WAIT (rd_transfer_get_state (declined) == RD_TRANSFER_DECLINED, 10000);

  /* Taken back by the sender: the notification goes. */
  cancelled = send_file (bobs, outbox, "draft.odt");
  RD_TEST_WAIT (last_is ("Bob Requester", "Sends you a file: draft.odt"), 10000);
  id = wait_for_notification ("Bob Requester");
  rd_transfers_cancel (bobs, cancelled);
  RD_TEST_WAIT (!rd_fake_notifications_is_open (notifications, id), 10000);
  g_assert_null (main_window (fixture));
  g_settings_reset (settings, "download-folder");
}

static void
test_files_in_background (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, files_body);
}

/* ---- Quit, --background, launching again ---- */

static gboolean
has_window_node (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  const char *xml;

  reply = g_dbus_connection_call_sync (bus, RD_APPLICATION_ID, "/org/relaydesk/Relaydesk/window",
                                       "org.freedesktop.DBus.Introspectable", "Introspect", NULL,
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&s)", &xml);
  return strstr (xml, "<node name=") != NULL;
}

static gboolean
name_owned (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", RD_APPLICATION_ID),
                                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                                           NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
quit_app (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  /* What the menu's Quit (Ctrl+Q) activates. */
  reply = g_dbus_connection_call_sync (bus, RD_APPLICATION_ID, "/org/relaydesk/Relaydesk", "org.gtk.Actions",
                                       "Activate", g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

static void
remember_session_body (Fixture *fixture)
{
  rd_ui_sign_in_as (fixture, "carol", "carol-password");
}

static void
test_quit_and_background_start (Fixture *fixture, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (fixture->relay, "alice", "alice-password");
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) again = NULL;

  /* Signed in once: the session is remembered for the next start. */
  rd_ui_run_app (fixture, remember_session_body);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "offline") == 0, 10000);

  /* Started with the desktop: signed in, no window, running. */
  app = launch_app ("--background", NULL);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "available") == 0, 15000);
  g_assert_true (name_owned ());
  g_assert_false (has_window_node ());
  rd_test_spin (1000);
  g_assert_nonnull (g_subprocess_get_identifier (app));   /* still running */

  /* Launched again: the window shows. */
  again = launch_app (NULL);
  rd_ui_other_side_wait (again, 15000);
  RD_TEST_WAIT (has_window_node (), 10000);

  /* Quit really quits (no request is open: it does not ask). */
  quit_app ();
  rd_ui_other_side_wait (app, 15000);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "offline") == 0, 10000);
}

/* ---- the network and sleep ---- */

static gboolean
online (Fixture *fixture)
{
  RdClient *client = rd_application_get_client (fixture->app);

  return client != NULL && rd_client_get_state (client) == RD_CLIENT_ONLINE;
}

/* The relay goes and comes back; the app's next attempt is at least 10 s
 * away (its backoff made long on purpose), so being back sooner is the
 * desktop's news at work. Returns how long it took, in ms. */
static double
back_after (Fixture *fixture,
            void   (*news) (void))
{
  RdClient *client = rd_application_get_client (fixture->app);
  gint64 start;

  rd_client_set_reconnect_delay (client, 20000, 60000);
  rd_test_relay_stop (fixture->relay);
  RD_TEST_WAIT (!online (fixture), 10000);
  rd_test_relay_start (fixture->relay);
  rd_test_spin (300);
  g_assert_false (online (fixture));
  start = g_get_monotonic_time ();
  news ();
  RD_TEST_WAIT (online (fixture), 9000);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
network_changed (void)
{
  rd_test_network_monitor_change (TRUE);
}

static void
woke_up (void)
{
  rd_fake_desktop_prepare_for_sleep (desktop, FALSE);
}

static void
network_body (Fixture *fixture)
{
  g_autoptr(RdClient) carol = NULL;
  double ms;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  RD_TEST_WAIT (rd_fake_desktop_n_inhibitors (desktop) == 1, 5000);

  ms = back_after (fixture, network_changed);
  g_test_message ("back %.0f ms after the network changed", ms);
  g_assert_cmpfloat (ms, <, 1000);

  /* Before sleep, away reaches the relay, then the inhibitor goes. */
  carol = rd_test_client_login (fixture->relay, "carol", "carol-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 10000);
  rd_fake_desktop_prepare_for_sleep (desktop, TRUE);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "away") == 0, 5000);
  RD_TEST_WAIT (rd_fake_desktop_n_inhibitors (desktop) == 0, 5000);
  g_clear_object (&carol);

  /* The relay restarted while the laptop slept; waking brings it back. */
  ms = back_after (fixture, woke_up);
  g_test_message ("back %.0f ms after waking up", ms);
  g_assert_cmpfloat (ms, <, 1000);
  carol = rd_test_client_login (fixture->relay, "carol", "carol-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 10000);
  RD_TEST_WAIT (rd_fake_desktop_n_inhibitors (desktop) == 1, 5000);
}

static void
test_network_and_sleep (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "contact", "add", "carol", "alice",
                                        "Support", NULL), ==, 0);
  rd_ui_run_app (fixture, network_body);
}

/* ---- presence from the desktop ---- */

static void
presence_body (Fixture *fixture)
{
  g_autoptr(RdClient) carol = rd_test_client_login (fixture->relay, "carol", "carol-password");
  RdClient *client;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  client = rd_application_get_client (fixture->app);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 10000);

  /* Idle on the desktop (not only in our window), and back. */
  RD_TEST_WAIT (rd_fake_desktop_n_watches (desktop, FALSE) == 1, 5000);
  for (guint spell = 0; spell < 2; spell++)
    {
      rd_fake_desktop_set_idle (desktop, TRUE);
      RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "away") == 0, 5000);
      RD_TEST_WAIT (rd_fake_desktop_n_watches (desktop, TRUE) == 1, 5000);
      rd_fake_desktop_set_idle (desktop, FALSE);
      RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 5000);
    }
  /* The same idle watch served both spells. */
  g_assert_cmpuint (rd_fake_desktop_n_watches (desktop, FALSE), ==, 1);

  /* The screen locked, by GNOME's screensaver, then by logind's hint. */
  rd_fake_desktop_set_screensaver (desktop, TRUE);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "away") == 0, 5000);
  rd_fake_desktop_set_screensaver (desktop, FALSE);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 5000);
  rd_fake_desktop_set_locked_hint (desktop, TRUE);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "away") == 0, 5000);
  rd_fake_desktop_set_locked_hint (desktop, FALSE);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "available") == 0, 5000);

  /* Busy, chosen by hand, stays through a lock and an unlock. */
  rd_client_set_presence (client, "busy", NULL);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (carol, "alice"), "busy") == 0, 5000);
  rd_fake_desktop_set_screensaver (desktop, TRUE);
  rd_test_spin (500);
  rd_fake_desktop_set_screensaver (desktop, FALSE);
  rd_test_spin (500);
  g_assert_cmpstr (rd_test_status_of (carol, "alice"), ==, "busy");
  g_assert_cmpstr (rd_client_get_own_status (client), ==, "busy");
}

static void
test_desktop_presence (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "contact", "add", "carol", "alice",
                                        "Support", NULL), ==, 0);
  rd_ui_run_app (fixture, presence_body);
}

/* ---- start with the desktop ---- */

static GtkSwitch *
switch_of_row (GtkWidget  *window,
               const char *title)
{
  GtkWidget *label = rd_ui_find_label (window, title);
  GtkWidget *row;

  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  return GTK_SWITCH (rd_ui_find_widget (row, GTK_TYPE_SWITCH));
}

static void
autostart_body (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "autostart", RD_APPLICATION_ID ".desktop",
                                            NULL);
  g_autofree char *entry = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *exec = NULL;
  GtkWindow *preferences = NULL;
  GtkSwitch *autostart;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  RD_TEST_WAIT ((preferences = rd_ui_find_window (fixture->app, ADW_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  g_assert_nonnull (switch_of_row (GTK_WIDGET (preferences), "Play a Sound for Support Requests"));
  autostart = switch_of_row (GTK_WIDGET (preferences), "Start When I Sign In to the Desktop");
  g_assert_false (gtk_switch_get_active (autostart));
  rd_ui_save_shot (preferences, NULL, "preferences-background");

  gtk_switch_set_active (autostart, TRUE);
  RD_TEST_WAIT (g_file_test (path, G_FILE_TEST_EXISTS), 5000);
  g_assert_true (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL));
  exec = g_key_file_get_string (keys, "Desktop Entry", "Exec", NULL);
  g_assert_true (g_str_has_suffix (exec, " --background"));
  g_assert_true (g_key_file_get_boolean (keys, "Desktop Entry", "X-GNOME-Autostart-enabled", NULL));

  gtk_switch_set_active (autostart, FALSE);
  RD_TEST_WAIT (!g_file_test (path, G_FILE_TEST_EXISTS), 5000);
  gtk_window_destroy (preferences);
}

/* An admin's entry for everyone shows as on; off hides it for this user
 * only (an entry of the same name with Hidden=true); on again starts. */
static void
admin_autostart_body (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "autostart", RD_APPLICATION_ID ".desktop",
                                            NULL);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  GtkWindow *preferences = NULL;
  GtkSwitch *autostart;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  RD_TEST_WAIT ((preferences = rd_ui_find_window (fixture->app, ADW_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  autostart = switch_of_row (GTK_WIDGET (preferences), "Start When I Sign In to the Desktop");
  g_assert_true (gtk_switch_get_active (autostart));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_switch_set_active (autostart, FALSE);
  RD_TEST_WAIT (g_file_test (path, G_FILE_TEST_EXISTS), 5000);
  g_assert_true (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL));
  g_assert_true (g_key_file_get_boolean (keys, "Desktop Entry", "Hidden", NULL));

  gtk_switch_set_active (autostart, TRUE);
  RD_TEST_WAIT (g_key_file_load_from_file (keys, path, G_KEY_FILE_NONE, NULL) &&
                !g_key_file_get_boolean (keys, "Desktop Entry", "Hidden", NULL), 5000);
  gtk_window_destroy (preferences);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_autostart (Fixture *fixture, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (g_getenv ("XDG_CONFIG_DIRS"), "autostart", NULL);
  g_autofree char *admins = g_build_filename (folder, RD_APPLICATION_ID ".desktop", NULL);

  rd_ui_run_app (fixture, autostart_body);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (admins, "[Desktop Entry]\nType=Application\nName=Relaydesk\n"
                                              "Exec=relaydesk --background\n", -1, NULL));
  rd_ui_run_app (fixture, admin_autostart_body);
  g_assert_cmpint (g_unlink (admins), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void (*run) (Fixture *, gconstpointer);
  } tests[] = {
    { "/ui/background/requester", test_requester_in_background },
    { "/ui/background/agent-offers", test_agent_in_background },
    { "/ui/background/file-offers", test_files_in_background },
    { "/ui/background/quit-and-start-with-desktop", test_quit_and_background_start },
    { "/ui/background/network-and-sleep", test_network_and_sleep },
    { "/ui/background/desktop-presence", test_desktop_presence },
    { "/ui/background/autostart", test_autostart },
  };
  g_autofree char *alsa_config = NULL;
  g_autofree char *system_config = NULL;
  g_autofree char *clean_up = NULL;
  int status;

  /* The system's configuration folder (an admin's autostart entry) is
   * a throw-away one too; GLib reads the variable once. */
  system_config = g_dir_make_tmp ("relaydesk-system-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_DIRS", system_config, TRUE);
  rd_ui_init (&argc, &argv);
  /* Sounds play to ALSA's null device: the theme's sound is found,
   * decoded and played to the end, with no sound card. */
  alsa_config = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "asound.conf", NULL);
  g_assert_true (g_file_set_contents (alsa_config, "pcm.!default { type null }\n", -1, NULL));
  g_setenv ("ALSA_CONFIG_PATH", alsa_config, TRUE);
  rd_test_network_monitor_install ();
  notifications = rd_fake_notifications_start ();
  desktop = rd_fake_desktop_start ();

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, rd_ui_fixture_set_up, tests[i].run, rd_ui_fixture_tear_down);
  status = g_test_run ();
  rd_fake_desktop_stop (desktop);
  rd_fake_notifications_stop (notifications);
  clean_up = g_strdup_printf ("rm -rf '%s'", system_config);
  if (system (clean_up) != 0)
    status = 1;
  return status;
}
