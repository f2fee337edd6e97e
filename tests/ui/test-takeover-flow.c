/* test-takeover-flow.c: a supervisor takes a request over from an agent
 * whose app froze mid-conversation, in two app windows at once under the
 * same Xvfb display. This process runs the supervisor's app (sam) and bob,
 * the requester, as a client; it starts itself again for the agent's app
 * (alice). Alice accepts bob's request and greets him; then her app is
 * stopped (SIGSTOP: signed in, but answering nothing). Bob waits in vain.
 * Sam's dashboard shows the request with its agent and bob's quiet time;
 * sam reads its history, takes it over, helps bob, resolves it, and the
 * history shows every step. When alice's app runs again, her support bar
 * says that sam took the request. With RELAYDESK_SHOT_DIR set, each step
 * is saved as a screenshot. */
#define G_LOG_DOMAIN "rd-test-takeover-flow"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "rd-dashboard-page-private.h"
#include "rd-support-bar-private.h"
#include "rd-test-desk.h"
#include "rd-ui-test.h"
#include "rd-window-private.h"

#define SUMMARY "Outlook will not open my calendar"
#define AGENT_HELLO "Hi Bob, Alice here. Let me look at your mailbox."
#define BOB_WAITING "Hello? Are you still there?"
#define SAM_HELLO "Hi Bob, Sam from IT. Alice got pulled away; I will finish this with you."
#define BOB_THANKS "It opens now, thanks!"
#define EARLIER_SUMMARY "Second screen stays black"
#define EARLIER_WORDS "The second screen stays black since Monday"

/* --- the agent's side, in the second process --- */

static void
agent_body (Fixture *fixture)
{
  RdWindow *window = fixture->window;
  RdConversationPage *page = NULL;
  RdSupportBar *bar = NULL;
  GtkWidget *dialog = NULL;

  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  RD_TEST_WAIT ((dialog = rd_window_get_offer_dialog (window)) != NULL, 15000);
  g_assert_true (rd_ui_has_label_in (dialog, SUMMARY));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  RD_TEST_WAIT ((page = rd_ui_conversation_with (window, "bob")) != NULL, 10000);
  RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);
  rd_conversation_page_type_and_send (page, AGENT_HELLO);
  /* Here the test stops this process for a while. When it runs again, the
   * relay has told it that sam took the request: the tools are gone and
   * the bar says who has it now. */
  RD_TEST_WAIT (rd_support_bar_is_taken_away (bar), 240000);
  g_assert_true (rd_conversation_page_get_support_bar (page) == bar);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (bar), "Sam Supervisor took this request over"));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "takeover-4-agent-after");
}

/* --- the supervisor's side, in this process --- */

static GSubprocess *agent_process;

static RdClient *bob;

static void
supervisor_body (Fixture *fixture)
{
  RdWindow *window = fixture->window;
  AdwTabView *tabs = rd_window_get_tab_view (window);
  RdDashboardPage *dashboard;
  RdHistoryWindow *history = NULL;
  RdConversationPage *page = NULL;
  RdSupportBar *bar = NULL;
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autofree char *steps = NULL;
  gint64 id;

  /* Last week's request of bob's, taken by carol by hand and resolved. */
  {
    g_autoptr(RdClient) carol = rd_test_client_login (fixture->relay, "carol", "carol-password");
    g_autoptr(RdSupportRequest) earlier = rd_test_desk_create (rd_client_get_support_desk (bob), "Desk",
                                                               EARLIER_SUMMARY, RD_PRIORITY_NORMAL);

    rd_test_act (carol, RD_FRAME_REQUEST_TAKE, rd_support_request_get_id (earlier));
    rd_client_send_message (bob, "carol", EARLIER_WORDS);
    RD_TEST_WAIT (rd_test_n_messages (carol, "bob") == 1, 10000);
    rd_test_act (carol, RD_FRAME_REQUEST_RESOLVE, rd_support_request_get_id (earlier));
    RD_TEST_WAIT (rd_support_request_get_state (earlier) == RD_REQUEST_RESOLVED, 10000);
    /* Carol leaves as away, so that nothing new is offered to her while
     * the relay has yet to see her go. */
    rd_client_set_presence (carol, "away", "");
    {
      g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_PING, NULL);
      g_autoptr(JsonObject) pong = rd_test_request (carol, ping, NULL);

      g_assert_nonnull (pong);   /* after the presence change, in order on one connection */
    }
  }

  /* Bob asks; alice's app takes the request and greets him. */
  mine = rd_test_desk_create (rd_client_get_support_desk (bob), "Network", SUMMARY, RD_PRIORITY_NORMAL);
  id = rd_support_request_get_id (mine);
  agent_process = rd_ui_start_other_side (fixture->relay->url);
  g_test_message ("step: %s", G_STRLOC);
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 1, 60000);
  g_assert_cmpstr (rd_support_request_get_agent (mine), ==, "alice");

  /* Alice's app freezes: still signed in, answering nothing. */
  g_subprocess_send_signal (agent_process, SIGSTOP);
  g_test_message ("step: %s", G_STRLOC);
  rd_client_send_message (bob, "alice", BOB_WAITING);

  /* Sam's dashboard lists the request: alice has it, bob is waiting. */
  rd_ui_sign_in_as (fixture, "sam", "sam-password");
  g_test_message ("step: %s", G_STRLOC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-dashboard", NULL));
  dashboard = RD_DASHBOARD_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
  RD_TEST_WAIT (rd_dashboard_page_get_n_handled (dashboard) == 1, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (dashboard), SUMMARY));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (dashboard), "with Alice Agent"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (dashboard), "requester quiet 0 min"));
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "takeover-1-dashboard");

  /* What happened so far. */
  g_assert_true (rd_dashboard_page_act_on (dashboard, id, "history"));
  RD_TEST_WAIT ((history = rd_dashboard_page_get_history_window (dashboard)) != NULL, 5000);
  RD_TEST_WAIT ((g_free (steps), steps = rd_history_window_dup_text (history), *steps != '\0'), 10000);
  g_assert_cmpstr (steps, ==, "Bob Requester asked for help\nOffered to Alice Agent\nAlice Agent accepted it\n");
  rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (history), "takeover-2-history-before");

  /* Taken over: the conversation with bob opens here with the tools, and
   * bob sees who helps him now. */
  g_assert_true (rd_dashboard_page_act_on (dashboard, id, "take-over"));
  g_test_message ("step: %s", G_STRLOC);
  RD_TEST_WAIT (g_str_has_prefix (rd_dashboard_page_get_status (dashboard), "The request is yours now"), 10000);
  RD_TEST_WAIT (g_strcmp0 (rd_support_request_get_agent (mine), "sam") == 0, 10000);
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "taken_over");
  RD_TEST_WAIT ((page = rd_ui_conversation_with (window, "bob")) != NULL, 10000);
  RD_TEST_WAIT ((bar = rd_conversation_page_get_support_bar (page)) != NULL, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (bar), SUMMARY));
  /* The bar offers bob's earlier request; its transcript opens. */
  RD_TEST_WAIT (rd_support_bar_get_n_earlier (bar) == 1, 10000);
  {
    RdHistoryWindow *transcript = rd_support_bar_open_earlier (bar, 0);
    g_autofree char *text = NULL;

    g_assert_nonnull (transcript);
    RD_TEST_WAIT ((g_free (text), text = rd_history_window_dup_text (transcript), *text != '\0'), 10000);
    g_assert_cmpstr (text, ==, EARLIER_WORDS "\n");
    rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (transcript), "takeover-3b-earlier-transcript");
    gtk_window_destroy (GTK_WINDOW (transcript));
  }
  /* And what bob and alice wrote before sam took over. */
  RD_TEST_WAIT (rd_support_bar_get_earlier_part_label (bar) != NULL, 10000);
  g_assert_cmpstr (rd_support_bar_get_earlier_part_label (bar), ==, "Earlier with Alice Agent");
  {
    RdHistoryWindow *transcript = rd_support_bar_open_earlier_part (bar);
    g_autofree char *text = NULL;

    g_assert_nonnull (transcript);
    RD_TEST_WAIT ((g_free (text), text = rd_history_window_dup_text (transcript), *text != '\0'), 10000);
    g_assert_cmpstr (text, ==, AGENT_HELLO "\n" BOB_WAITING "\n");
    rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (transcript), "takeover-3c-earlier-part");
    gtk_window_destroy (GTK_WINDOW (transcript));
  }
  /* Sam's sidebar now lists it among his own requests; a click opens it. */
  RD_TEST_WAIT (rd_my_requests_get_n (rd_window_get_my_requests (window)) == 1, 10000);
  g_assert_true (rd_my_requests_open (rd_window_get_my_requests (window), id));
  /* The dashboard's row follows: sam has it now. */
  rd_ui_select_page (window, GTK_WIDGET (dashboard));
  RD_TEST_WAIT (rd_dashboard_page_get_n_handled (dashboard) == 1 &&
                rd_ui_has_label_in (GTK_WIDGET (dashboard), "with Sam Supervisor"), 10000);
  rd_ui_select_page (window, GTK_WIDGET (page));
  rd_conversation_page_type_and_send (page, SAM_HELLO);
  RD_TEST_WAIT (rd_test_n_messages (bob, "sam") == 1, 10000);
  rd_client_send_message (bob, "sam", BOB_THANKS);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (page), BOB_THANKS), 10000);
  rd_ui_save_shot (GTK_WINDOW (window), NULL, "takeover-3-supervisor-conversation");

  /* Resolved by sam: the history, still open, shows every step. */
  g_assert_true (rd_support_bar_resolve (bar));
  g_test_message ("step: %s", G_STRLOC);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_RESOLVED, 10000);
  RD_TEST_WAIT ((g_free (steps), steps = rd_history_window_dup_text (history),
                 strstr (steps, "resolved") != NULL), 10000);
  g_assert_cmpstr (steps, ==,
                   "Bob Requester asked for help\nOffered to Alice Agent\nAlice Agent accepted it\n"
                   "Sam Supervisor took it over from Alice Agent\nSam Supervisor resolved it\n");
  rd_ui_save_shot (GTK_WINDOW (window), GTK_WINDOW (history), "takeover-5-history-after");
  RD_TEST_WAIT (rd_dashboard_page_get_n_handled (dashboard) == 0, 10000);

  /* Alice's app runs again and sees what happened; it ends well. */
  g_subprocess_send_signal (agent_process, SIGCONT);
  g_test_message ("step: %s", G_STRLOC);
  rd_ui_other_side_wait (agent_process, 60000);
}

static void
test_take_over_a_frozen_agent (void)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  Fixture fixture = { 0 };

  fixture.relay = rd_test_relay_new_team ();
  g_assert_cmpint (rd_test_relay_admin (fixture.relay, "sam-password\n", NULL, NULL, "user", "add", "sam", "--role",
                                        "supervisor", "--display-name", "Sam Supervisor", "--password-stdin", NULL),
                   ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture.relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture.relay, NULL, NULL, NULL, "topic", "add", "Desk", "--strategy", "manual",
                                        NULL), ==, 0);
  g_settings_set_string (settings, "relay-url", fixture.relay->url);
  bob = rd_test_client_login (fixture.relay, "bob", "bob-password");
  rd_ui_run_app (&fixture, supervisor_body);
  rd_ui_other_side_stop (&agent_process);
  g_clear_object (&bob);
  rd_test_relay_free (fixture.relay);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  return rd_ui_two_sided_main (argc, argv, "/ui/takeover-flow/take-over-a-frozen-agent", test_take_over_a_frozen_agent, agent_body);
}
