/* test-support-desk.c: the typed support desk (RdSupportDesk and its
 * objects) against a real relay: every call, the models staying live, and
 * the relay's refusals as GError codes. */
#include "config.h"

#include "rd-facts.h"
#include "rd-test-desk.h"

static RdSupportDesk *
desk_of (RdClient *client)
{
  return rd_client_get_support_desk (client);
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* A manual topic: taken from the live queue, helped, noted, resolved, rated. */
static void
test_take_from_queue (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *queue = rd_support_desk_get_queue (desk_of (alice));
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autoptr(RdSupportRequest) waiting = NULL;
  RdSupportRequest *held;
  RdTestOutcome outcome = { 0 };
  guint state_changes = 0;
  gint64 id;

  mine = rd_test_desk_create (desk_of (bob), "Hardware", "Laptop will not boot", RD_PRIORITY_URGENT);
  id = rd_support_request_get_id (mine);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (rd_support_request_get_state (mine), ==, RD_REQUEST_QUEUED);
  g_assert_true (rd_support_request_is_waiting (mine));
  g_assert_true (rd_support_desk_lookup (desk_of (bob), id) == mine);
  /* The relay's "request" event fills in the rest, and the position push says where it waits. */
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_summary (mine), "Laptop will not boot") &&
                rd_support_request_get_position (mine) == 1, 10000);
  g_assert_cmpint (rd_support_request_get_priority (mine), ==, RD_PRIORITY_URGENT);
  g_assert_cmpstr (rd_support_request_get_topic (mine), ==, "Hardware");
  g_assert_cmpint (rd_support_request_get_queued_at (mine), >, 0);
  g_signal_connect (mine, "notify::state", G_CALLBACK (count_notify_cb), &state_changes);

  /* The agent's queue model is live: the request shows up by itself. */
  RD_TEST_WAIT (g_list_model_get_n_items (queue) == 1, 10000);
  waiting = g_list_model_get_item (queue, 0);
  g_assert_cmpint (rd_support_request_get_id (waiting), ==, id);
  g_assert_cmpstr (rd_support_request_get_requester (waiting), ==, "bob");
  g_assert_cmpstr (rd_support_request_get_requester_name (waiting), ==, "Bob Requester");
  g_assert_cmpuint (rd_support_request_get_position (waiting), ==, 1);

  /* A requester may not take, nor read the queue. */
  CALL (outcome, rd_support_desk_take_async, desk_of (bob), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_refresh_queue_async, desk_of (bob));
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);

  CALL (outcome, rd_support_desk_take_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (queue) == 0, 10000);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);
  g_assert_cmpuint (state_changes, ==, 1);
  g_assert_cmpstr (rd_support_request_get_agent (mine), ==, "alice");
  g_assert_cmpstr (rd_support_request_get_agent_name (mine), ==, "Alice Agent");
  g_assert_false (rd_support_request_is_waiting (mine));
  held = rd_support_desk_lookup (desk_of (alice), id);
  g_assert_nonnull (held);
  RD_TEST_WAIT (rd_support_request_get_state (held) == RD_REQUEST_ACTIVE, 10000);
  /* Taken already: a second take is a conflict, and a cancel now too. */
  CALL (outcome, rd_support_desk_take_async, desk_of (alice), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_cancel_async, desk_of (bob), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);

  /* A note reaches staff only. */
  CALL (outcome, rd_support_desk_add_note_async, desk_of (alice), id, "Asked for the serial number");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_n_notes (held) == 1, 10000);
  g_assert_cmpstr (rd_support_request_get_note (held, 0)->author, ==, "alice");
  g_assert_cmpstr (rd_support_request_get_note (held, 0)->text, ==, "Asked for the serial number");
  CALL (outcome, rd_support_desk_add_note_async, desk_of (alice), id, "");
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);

  /* Rating waits for the end, and comes once, from the requester. */
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 5, "");
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_resolve_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_RESOLVED, 10000);
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 9, "");
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_rate_async, desk_of (alice), id, 5, "");
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 5, "Back up in minutes");
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_rate_async, desk_of (bob), id, 4, "");
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  /* Nobody saw the note but staff. */
  g_assert_cmpuint (rd_support_request_get_n_notes (mine), ==, 0);
  rd_test_outcome_clear (&outcome);
}

static guint offered_count;

static void
offered_cb (RdSupportDesk *desk, RdSupportRequest *request, gpointer data)
{
  offered_count++;
}

/* Routed: offered, declined, accepted, transferred with a note, cancelled. */
static void
test_offers_and_transfer (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) carol = NULL;
  GListModel *alice_offers = rd_support_desk_get_offers (desk_of (alice));
  GListModel *carol_offers;
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autoptr(RdSupportRequest) offer = NULL;
  g_autoptr(RdSupportRequest) second = NULL;
  RdTestOutcome outcome = { 0 };
  gint64 id;

  offered_count = 0;
  g_signal_connect (desk_of (alice), "offered", G_CALLBACK (offered_cb), NULL);
  mine = rd_test_desk_create (desk_of (bob), "Network", "VPN drops", RD_PRIORITY_NORMAL);
  id = rd_support_request_get_id (mine);
  RD_TEST_WAIT (g_list_model_get_n_items (alice_offers) == 1, 10000);
  offer = g_list_model_get_item (alice_offers, 0);
  g_assert_cmpint (rd_support_request_get_id (offer), ==, id);
  g_assert_cmpint (rd_support_request_get_state (offer), ==, RD_REQUEST_OFFERED);
  g_assert_cmpint (rd_support_request_get_offer_expires_at (offer), >, g_get_real_time ());
  g_assert_cmpuint (offered_count, ==, 1);
  /* Only the agent it is offered to may answer it. */
  CALL (outcome, rd_support_desk_accept_async, desk_of (bob), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);

  /* Declined: it leaves alice's offers; with nobody else, it waits. */
  CALL (outcome, rd_support_desk_decline_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (alice_offers) == 0, 10000);
  carol = rd_test_client_login (relay, "carol", "carol-password");
  carol_offers = rd_support_desk_get_offers (desk_of (carol));
  /* An offer that came with the sign-in is there for whoever looks later. */
  RD_TEST_WAIT (g_list_model_get_n_items (carol_offers) == 1, 10000);
  CALL (outcome, rd_support_desk_accept_async, desk_of (carol), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (carol_offers) == 0, 10000);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE &&
                g_str_equal (rd_support_request_get_agent (mine), "carol"), 10000);

  /* Transferred with a note: alice is offered it (she declined it once,
   * but a transfer names her) and reads the note. */
  CALL (outcome, rd_support_desk_transfer_async, desk_of (carol), id, NULL, NULL, "no target");
  ASSERT_REFUSED (outcome, RD_ERROR_MISSING_FIELD);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (carol), id, "nobody", NULL, "");
  g_assert_false (outcome.ok);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (carol), id, "alice", NULL, "Knows the VPN");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (alice_offers) == 1, 10000);
  g_clear_object (&offer);
  offer = g_list_model_get_item (alice_offers, 0);
  g_assert_cmpstr (rd_support_request_get_transfer_note (offer), ==, "Knows the VPN");
  CALL (outcome, rd_support_desk_accept_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_str_equal (rd_support_request_get_agent (mine), "alice"), 10000);

  /* The requester cancels a second one while it waits. */
  second = rd_test_desk_create (desk_of (bob), "Hardware", "Mouse", RD_PRIORITY_NORMAL);
  CALL (outcome, rd_support_desk_cancel_async, desk_of (bob), rd_support_request_get_id (second));
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (second) == RD_REQUEST_CANCELLED, 10000);
  rd_test_outcome_clear (&outcome);
}

/* Passed back to its topic with a note: whoever is offered it next reads
 * the note; its requester sees every change of state, the offer included. */
static void
test_topic_transfer_note (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) carol = NULL;
  GListModel *alice_offers = rd_support_desk_get_offers (desk_of (alice));
  GListModel *carol_offers;
  g_autoptr(RdSupportRequest) mine = NULL;
  g_autoptr(RdSupportRequest) offer = NULL;
  RdTestOutcome outcome = { 0 };
  gint64 id;

  mine = rd_test_desk_create (desk_of (bob), "Network", "Shared drive missing", RD_PRIORITY_NORMAL);
  id = rd_support_request_get_id (mine);
  RD_TEST_WAIT (g_list_model_get_n_items (alice_offers) == 1, 10000);
  /* Bob saw it offered, not only queued and then active. */
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
  g_assert_cmpint (rd_support_request_get_offer_expires_at (mine), ==, 0);
  CALL (outcome, rd_support_desk_accept_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  carol = rd_test_client_login (relay, "carol", "carol-password");
  carol_offers = rd_support_desk_get_offers (desk_of (carol));
  /* Alice is away now: the request can only go to carol. */
  rd_client_set_presence (alice, "away", "");
  /* Her next reply comes after the relay applied it (one connection, in order). */
  CALL (outcome, rd_support_desk_refresh_topics_async, desk_of (alice));
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_transfer_async, desk_of (alice), id, NULL, "Network", "Needs someone with VPN rights");
  ASSERT_OK (outcome);
  RD_TEST_WAIT (g_list_model_get_n_items (carol_offers) == 1, 10000);
  offer = g_list_model_get_item (carol_offers, 0);
  g_assert_cmpint (rd_support_request_get_id (offer), ==, id);
  g_assert_cmpstr (rd_support_request_get_transfer_note (offer), ==, "Needs someone with VPN rights");
  /* The note is for staff: bob never sees it. */
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
  g_assert_cmpstr (rd_support_request_get_transfer_note (mine), ==, "");
  rd_test_outcome_clear (&outcome);
}

static RdStaffMember *
member (RdClient *client, const char *username)
{
  return rd_support_desk_find_staff_member (desk_of (client), username);
}

/* A supervisor runs the desk: topics, capacity, skills, canned replies, figures. */
static void
test_supervisor (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  GListModel *topics = rd_support_desk_get_topics (desk_of (sam));
  GListModel *staff = rd_support_desk_get_staff (desk_of (sam));
  GListModel *canned = rd_support_desk_get_canned_replies (desk_of (alice));
  g_autoptr(RdSupportRequest) waiting = NULL;
  RdTopic *printers;
  RdTestOutcome outcome = { 0 };

  RD_TEST_WAIT (g_list_model_get_n_items (topics) == 2, 10000);
  CALL (outcome, rd_support_desk_add_topic_async, desk_of (sam), "Printers", RD_ROUTE_SKILLS);
  ASSERT_OK (outcome);
  /* The call completes with the model reloaded. */
  printers = rd_support_desk_find_topic (desk_of (sam), "Printers");
  g_assert_nonnull (printers);
  g_assert_cmpint (rd_topic_get_strategy (printers), ==, RD_ROUTE_SKILLS);
  g_assert_cmpint (rd_topic_get_strategy (rd_support_desk_find_topic (desk_of (sam), "Hardware")), ==,
                   RD_ROUTE_MANUAL);
  CALL (outcome, rd_support_desk_add_topic_async, desk_of (sam), "Printers", RD_ROUTE_MANUAL);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_add_topic_async, desk_of (alice), "Phones", RD_ROUTE_MANUAL);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  g_assert_cmpuint (g_list_model_get_n_items (topics), ==, 3);

  /* The staff model: signed-in staff, changed in place. */
  RD_TEST_WAIT (member (sam, "alice") != NULL, 10000);
  g_assert_null (member (sam, "bob"));
  CALL (outcome, rd_support_desk_set_capacity_async, desk_of (sam), "alice", 4);
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_set_skill_async, desk_of (sam), "alice", "Printers", TRUE);
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_set_capacity_async, desk_of (sam), "bob", 4);
  ASSERT_REFUSED (outcome, RD_ERROR_UNKNOWN_USER);
  CALL (outcome, rd_support_desk_set_capacity_async, desk_of (sam), "alice", 51);
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_set_skill_async, desk_of (alice), "alice", "Printers", FALSE);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_refresh_dashboard_async, desk_of (sam));
  ASSERT_OK (outcome);
  g_assert_cmpuint (rd_staff_member_get_capacity (member (sam, "alice")), ==, 4);
  g_assert_true (rd_staff_member_serves (member (sam, "alice"), "Printers"));
  g_assert_cmpstr (rd_staff_member_get_display_name (member (sam, "alice")), ==, "Alice Agent");
  g_assert_cmpstr (rd_staff_member_get_status (member (sam, "alice")), ==, "available");
  CALL (outcome, rd_support_desk_refresh_dashboard_async, desk_of (alice));
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);

  /* The figures follow the queue (a manual topic keeps it waiting). */
  waiting = rd_test_desk_create (desk_of (bob), "Hardware", "Monitor flickers", RD_PRIORITY_HIGH);
  RD_TEST_WAIT (rd_support_desk_get_figures (desk_of (sam))->waiting == 1, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (staff), >=, 2);

  /* Canned replies: supervisors write, agents read, requesters neither. */
  CALL (outcome, rd_support_desk_set_canned_async, desk_of (sam), "Restart", "Please restart.");
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_refresh_canned_async, desk_of (alice));
  ASSERT_OK (outcome);
  g_assert_cmpuint (g_list_model_get_n_items (canned), ==, 1);
  g_assert_cmpstr (rd_canned_reply_get_body (rd_support_desk_find_canned_reply (desk_of (alice), "Restart")), ==,
                   "Please restart.");
  CALL (outcome, rd_support_desk_set_canned_async, desk_of (sam), "Restart", "Restart, then wait a minute.");
  ASSERT_OK (outcome);
  g_assert_cmpstr (rd_canned_reply_get_body (rd_support_desk_find_canned_reply (desk_of (sam), "Restart")), ==,
                   "Restart, then wait a minute.");
  CALL (outcome, rd_support_desk_set_canned_async, desk_of (alice), "Mine", "text");
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_refresh_canned_async, desk_of (bob));
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_delete_canned_async, desk_of (sam), "Nothing like it");
  ASSERT_REFUSED (outcome, RD_ERROR_INVALID_VALUE);
  CALL (outcome, rd_support_desk_delete_canned_async, desk_of (sam), "Restart");
  ASSERT_OK (outcome);
  g_assert_null (rd_support_desk_find_canned_reply (desk_of (sam), "Restart"));
  rd_test_outcome_clear (&outcome);
}

/* A desk whose client is signed out: calls fail cleanly, nothing hangs. */
static void
test_offline_calls (void)
{
  g_autoptr(RdClient) client = rd_client_new ("ws://127.0.0.1:9/ws");
  RdTestOutcome outcome = { 0 };

  CALL (outcome, rd_support_desk_take_async, desk_of (client), 1);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_assert_null (rd_support_desk_lookup (desk_of (client), 1));
  g_assert_cmpuint (g_list_model_get_n_items (rd_support_desk_get_queue (desk_of (client))), ==, 0);
  rd_test_outcome_clear (&outcome);
}

/* ---- facts about the requester's computer ---- */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

#define BOBS_FACTS \
  "{\"os\": \"Debian GNU/Linux 12 (bookworm)\", \"kernel\": \"6.1.0-13-amd64 x86_64\", \"uptime\": 93784," \
  " \"memory\": {\"available\": 6000000000, \"total\": 16000000000}," \
  " \"network\": {\"source\": \"networkmanager\", \"connectivity\": \"limited\", \"vpn\": true," \
  "  \"connections\": [{\"name\": \"Office VPN\", \"type\": \"vpn\", \"device\": \"eth0\", \"addresses\": [\"10.8.0.5/32\"]}]}}"

/* Sent with the request, kept on the relay, read back whole by the staff
 * and the requester, by no other requester; an empty object for a request
 * sent without. Bad facts refuse the request as a whole, naming the
 * member, and create nothing. */
static void
test_computer_facts (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) dave = rd_test_client_login (relay, "dave", "dave-password");
  g_autoptr(JsonObject) object = parse_object (BOBS_FACTS);
  g_autoptr(RdFacts) sent = rd_facts_new_for_json (object);
  g_autoptr(RdFacts) read_by_agent = NULL;
  g_autoptr(RdFacts) read_by_bob = NULL;
  g_autoptr(RdFacts) read_without = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(RdSupportRequest) with_facts = NULL;
  g_autoptr(RdSupportRequest) without = NULL;
  RdTestOutcome outcome = { 0 };
  static const struct { const char *facts; RdErrorCode code; const char *message; } bad[] = {
    { "{\"host\": 42}", RD_ERROR_WRONG_TYPE, "facts.host must be a string" },
    { "{\"printer\": \"HP\"}", RD_ERROR_UNKNOWN_FIELD, "facts has no member \"printer\"" },
    { "{\"network\": {\"source\": \"gio\", \"connectivity\": \"full\"}}", RD_ERROR_INVALID_VALUE,
      "facts.network must have \"vpn\"" },
    { "[\"Debian\"]", RD_ERROR_WRONG_TYPE, "field \"facts\" must be an object" },
  };

  rd_support_desk_create_async (desk_of (bob), "Hardware", "The VPN drops every hour", "", RD_PRIORITY_NORMAL, sent,
                                NULL, NULL, NULL);
  RD_TEST_WAIT (g_list_model_get_n_items (rd_support_desk_get_queue (desk_of (alice))) == 1, 10000);
  with_facts = g_list_model_get_item (rd_support_desk_get_queue (desk_of (alice)), 0);
  read_by_agent = rd_test_desk_facts_of (alice, rd_support_request_get_id (with_facts), NULL);
  g_assert_nonnull (read_by_agent);
  g_assert_true (json_object_equal (rd_facts_get_json (read_by_agent), object));
  read_by_bob = rd_test_desk_facts_of (bob, rd_support_request_get_id (with_facts), NULL);
  g_assert_true (json_object_equal (rd_facts_get_json (read_by_bob), object));
  g_assert_null (rd_test_desk_facts_of (dave, rd_support_request_get_id (with_facts), &refused));
  g_assert_error (refused, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);

  without = rd_test_desk_create (desk_of (bob), "Hardware", "No sound", RD_PRIORITY_NORMAL);
  read_without = rd_test_desk_facts_of (alice, rd_support_request_get_id (without), NULL);
  g_assert_nonnull (read_without);
  g_assert_cmpuint (rd_facts_get_n_items (read_without), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = g_strdup_printf ("bad-%u", i);
      g_autofree char *text = g_strdup_printf ("{\"type\": \"request_create\", \"id\": \"%s\", \"topic\": \"Hardware\","
                                               " \"summary\": \"Bad facts\", \"facts\": %s}", id, bad[i].facts);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = rd_test_send_raw (bob, id, text, &error);

      g_assert_null (reply);
      g_assert_error (error, RD_PROTOCOL_ERROR, (gint) bad[i].code);
      g_assert_cmpstr (error->message, ==, bad[i].message);
    }
  /* Nothing came of them: the queue holds the two good requests only. */
  CALL (outcome, rd_support_desk_refresh_queue_async, desk_of (alice));
  ASSERT_OK (outcome);
  g_assert_cmpuint (g_list_model_get_n_items (rd_support_desk_get_queue (desk_of (alice))), ==, 2);
  rd_test_outcome_clear (&outcome);
}

/* ---- a screenshot on request ---- */

typedef struct {
  guint    asked;
  guint    answered;
  gboolean shared;
  gint64   request;
} ScreenshotSeen;

static void
asked_cb (RdSupportDesk *desk, RdSupportRequest *request, ScreenshotSeen *seen)
{
  seen->asked++;
  seen->request = rd_support_request_get_id (request);
}

static void
answered_cb (RdSupportDesk *desk, RdSupportRequest *request, gboolean shared, ScreenshotSeen *seen)
{
  seen->answered++;
  seen->shared = shared;
  seen->request = rd_support_request_get_id (request);
}

/* Only the agent holding an active request asks; only its requester
 * answers; each side hears of the other's move. */
static void
test_screenshot_ask (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_desk_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) dave = rd_test_client_login (relay, "dave", "dave-password");
  g_autoptr(RdSupportRequest) mine = rd_test_desk_create (desk_of (bob), "Hardware", "Printer jams", RD_PRIORITY_NORMAL);
  gint64 id = rd_support_request_get_id (mine);
  ScreenshotSeen at_bob = { 0 }, at_alice = { 0 };
  RdTestOutcome outcome = { 0 };

  g_signal_connect (desk_of (bob), "screenshot-asked", G_CALLBACK (asked_cb), &at_bob);
  g_signal_connect (desk_of (alice), "screenshot-answered", G_CALLBACK (answered_cb), &at_alice);
  /* Waiting in the queue: nobody holds it. */
  CALL (outcome, rd_support_desk_ask_screenshot_async, desk_of (alice), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_take_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_ACTIVE, 10000);

  /* Not hers, not his to ask. */
  CALL (outcome, rd_support_desk_ask_screenshot_async, desk_of (carol), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_ask_screenshot_async, desk_of (bob), id);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_ask_screenshot_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (at_bob.asked == 1, 10000);
  g_assert_cmpint (at_bob.request, ==, id);

  /* Nobody but bob answers. */
  CALL (outcome, rd_support_desk_answer_screenshot_async, desk_of (dave), id, TRUE);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_answer_screenshot_async, desk_of (alice), id, TRUE);
  ASSERT_REFUSED (outcome, RD_ERROR_FORBIDDEN);
  CALL (outcome, rd_support_desk_answer_screenshot_async, desk_of (bob), id, FALSE);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (at_alice.answered == 1, 10000);
  g_assert_false (at_alice.shared);
  g_assert_cmpint (at_alice.request, ==, id);
  CALL (outcome, rd_support_desk_answer_screenshot_async, desk_of (bob), id, TRUE);
  ASSERT_OK (outcome);
  RD_TEST_WAIT (at_alice.answered == 2, 10000);
  g_assert_true (at_alice.shared);

  /* Over once resolved. */
  CALL (outcome, rd_support_desk_resolve_async, desk_of (alice), id);
  ASSERT_OK (outcome);
  CALL (outcome, rd_support_desk_ask_screenshot_async, desk_of (alice), id);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  CALL (outcome, rd_support_desk_answer_screenshot_async, desk_of (bob), id, TRUE);
  ASSERT_REFUSED (outcome, RD_ERROR_CONFLICT);
  g_assert_cmpuint (at_bob.asked, ==, 1);
  rd_test_outcome_clear (&outcome);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/support-desk/take-from-queue", test_take_from_queue);
  g_test_add_func ("/support-desk/offers-and-transfer", test_offers_and_transfer);
  g_test_add_func ("/support-desk/topic-transfer-note", test_topic_transfer_note);
  g_test_add_func ("/support-desk/supervisor", test_supervisor);
  g_test_add_func ("/support-desk/offline-calls", test_offline_calls);
  g_test_add_func ("/support-desk/computer-facts", test_computer_facts);
  g_test_add_func ("/support-desk/screenshot-ask", test_screenshot_ask);
  return g_test_run ();
}
