/* test-oversight.c: a supervisor can always act on a support request —
 * take it over from an agent who is signed in but silent or who vanished
 * within the grace period, reassign it from any open state, resolve or
 * cancel it — everyone concerned is told, the history keeps every step,
 * and an account disabled by an admin hands its requests back at once. */
#include "config.h"

#include <string.h>

#include "rd-test-desk.h"

static RdSupportDesk *
desk_of (RdClient *client)
{
  return rd_client_get_support_desk (client);
}

typedef struct {
  gboolean   done;
  GPtrArray *steps;
  GError    *error;
} History;

static void
history_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  History *history = data;

  history->steps = rd_support_desk_history_finish (RD_SUPPORT_DESK (source), result, &history->error);
  history->done = TRUE;
}

/* The steps of @id's history as "what:by:to" words, or the error's code. */
static char *
history_of (RdClient *client, gint64 id)
{
  History history = { 0 };
  GString *text = g_string_new (NULL);

  rd_support_desk_history_async (desk_of (client), id, NULL, history_cb, &history);
  RD_TEST_WAIT (history.done, 10000);
  if (history.error != NULL)
    {
      g_string_append_printf (text, "error %d", history.error->code);
      g_error_free (history.error);
      return g_string_free (text, FALSE);
    }
  for (guint i = 0; i < history.steps->len; i++)
    {
      RdSupportStep *step = g_ptr_array_index (history.steps, i);

      g_assert_cmpint (step->at, >, 0);
      g_string_append_printf (text, "%s%s:%s:%s", i ? " " : "", step->what, step->by, step->to);
      if (*step->topic)
        g_string_append_printf (text, ":%s", step->topic);
      if (*step->note)
        g_string_append_printf (text, "[%s]", step->note);
      if (step->rating)
        g_string_append_printf (text, "*%u", step->rating);
    }
  g_ptr_array_unref (history.steps);
  return g_string_free (text, FALSE);
}

/* Offered to @agent by routing and accepted. */
static RdSupportRequest *
accepted_by (RdClient *agent, RdClient *requester, const char *summary)
{
  GListModel *offers = rd_support_desk_get_offers (desk_of (agent));
  RdSupportRequest *mine = rd_test_desk_create (desk_of (requester), "Network", summary, RD_PRIORITY_NORMAL);
  gint64 id = rd_support_request_get_id (mine);
  RdTestOutcome outcome = { 0 };

  RD_TEST_WAIT (g_list_model_get_n_items (offers) == 1, 10000);
  CALL (outcome, rd_support_desk_accept_async, desk_of (agent), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);
  rd_test_outcome_clear (&outcome);
  return mine;
}

static RdSupportRequest *
handled_request (RdClient *supervisor, gint64 id)
{
  GListModel *handled = rd_support_desk_get_handled (desk_of (supervisor));

  for (guint i = 0; i < g_list_model_get_n_items (handled); i++)
    {
      g_autoptr(RdSupportRequest) request = g_list_model_get_item (handled, i);

      if (rd_support_request_get_id (request) == id)
        return request;   /* the desk keeps it */
    }
  return NULL;
}

/* Alice holds a request and says nothing; sam takes it over from the
 * dashboard's list and finishes it; bob rates it. */
static void
test_take_over_from_a_silent_agent (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) sam = NULL;
  g_autoptr(RdSupportRequest) mine = accepted_by (alice, bob, "Wi-Fi keeps asking for a password");
  gint64 id = rd_support_request_get_id (mine);
  RdSupportRequest *at_alice = rd_support_desk_lookup (desk_of (alice), id);
  RdSupportRequest *listed;
  RdTestOutcome outcome = { 0 };
  g_autofree char *steps = NULL;
  g_autofree char *refused = NULL;

  /* Bob writes to alice, who does not answer. */
  rd_client_send_message (bob, "alice", "Hello? Anyone there?");
  sam = rd_test_client_login (relay, "sam", "sam-password");
  /* The dashboard lists what is being handled: who has it, since when,
   * and when the requester last wrote. */
  RD_TEST_WAIT (handled_request (sam, id) != NULL, 10000);
  listed = handled_request (sam, id);
  g_assert_cmpstr (rd_support_request_get_agent (listed), ==, "alice");
  g_assert_cmpstr (rd_support_request_get_requester (listed), ==, "bob");
  g_assert_cmpint (rd_support_request_get_queued_at (listed), >, 0);
  g_assert_cmpint (rd_support_request_get_requester_active_at (listed), >=, rd_support_request_get_queued_at (listed));
  g_assert_cmpint (rd_support_request_get_requester_active_at (listed), <=, g_get_real_time ());

  /* Only supervisors take over; an unknown request is an error. */
  CALL (outcome, rd_support_desk_take_over_async, desk_of (alice), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id + 100);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  /* The requester and the agent who lost it are both told, with the reason. */
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_agent (mine), "sam"), 10000);
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_ACTIVE);
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "taken_over");
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_agent (at_alice), "sam"), 10000);
  g_assert_cmpstr (rd_support_request_get_reason (at_alice), ==, "taken_over");
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  /* Alice cannot act on it any more; sam resolves it. */
  CALL (outcome, rd_support_desk_resolve_async, desk_of (alice), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_resolve_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_RESOLVED, 10000);
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 4, "Sorted in the end");
  ASSERT_OK (outcome);

  /* Every step, for staff; requesters do not read it. */
  steps = history_of (sam, id);
  g_assert_cmpstr (steps, ==,
                   "created:bob: offered::alice accepted:alice: taken_over:sam:alice resolved:sam: "
                   "rated:bob:[Sorted in the end]*4");
  g_free (steps);
  steps = history_of (alice, id);
  g_assert_true (g_str_has_prefix (steps, "created:bob:"));
  refused = history_of (bob, id);
  g_assert_cmpstr (refused, ==, g_strdup_printf ("error %d", RD_ERROR_FORBIDDEN));
  rd_test_outcome_clear (&outcome);
}

/* Alice vanished within her grace period: sam does not wait for it. He
 * takes the request over, passes it to a topic and then to carol with a
 * note, and in the end cancels it. */
static void
test_reassign_from_any_state (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("agent_grace_period=600");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) carol = NULL;
  g_autoptr(RdSupportRequest) mine = accepted_by (alice, bob, "Printer jams");
  g_autoptr(RdSupportRequest) offer = NULL;
  gint64 id = rd_support_request_get_id (mine);
  GListModel *carol_offers;
  RdTestOutcome outcome = { 0 };
  g_autofree char *steps = NULL;

  /* Gone: alice leaves the dashboard's staff once the relay sees her go. */
  rd_client_disconnect (alice);
  for (int tries = 0; tries < 100; tries++)
    {
      CALL (outcome, rd_support_desk_refresh_dashboard_async, desk_of (sam));
      ASSERT_OK (outcome);
      if (rd_support_desk_find_staff_member (desk_of (sam), "alice") == NULL)
        break;
      rd_test_spin (100);
    }
  g_assert_null (rd_support_desk_find_staff_member (desk_of (sam), "alice"));
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_ACTIVE);
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_agent (mine), "sam"), 10000);

  /* Bad targets change nothing. */
  CALL (outcome, rd_support_desk_transfer_async, desk_of (sam), id, "nobody", NULL, "");
  ASSERT_REFUSED (outcome, RD_ERROR_UNKNOWN_USER);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (sam), id, NULL, "No such topic", "");
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (bob), id, NULL, "Hardware", "");
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_ACTIVE);

  /* Sam holds it now, so passing it on is his own transfer. To a manual
   * topic: it waits there, at the head. */
  CALL (outcome, rd_support_desk_transfer_async, desk_of (sam), id, NULL, "Hardware", "Looks like hardware");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_QUEUED, 10000);
  g_assert_cmpstr (rd_support_request_get_topic (mine), ==, "Hardware");
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "transferred");
  /* From the queue to carol, with a note she reads in the offer. */
  carol = rd_test_client_login (relay, "carol", "carol-password");
  carol_offers = rd_support_desk_get_offers (desk_of (carol));
  CALL (outcome, rd_support_desk_transfer_async, desk_of (sam), id, "carol", NULL, "Paper tray 2");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "reassigned");
  RD_TEST_WAIT (g_list_model_get_n_items (carol_offers) == 1, 10000);
  offer = g_list_model_get_item (carol_offers, 0);
  g_assert_cmpint (rd_support_request_get_id (offer), ==, id);
  g_assert_cmpstr (rd_support_request_get_transfer_note (offer), ==, "Paper tray 2");
  /* Offered to carol: sam cancels it; her offer is withdrawn, bob is told. */
  CALL (outcome, rd_support_desk_cancel_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_CANCELLED, 10000);
  g_assert_cmpstr (rd_support_request_get_reason (mine), ==, "closed_by_supervisor");
  RD_TEST_WAIT (g_list_model_get_n_items (carol_offers) == 0, 10000);
  CALL (outcome, rd_support_desk_cancel_async, desk_of (sam), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (sam), id, "carol", NULL, "");
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);

  steps = history_of (sam, id);
  g_assert_cmpstr (steps, ==,
                   "created:bob: offered::alice accepted:alice: taken_over:sam:alice "
                   "transferred:sam::Hardware[Looks like hardware] reassigned:sam:carol[Paper tray 2] "
                   "cancelled:sam:carol");
  rd_test_outcome_clear (&outcome);
}

static void
remember_reason_cb (RdSupportRequest *request, GParamSpec *pspec, GString **reasons)
{
  g_string_append_printf (*reasons, "%s ", rd_support_request_get_reason (request));
}

/* An admin disables alice while she holds a request: she is signed out
 * at once and the request goes back to the head of the queue. */
static void
test_disabled_agent_hands_back (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("agent_grace_period=600");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdSupportRequest) mine = accepted_by (alice, bob, "Cannot reach the intranet");
  gint64 id = rd_support_request_get_id (mine);
  g_autofree char *steps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "disable", "alice", NULL), ==, 0);
  /* Bob hears it went back (agent_disabled), then that it is offered to
   * the next available staff, sam. */
  g_signal_connect (mine, "notify::reason", G_CALLBACK (remember_reason_cb), &reasons);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED &&
                g_strcmp0 (rd_support_request_get_agent (mine), "sam") == 0, 10000);
  g_assert_nonnull (strstr (reasons->str, "agent_disabled"));
  RD_TEST_WAIT (rd_client_get_state (alice) == RD_CLIENT_SIGNED_OUT, 10000);
  error = rd_test_client_login_error (relay, "alice", "alice-password");
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_ACCOUNT_DISABLED);

  /* Back at the head of the queue, it goes to the next available staff: sam. */
  steps = history_of (sam, id);
  g_assert_cmpstr (steps, ==, "created:bob: offered::alice accepted:alice: agent_disabled::alice offered::sam");
}

typedef struct {
  gboolean   done;
  GPtrArray *items;
  GError    *error;
} Listed;

static void
requests_of_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Listed *listed = data;

  listed->items = rd_support_desk_requests_of_finish (RD_SUPPORT_DESK (source), result, &listed->error);
  listed->done = TRUE;
}

static void
transcript_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Listed *listed = data;

  listed->items = rd_support_desk_transcript_finish (RD_SUPPORT_DESK (source), result, &listed->error);
  listed->done = TRUE;
}

static void
listed_clear (Listed *listed)
{
  g_clear_pointer (&listed->items, g_ptr_array_unref);
  g_clear_error (&listed->error);
  listed->done = FALSE;
}

/* Context for the agent: the requester's earlier requests, newest first,
 * with outcome and rating, and each one's transcript across the agents
 * who held it; for staff only. */
static void
test_earlier_requests_and_transcripts (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(RdSupportRequest) old = NULL;
  g_autoptr(RdSupportRequest) now = NULL;
  RdTestOutcome outcome = { 0 };
  Listed listed = { 0 };
  RdSupportRequest *first;
  gint64 id;

  /* An earlier request: carol takes it, they talk, sam takes it over and
   * finishes it; bob rates it. Then a new one. */
  rd_client_send_message (bob, "carol", "Before my request, unrelated");
  RD_TEST_WAIT (rd_test_n_messages (carol, "bob") == 1, 10000);
  old = rd_test_desk_create (desk_of (bob), "Hardware", "Keyboard sticks", RD_PRIORITY_NORMAL);
  id = rd_support_request_get_id (old);
  CALL (outcome, rd_support_desk_take_async, desk_of (carol), id);
  ASSERT_OK (outcome);
  rd_client_send_message (bob, "carol", "The space bar sticks");
  RD_TEST_WAIT (rd_test_n_messages (carol, "bob") == 2, 10000);
  rd_client_send_message (carol, "bob", "Try the spare keyboard");
  RD_TEST_WAIT (rd_test_n_messages (bob, "carol") == 3, 10000);
  CALL (outcome, rd_support_desk_take_over_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  rd_client_send_message (sam, "bob", "Sam here, a new one is on its way");
  RD_TEST_WAIT (rd_test_n_messages (bob, "sam") == 1, 10000);
  CALL (outcome, rd_support_desk_resolve_async, desk_of (sam), id);
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 4, "");
  ASSERT_OK (outcome);
  now = rd_test_desk_create (desk_of (bob), "Hardware", "Mouse too", RD_PRIORITY_NORMAL);

  alice = rd_test_client_login (relay, "alice", "alice-password");
  rd_support_desk_requests_of_async (desk_of (alice), "bob", NULL, requests_of_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_no_error (listed.error);
  g_assert_cmpuint (listed.items->len, ==, 2);
  first = g_ptr_array_index (listed.items, 1);
  g_assert_cmpint (rd_support_request_get_id (g_ptr_array_index (listed.items, 0)), ==,
                   rd_support_request_get_id (now));
  g_assert_cmpint (rd_support_request_get_id (first), ==, id);
  g_assert_cmpint (rd_support_request_get_state (first), ==, RD_REQUEST_RESOLVED);
  g_assert_cmpstr (rd_support_request_get_topic (first), ==, "Hardware");
  g_assert_cmpstr (rd_support_request_get_agent (first), ==, "sam");
  g_assert_cmpuint (rd_support_request_get_rating (first), ==, 4);
  g_assert_cmpint (rd_support_request_get_finished_at (first), >=, rd_support_request_get_queued_at (first));
  g_assert_cmpint (rd_support_request_get_finished_at (g_ptr_array_index (listed.items, 0)), ==, 0);
  listed_clear (&listed);

  /* Its transcript: carol's and sam's parts, in order, nothing from before. */
  rd_support_desk_transcript_async (desk_of (alice), id, NULL, transcript_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_no_error (listed.error);
  g_assert_cmpuint (listed.items->len, ==, 3);
  g_assert_cmpstr (rd_message_get_body (g_ptr_array_index (listed.items, 0)), ==, "The space bar sticks");
  g_assert_cmpstr (rd_message_get_from (g_ptr_array_index (listed.items, 1)), ==, "carol");
  g_assert_cmpstr (rd_message_get_body (g_ptr_array_index (listed.items, 2)), ==, "Sam here, a new one is on its way");
  listed_clear (&listed);

  /* Requesters read neither; unknown names and requests are errors. */
  rd_support_desk_requests_of_async (desk_of (bob), "bob", NULL, requests_of_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_error (listed.error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  listed_clear (&listed);
  rd_support_desk_transcript_async (desk_of (bob), id, NULL, transcript_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_error (listed.error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  listed_clear (&listed);
  rd_support_desk_requests_of_async (desk_of (alice), "nobody", NULL, requests_of_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_error (listed.error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_USER);
  listed_clear (&listed);
  rd_support_desk_transcript_async (desk_of (alice), id + 100, NULL, transcript_cb, &listed);
  RD_TEST_WAIT (listed.done, 10000);
  g_assert_error (listed.error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  listed_clear (&listed);
  rd_test_outcome_clear (&outcome);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/oversight/take-over-from-a-silent-agent", test_take_over_from_a_silent_agent);
  g_test_add_func ("/oversight/reassign-from-any-state", test_reassign_from_any_state);
  g_test_add_func ("/oversight/disabled-agent-hands-back", test_disabled_agent_hands_back);
  g_test_add_func ("/oversight/earlier-requests-and-transcripts", test_earlier_requests_and_transcripts);
  return g_test_run ();
}
