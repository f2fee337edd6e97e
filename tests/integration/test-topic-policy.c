/* test-topic-policy.c: opening hours and first-response targets per topic,
 * through RdClient against a real relay: a closed topic keeps requests
 * and offers them once it opens; a request waiting past its topic's
 * target is marked once, supervisors are told, the dashboard counts it;
 * bad settings are refused and change nothing. */
#include "config.h"

#include <string.h>

#include "rd-test-desk.h"

static RdSupportDesk *
desk_of (RdClient *client)
{
  return rd_client_get_support_desk (client);
}

/* The English name of the weekday @days_ahead from today (UTC), and that
 * day's date at @hour:00 UTC in µs. */
static const char *
weekday_ahead (gint days_ahead, gint hour, gint64 *at_us)
{
  static const char * const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_ahead);
  g_autoptr(GDateTime) start = g_date_time_new_utc (g_date_time_get_year (day), g_date_time_get_month (day),
                                                    g_date_time_get_day_of_month (day), hour, 0, 0);

  *at_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  return names[g_date_time_get_day_of_week (day) - 1];
}

static void
test_closed_topic_waits (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *offers = rd_support_desk_get_offers (desk_of (alice));
  GListModel *topics = rd_support_desk_get_topics (desk_of (bob));
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autofree char *hours = NULL;
  RdTestOutcome outcome = { 0 };
  RdTopic *network;
  gint64 opens_at;
  const char *day = weekday_ahead (2, 9, &opens_at);

  /* Open only the day after tomorrow, 9 to 10 UTC: closed now. */
  hours = g_strdup_printf ("%s 09:00-10:00", day);
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, "UTC", hours, "");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (topics) == 2, 10000);
  CALL (outcome, rd_support_desk_refresh_topics_async, desk_of (bob));
  ASSERT_OK (outcome);
  network = rd_support_desk_find_topic (desk_of (bob), "Network");
  g_assert_false (rd_topic_is_open (network));
  g_assert_cmpint (rd_topic_get_opens_at (network), ==, opens_at);
  g_assert_cmpstr (rd_topic_get_hours (network), ==, hours);
  g_assert_cmpstr (rd_topic_get_time_zone (network), ==, "UTC");

  /* Kept, never refused; told why; not offered although alice is available. */
  mine = rd_test_desk_create (desk_of (bob), "Network", "Laptop will not dock", RD_PRIORITY_NORMAL);
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_reason (mine), "desk_closed"), 10000);
  rd_test_spin (1500);
  g_assert_cmpuint (g_list_model_get_n_items (offers), ==, 0);
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_QUEUED);

  /* Bad settings: each refused, the topic as it was. */
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Nothing", 0, -1, NULL, "", NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, "Mars/Olympus_Mons", NULL, NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (outcome.error->message, "no time zone"));
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, NULL,
        "mon-fri 09:00-13:00; wed 12:00-14:00", NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (outcome.error->message, "overlap"));
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, NULL, "mon 17:00-09:00", NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (outcome.error->message, "ends before it starts"));
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, NULL, NULL, "2026-13-01");
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (alice), "Network", 60, -1, NULL, NULL, NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  {
    const char *targets[] = { "0", "-5", "\"soon\"" };

    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        g_autofree char *text = g_strdup_printf ("{\"type\":\"topic_policy_set\",\"id\":\"t%u\",\"topic\":\"Network\","
                                                 "\"first_response_s\":%s}", i, targets[i]);
        g_autofree char *id = g_strdup_printf ("t%u", i);
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonObject) reply = rd_test_send_raw (sam, id, text, &error);

        g_assert_null (reply);
        g_assert_true (g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE) ||
                       g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_WRONG_TYPE));
      }
  }
  CALL (outcome, rd_support_desk_refresh_topics_async, desk_of (bob));
  ASSERT_OK (outcome);
  g_assert_cmpstr (rd_topic_get_hours (network), ==, hours);
  g_assert_cmpuint (rd_topic_get_first_response_s (network), ==, 0);
  g_assert_false (rd_topic_is_open (network));

  /* Open again (no hours): the request waiting is offered at once. */
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, -1, NULL, "", NULL);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (offers) == 1, 10000);
  CALL (outcome, rd_support_desk_refresh_topics_async, desk_of (bob));
  ASSERT_OK (outcome);
  g_assert_true (rd_topic_is_open (network));
  rd_test_outcome_clear (&outcome);
}

static void
count_cb (RdSupportDesk *desk, RdSupportRequest *request, guint *count)
{
  (*count)++;
}

static void
test_first_response_breach (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *queue = rd_support_desk_get_queue (desk_of (sam));
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autoptr(RdSupportRequest) waiting = NULL;
  RdTestOutcome outcome = { 0 };
  guint breaches = 0;
  gint64 created;

  g_signal_connect (desk_of (sam), "breached", G_CALLBACK (count_cb), &breaches);
  /* Hardware is manual: nobody is offered it; 2 seconds to an agent. */
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Hardware", 2, -1, NULL, NULL, NULL);
  ASSERT_OK (outcome);
  g_assert_cmpuint (rd_topic_get_first_response_s (rd_support_desk_find_topic (desk_of (sam), "Hardware")), ==, 2);
  created = g_get_real_time ();
  mine = rd_test_desk_create (desk_of (bob), "Hardware", "Docking station dead", RD_PRIORITY_NORMAL);
  RD_TEST_WAIT (g_list_model_get_n_items (queue) == 1, 10000);
  waiting = g_list_model_get_item (queue, 0);
  /* The queue says by when an agent should have it. */
  g_assert_cmpint (rd_support_request_get_respond_by (waiting), >=, created);
  g_assert_cmpint (rd_support_request_get_respond_by (waiting), <=, g_get_real_time () + 3 * G_USEC_PER_SEC);

  /* Missed: supervisors hear it once; today's figure counts it. */
  RD_TEST_WAIT (breaches == 1, 10000);
  rd_test_spin (2500);
  g_assert_cmpuint (breaches, ==, 1);
  CALL (outcome, rd_support_desk_refresh_dashboard_async, desk_of (sam));
  ASSERT_OK (outcome);
  g_assert_cmpuint (rd_support_desk_get_figures (desk_of (sam))->breaches_today, ==, 1);
  /* A request that is already being handled is no breach. */
  CALL (outcome, rd_support_desk_take_async, desk_of (sam), rd_support_request_get_id (mine));
  ASSERT_OK (outcome);
  rd_test_outcome_clear (&outcome);
}

/* Wrap-up: after resolving a Network request alice gets no new offer for
 * three seconds, then the next one comes by itself. */
static void
test_wrap_up (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *offers = rd_support_desk_get_offers (desk_of (alice));
  g_autoptr(RdSupportRequest) first = NULL;
  g_autoptr(RdSupportRequest) second = NULL;
  RdTestOutcome outcome = { 0 };
  gint64 resolved_at;

  /* Sam goes away so that only alice is offered anything. */
  rd_client_set_presence (sam, "away", "");
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, 3601, NULL, NULL, NULL);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_set_topic_policy_async, desk_of (sam), "Network", 0, 3, NULL, NULL, NULL);
  ASSERT_OK (outcome);
  g_assert_cmpuint (rd_topic_get_wrap_up_s (rd_support_desk_find_topic (desk_of (sam), "Network")), ==, 3);

  first = rd_test_desk_create (desk_of (bob), "Network", "Mail bounces", RD_PRIORITY_NORMAL);
  RD_TEST_WAIT (g_list_model_get_n_items (offers) == 1, 10000);
  CALL (outcome, rd_support_desk_accept_async, desk_of (alice), rd_support_request_get_id (first));
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_resolve_async, desk_of (alice), rd_support_request_get_id (first));
  ASSERT_OK (outcome);
  resolved_at = g_get_monotonic_time ();
  second = rd_test_desk_create (desk_of (bob), "Network", "Calendar empty", RD_PRIORITY_NORMAL);
  RD_TEST_WAIT (g_list_model_get_n_items (offers) == 1, 10000);
  /* Not before the wrap-up ended (a second of slack for the clock). */
  g_assert_cmpint (g_get_monotonic_time () - resolved_at, >=, 2 * G_USEC_PER_SEC);
  rd_test_outcome_clear (&outcome);
}

/* A requester who goes quiet: warned after 2 s (the message comes from
 * the agent's side), closed 2 s after that; writing again reopens it as a
 * follow-up, active with the same agent. */
static void
test_quiet_requester (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *mine_of_bob = NULL;
  g_autoptr(RdSupportRequest) mine = NULL;
  RdSupportRequest *reopened = NULL;
  RdMessage *warning;
  RdTestOutcome outcome = { 0 };
  gint64 id;

  CALL (outcome, rd_support_desk_set_topic_idle_async, desk_of (sam), "Hardware", 86401, 0);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_set_topic_idle_async, desk_of (sam), "Hardware", 2, 2);
  ASSERT_OK (outcome);
  g_assert_cmpuint (rd_topic_get_idle_warn_s (rd_support_desk_find_topic (desk_of (sam), "Hardware")), ==, 2);
  g_assert_cmpuint (rd_topic_get_idle_close_s (rd_support_desk_find_topic (desk_of (sam), "Hardware")), ==, 2);
  mine = rd_test_desk_create (desk_of (bob), "Hardware", "Laptop fan loud", RD_PRIORITY_NORMAL);
  id = rd_support_request_get_id (mine);
  CALL (outcome, rd_support_desk_take_async, desk_of (carol), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);

  /* Quiet: the warning reaches bob from carol's side of the conversation. */
  RD_TEST_WAIT (rd_test_n_messages (bob, "carol") == 1, 10000);
  warning = rd_test_nth_message (bob, "carol", 0);
  g_assert_true (g_str_has_prefix (rd_message_get_body (warning), "Are you still there?"));
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_ACTIVE);
  /* Still quiet: closed, with the reason. */
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_RESOLVED, 10000);
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "closed_idle");
  /* Carol's own list lets it go too (her event may come after bob's). */
  mine_of_bob = rd_support_desk_get_mine (desk_of (carol));
  RD_TEST_WAIT (g_list_model_get_n_items (mine_of_bob) == 0, 10000);

  /* Bob writes again: a follow-up, active with carol at once. */
  rd_client_send_message (bob, "carol", "Sorry, I was in a meeting. Still loud.");
  RD_TEST_WAIT (g_list_model_get_n_items (mine_of_bob) == 1, 10000);
  reopened = g_list_model_get_item (mine_of_bob, 0);
  g_assert_cmpint (rd_support_request_get_id (reopened), !=, id);
  g_assert_cmpint (rd_support_request_get_state (reopened), ==, RD_REQUEST_ACTIVE);
  g_assert_cmpstr (rd_support_request_get_summary (reopened), ==, "Laptop fan loud");
  g_assert_cmpstr (rd_support_request_get_reason (reopened), ==, "reopened");
  g_object_unref (reopened);
  /* A second message does not open a third. */
  rd_client_send_message (bob, "carol", "Hello?");
  RD_TEST_WAIT (rd_test_n_messages (carol, "bob") == 2, 10000);
  rd_test_spin (500);
  g_assert_cmpuint (g_list_model_get_n_items (mine_of_bob), ==, 1);
  rd_test_outcome_clear (&outcome);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topic-policy/closed-topic-waits", test_closed_topic_waits);
  g_test_add_func ("/topic-policy/first-response-breach", test_first_response_breach);
  g_test_add_func ("/topic-policy/wrap-up", test_wrap_up);
  g_test_add_func ("/topic-policy/quiet-requester", test_quiet_requester);
  return g_test_run ();
}
