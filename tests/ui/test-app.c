/* test-app.c: the real app, in this process under Xvfb, against a real
 * relaydeskd; the other side of each conversation is an RdClient. Checks go
 * through the widgets: what the window shows, what the buttons do. */
#define G_LOG_DOMAIN "rd-test-app"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rd-application.h"
#include "rd-contact-list-private.h"
#include "rd-conversation-page-private.h"
#include "rd-dashboard-page-private.h"
#include "rd-directory-popover-private.h"
#include "rd-fake-notifications.h"
#include "rd-help-dialog-private.h"
#include "rd-support-bar-private.h"
#include "rd-support-page-private.h"
#include "rd-queue-page-private.h"
#include "rd-search-popover-private.h"
#include "rd-session-file.h"
#include "rd-sign-in-page-private.h"
#include "rd-test-relay.h"
#include "rd-ui-test.h"
#include "rd-window-private.h"

static RdFakeNotifications *notifications;

static void
sign_in (Fixture *fixture)
{
  g_assert_cmpstr (rd_window_get_page_name (fixture->window), ==, "sign-in");
  rd_ui_sign_in_as (fixture, "alice", "alice-password");
}

static RdConversationPage *
selected_page (Fixture *fixture)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (rd_window_get_tab_view (fixture->window));

  g_assert_nonnull (page);
  return RD_CONVERSATION_PAGE (adw_tab_page_get_child (page));
}

static void
test_sign_in_shows_contacts_body (Fixture *fixture)
{
  RdSignInPage *page = RD_SIGN_IN_PAGE (rd_window_get_sign_in_page (fixture->window));
  GtkWidget *contacts = rd_window_get_contact_list (fixture->window);

  /* A wrong password is said plainly and leaves us on the form. */
  rd_sign_in_page_submit (page, fixture->relay->url, "alice", "not-the-password");
  RD_TEST_WAIT (rd_sign_in_page_get_error (page) != NULL, 15000);
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "password is wrong"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (page), "password is wrong"));
  g_assert_cmpstr (rd_window_get_page_name (fixture->window), ==, "sign-in");

  sign_in (fixture);
  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Bob Requester") && rd_ui_has_label_in (contacts, "Carol Agent"), 10000);
  g_assert_true (rd_ui_has_label_in (contacts, "Finance"));
  g_assert_true (rd_ui_has_label_in (contacts, "Support"));

  /* Search as you type narrows the list. */
  rd_contact_list_set_search (RD_CONTACT_LIST (contacts), "car");
  RD_TEST_WAIT (!rd_ui_has_label_in (contacts, "Bob Requester"), 5000);
  g_assert_true (rd_ui_has_label_in (contacts, "Carol Agent"));
  rd_contact_list_set_search (RD_CONTACT_LIST (contacts), "");
  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Bob Requester"), 5000);

  /* Someone from the company directory becomes a contact. */
  {
    RdDirectoryPopover *directory = rd_contact_list_get_directory (RD_CONTACT_LIST (contacts));

    g_assert_false (rd_ui_has_label_in (contacts, "Dave Requester"));
    gtk_popover_popup (GTK_POPOVER (directory));
    rd_directory_popover_search (directory, "nobody-is-called-this");
    RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (directory), "Nobody found"), 10000);
    rd_directory_popover_search (directory, "dave");
    RD_TEST_WAIT (rd_directory_popover_get_n_found (directory) == 1, 10000);
    g_assert_true (rd_ui_has_label_in (GTK_WIDGET (directory), "Dave Requester"));
    g_assert_true (rd_directory_popover_pick (directory, "dave"));
    /* Added: the popover closes and the list shows them. */
    RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Dave Requester"), 10000);
    RD_TEST_WAIT (!gtk_widget_get_visible (GTK_WIDGET (directory)), 5000);
  }
}

static gboolean
bob_has_message (RdClient *bob, const char *body)
{
  RdConversation *conversation = rd_client_get_conversation (bob, "alice", FALSE);
  GListModel *messages;

  if (conversation == NULL)
    return FALSE;
  messages = rd_conversation_get_messages (conversation);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (rd_message_get_body (message), body) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_conversation_body (Fixture *fixture)
{
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  GtkWidget *contacts = rd_window_get_contact_list (fixture->window);
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  RdConversationPage *page;
  g_autofree char *last = NULL;
  GtkWidget *other;
  guint notified;

  sign_in (fixture);
  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Bob Requester"), 10000);

  /* A tab opens from the contact list, once however often it is asked. */
  g_assert_true (rd_contact_list_activate_username (RD_CONTACT_LIST (contacts), "bob"));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  g_assert_true (rd_contact_list_activate_username (RD_CONTACT_LIST (contacts), "bob"));
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 1);
  page = selected_page (fixture);
  g_assert_cmpstr (rd_conversation_page_get_peer (page), ==, "bob");
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_selected_page (tabs)), ==, "Bob Requester");

  /* A message from the other client appears in the open tab. */
  rd_client_send_message (bob, "alice", "My laptop will not connect to the VPN");
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), "will not connect to the VPN"), 10000);

  /* The peer typing shows; what we type reaches the other client. */
  rd_client_set_typing (bob, "alice", TRUE);
  RD_TEST_WAIT (rd_conversation_page_is_typing_shown (page), 10000);
  rd_conversation_page_type_and_send (page, "Have you tried https://vpn.example.com/reset ?");
  RD_TEST_WAIT (bob_has_message (bob, "Have you tried https://vpn.example.com/reset ?"), 10000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), "vpn.example.com/reset"), 5000);

  /* The user switches to another window: a notification is requested. */
  other = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (other), "Some other program");
  gtk_window_present (GTK_WINDOW (other));
  RD_TEST_WAIT (!gtk_window_is_active (GTK_WINDOW (fixture->window)), 5000);
  notified = rd_fake_notifications_count (notifications);
  rd_client_send_message (bob, "alice", "Still nothing after the reset");
  RD_TEST_WAIT (rd_fake_notifications_count (notifications) == notified + 1, 10000);
  last = rd_fake_notifications_last (notifications);
  g_assert_cmpstr (last, ==, "Bob Requester\nStill nothing after the reset");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), !=, "Relaydesk");

  /* Muted: the message arrives, no notification. */
  {
    g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
    const char *muted[] = { "bob", NULL };

    g_settings_set_strv (settings, "muted-conversations", muted);
  }
  rd_client_send_message (bob, "alice", "Muted line");
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), "Muted line"), 10000);
  g_assert_cmpuint (rd_fake_notifications_count (notifications), ==, notified + 1);
  gtk_window_destroy (GTK_WINDOW (other));

  /* What a notification's "Open" does: the app action opens the conversation. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "open-conversation", g_variant_new_string ("carol"));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 2, 5000);
  g_assert_cmpstr (rd_conversation_page_get_peer (selected_page (fixture)), ==, "carol");

  /* Dragging bob's tab out makes a second window that keeps the conversation live. */
  {
    AdwTabView *new_view = NULL;
    AdwTabPage *bob_tab = adw_tab_view_get_nth_page (tabs, 0);

    g_signal_emit_by_name (tabs, "create-window", &new_view);
    g_assert_nonnull (new_view);
    adw_tab_view_transfer_page (tabs, bob_tab, new_view, 0);
    RD_TEST_WAIT (adw_tab_view_get_n_pages (new_view) == 1 && adw_tab_view_get_n_pages (tabs) == 1, 5000);
    page = RD_CONVERSATION_PAGE (adw_tab_page_get_child (adw_tab_view_get_nth_page (new_view, 0)));
    g_assert_cmpstr (rd_conversation_page_get_peer (page), ==, "bob");
    rd_client_send_message (bob, "alice", "Seen in the second window");
    RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), "Seen in the second window"), 10000);
    gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (new_view))));
  }
}

static void
remembered_session_first_run (Fixture *fixture)
{
  GtkWidget *contacts = rd_window_get_contact_list (fixture->window);

  sign_in (fixture);
  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Carol Agent"), 10000);
  g_assert_true (rd_contact_list_activate_username (RD_CONTACT_LIST (contacts), "carol"));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (rd_window_get_tab_view (fixture->window)) == 1, 5000);
}

static void
remembered_session_second_run (Fixture *fixture)
{
  /* Signed in without the form, the tab restored. */
  RD_TEST_WAIT (g_strcmp0 (rd_window_get_page_name (fixture->window), "main") == 0, 10000);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (rd_window_get_tab_view (fixture->window)) == 1, 5000);
  g_assert_cmpstr (rd_conversation_page_get_peer (selected_page (fixture)), ==, "carol");
  RD_TEST_WAIT (rd_client_get_state (rd_application_get_client (fixture->app)) == RD_CLIENT_ONLINE, 10000);

  /* Signing out forgets the session and shows the form again. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "sign-out", NULL);
  RD_TEST_WAIT (g_strcmp0 (rd_window_get_page_name (fixture->window), "sign-in") == 0, 5000);
  g_assert_null (rd_session_file_load ());
}

static const char *old_uuid;

static void
search_first_run (Fixture *fixture)
{
  RdSearchPopover *search = RD_SEARCH_POPOVER (rd_window_get_search_popover (fixture->window));
  RdClient *client;

  sign_in (fixture);
  client = rd_application_get_client (fixture->app);
  /* Signing in fresh brings the whole history, and with it the local index. */
  RD_TEST_WAIT (rd_client_get_conversation (client, "bob", FALSE) != NULL &&
                g_list_model_get_n_items (rd_conversation_get_messages (
                  rd_client_get_conversation (client, "bob", FALSE))) == 161, 15000);
  rd_history_cache_flush (rd_client_get_history_cache (client));
  rd_search_popover_search (search, "QUASAR");
  RD_TEST_WAIT (rd_search_popover_get_n_results (search) == 1, 5000);
}

static void
search_second_run (Fixture *fixture)
{
  RdSearchPopover *search = RD_SEARCH_POPOVER (rd_window_get_search_popover (fixture->window));
  RdClient *client = rd_application_get_client (fixture->app);
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);

  /* Resumed from the last sequence number: nothing is loaded, the index remembers. */
  RD_TEST_WAIT (rd_client_get_state (client) == RD_CLIENT_ONLINE, 10000);
  g_assert_true (rd_client_get_conversation (client, "bob", FALSE) == NULL ||
                 g_list_model_get_n_items (rd_conversation_get_messages (
                   rd_client_get_conversation (client, "bob", FALSE))) < 50);
  RD_TEST_WAIT (rd_client_find_contact (client, "bob") != NULL, 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search-messages", NULL));
  RD_TEST_WAIT (gtk_widget_get_visible (GTK_WIDGET (search)), 5000);
  rd_search_popover_search (search, "quas");
  RD_TEST_WAIT (rd_search_popover_get_n_results (search) == 1, 5000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (search), "Bob Requester"));

  /* The result opens the conversation at that message, paging back to it. */
  rd_search_popover_activate_result (search, 0);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  g_assert_cmpstr (rd_conversation_page_get_peer (selected_page (fixture)), ==, "bob");
  RD_TEST_WAIT (rd_conversation_page_is_message_loaded (selected_page (fixture), old_uuid), 15000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (selected_page (fixture)), "quasar incident"), 5000);
}

static void
test_search_history (Fixture *fixture, gconstpointer data)
{
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  RdMessage *old = rd_client_send_message (bob, "alice", "About the quasar incident last week");

  old_uuid = rd_message_get_uuid (old);
  for (guint i = 0; i < 160; i++)
    {
      g_autofree char *body = g_strdup_printf ("Filler line %u", i);
      rd_client_send_message (bob, "alice", body);
    }
  RD_TEST_WAIT (rd_client_get_outbox_length (bob) == 0, 20000);
  rd_ui_run_app (fixture, search_first_run);
  rd_ui_run_app (fixture, search_second_run);
}

static char *tls_fingerprint;
static RdTestRelay *tls_relay;

static void
untrusted_certificate_body (Fixture *fixture)
{
  RdSignInPage *page = RD_SIGN_IN_PAGE (rd_window_get_sign_in_page (fixture->window));

  /* Refused at first, with the fingerprint to compare and the choice to trust it. */
  rd_sign_in_page_submit (page, tls_relay->url, "alice", "alice-password");
  RD_TEST_WAIT (rd_sign_in_page_get_error (page) != NULL, 15000);
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "not trusted"));
  g_assert_cmpstr (rd_sign_in_page_get_offered_fingerprint (page), ==, tls_fingerprint);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (page), tls_fingerprint));

  /* Trusting exactly that certificate signs in, and is remembered. */
  g_assert_true (rd_sign_in_page_trust_offered (page));
  RD_TEST_WAIT (g_strcmp0 (rd_window_get_page_name (fixture->window), "main") == 0, 15000);
  {
    g_autoptr(RdSession) session = rd_session_file_load ();
    g_assert_nonnull (session);
    g_assert_cmpstr (session->pinned_sha256, ==, tls_fingerprint);
  }
}

static void
test_untrusted_certificate (Fixture *fixture, gconstpointer data)
{
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking) installed");
      return;
    }
  tls_relay = rd_test_relay_new ();
  tls_fingerprint = rd_test_relay_use_self_signed_certificate (tls_relay);
  rd_test_relay_add_user (tls_relay, "alice", "agent", "alice-password");
  rd_test_relay_start (tls_relay);
  g_assert_true (g_str_has_prefix (tls_relay->url, "wss://"));
  rd_ui_run_app (fixture, untrusted_certificate_body);
  g_clear_pointer (&tls_relay, rd_test_relay_free);
  g_clear_pointer (&tls_fingerprint, g_free);
}

static void
preferences_body (Fixture *fixture)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  GtkWindow *preferences = NULL;
  GtkSwitch *notifications;
  GtkSpinButton *away;

  sign_in (fixture);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  for (guint i = 0; i < 100 && preferences == NULL; i++)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l; l = l->next)
        if (ADW_IS_PREFERENCES_WINDOW (l->data))
          preferences = l->data;
      rd_test_iterate ();
    }
  g_assert_nonnull (preferences);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (preferences), "alice"));

  /* The switch and the spin button write GSettings, which the app reads. */
  notifications = GTK_SWITCH (rd_ui_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SWITCH));
  g_assert_true (gtk_switch_get_active (notifications));
  gtk_switch_set_active (notifications, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notifications"));
  away = GTK_SPIN_BUTTON (rd_ui_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON));
  gtk_spin_button_set_value (away, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-away-minutes"), ==, 3);
  g_settings_reset (settings, "auto-away-minutes");
  gtk_window_destroy (preferences);
}

static void
test_preferences (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, preferences_body);
}

static gint64 offered_request;

typedef struct {
  gboolean resolved;
} Inbox;

static void
inbox_event_cb (RdClient *client, const char *kind, JsonObject *data, Inbox *inbox)
{
  if (g_str_equal (kind, "request") && g_str_equal (rd_frame_get_string (data, "state", ""), "resolved"))
    inbox->resolved = TRUE;
}

static void
agent_event_cb (RdClient *client, const char *kind, JsonObject *data, gpointer user_data)
{
  if (g_str_equal (kind, "offer"))
    offered_request = rd_frame_get_int (data, "request", 0);
}

static void
requester_body (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  g_autoptr(RdClient) alice = NULL;
  RdHelpDialog *dialog = NULL;
  RdSupportPage *support;

  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.get-help", NULL));
  RD_TEST_WAIT ((dialog = rd_ui_find_help_dialog (fixture->app)) != NULL, 5000);
  /* Sent once the relay's topics are in. */
  RD_TEST_WAIT (rd_help_dialog_submit (dialog, "Network", "VPN says authentication failed",
                                       "Since this morning, at home.", 1), 10000);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 10000);
  support = RD_SUPPORT_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  g_assert_cmpstr (rd_support_page_get_title (support), ==, "VPN says authentication failed");
  RD_TEST_WAIT (strstr (rd_support_page_get_status_text (support), "No agent is online") != NULL, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (support), "No agent is online"));

  /* An agent comes, is offered it and accepts: the conversation opens. */
  offered_request = 0;
  alice = rd_client_new (fixture->relay->url);
  g_signal_connect (alice, "event", G_CALLBACK (agent_event_cb), NULL);
  rd_client_login_async (alice, "alice", "alice-password", NULL, NULL, NULL);
  RD_TEST_WAIT (offered_request == rd_support_request_get_id (rd_support_page_get_request (support)), 10000);
  {
    /* Bob looks elsewhere meanwhile: he is told by a notification too. */
    GtkWidget *other = gtk_window_new ();
    guint notified = rd_fake_notifications_count (notifications);

    gtk_window_present (GTK_WINDOW (other));
    RD_TEST_WAIT (!gtk_window_is_active (GTK_WINDOW (fixture->window)), 5000);
    rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, offered_request);
    RD_TEST_WAIT (rd_fake_notifications_count (notifications) > notified, 10000);
    {
      g_autofree char *last = rd_fake_notifications_last (notifications);
      g_assert_nonnull (strstr (last, "is helping you\nVPN says authentication failed"));
    }
    gtk_window_destroy (GTK_WINDOW (other));
  }
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support)) == RD_REQUEST_ACTIVE, 10000);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 2, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (support), "is helping you"));

  /* Resolved: the rating is asked for, and sent. */
  rd_test_act (alice, RD_FRAME_REQUEST_RESOLVE, offered_request);
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support)) == RD_REQUEST_RESOLVED, 10000);
  g_assert_true (rd_support_page_rate (support, 5, "Fast and friendly"));
  RD_TEST_WAIT (rd_support_page_is_rated (support), 10000);
}

static void
test_support_requester (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, requester_body);
}

/* A support request from @requester on "Network"; returns its id. */
static gint64
ask_for_help (RdClient *requester, const char *summary, gint priority)
{
  g_autoptr(JsonObject) create = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (create, "topic", "Network");
  json_object_set_string_member (create, "summary", summary);
  json_object_set_int_member (create, "priority", priority);
  reply = rd_test_request (requester, create, &error);
  g_assert_no_error (error);
  return rd_frame_get_int (reply, "request", 0);
}

/* Waits for the offer of @summary, accepts it in the dialog and returns the
 * conversation that opens (selected) with its requester. */
static RdConversationPage *
accept_offer (Fixture *fixture, const char *summary)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  guint before = adw_tab_view_get_n_pages (tabs);
  GtkWidget *dialog = NULL;

  RD_TEST_WAIT ((dialog = rd_window_get_offer_dialog (fixture->window)) != NULL, 10000);
  g_assert_true (rd_ui_has_label_in (dialog, summary));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  RD_TEST_WAIT ((guint) adw_tab_view_get_n_pages (tabs) == before + 1, 10000);
  RD_TEST_WAIT (rd_window_get_offer_dialog (fixture->window) == NULL, 5000);
  return selected_page (fixture);
}

static void
agent_body (Fixture *fixture)
{
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  GtkWidget *other = gtk_window_new ();
  guint notified;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  /* Alice is in another program: the offer also comes as a notification. */
  gtk_window_present (GTK_WINDOW (other));
  RD_TEST_WAIT (!gtk_window_is_active (GTK_WINDOW (fixture->window)), 5000);
  notified = rd_fake_notifications_count (notifications);
  ask_for_help (bob, "Printer on floor 3 is jammed", 0);
  RD_TEST_WAIT (rd_fake_notifications_count (notifications) == notified + 1, 10000);
  {
    g_autofree char *last = rd_fake_notifications_last (notifications);
    g_assert_cmpstr (last, ==, "Support request from Bob Requester\nPrinter on floor 3 is jammed");
  }
  gtk_window_destroy (GTK_WINDOW (other));

  /* The offer is put to the agent; accepting opens the conversation with bob. */
  g_assert_cmpstr (rd_conversation_page_get_peer (accept_offer (fixture, "Printer on floor 3 is jammed")), ==, "bob");

  /* The conversation carries the agent's tools for this request. */
  {
    RdConversationPage *page = selected_page (fixture);
    RdSupportBar *bar;
    g_autofree char *draft = NULL;
    Inbox bob_inbox = { 0 };

    RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);
    g_assert_true (rd_ui_has_label_in (GTK_WIDGET (bar), "Printer on floor 3 is jammed"));
    rd_support_bar_use_canned (bar, "Restart");
    RD_TEST_WAIT ((g_free (draft), draft = rd_conversation_page_get_draft (page),
                   strstr (draft, "Please restart your computer") != NULL), 10000);
    g_assert_true (rd_support_bar_add_note (bar, "Toner ordered"));
    RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (bar), "Note saved"), 10000);

    g_signal_connect (bob, "event", G_CALLBACK (inbox_event_cb), &bob_inbox);
    g_assert_true (rd_support_bar_resolve (bar));
    RD_TEST_WAIT (rd_conversation_page_get_support_bar (page) == NULL, 10000);
    RD_TEST_WAIT (bob_inbox.resolved, 10000);
  }
}

static void
test_support_agent (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, agent_body);
}

static void
queue_body (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  RdClient *client;
  RdQueuePage *queue;
  gint64 id;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  client = rd_application_get_client (fixture->app);
  /* Away (confirmed by the relay): nothing is offered, requests wait in the queue. */
  {
    g_autoptr(JsonObject) away = rd_frame_new (RD_FRAME_PRESENCE_SET, NULL);
    g_autoptr(JsonObject) ok = NULL;

    json_object_set_string_member (away, "status", "away");
    json_object_set_string_member (away, "text", "In a meeting");
    ok = rd_test_request (client, away, &error);
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-queue", NULL));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  queue = RD_QUEUE_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (queue), "Nobody Is Waiting"));

  id = ask_for_help (bob, "Cannot print to the plotter", 2);

  /* It shows up live, and "Take" gives it to us with its conversation. */
  RD_TEST_WAIT (rd_queue_page_get_n_waiting (queue) == 1, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (queue), "Cannot print to the plotter"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (queue), "Urgent"));
  g_assert_true (rd_queue_page_take (queue, id));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 2, 10000);
  RD_TEST_WAIT (rd_queue_page_get_n_waiting (queue) == 0, 10000);
  {
    AdwTabPage *bob_tab = adw_tab_view_get_nth_page (tabs, 1);
    RdConversationPage *page = RD_CONVERSATION_PAGE (adw_tab_page_get_child (bob_tab));

    g_assert_cmpstr (rd_conversation_page_get_peer (page), ==, "bob");
    RD_TEST_WAIT (rd_conversation_page_get_support_bar (page) != NULL, 10000);
  }
}

static void
transfer_body (Fixture *fixture)
{
  g_autoptr(RdClient) bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  g_autoptr(RdClient) carol = NULL;
  RdSupportBar *bar;
  RdConversationPage *page;
  gint64 request;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  request = ask_for_help (bob, "Badge reader rejects my card", 0);
  page = accept_offer (fixture, "Badge reader rejects my card");
  RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);

  /* Carol knows badges: the request goes to her with a note, and leaves alice. */
  offered_request = 0;
  carol = rd_client_new (fixture->relay->url);
  g_signal_connect (carol, "event", G_CALLBACK (agent_event_cb), NULL);
  rd_client_login_async (carol, "carol", "carol-password", NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (carol) == RD_CLIENT_ONLINE, 10000);
  g_assert_true (rd_support_bar_transfer (bar, "carol", NULL, "Badge system, your area"));
  RD_TEST_WAIT (offered_request == request, 10000);
  RD_TEST_WAIT (rd_conversation_page_get_support_bar (page) == NULL, 10000);
}

static void
test_transfer (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, transfer_body);
}

static void
test_queue_view (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, queue_body);
}

/* The element of the array @member in the relay's answer to a @type frame
 * whose @key_field is @key (a new empty object if none), as @client gets it. */
static JsonObject *
listed_item (RdClient *client, RdFrameType type, const char *member, const char *key_field, const char *key)
{
  g_autoptr(JsonObject) frame = rd_frame_new (type, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_test_request (client, frame, &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = json_object_get_array_member (reply, member);
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (rd_frame_get_string (json_array_get_object_element (items, i), key_field, ""), key))
      return json_object_ref (json_array_get_object_element (items, i));
  return json_object_new ();
}

/* @username's line on the relay's dashboard, as @client (a supervisor) gets it. */
static JsonObject *
agent_on_dashboard (RdClient *client, const char *username)
{
  return listed_item (client, RD_FRAME_DASHBOARD_GET, "agents", "username", username);
}

static guint
capacity_of (RdClient *client, const char *username)
{
  g_autoptr(JsonObject) agent = agent_on_dashboard (client, username);

  return (guint) rd_frame_get_int (agent, "capacity", 0);
}

static gboolean
serves (RdClient *client, const char *username, const char *topic)
{
  g_autoptr(JsonObject) agent = agent_on_dashboard (client, username);
  JsonArray *skills = json_object_get_array_member (agent, "skills");

  for (guint i = 0; skills && i < json_array_get_length (skills); i++)
    if (g_str_equal (json_array_get_string_element (skills, i), topic))
      return TRUE;
  return FALSE;
}

/* The text of the canned reply @title as agents get it from the relay. */
static char *
canned_text (RdClient *client, const char *title)
{
  g_autoptr(JsonObject) reply = listed_item (client, RD_FRAME_CANNED_LIST, "replies", "title", title);

  return g_strdup (rd_frame_get_string (reply, "body", NULL));
}

static void
dashboard_body (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  g_autoptr(RdClient) alice = NULL;
  RdDashboardPage *dashboard;
  RdClient *client;

  rd_ui_sign_in_as (fixture, "sam", "sam-password");
  client = rd_application_get_client (fixture->app);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-dashboard", NULL));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  dashboard = RD_DASHBOARD_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  RD_TEST_WAIT (rd_dashboard_page_get_n_agents (dashboard) == 1, 10000);

  /* An agent signs in: the dashboard follows; the supervisor raises her capacity. */
  alice = rd_test_client_login (fixture->relay, "alice", "alice-password");
  RD_TEST_WAIT (rd_dashboard_page_get_n_agents (dashboard) == 2, 15000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (dashboard), "Alice Agent"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (dashboard), "waiting"));
  g_assert_true (rd_dashboard_page_set_capacity (dashboard, "alice", 6));
  RD_TEST_WAIT (capacity_of (client, "alice") == 6, 10000);

  /* Canned replies are added and edited here, kept on the relay for every agent. */
  {
    RdCannedEditor *canned = rd_dashboard_page_get_canned_editor (dashboard);
    g_autofree char *form = NULL;
    g_autofree char *text = NULL;

    RD_TEST_WAIT (rd_canned_editor_get_n (canned) == 1, 10000);
    rd_canned_editor_save (canned, "Badge", "Badges are renewed at the front desk.");
    RD_TEST_WAIT (rd_canned_editor_get_n (canned) == 2, 10000);
    text = canned_text (alice, "Badge");
    g_assert_cmpstr (text, ==, "Badges are renewed at the front desk.");
    g_assert_false (rd_canned_editor_edit (canned, "No such reply"));
    g_assert_true (rd_canned_editor_edit (canned, "Restart"));
    form = rd_canned_editor_get_form_body (canned);
    g_assert_cmpstr (form, ==, "Please restart your computer and tell me if that helps.");
    rd_canned_editor_save (canned, "Restart", "Please restart your computer, wait a minute, then try again.");
    RD_TEST_WAIT ((g_free (text), text = canned_text (alice, "Restart"),
                   g_strcmp0 (text, "Please restart your computer, wait a minute, then try again.") == 0), 10000);
    g_assert_cmpuint (rd_canned_editor_get_n (canned), ==, 2);
  }

  /* And topics, with their routing. */
  rd_dashboard_page_add_topic (dashboard, "Badges", 1);
  {
    g_autoptr(JsonObject) list = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) topics = NULL;
    JsonObject *first;

    for (guint i = 0; i < 100; i++)
      {
        g_clear_pointer (&topics, json_object_unref);
        topics = rd_test_request (alice, list, &error);
        g_assert_no_error (error);
        if (json_array_get_length (json_object_get_array_member (topics, "topics")) == 2)
          break;
        rd_test_iterate ();
      }
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (topics, "topics")), ==, 2);
    first = json_array_get_object_element (json_object_get_array_member (topics, "topics"), 0);
    g_assert_cmpstr (rd_frame_get_string (first, "name", ""), ==, "Badges");
    g_assert_cmpstr (rd_frame_get_string (first, "strategy", ""), ==, "longest-idle");
  }

  /* Which topics an agent serves, from the agent's topics menu. */
  RD_TEST_WAIT (rd_dashboard_page_set_skill (dashboard, "alice", "Badges", TRUE), 10000);
  RD_TEST_WAIT (serves (client, "alice", "Badges"), 10000);
  g_assert_false (serves (client, "alice", "Network"));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (dashboard), "serves Badges"), 10000);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "dashboard");
  g_assert_true (rd_dashboard_page_set_skill (dashboard, "alice", "Badges", FALSE));
  RD_TEST_WAIT (!serves (client, "alice", "Badges"), 10000);
}

static void
set_policy_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, NULL));
  *(gboolean *) data = TRUE;
}

/* Opening hours and first-response targets: set on the dashboard, told in
 * the Get Help form, watched in the queue, notified when missed. */
static void
hours_and_targets_body (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  RdSupportDesk *desk;
  RdDashboardPage *dashboard;
  RdHelpDialog *help = NULL;
  RdQueuePage *queue = NULL;
  g_autoptr(RdClient) bob = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_autofree char *hours = g_strdup_printf ("%s 09:00-10:00", days[g_date_time_get_day_of_week (later) - 1]);
  g_autofree char *last = NULL;
  gboolean set = FALSE;
  guint notified;

  rd_ui_sign_in_as (fixture, "sam", "sam-password");
  desk = rd_client_get_support_desk (rd_application_get_client (fixture->app));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-dashboard", NULL));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  dashboard = RD_DASHBOARD_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (dashboard), "Network: open"), 10000);

  /* Network opens only the day after tomorrow: the dashboard says when. */
  rd_dashboard_page_set_policy (dashboard, "Network", "", "UTC", "mon-fri 17:00-09:00", "");
  RD_TEST_WAIT (strstr (rd_dashboard_page_get_status (dashboard), "ends before it starts") != NULL, 10000);
  rd_dashboard_page_set_policy (dashboard, "Network", "", "UTC", hours, "");
  RD_TEST_WAIT (g_str_equal (rd_dashboard_page_get_status (dashboard), "Settings of Network saved."), 10000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (dashboard), "Network: closed, opens on"), 10000);

  /* Limits for quiet requesters: a close needs a reminder; minutes only. */
  rd_dashboard_page_set_quiet_limits (dashboard, "Network", "", "10");
  RD_TEST_WAIT (g_str_has_prefix (rd_dashboard_page_get_status (dashboard), "A quiet request can only be closed"),
                10000);
  rd_dashboard_page_set_quiet_limits (dashboard, "Network", "soon", "");
  RD_TEST_WAIT (g_str_has_prefix (rd_dashboard_page_get_status (dashboard), "The reminder for a quiet requester"),
                10000);
  rd_dashboard_page_set_quiet_limits (dashboard, "Network", "5", "10");
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (dashboard), "quiet requesters reminded after 5 min, closed 10 min later"),
                10000);
  g_assert_cmpuint (rd_topic_get_idle_warn_s (rd_support_desk_find_topic (desk, "Network")), ==, 300);
  g_assert_cmpuint (rd_topic_get_idle_close_s (rd_support_desk_find_topic (desk, "Network")), ==, 600);
  /* The hours saved with them stayed as they were. */
  g_assert_cmpstr (rd_topic_get_hours (rd_support_desk_find_topic (desk, "Network")), ==, hours);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "dashboard-topic-settings");

  /* The Get Help form tells a requester, and takes the request anyway. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.get-help", NULL));
  RD_TEST_WAIT ((help = rd_ui_find_help_dialog (fixture->app)) != NULL, 5000);
  RD_TEST_WAIT (rd_help_dialog_fill (help, "Network", "Wi-Fi", "", 0), 10000);
  RD_TEST_WAIT (g_str_has_prefix (rd_help_dialog_get_hours_text (help), "The Network desk is closed now and opens on"),
                10000);
  g_assert_nonnull (strstr (rd_help_dialog_get_hours_text (help), "Your request will wait"));
  rd_ui_save_shot (GTK_WINDOW (fixture->window), GTK_WINDOW (help), "get-help-closed-topic");
  gtk_window_destroy (GTK_WINDOW (help));

  /* A 2-second target on Network, open again: bob's request waits in the
   * queue against it, and when it is missed sam is notified. */
  rd_support_desk_set_topic_policy_async (desk, "Network", 2, -1, NULL, "", NULL, NULL, set_policy_done_cb, &set);
  RD_TEST_WAIT (set, 10000);
  rd_client_set_presence (rd_application_get_client (fixture->app), "away", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-queue", NULL));
  RD_TEST_WAIT ((queue = RD_QUEUE_PAGE (rd_ui_find_widget (GTK_WIDGET (tabs), RD_TYPE_QUEUE_PAGE))) != NULL, 5000);
  notified = rd_fake_notifications_count (notifications);
  bob = rd_test_client_login (fixture->relay, "bob", "bob-password");
  rd_test_create_request (bob, "Network", "Printer offline", 0, NULL);
  RD_TEST_WAIT (rd_queue_page_get_n_waiting (queue) == 1, 10000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (queue), "respond within 1 min") ||
                rd_ui_has_label_in (GTK_WIDGET (queue), "target missed"), 10000);
  RD_TEST_WAIT (rd_fake_notifications_count (notifications) == notified + 1, 15000);
  last = rd_fake_notifications_last (notifications);
  g_assert_true (g_str_has_prefix (last, "Waiting too long in Network\n"));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (queue), "target missed"), 15000);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "queue-target-missed");
  rd_ui_select_page (fixture->window, GTK_WIDGET (dashboard));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (dashboard), "1 past their first-response target"), 15000);
}

/* A requester who goes quiet: the reminder comes into the conversation
 * from the agent, the request closes, and writing again brings it back. */
static void
quiet_requester_body (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  g_autoptr(RdClient) sam = rd_test_client_login (fixture->relay, "sam", "sam-password");
  g_autoptr(RdClient) alice = NULL;
  RdHelpDialog *dialog = NULL;
  RdSupportPage *support;
  RdConversationPage *conversation;
  gint64 first;
  gboolean set = FALSE;

  rd_support_desk_set_topic_idle_async (rd_client_get_support_desk (sam), "Network", 2, 3, NULL, set_policy_done_cb,
                                        &set);
  RD_TEST_WAIT (set, 10000);
  /* Sam supervises, but takes no requests today. */
  rd_client_set_presence (sam, "away", "");
  rd_ui_sign_in_as (fixture, "bob", "bob-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.get-help", NULL));
  RD_TEST_WAIT ((dialog = rd_ui_find_help_dialog (fixture->app)) != NULL, 5000);
  RD_TEST_WAIT (rd_help_dialog_submit (dialog, "Network", "Shared drive missing", "", 0), 10000);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 10000);
  support = RD_SUPPORT_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  first = rd_support_request_get_id (rd_support_page_get_request (support));

  offered_request = 0;
  alice = rd_client_new (fixture->relay->url);
  g_signal_connect (alice, "event", G_CALLBACK (agent_event_cb), NULL);
  rd_client_login_async (alice, "alice", "alice-password", NULL, NULL, NULL);
  RD_TEST_WAIT (offered_request == first, 10000);
  rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, first);
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 2, 10000);
  conversation = RD_CONVERSATION_PAGE (rd_ui_find_widget (GTK_WIDGET (tabs), RD_TYPE_CONVERSATION_PAGE));
  g_assert_cmpstr (rd_conversation_page_get_peer (conversation), ==, "alice");

  /* Bob says nothing: the reminder comes from alice's side. */
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (conversation), "Are you still there?"), 10000);
  /* Still nothing: closed, and the support tab says how to go on. */
  rd_ui_select_page (fixture->window, GTK_WIDGET (support));
  RD_TEST_WAIT (strstr (rd_support_page_get_status_text (support), "no reply to the reminder") != NULL, 10000);
  g_assert_nonnull (strstr (rd_support_page_get_status_text (support), "Write to Alice"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (support), "no reply to the reminder"));
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "quiet-requester-closed");

  /* Bob writes again: the tab follows the follow-up, alice helping. */
  rd_ui_select_page (fixture->window, GTK_WIDGET (conversation));
  rd_conversation_page_type_and_send (conversation, "Back now, the drive is still missing.");
  RD_TEST_WAIT (rd_support_request_get_id (rd_support_page_get_request (support)) != first, 10000);
  RD_TEST_WAIT (rd_support_request_get_state (rd_support_page_get_request (support)) == RD_REQUEST_ACTIVE, 10000);
  g_assert_cmpstr (rd_support_request_get_reason (rd_support_page_get_request (support)), ==, "reopened");
  rd_ui_select_page (fixture->window, GTK_WIDGET (support));
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (support), "is helping you"), 10000);
  /* The conversation was not opened twice. */
  g_assert_cmpuint (adw_tab_view_get_n_pages (tabs), ==, 2);
}

static void
test_quiet_requester (Fixture *fixture, gconstpointer data)
{
  rd_test_relay_add_user (fixture->relay, "sam", "supervisor", "sam-password");
  rd_ui_run_app (fixture, quiet_requester_body);
}

static void
test_hours_and_targets (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, "sam-password\n", NULL, NULL, "user", "add", "sam", "--role",
                                        "supervisor", "--display-name", "Sam Supervisor", "--password-stdin", NULL),
                   ==, 0);
  rd_ui_run_app (fixture, hours_and_targets_body);
}

static void
test_dashboard (Fixture *fixture, gconstpointer data)
{
  rd_test_relay_add_user (fixture->relay, "sam", "supervisor", "sam-password");
  rd_ui_run_app (fixture, dashboard_body);
}

static void
test_sign_in_shows_contacts (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, test_sign_in_shows_contacts_body);
}

static void
test_conversation (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, test_conversation_body);
}

static void
test_remembered_session (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, remembered_session_first_run);
  rd_ui_run_app (fixture, remembered_session_second_run);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *path;
    void (*run) (Fixture *, gconstpointer);
  } tests[] = {
    { "/ui/sign-in-shows-contacts", test_sign_in_shows_contacts },
    { "/ui/conversation", test_conversation },
    { "/ui/untrusted-certificate", test_untrusted_certificate },
    { "/ui/support-requester", test_support_requester },
    { "/ui/support-agent", test_support_agent },
    { "/ui/transfer", test_transfer },
    { "/ui/queue-view", test_queue_view },
    { "/ui/dashboard", test_dashboard },
    { "/ui/hours-and-targets", test_hours_and_targets },
    { "/ui/quiet-requester", test_quiet_requester },
    { "/ui/preferences", test_preferences },
    { "/ui/search-history", test_search_history },
    { "/ui/remembered-session", test_remembered_session },
  };
  int status;

  rd_ui_init (&argc, &argv);
  notifications = rd_fake_notifications_start ();

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, rd_ui_fixture_set_up, tests[i].run, rd_ui_fixture_tear_down);
  status = g_test_run ();
  rd_fake_notifications_stop (notifications);
  return status;
}
