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
 * gnome-screenshot) takes it. */
#define G_LOG_DOMAIN "rd-test-desktop-help"

#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>
#include <string.h>

#include "rd-facts.h"
#include "rd-support-bar.h"
#include "rd-facts-panel.h"
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

static void
screenshot_body (Fixture *fixture)
{
  g_autoptr(RdClient) alice = rd_test_client_login (fixture->relay, "alice", "alice-password");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTransfers) alice_transfers = rd_transfers_new (alice, &error);
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-shot-XXXXXX", NULL);
  g_autoptr(GFile) picture = NULL;
  g_autoptr(GFile) received = NULL;
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autofree char *sent_sha = NULL;
  g_autofree char *received_sha = NULL;
  g_autofree char *clean_up = NULL;
  RdTestOutcome outcome = { 0 };
  AtAlice at = { 0 };
  GtkWidget *dialog = NULL;
  gint64 id;

  g_assert_no_error (error);
  g_signal_connect (rd_client_get_support_desk (alice), "screenshot-answered", G_CALLBACK (alice_answered_cb), &at);
  g_signal_connect (alice_transfers, "offered", G_CALLBACK (alice_offered_cb), &at);
  picture = rd_test_make_file (dir, "Screenshot from 2026-12-02.png", 48 * 1024);
  rd_fake_portal_set_screenshot (portal, picture);

  /* Bob asks for help; alice takes it. */
  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  {
    RdHelpDialog *help = open_help (fixture);
    g_autoptr(GPtrArray) asked = NULL;

    RD_TEST_WAIT (rd_help_dialog_submit (help, "Network", SUMMARY, "", 0), 10000);
    RD_TEST_WAIT (rd_ui_find_help_dialog (fixture->app) == NULL, 10000);
    asked = rd_support_desk_list_asked_open (rd_client_get_support_desk (rd_application_get_client (fixture->app)));
    g_assert_cmpuint (asked->len, ==, 1);
    mine = g_object_ref (g_ptr_array_index (asked, 0));
  }
  id = rd_support_request_get_id (mine);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
  rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, id);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);

  /* Asked: bob declines, and nothing is taken. */
  CALL (outcome, rd_support_desk_ask_screenshot_async, rd_client_get_support_desk (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Alice Agent asks for a screenshot of your screen");
  rd_ui_save_shot (GTK_WINDOW (fixture->window), GTK_WINDOW (dialog), "desktop-help-3-screenshot-asked");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "decline");
  RD_TEST_WAIT (at.answered == 1, 10000);
  g_assert_false (at.shared);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 0);
  g_assert_null (rd_window_get_screenshot_dialog (fixture->window));

  /* Asked again: Share goes through the portal, where bob chooses what
   * to show, and the picture reaches alice. */
  CALL (outcome, rd_support_desk_ask_screenshot_async, rd_client_get_support_desk (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
  RD_TEST_WAIT (at.answered == 2, 10000);
  g_assert_true (at.shared);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 1);
  g_assert_true (rd_fake_portal_last_interactive (portal));
  RD_TEST_WAIT (at.offered != NULL, 10000);
  g_assert_cmpstr (rd_transfer_get_name (at.offered), ==, "Screenshot from 2026-12-02.png");
  g_assert_cmpstr (rd_transfer_get_peer (at.offered), ==, "bob");
  received = g_file_new_build_filename (dir, "received.png", NULL);
  rd_transfers_accept (alice_transfers, at.offered, received);
  RD_TEST_WAIT (rd_transfer_get_state (at.offered) == RD_TRANSFER_DONE, 20000);
  sent_sha = rd_test_sha256_of (picture);
  received_sha = rd_test_sha256_of (received);
  g_assert_cmpstr (received_sha, ==, sent_sha);

  /* The user cancels in the portal's own dialog: that is a no. */
  rd_fake_portal_set_screenshot (portal, NULL);
  CALL (outcome, rd_support_desk_ask_screenshot_async, rd_client_get_support_desk (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
  RD_TEST_WAIT (at.answered == 3, 10000);
  g_assert_false (at.shared);
  g_assert_cmpuint (rd_fake_portal_get_n_screenshots (portal), ==, 2);

  /* No portal on this desktop: its own tool, in its "select an area"
   * mode, takes it, and it reaches alice the same way. */
  rd_fake_portal_stop (portal);
  portal = NULL;
  {
    g_autofree char *tool = g_build_filename (dir, "gnome-screenshot", NULL);
    g_autofree char *tool_args = g_build_filename (dir, "tool-args", NULL);
    g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                               "# A stand-in gnome-screenshot: the picture the user would choose.\n"
                                               "echo \"$@\" > '%s'\n"
                                               "for a in \"$@\"; do case \"$a\" in --file=*) cp '%s' \"${a#--file=}\";; esac; done\n",
                                               tool_args, g_file_peek_path (picture));
    g_autofree char *path = g_strconcat (dir, ":", g_getenv ("PATH"), NULL);
    g_autofree char *args = NULL;
    g_autoptr(GFile) received_again = g_file_new_build_filename (dir, "received-again.png", NULL);
    g_autofree char *again_sha = NULL;

    g_assert_true (g_file_set_contents (tool, script, -1, NULL));
    g_assert_cmpint (g_chmod (tool, 0755), ==, 0);
    g_setenv ("PATH", path, TRUE);
    g_clear_object (&at.offered);
    CALL (outcome, rd_support_desk_ask_screenshot_async, rd_client_get_support_desk (alice), id);
    ASSERT_OK (outcome);
    RD_TEST_WAIT ((dialog = rd_window_get_screenshot_dialog (fixture->window)) != NULL, 10000);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "share");
    RD_TEST_WAIT (at.answered == 4, 10000);
    g_assert_true (at.shared);
    g_assert_true (g_file_get_contents (tool_args, &args, NULL, NULL));
    g_assert_true (g_str_has_prefix (args, "--area --file="));
    RD_TEST_WAIT (at.offered != NULL, 10000);
    g_assert_true (g_str_has_prefix (rd_transfer_get_name (at.offered), "Screenshot from "));
    rd_transfers_accept (alice_transfers, at.offered, received_again);
    RD_TEST_WAIT (rd_transfer_get_state (at.offered) == RD_TRANSFER_DONE, 20000);
    again_sha = rd_test_sha256_of (received_again);
    g_assert_cmpstr (again_sha, ==, sent_sha);
  }

  g_clear_object (&at.offered);
  rd_test_outcome_clear (&outcome);
  clean_up = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (clean_up), ==, 0);
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
  status = g_test_run ();
  if (network_manager != NULL)
    {
      g_subprocess_send_signal (network_manager, SIGTERM);
      g_subprocess_wait (network_manager, NULL, NULL);
    }
  return status;
}
