/* test-support-flow.c: one support request from "Get help" to resolved and
 * rated, in two app windows at once under the same Xvfb display. The
 * requester pastes a screenshot into the form: it reaches the agent who
 * takes the request over a direct connection. Later, with direct
 * connections turned off in the requester's preferences, a screenshot
 * pasted into the conversation reaches the agent through the relay. Each
 * window shows which path a file took. This
 * process runs the requester's app (bob), and starts itself again
 * (rd_ui_start_other_side) to run the agent's app (alice) in a second
 * process with its own configuration. The two meet only through a real relaydeskd, as two
 * desktops would. Each side checks what its own window shows; with
 * RELAYDESK_SHOT_DIR set, each step is saved as a screenshot. */
#define G_LOG_DOMAIN "rd-test-support-flow"

#include "config.h"

#include <string.h>

#include "rd-conversation-page-private.h"
#include "rd-file-card-private.h"
#include "rd-help-dialog-private.h"
#include "rd-support-bar-private.h"
#include "rd-support-page-private.h"
#include "rd-ui-test.h"
#include "rd-window-private.h"

#define SUMMARY "VPN says authentication failed"
#define AGENT_HELLO "Hi Bob, Alice from IT here. Which version of the VPN client do you have?"
#define REQUESTER_REPLY "It says version 5.2."
#define NOTE "VPN client 5.2: expired certificate, fixed by a restart after the update."
#define CANNED_TEXT "Please restart your computer and tell me if that helps."
#define THANKS "That did it, thank you!"

static GSubprocess *agent_process;

/* A screenshot as a screenshot tool leaves it on the clipboard: a window
 * with a title bar and an error box in the middle. */
static GdkTexture *
make_screenshot (int width, int height, guint8 accent)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels = g_malloc (width * height * 4);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (y * width + x) * 4;
        gboolean title_bar = y < height / 8;
        gboolean error_box = x > width / 4 && x < width * 3 / 4 && y > height * 3 / 8 && y < height * 5 / 8;

        p[0] = title_bar ? 0x30 : error_box ? 0xe0 : 0xf6;
        p[1] = title_bar ? 0x30 : error_box ? accent : 0xf5;
        p[2] = title_bar ? 0x38 : error_box ? 0x40 : 0xf4;
        p[3] = 0xff;
      }
  bytes = g_bytes_new_take (pixels, width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, width * 4);
}

/* The app's @n-th file transfer (0 the first), or NULL. */
static RdTransfer *
nth_transfer (Fixture *fixture, guint n)
{
  RdTransfers *transfers = rd_application_get_transfers (fixture->app);
  g_autoptr(RdTransfer) transfer = NULL;

  if (transfers == NULL || g_list_model_get_n_items (rd_transfers_get_list (transfers)) <= n)
    return NULL;
  transfer = g_list_model_get_item (rd_transfers_get_list (transfers), n);
  return transfer;   /* the list keeps it */
}

/* Waits until the @n-th transfer is done and its card in @page shows a
 * thumbnail and @path_text; returns the card. */
static RdFileCard *
wait_for_file (Fixture *fixture, RdConversationPage *page, guint n, const char *path_text)
{
  RdTransfer *transfer = NULL;
  RdFileCard *card = NULL;

  RD_TEST_WAIT ((transfer = nth_transfer (fixture, n)) != NULL, 20000);
  RD_TEST_WAIT (rd_transfer_is_finished (transfer), 30000);
  g_assert_cmpstr (rd_transfer_get_error (transfer), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (transfer), ==, RD_TRANSFER_DONE);
  g_assert_true (g_str_has_prefix (rd_transfer_get_name (transfer), "Screenshot "));
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (transfer))) != NULL &&
                rd_file_card_has_thumbnail (card), 10000);
  g_assert_cmpstr (rd_file_card_get_path_text (card), ==, path_text);
  /* The conversation follows what arrives: the whole card comes into view. */
  RD_TEST_WAIT (rd_ui_is_in_view (GTK_WIDGET (card)), 5000);
  return card;
}

/* --- the agent's side, in the second process --- */

static void
agent_body (Fixture *fixture)
{
  RdWindow *window = fixture->window;
  RdConversationPage *page = NULL;
  RdSupportBar *bar = NULL;
  GtkWidget *dialog = NULL;
  g_autofree char *draft = NULL;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");

  /* The waiting request is offered to alice as soon as she is online. */
  RD_TEST_WAIT ((dialog = rd_window_get_offer_dialog (window)) != NULL, 15000);
  g_assert_true (rd_ui_has_label_in (dialog, SUMMARY));
  g_assert_true (rd_ui_has_label_in (dialog, "Bob Requester"));
  rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (dialog), "3-agent-offer");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");

  /* Accepted: the conversation with bob opens, with the request's tools. */
  RD_TEST_WAIT ((page = rd_ui_conversation_with (window, "bob")) != NULL, 10000);
  /* Bob is no contact of hers, yet the tab says who he is. */
  g_assert_cmpstr (rd_conversation_page_get_title (page), ==, "Bob Requester");
  RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (bar), SUMMARY));
  /* And her sidebar lists it above the contacts (bob is none of hers). */
  RD_TEST_WAIT (rd_my_requests_get_n (rd_window_get_my_requests (window)) == 1, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (rd_window_get_my_requests (window)), "Bob Requester"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (rd_window_get_my_requests (window)), SUMMARY));
  /* The screenshot from the form arrives by itself, desktop to desktop. */
  wait_for_file (fixture, page, 0, "Received directly");
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "4-agent-screenshot-direct");
  rd_conversation_page_type_and_send (page, AGENT_HELLO);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), REQUESTER_REPLY), 15000);
  /* The one bob pastes with direct connections off comes through the relay. */
  wait_for_file (fixture, page, 1, "Received through the relay");
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "5-agent-screenshot-relay");



  /* An internal note for colleagues, then a canned reply into the composer. */
  g_assert_true (rd_support_bar_add_note (bar, NOTE));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (bar), "Note saved"), 10000);
  rd_support_bar_use_canned (bar, "Restart");
  RD_TEST_WAIT ((g_free (draft), draft = rd_conversation_page_get_draft (page),
                 g_str_equal (draft, CANNED_TEXT)), 10000);
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "6-agent-canned-reply");
  rd_conversation_page_type_and_send (page, draft);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), THANKS), 15000);

  /* Resolved: the tools go, the conversation stays; the sidebar's entry goes. */
  g_assert_true (rd_support_bar_resolve (bar));
  RD_TEST_WAIT (rd_conversation_page_get_support_bar (page) == NULL, 10000);
  RD_TEST_WAIT (rd_my_requests_get_n (rd_window_get_my_requests (window)) == 0, 10000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rd_window_get_my_requests (window))));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "8-agent-resolved");
}

/* --- the requester's side, in this process --- */

static void
requester_body (Fixture *fixture)
{
  RdWindow *window = fixture->window;
  AdwTabView *tabs = rd_window_get_tab_view (window);
  RdHelpDialog *dialog = NULL;
  RdSupportPage *support;
  RdConversationPage *page = NULL;
  g_autoptr(GdkTexture) first_shot = make_screenshot (800, 500, 0x50);
  g_autoptr(GdkTexture) second_shot = make_screenshot (640, 400, 0xb0);
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);

  rd_ui_sign_in_as (fixture, "bob", "bob-password");

  /* "Get help": the form, filled in, then sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.get-help", NULL));
  RD_TEST_WAIT ((dialog = rd_ui_find_help_dialog (fixture->app)) != NULL, 5000);
  RD_TEST_WAIT (rd_help_dialog_fill (dialog, "Network", SUMMARY, "Since this morning, working from home. "
                                     "The office Wi-Fi is fine.", 1), 10000);
  /* Ctrl+V of a screenshot in the details: it waits in the form. */
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), first_shot);
  rd_help_dialog_paste_into_details (dialog);
  RD_TEST_WAIT (rd_help_dialog_get_n_attachments (dialog) == 1, 10000);
  rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (dialog), "1-requester-get-help");
  g_assert_true (rd_help_dialog_submit (dialog, "Network", SUMMARY, "Since this morning, working from home. "
                                        "The office Wi-Fi is fine.", 1));

  /* The support tab: the request, its place in the queue, nobody online yet. */
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 10000);
  support = RD_SUPPORT_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  g_assert_cmpstr (rd_support_page_get_title (support), ==, SUMMARY);
  RD_TEST_WAIT (strstr (rd_support_page_get_status_text (support), "Number 1 in the queue") != NULL, 10000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (support), "No agent is online"), 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (support), "Your screenshot goes to the agent who takes"));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "2-requester-waiting");

  /* The agent's app starts and signs in; the request is offered, taken, and
   * the conversation with the agent opens here. */
  agent_process = rd_ui_start_other_side (fixture->relay->url);
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support)) == RD_REQUEST_ACTIVE, 30000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (support), "Alice Agent is helping you"));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (support), "Your screenshot went to Alice Agent."), 10000);
  RD_TEST_WAIT ((page = rd_ui_conversation_with (window, "alice")) != NULL, 10000);
  g_assert_cmpstr (rd_conversation_page_get_title (page), ==, "Alice Agent");
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), AGENT_HELLO), 15000);
  rd_ui_select_page (window, GTK_WIDGET (page));
  /* The screenshot from the form is in this conversation, sent directly. */
  wait_for_file (fixture, page, 0, "Sent directly");
  /* Direct connections off (a network that forbids them), then a second
   * screenshot pasted into the composer and sent with the reply. */
  g_settings_set_boolean (settings, "direct-transfers", FALSE);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (page)), second_shot);
  rd_conversation_page_paste (page);
  RD_TEST_WAIT (rd_conversation_page_get_n_attachments (page) == 1, 10000);
  rd_conversation_page_type_and_send (page, REQUESTER_REPLY);
  wait_for_file (fixture, page, 1, "Sent through the relay");
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), CANNED_TEXT), 15000);
  /* The conversation follows what arrives. */
  RD_TEST_WAIT (rd_ui_is_in_view (rd_ui_find_label (GTK_WIDGET (page), CANNED_TEXT)), 5000);
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "7-requester-conversation");
  /* The internal note never reaches the requester. */
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (window), NOTE));
  rd_conversation_page_type_and_send (page, THANKS);

  /* Resolved by the agent: the support tab asks for a rating, which is sent. */
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support)) == RD_REQUEST_RESOLVED, 20000);
  rd_ui_select_page (window, GTK_WIDGET (support));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "9-requester-resolved");
  g_assert_true (rd_support_page_rate (support, 5, "Quick and clear, thanks Alice."));
  RD_TEST_WAIT (rd_support_page_is_rated (support), 10000);
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "10-requester-rated");
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (window), NOTE));

  /* The agent's side checked its own window and ended well. */
  rd_ui_other_side_wait (agent_process, 30000);
}

static void
test_get_help_to_rated (void)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autofree char *downloads = g_dir_make_tmp ("relaydesk-requester-XXXXXX", NULL);
  g_autofree char *clean_up = g_strdup_printf ("rm -rf '%s'", downloads);
  Fixture fixture = { 0 };

  fixture.relay = rd_test_relay_new_team ();
  g_assert_cmpint (rd_test_relay_admin (fixture.relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture.relay, NULL, NULL, NULL, "canned", "set", "Restart", CANNED_TEXT,
                                        NULL), ==, 0);
  g_settings_set_string (settings, "relay-url", fixture.relay->url);
  g_settings_set_string (settings, "download-folder", downloads);
  rd_ui_run_app (&fixture, requester_body);
  rd_ui_other_side_stop (&agent_process);
  rd_test_relay_free (fixture.relay);
  g_assert_cmpint (system (clean_up), ==, 0);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  return rd_ui_two_sided_main (argc, argv, "/ui/support-flow/get-help-to-rated", test_get_help_to_rated, agent_body);
}
