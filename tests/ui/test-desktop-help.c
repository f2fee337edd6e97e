/* test-desktop-help.c: help that knows the requester's desktop, in the
 * real app against a real relay. The requester (bob) turns "Include Details
 * About This Computer" on in Get Help, sees the details read from a
 * stand-in NetworkManager (python-dbusmock, tests/unit/nm-stand-in.py, on
 * the bus the app takes for the system bus), leaves his computer's name
 * out and sends: the agent reads exactly what was shown, less the name;
 * both choices are remembered. The agent (alice) accepts a request sent
 * with facts, and the side panel of the conversation shows them at once;
 * she asks for a screenshot and hears that bob did not share one. Asked
 * for a screenshot, bob declines (nothing is taken), then shares: a
 * stand-in Screenshot portal gives the picture he chose, which reaches
 * alice as a file; without a portal, the desktop's own tool (a stand-in
 * gnome-screenshot) takes it. With bob's window closed, a notification
 * (to the stand-in notification server) asks instead: Decline, Share and
 * Show each do what the dialog's would, and a request resolved meanwhile
 * withdraws it. */
#define G_LOG_DOMAIN "rd-test-desktop-help"

#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>
#include <string.h>

#include "rd-facts.h"
#include "rd-support-bar.h"
#include "rd-facts-panel.h"
#include "rd-fake-notifications.h"
#include "rd-fake-portal.h"
#include "rd-support-bar-private.h"
#include "rd-test-files.h"
#include "rd-transfers.h"
#include "rd-test-desk.h"
#include "rd-test-network-manager.h"
#include "rd-ui-test.h"
#include "rd-window-private.h"

#define SUMMARY "The VPN drops every hour"

static GSubprocess *network_manager;

static RdHelpDialog *
open_help (Fixture *fixture)
{
  RdHelpDialog *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.get-help", NULL));
  RD_TEST_WAIT ((dialog = rd_ui_find_help_dialog (fixture->app)) != NULL, 5000);
  return dialog;
}

/* ---- the requester's consent ---- */

static void
requester_body (Fixture *fixture)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autoptr(RdClient) alice = rd_test_client_login (fixture->relay, "alice", "alice-password");
  g_autoptr(RdFacts) received = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) withheld = NULL;
  RdHelpDialog *dialog;
  RdFactsConsent *consent;

  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  dialog = open_help (fixture);
  consent = rd_help_dialog_get_facts_consent (dialog);
  /* Off until he says so: nothing read, nothing to send. */
  g_assert_false (rd_facts_consent_is_busy (consent));
  g_assert_null (rd_facts_consent_get_facts (consent));
  shown = rd_facts_consent_dup_text (consent);
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);

  rd_facts_consent_set_included (consent, TRUE);
  RD_TEST_WAIT (!rd_facts_consent_is_busy (consent), 20000);
  shown = rd_facts_consent_dup_text (consent);
  g_test_message ("shown: %s", shown);
  g_assert_nonnull (strstr (shown, "Network: Connected to the internet · VPN on · Wi-Fi “Office WiFi”\n"
                                   "Wired connection 1 (ethernet, eth0): 192.0.2.10/24, 2001:db8::10/64\n"
                                   "Office WiFi (wifi, wlan0): 198.51.100.7/24\n"
                                   "Office VPN (vpn, eth0): 10.8.0.5/32\n"));
  g_assert_nonnull (strstr (shown, "Computer Name: "));
  g_assert_nonnull (strstr (shown, "Relaydesk Version: " PACKAGE_VERSION));
  /* His computer's name stays at home. */
  g_assert_true (rd_facts_consent_set_item_shared (consent, RD_FACT_HOST, FALSE));
  withheld = g_settings_get_strv (settings, "withheld-computer-facts");
  g_assert_true (g_strv_contains ((const char * const *) withheld, RD_FACT_HOST));
  RD_TEST_WAIT (rd_help_dialog_fill (dialog, "Network", SUMMARY, "", 0), 10000);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), GTK_WINDOW (dialog), "desktop-help-1-get-help");
  g_assert_true (rd_help_dialog_submit (dialog, "Network", SUMMARY, "", 0));
  RD_TEST_WAIT (rd_ui_find_help_dialog (fixture->app) == NULL, 10000);

  /* The agent reads what the form showed, less the name. */
  asked = rd_support_desk_list_asked_open (rd_client_get_support_desk (rd_application_get_client (fixture->app)));
  g_assert_cmpuint (asked->len, ==, 1);
  received = rd_test_desk_facts_of (alice, rd_support_request_get_id (g_ptr_array_index (asked, 0)), NULL);
  g_assert_false (rd_facts_has (received, RD_FACT_HOST));
  g_assert_cmpstr (rd_facts_get_string (received, RD_FACT_APP), ==, PACKAGE_VERSION);
  g_assert_true (rd_facts_has (received, RD_FACT_OS) == (g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME) != NULL));
  g_assert_cmpstr (rd_facts_get_string (received, "network.source"), ==, "networkmanager");
  g_assert_true (rd_facts_get_bool (received, "network.vpn"));
  g_assert_cmpstr (rd_facts_get_string (received, "network.wifi"), ==, "Office WiFi");
  g_assert_cmpuint (rd_facts_get_length (received, "network.connections"), ==, 3);

  /* Next time the form remembers both: on, and the name left out. */
  dialog = open_help (fixture);
  consent = rd_help_dialog_get_facts_consent (dialog);
  RD_TEST_WAIT (!rd_facts_consent_is_busy (consent), 20000);
  {
    g_autoptr(RdFacts) again = rd_facts_consent_get_facts (consent);

    g_assert_nonnull (again);
    g_assert_false (rd_facts_has (again, RD_FACT_HOST));
    g_assert_true (rd_facts_has (again, RD_FACT_NETWORK));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_requester_consent (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);

  if (network_manager == NULL)
    {
      g_test_skip ("no stand-in NetworkManager: python3-dbusmock is not installed or RD_NM_STAND_IN is unset");
      return;
    }
  g_settings_reset (settings, "share-computer-facts");
  g_settings_reset (settings, "withheld-computer-facts");
  rd_ui_run_app (fixture, requester_body);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

/* ---- the agent's panel ---- */

#define BOBS_FACTS \
  "{\"os\": \"Debian GNU/Linux 12 (bookworm)\", \"session\": \"GNOME on Wayland\", \"uptime\": 93784," \
  " \"disk\": {\"free\": 52000000000, \"total\": 250000000000}," \
  " \"network\": {\"source\": \"networkmanager\", \"connectivity\": \"limited\", \"vpn\": false," \
  "  \"connections\": [{\"name\": \"Hotel Guest\", \"type\": \"wifi\", \"device\": \"wlan0\"," \
  "                     \"addresses\": [\"172.16.4.20/22\"]}]}}"

static void
count_ask (guint *asked)
{
  (*asked)++;
}

static void
agent_body (Fixture *fixture)
{
  RdWindow *window = fixture->window;
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  g_autoptr(JsonNode) node = json_from_string (BOBS_FACTS, NULL);
  g_autoptr(RdFacts) facts = rd_facts_new_for_json (json_node_get_object (node));
  RdConversationPage *page = NULL;
  RdSupportBar *bar = NULL;
  GtkWidget *dialog = NULL;
  GtkWidget *panel;
  g_autofree char *text = NULL;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  rd_support_desk_create_async (rd_client_get_support_desk (bob), "Network", SUMMARY, "", RD_PRIORITY_NORMAL,
                                facts, NULL, NULL, NULL);
  RD_TEST_WAIT ((dialog = rd_window_get_offer_dialog (window)) != NULL, 15000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  RD_TEST_WAIT ((page = rd_ui_conversation_with (window, "bob")) != NULL, 10000);
  RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);

  /* Shown by itself as soon as the facts are in. */
  panel = rd_support_bar_get_facts_panel (bar);
  RD_TEST_WAIT (gtk_toggle_button_get_active (rd_support_bar_get_facts_button (bar)), 10000);
  RD_TEST_WAIT (gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (panel))), 5000);
  /* Beside the messages, at its own width: the messages keep the rest. */
  g_assert_cmpint (gtk_widget_get_width (panel), >=, 300);
  g_assert_cmpint (gtk_widget_get_width (panel), <, gtk_widget_get_width (GTK_WIDGET (page)) / 2);
  text = rd_facts_panel_dup_text (RD_FACTS_PANEL (panel));
  g_assert_cmpstr (text, ==,
                   "Operating System: Debian GNU/Linux 12 (bookworm)\n\n"
                   "Running For: 1 day, 2 hours\n\n"
                   "Desktop Session: GNOME on Wayland\n\n"
                   "Disk Space: 52.0\302\240GB free of 250.0\302\240GB\n\n"   /* g_format_size: a no-break space */
                   "Network: Connected, but not to the internet · VPN off\n"
                   "Hotel Guest (wifi, wlan0): 172.16.4.20/22\n");
  g_assert_true (rd_ui_has_label_in (panel, "Bob Requester’s Computer"));
  g_assert_true (rd_ui_has_label_in (panel, "Connected, but not to the internet · VPN off"));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "desktop-help-2-agent-panel");

  /* A screenshot, asked for from the bar; bob says no. */
  {
    guint asked = 0;
    RdSupportRequest *asked_about = NULL;
    RdTestOutcome outcome = { 0 };

    g_signal_connect_swapped (rd_client_get_support_desk (bob), "screenshot-asked", G_CALLBACK (count_ask), &asked);
    g_assert_true (rd_support_bar_ask_screenshot (bar));
    RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (bar), "Asked Bob Requester for a screenshot."), 10000);
    RD_TEST_WAIT (asked == 1, 10000);
    asked_about = rd_support_desk_lookup (rd_client_get_support_desk (bob), rd_support_request_get_id (
                                            rd_support_bar_get_request (bar)));
    g_assert_nonnull (asked_about);
    CALL (outcome, rd_support_desk_answer_screenshot_async, rd_client_get_support_desk (bob),
          rd_support_request_get_id (asked_about), FALSE);
    ASSERT_OK (outcome);
    RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (bar), "Bob Requester did not share a screenshot."), 10000);
    rd_test_outcome_clear (&outcome);
  }

  /* The button hides it and shows it again. */
  gtk_toggle_button_set_active (rd_support_bar_get_facts_button (bar), FALSE);
  RD_TEST_WAIT (!gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (panel))), 5000);
  gtk_toggle_button_set_active (rd_support_bar_get_facts_button (bar), TRUE);
  RD_TEST_WAIT (gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (panel))), 5000);
}

static void
test_agent_panel (Fixture       *fixture,
                  gconstpointer  data)
{
  rd_ui_run_app (fixture, agent_body);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

/* ---- a screenshot on request, the requester's side ---- */

typedef struct {
  guint      answered;
  gboolean   shared;
  RdTransfer *offered;
} AtAlice;

static void
alice_answered_cb (RdSupportDesk *desk, RdSupportRequest *request, gboolean shared, AtAlice *at)
{
  at->answered++;
  at->shared = shared;
}

static void
alice_offered_cb (RdTransfers *transfers, RdTransfer *transfer, AtAlice *at)
{
  g_set_object (&at->offered, transfer);
}

static RdFakePortal *portal;

/* Bob (the app) asked for help and alice (a client) took it; the picture
 * bob would choose in the portal. */
typedef struct {
  RdClient      *alice;
  RdTransfers   *alice_transfers;
  char          *dir;
  GFile         *picture;
  gint64         request;
  AtAlice        at;
  RdTestOutcome  outcome;
} Scene;

static void
scene_start (Fixture *fixture,
             Scene   *scene)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) asked = NULL;
  RdSupportRequest *mine;
  RdHelpDialog *help;

  scene->alice = rd_test_client_login (fixture->relay, "alice", "alice-password");
  scene->alice_transfers = rd_transfers_new (scene->alice, &error);
  g_assert_no_error (error);
  g_signal_connect (rd_client_get_support_desk (scene->alice), "screenshot-answered", G_CALLBACK (alice_answered_cb),
                    &scene->at);
  g_signal_connect (scene->alice_transfers, "offered", G_CALLBACK (alice_offered_cb), &scene->at);
  scene->dir = g_dir_make_tmp ("relaydesk-shot-XXXXXX", NULL);
  scene->picture = rd_test_make_file (scene->dir, "Screenshot from 2026-12-02.png", 48 * 1024);
  rd_fake_portal_set_screenshot (portal, scene->picture);

  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  help = open_help (fixture);
  RD_TEST_WAIT (rd_help_dialog_submit (help, "Network", SUMMARY, "", 0), 10000);
  RD_TEST_WAIT (rd_ui_find_help_dialog (fixture->app) == NULL, 10000);
  asked = rd_support_desk_list_asked_open (rd_client_get_support_desk (rd_application_get_client (fixture->app)));
  g_assert_cmpuint (asked->len, ==, 1);
  mine = g_ptr_array_index (asked, 0);
  scene->request = rd_support_request_get_id (mine);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
  rd_test_act (scene->alice, RD_FRAME_OFFER_ACCEPT, scene->request);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);
}

static void
scene_ask (Scene *scene)
{
  g_clear_object (&scene->at.offered);
  CALL (scene->outcome, rd_support_desk_ask_screenshot_async, rd_client_get_support_desk (scene->alice),
        scene->request);
  ASSERT_OK (scene->outcome);
}

/* Bob's answer was the @n-th, and yes. */
static void
scene_assert_shared (Scene *scene,
                     guint  n)
{
  RD_TEST_WAIT (scene->at.answered == n, 10000);
  g_assert_true (scene->at.shared);
}

/* Bob's answer was the @n-th, and no. */
static void
scene_assert_declined (Scene *scene,
                       guint  n)
{
  RD_TEST_WAIT (scene->at.answered == n, 10000);
  g_assert_false (scene->at.shared);
}

/* The picture bob shared reaches alice whole, as @name. */
static void
scene_assert_received (Scene      *scene,
                       const char *name)
{
  g_autoptr(GFile) received = g_file_new_build_filename (scene->dir, name, NULL);
  g_autofree char *sent_sha = rd_test_sha256_of (scene->picture);
  g_autofree char *received_sha = NULL;

  RD_TEST_WAIT (scene->at.offered != NULL, 10000);
  g_assert_cmpstr (rd_transfer_get_peer (scene->at.offered), ==, "bob");
  rd_transfers_accept (scene->alice_transfers, scene->at.offered, received);
  RD_TEST_WAIT (rd_transfer_get_state (scene->at.offered) == RD_TRANSFER_DONE, 20000);
  received_sha = rd_test_sha256_of (received);
  g_assert_cmpstr (received_sha, ==, sent_sha);
}

static void
scene_end (Scene *scene)
{
  g_autofree char *clean_up = g_strdup_printf ("rm -rf '%s'", scene->dir);

  g_assert_cmpint (system (clean_up), ==, 0);
  g_clear_object (&scene->at.offered);
  rd_test_outcome_clear (&scene->outcome);
  g_clear_object (&scene->picture);
  g_clear_object (&scene->alice_transfers);
  g_clear_object (&scene->alice);
  g_free (scene->dir);
}

static void
screenshot_body (Fixture *fixture)
{
  Scene scene = { 0 };
  GtkWidget *dialog = NULL;

  scene_start (fixture, &scene);

  /* Asked: bob declines, and nothing is taken. */
  scene_ask (&scene);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Alice Agent asks for a screenshot of your screen");
  rd_ui_save_shot (GTK_WINDOW (fixture->window), GTK_WINDOW (dialog), "desktop-help-3-screenshot-asked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "decline");
  scene_assert_declined (&scene, 1);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 0);
  g_assert_null (rd_window_get_screenshot_dialog (fixture->window));

  /* Asked again: Share goes through the portal, where bob chooses what
   * to show, and the picture reaches alice. */
  scene_ask (&scene);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
  scene_assert_shared (&scene, 2);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 1);
  g_assert_true (rd_fake_portal_last_interactive (portal));
  scene_assert_received (&scene, "received.png");
  g_assert_cmpstr (rd_transfer_get_name (scene.at.offered), ==, "Screenshot from 2026-12-02.png");

  /* The user cancels in the portal's own dialog: that is a no. */
  rd_fake_portal_set_screenshot (portal, NULL);
  scene_ask (&scene);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
  scene_assert_declined (&scene, 3);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 2);

  /* No portal on this desktop: its own tool, in its "select an area"
   * mode, takes it, and it reaches alice the same way. */
  rd_fake_portal_stop (portal);
  portal = NULL;
  {
    g_autofree char *tool = g_build_filename (scene.dir, "gnome-screenshot", NULL);
    g_autofree char *tool_args = g_build_filename (scene.dir, "tool-args", NULL);
    g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                               "# A stand-in gnome-screenshot: the picture the user would choose.\n"
                                               "echo \"$@\" > '%s'\n"
                                               "for a in \"$@\"; do case \"$a\" in --file=*) cp '%s' \"${a#--file=}\";; esac; done\n",
                                               tool_args, g_file_peek_path (scene.picture));
    g_autofree char *path = g_strconcat (scene.dir, ":", g_getenv ("PATH"), NULL);
    g_autofree char *args = NULL;

    g_assert_true (g_file_set_contents (tool, script, -1, NULL));
    g_assert_cmpint (g_chmod (tool, 0755), ==, 0);
    g_setenv ("PATH", path, TRUE);
    scene_ask (&scene);
    RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
    scene_assert_shared (&scene, 4);
    g_assert_true (g_file_get_contents (tool_args, &args, NULL, NULL));
    g_assert_true (g_str_has_prefix (args, "--area --file="));
    scene_assert_received (&scene, "received-again.png");
    g_assert_true (g_str_has_prefix (rd_transfer_get_name (scene.at.offered), "Screenshot from "));
  }
  scene_end (&scene);
}

static void
test_screenshot_on_request (Fixture       *fixture,
                            gconstpointer  data)
{
  portal = rd_fake_portal_start ();
  rd_ui_run_app (fixture, screenshot_body);
  g_clear_pointer (&portal, rd_fake_portal_stop);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

/* ---- asked while the window is closed ---- */

static RdFakeNotifications *notifications;

/* The notification that asks, once shown. */
static guint
wait_for_question (void)
{
  guint id = 0;

  RD_TEST_WAIT ((id = rd_fake_notifications_find (notifications, "asks for a screenshot")) != 0, 10000);
  return id;
}

static void
background_body (Fixture *fixture)
{
  g_autofree char *last = NULL;
  g_autofree char *actions = NULL;
  Scene scene = { 0 };
  GtkWidget *dialog = NULL;
  guint id;

  scene_start (fixture, &scene);
  rd_ui_close_main_window (fixture);

  /* A notification asks, with Share and Decline; Decline takes nothing. */
  scene_ask (&scene);
  id = wait_for_question ();
  last = rd_fake_notifications_last (notifications);
  g_assert_cmpstr (last, ==, "Alice Agent asks for a screenshot of your screen\n"
                             "You choose what to show in the next step. Nothing is taken unless you press Share.");
  actions = rd_fake_notifications_actions (notifications, id);
  g_assert_cmpstr (actions, ==, "default decline share");
  rd_fake_notifications_invoke (notifications, id, "decline");
  scene_assert_declined (&scene, 1);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 0);

  /* Share: the portal lets bob choose what to show, with no window of
   * the app open, and the picture reaches alice. */
  scene_ask (&scene);
  id = wait_for_question ();
  rd_fake_notifications_invoke (notifications, id, "share");
  scene_assert_shared (&scene, 2);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 1);
  g_assert_true (rd_fake_portal_last_interactive (portal));
  scene_assert_received (&scene, "received.png");

  /* Show: the window opens on the conversation with alice, the question
   * over it. */
  scene_ask (&scene);
  id = wait_for_question ();
  rd_fake_notifications_invoke (notifications, id, "default");
  RD_TEST_WAIT ((fixture->window = RD_WINDOW (rd_ui_find_window (fixture->app, RD_TYPE_WINDOW))) != NULL, 5000);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 5000);
  g_assert_cmpstr (rd_window_get_current_peer (fixture->window), ==, "alice");
  rd_test_spin (300);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), GTK_WINDOW (dialog), "desktop-help-4-asked-from-notification");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "decline");
  scene_assert_declined (&scene, 3);

  /* Asked, and the request resolved before bob answered: the question is
   * withdrawn. */
  rd_ui_close_main_window (fixture);
  scene_ask (&scene);
  id = wait_for_question ();
  rd_test_act (scene.alice, RD_FRAME_REQUEST_RESOLVE, scene.request);
  RD_TEST_WAIT (!rd_fake_notifications_is_open (notifications, id), 10000);
  g_assert_cmpuint (scene.at.answered, ==, 3);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 1);
  scene_end (&scene);
}

static void
test_screenshot_asked_in_background (Fixture       *fixture,
                                     gconstpointer  data)
{
  notifications = rd_fake_notifications_start ();
  portal = rd_fake_portal_start ();
  rd_ui_run_app (fixture, background_body);
  g_clear_pointer (&portal, rd_fake_portal_stop);
  g_clear_pointer (&notifications, rd_fake_notifications_stop);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rd_ui_init (&argc, &argv);
  /* On the session bus, which the app is told is the system bus. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_getenv ("DBUS_SESSION_BUS_ADDRESS"), TRUE);
  network_manager = rd_test_network_manager_start ();
  g_test_add ("/ui/desktop-help/facts-with-consent", Fixture, NULL, rd_ui_fixture_set_up, test_requester_consent,
              rd_ui_fixture_tear_down);
  g_test_add ("/ui/desktop-help/agent-panel-and-screenshot-ask", Fixture, NULL, rd_ui_fixture_set_up,
              test_agent_panel, rd_ui_fixture_tear_down);
  g_test_add ("/ui/desktop-help/screenshot-on-request", Fixture, NULL, rd_ui_fixture_set_up,
              test_screenshot_on_request, rd_ui_fixture_tear_down);
  g_test_add ("/ui/desktop-help/screenshot-asked-in-background", Fixture, NULL, rd_ui_fixture_set_up,
              test_screenshot_asked_in_background, rd_ui_fixture_tear_down);
  status = g_test_run ();
  if (network_manager != NULL)
    {
      g_subprocess_send_signal (network_manager, SIGTERM);
      g_subprocess_wait (network_manager, NULL, NULL);
    }
  return status;
}
