/* test-queue.c: the support queue through the admin command and a real relay. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

static void
test_topics_and_agents (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Accounts", "--strategy", "skills", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Hardware", "--strategy", "manual", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "topic", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Accounts\tskills\nHardware\tmanual\nNetwork\tleast-busy\n");

  /* Bad input is refused and changes nothing. */
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "Network", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "Printers", "--strategy", "coin-flip", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown strategy"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "   ", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "capacity", "alice", "lots", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "capacity", "bob", "2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "requester"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "skill", "alice", "Nothing", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no topic"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "topic", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Accounts\tskills\nHardware\tmanual\nNetwork\tleast-busy\n");

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "capacity", "alice", "5", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "skill", "alice", "Accounts", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "unskill", "alice", "Accounts", NULL), ==, 0);

  /* The running relay keeps working on the same database. */
  g_object_unref (rd_test_client_login (relay, "alice", "alice-password"));
}

/* The newest "offer" and "request" events a client got. */
typedef struct {
  guint       offers;
  guint       updates;
  JsonObject *offer;
  JsonObject *update;
} Inbox;

static void
event_cb (RdClient *client, const char *kind, JsonObject *data, Inbox *inbox)
{
  if (g_str_equal (kind, "offer"))
    {
      inbox->offers++;
      g_clear_pointer (&inbox->offer, json_object_unref);
      inbox->offer = json_object_ref (data);
    }
  else if (g_str_equal (kind, "request"))
    {
      inbox->updates++;
      g_clear_pointer (&inbox->update, json_object_unref);
      inbox->update = json_object_ref (data);
    }
}

static void
inbox_clear (Inbox *inbox)
{
  g_clear_pointer (&inbox->offer, json_object_unref);
  g_clear_pointer (&inbox->update, json_object_unref);
}

static void
watch (RdClient *client, Inbox *inbox)
{
  g_signal_connect (client, "event", G_CALLBACK (event_cb), inbox);
}

static const char *
update_state (Inbox *inbox)
{
  return inbox->update ? rd_frame_get_string (inbox->update, "state", "") : "";
}

static RdTestRelay *
queue_relay (const char *extra)
{
  RdTestRelay *relay = rd_test_relay_new ();
  g_autofree char *users = g_build_filename (relay->dir, "users.txt", NULL);

  rd_test_relay_configure (relay, extra);
  g_assert_true (g_file_set_contents (users,
    "alice:agent:Alice Agent:alice-password\ncarol:agent:Carol Agent:carol-password\n"
    "bob:requester:Bob Requester:bob-password\ndave:requester:Dave Requester:dave-password\n", -1, NULL));
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "import", users, NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  rd_test_relay_start (relay);
  return relay;
}

static void
test_offer_accept_resolve (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) topics = NULL;
  g_autoptr(JsonObject) list = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);
  Inbox agent = { 0 }, requester = { 0 };
  gint64 position = 0;
  gint64 id;

  topics = rd_test_request (bob, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (topics, "topics")), ==, 1);

  watch (alice, &agent);
  watch (bob, &requester);
  id = rd_test_create_request (bob, "Network", "VPN fails", 0, &position);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (position, ==, 1);

  /* Offered to the one available agent, with what the requester wrote. */
  RD_TEST_WAIT (agent.offer != NULL, 10000);
  g_assert_cmpint (rd_frame_get_int (agent.offer, "request", 0), ==, id);
  g_assert_cmpstr (rd_frame_get_string (agent.offer, "summary", ""), ==, "VPN fails");
  g_assert_cmpstr (rd_frame_get_string (agent.offer, "requester", ""), ==, "bob");

  /* The requester may not accept; the agent does, and the requester hears who. */
  g_assert_null (rd_test_ask (bob, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);
  RD_TEST_WAIT (g_str_equal (update_state (&requester), "active"), 10000);
  g_assert_cmpstr (rd_frame_get_string (requester.update, "agent", ""), ==, "alice");

  /* Cancelling an active request is refused; resolving ends it. */
  g_assert_null (rd_test_ask (bob, RD_FRAME_REQUEST_CANCEL, id, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);
  g_clear_error (&error);
  json_object_unref (rd_test_ask (alice, RD_FRAME_REQUEST_RESOLVE, id, &error));
  g_assert_no_error (error);
  RD_TEST_WAIT (g_str_equal (update_state (&requester), "resolved"), 10000);
  inbox_clear (&agent);
  inbox_clear (&requester);
}

static void
test_decline_and_timeout_move_on (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("offer_timeout=1");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  Inbox a = { 0 }, c = { 0 };
  RdClient *first, *second;
  Inbox *first_inbox, *second_inbox;
  gint64 id;

  watch (alice, &a);
  watch (carol, &c);
  id = rd_test_create_request (bob, "Network", "Printer jam", 0, NULL);
  RD_TEST_WAIT (a.offers + c.offers == 1, 10000);
  first = a.offers ? alice : carol;
  first_inbox = a.offers ? &a : &c;
  second = a.offers ? carol : alice;
  second_inbox = a.offers ? &c : &a;

  /* The first declines: the other gets it. */
  json_object_unref (rd_test_ask (first, RD_FRAME_OFFER_DECLINE, id, &error));
  g_assert_no_error (error);
  RD_TEST_WAIT (second_inbox->offers == 1, 10000);
  /* The second lets it time out: nobody is left who did not say no. */
  RD_TEST_WAIT (g_str_equal (rd_frame_get_string (second_inbox->update ? second_inbox->update : second_inbox->offer,
                                                  "note", ""), "offer_timed_out"), 10000);
  g_assert_cmpuint (first_inbox->offers, ==, 1);
  /* And accepting a timed-out offer is refused. */
  g_assert_null (rd_test_ask (second, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_nonnull (error);
  inbox_clear (&a);
  inbox_clear (&c);
}

static guint
n_open_offers (RdClient *agent)
{
  return g_list_model_get_n_items (rd_support_desk_get_offers (rd_client_get_support_desk (agent)));
}

static void
test_no_agent_then_one_arrives (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  Inbox requester = { 0 }, agent = { 0 };
  gint64 id;

  /* Bad input first: an unknown topic, an over-long summary, a wrong priority. */
  json_object_set_string_member (bad, "topic", "Plumbing");
  json_object_set_string_member (bad, "summary", "leak");
  g_assert_null (rd_test_request (bob, bad, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  json_object_set_string_member (bad, "topic", "Network");
  json_object_set_int_member (bad, "priority", 7);
  g_assert_null (rd_test_request (bob, bad, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  watch (bob, &requester);
  id = rd_test_create_request (bob, "Network", "Cannot log in", 1, NULL);
  RD_TEST_WAIT (requester.update != NULL, 10000);
  g_assert_cmpstr (rd_frame_get_string (requester.update, "note", ""), ==, "no_agent_online");
  g_assert_cmpstr (update_state (&requester), ==, "queued");

  /* It waits; the first agent to come online is offered it. */
  alice = rd_client_new (relay->url);
  watch (alice, &agent);
  rd_client_login_async (alice, "alice", "alice-password", NULL, NULL, NULL);
  RD_TEST_WAIT (agent.offer != NULL, 10000);
  g_assert_cmpint (rd_frame_get_int (agent.offer, "request", 0), ==, id);
  /* The client keeps it as open for whoever looks later, until it is settled. */
  {
    GListModel *open = rd_support_desk_get_offers (rd_client_get_support_desk (alice));
    g_autoptr(RdSupportRequest) offer = g_list_model_get_item (open, 0);

    g_assert_cmpuint (g_list_model_get_n_items (open), ==, 1);
    g_assert_cmpint (rd_support_request_get_id (offer), ==, id);
    g_assert_cmpint (rd_support_request_get_state (offer), ==, RD_REQUEST_OFFERED);
    g_assert_cmpstr (rd_support_request_get_summary (offer), ==, "Cannot log in");
    g_assert_cmpint (rd_support_request_get_priority (offer), ==, RD_PRIORITY_HIGH);
    g_assert_cmpint (rd_support_request_get_offer_expires_at (offer), >, g_get_real_time ());
  }
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);
  RD_TEST_WAIT (n_open_offers (alice) == 0, 10000);
  inbox_clear (&requester);
  inbox_clear (&agent);
}

static void
test_agent_gone_past_grace (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("agent_grace_period=1");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) carol = NULL;
  g_autoptr(GError) error = NULL;
  Inbox a = { 0 }, c = { 0 }, requester = { 0 };
  gint64 id;

  watch (alice, &a);
  watch (bob, &requester);
  id = rd_test_create_request (bob, "Network", "Wi-Fi drops", 0, NULL);
  RD_TEST_WAIT (a.offer != NULL, 10000);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);

  /* Alice vanishes for good: past the grace period it goes back, and bob is told. */
  rd_client_disconnect (alice);
  RD_TEST_WAIT (g_str_equal (rd_frame_get_string (requester.update, "note", ""), "agent_left"), 10000);
  g_assert_cmpstr (update_state (&requester), ==, "queued");

  carol = rd_client_new (relay->url);
  watch (carol, &c);
  rd_client_login_async (carol, "carol", "carol-password", NULL, NULL, NULL);
  RD_TEST_WAIT (c.offer != NULL, 10000);
  g_assert_cmpint (rd_frame_get_int (c.offer, "request", 0), ==, id);
  inbox_clear (&a);
  inbox_clear (&c);
  inbox_clear (&requester);
}

static void
test_survives_restart (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(GError) error = NULL;
  Inbox a = { 0 };
  gint64 id;

  watch (alice, &a);
  id = rd_test_create_request (bob, "Network", "Laptop will not boot", 2, NULL);
  RD_TEST_WAIT (a.offers == 1, 10000);

  /* Killed while the offer is out: after the restart it is offered again, once. */
  rd_test_relay_kill (relay);
  rd_test_relay_start (relay);
  RD_TEST_WAIT (a.offers == 2 && rd_client_get_state (alice) == RD_CLIENT_ONLINE, 20000);
  g_assert_cmpint (rd_frame_get_int (a.offer, "request", 0), ==, id);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);
  inbox_clear (&a);
}

static void
queue_changed_cb (RdClient *client, guint waiting, guint *seen)
{
  *seen = waiting + 1;   /* +1: zero waiting is still news */
}

static void
test_take_rate_and_list (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) dave = rd_test_client_login (relay, "dave", "dave-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = rd_frame_new (RD_FRAME_QUEUE_LIST, NULL);
  g_autoptr(JsonObject) queue = NULL;
  g_autoptr(JsonObject) rate = rd_frame_new (RD_FRAME_REQUEST_RATE, NULL);
  JsonArray *requests;
  guint seen = 0;
  guint unwatched = 0;
  gint64 first, second;

  /* Agents busy elsewhere (away): requests wait, staff who look at the
   * queue see them live; staff who never asked for it hear nothing. */
  rd_client_set_presence (alice, "away", "");
  rd_client_set_presence (carol, "busy", "");
  RD_TEST_WAIT (g_strcmp0 (rd_client_get_own_status (carol), "busy") == 0, 5000);
  g_signal_connect (alice, "queue-changed", G_CALLBACK (queue_changed_cb), &seen);
  g_signal_connect (carol, "queue-changed", G_CALLBACK (queue_changed_cb), &unwatched);
  queue = rd_test_request (alice, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (queue, "requests")), ==, 0);
  g_clear_pointer (&queue, json_object_unref);
  first = rd_test_create_request (bob, "Network", "Email will not sync", 0, NULL);
  RD_TEST_WAIT (seen == 2, 10000);
  second = rd_test_create_request (dave, "Network", "Screen flickers", 2, NULL);
  RD_TEST_WAIT (seen == 3, 10000);
  g_assert_cmpuint (unwatched, ==, 0);

  queue = rd_test_request (alice, list, &error);
  g_assert_no_error (error);
  requests = json_object_get_array_member (queue, "requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  /* Urgent first, with who asked and what about. */
  g_assert_cmpint (rd_frame_get_int (json_array_get_object_element (requests, 0), "request", 0), ==, second);
  g_assert_cmpstr (rd_frame_get_string (json_array_get_object_element (requests, 0), "requester", ""), ==, "dave");
  g_assert_cmpstr (rd_frame_get_string (json_array_get_object_element (requests, 1), "topic", ""), ==, "Network");
  g_clear_pointer (&queue, json_object_unref);
  g_assert_null (rd_test_request (bob, list, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Manual pick-up: the first to take it has it; the second is told. */
  g_assert_null (rd_test_ask (bob, RD_FRAME_REQUEST_TAKE, first, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_unref (rd_test_ask (carol, RD_FRAME_REQUEST_TAKE, first, &error));
  g_assert_no_error (error);
  g_assert_null (rd_test_ask (alice, RD_FRAME_REQUEST_TAKE, first, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);
  g_clear_error (&error);
  RD_TEST_WAIT (seen == 2, 10000);   /* one waiting now */

  /* Rating: 1 to 5, by its requester, once it is resolved, once. */
  json_object_set_int_member (rate, "request", first);
  json_object_set_int_member (rate, "rating", 5);
  json_object_set_string_member (rate, "comment", "Quick and kind");
  g_assert_null (rd_test_request (bob, rate, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);
  g_clear_error (&error);
  json_object_unref (rd_test_ask (carol, RD_FRAME_REQUEST_RESOLVE, first, &error));
  g_assert_no_error (error);
  g_assert_null (rd_test_request (dave, rate, &error));              /* not his request */
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_unref (rd_test_request (bob, rate, &error));
  g_assert_no_error (error);
  g_assert_null (rd_test_request (bob, rate, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);
  g_clear_error (&error);
  json_object_set_int_member (rate, "rating", 6);
  g_assert_null (rd_test_request (bob, rate, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
}

static void
test_notes_transfer_dashboard (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) carol = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) note = rd_frame_new (RD_FRAME_REQUEST_NOTE, NULL);
  g_autoptr(JsonObject) transfer = rd_frame_new (RD_FRAME_REQUEST_TRANSFER, NULL);
  g_autoptr(JsonObject) capacity = rd_frame_new (RD_FRAME_AGENT_CAPACITY_SET, NULL);
  g_autoptr(JsonObject) dashboard_get = rd_frame_new (RD_FRAME_DASHBOARD_GET, NULL);
  g_autoptr(JsonObject) dashboard = NULL;
  Inbox a = { 0 }, c = { 0 }, requester = { 0 };
  guint notes_seen_by_bob = 0;
  gint64 id;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "add", "sam", "--role", "supervisor",
                                        "--password-stdin", NULL), !=, 0);   /* no password given: refused */
  rd_test_relay_add_user (relay, "sam", "supervisor", "sam-password");
  watch (alice, &a);
  watch (bob, &requester);
  id = rd_test_create_request (bob, "Network", "Shared drive is read-only", 1, NULL);
  RD_TEST_WAIT (a.offer != NULL, 10000);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);

  /* An internal note reaches staff, never the requester. */
  json_object_set_int_member (note, "request", id);
  json_object_set_string_member (note, "text", "Permissions were changed last night");
  g_assert_null (rd_test_request (bob, note, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_unref (rd_test_request (alice, note, &error));
  g_assert_no_error (error);
  notes_seen_by_bob = requester.updates;

  /* Transfer to carol with a note: she is offered it, bob is told. */
  carol = rd_test_client_login (relay, "carol", "carol-password");
  watch (carol, &c);
  json_object_set_int_member (transfer, "request", id);
  json_object_set_string_member (transfer, "to_agent", "carol");
  json_object_set_string_member (transfer, "note", "Carol knows the file server");
  g_assert_null (rd_test_request (carol, transfer, &error));   /* not hers to transfer */
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_unref (rd_test_request (alice, transfer, &error));
  g_assert_no_error (error);
  RD_TEST_WAIT (c.offer != NULL, 10000);
  g_assert_cmpstr (rd_frame_get_string (c.offer, "transfer_note", ""), ==, "Carol knows the file server");
  RD_TEST_WAIT (g_str_equal (rd_frame_get_string (requester.update, "note", ""), "transferred"), 10000);
  g_assert_cmpuint (requester.updates, >, notes_seen_by_bob);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), requester.update);
    g_autofree char *text = json_to_string (node, FALSE);

    g_assert_null (strstr (text, "Permissions"));
  }
  json_object_unref (rd_test_ask (carol, RD_FRAME_OFFER_ACCEPT, id, &error));
  g_assert_no_error (error);

  /* The supervisor's dashboard and capacity; agents may not. */
  {
    g_autoptr(RdClient) sam = rd_test_client_login (relay, "sam", "sam-password");
    JsonObject *queue;

    json_object_set_string_member (capacity, "username", "alice");
    json_object_set_int_member (capacity, "capacity", 7);
    g_assert_null (rd_test_request (alice, capacity, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    json_object_unref (rd_test_request (sam, capacity, &error));
    g_assert_no_error (error);
    json_object_set_string_member (capacity, "username", "bob");
    g_assert_null (rd_test_request (sam, capacity, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_USER);
    g_clear_error (&error);
    {
      /* Skills: a supervisor's, for staff, on a topic that exists. */
      g_autoptr(JsonObject) skill = rd_frame_new (RD_FRAME_AGENT_SKILL_SET, NULL);

      json_object_set_string_member (skill, "username", "alice");
      json_object_set_string_member (skill, "topic", "Network");
      json_object_set_boolean_member (skill, "serves", TRUE);
      g_assert_null (rd_test_request (alice, skill, &error));
      g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
      g_clear_error (&error);
      json_object_unref (rd_test_request (sam, skill, &error));
      g_assert_no_error (error);
      json_object_set_string_member (skill, "topic", "Catering");
      g_assert_null (rd_test_request (sam, skill, &error));
      g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
      g_clear_error (&error);
      json_object_set_string_member (skill, "topic", "Network");
      json_object_set_string_member (skill, "username", "bob");
      g_assert_null (rd_test_request (sam, skill, &error));
      g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_USER);
      g_clear_error (&error);
    }

    json_object_unref (rd_test_ask (carol, RD_FRAME_REQUEST_RESOLVE, id, &error));
    g_assert_no_error (error);
    dashboard = rd_test_request (sam, dashboard_get, &error);
    g_assert_no_error (error);
    queue = json_object_get_object_member (dashboard, "queue");
    g_assert_cmpint (rd_frame_get_int (queue, "resolved_today", -1), ==, 1);
    g_assert_cmpint (rd_frame_get_int (queue, "waiting", -1), ==, 0);
    /* alice, carol and sam are staff online; alice's capacity is the new one. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dashboard, "agents")), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *agent = json_array_get_object_element (json_object_get_array_member (dashboard, "agents"), i);
        JsonArray *skills = json_object_get_array_member (agent, "skills");

        if (g_str_equal (rd_frame_get_string (agent, "username", ""), "alice"))
          {
            g_assert_cmpint (rd_frame_get_int (agent, "capacity", 0), ==, 7);
            g_assert_cmpuint (json_array_get_length (skills), ==, 1);
            g_assert_cmpstr (json_array_get_string_element (skills, 0), ==, "Network");
          }
        else
          g_assert_cmpuint (json_array_get_length (skills), ==, 0);
      }
    g_assert_null (rd_test_request (alice, dashboard_get, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  }
  inbox_clear (&a);
  inbox_clear (&c);
  inbox_clear (&requester);
}

typedef struct {
  gint64 request;
  guint  position;
  guint  estimate;
  guint  agents;
} Position;

static void
position_cb (RdClient *client, gint64 request, guint position, guint estimate, guint agents, Position *p)
{
  p->request = request;
  p->position = position;
  p->estimate = estimate;
  p->agents = agents;
}

static void
test_positions_and_canned (void)
{
  g_autoptr(RdTestRelay) relay = queue_relay ("");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) dave = rd_test_client_login (relay, "dave", "dave-password");
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set = rd_frame_new (RD_FRAME_CANNED_SET, NULL);
  g_autoptr(JsonObject) list = rd_frame_new (RD_FRAME_CANNED_LIST, NULL);
  g_autoptr(JsonObject) canned = NULL;
  g_autofree char *out = NULL;
  Position bp = { 0 }, dp = { 0 };
  Inbox a = { 0 };
  gint64 bobs, daves;

  g_signal_connect (bob, "request-position", G_CALLBACK (position_cb), &bp);
  g_signal_connect (dave, "request-position", G_CALLBACK (position_cb), &dp);
  bobs = rd_test_create_request (bob, "Network", "Monitor is black", 0, NULL);
  daves = rd_test_create_request (dave, "Network", "Server down", 2, NULL);
  /* Dave's urgent request goes first; nobody available: no estimate. */
  RD_TEST_WAIT (bp.request == bobs && bp.position == 2 && dp.request == daves && dp.position == 1, 10000);
  g_assert_cmpuint (bp.agents, ==, 0);
  g_assert_cmpuint (bp.estimate, ==, 0);

  /* An agent arrives, takes dave's and declines bob's: bob is first, with an estimate. */
  alice = rd_client_new (relay->url);
  watch (alice, &a);
  rd_client_login_async (alice, "alice", "alice-password", NULL, NULL, NULL);
  /* Capacity 3: both are offered to her, dave's (urgent) first. */
  RD_TEST_WAIT (a.offers == 2, 10000);
  g_assert_cmpint (rd_frame_get_int (a.offer, "request", 0), ==, bobs);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_ACCEPT, daves, &error));
  g_assert_no_error (error);
  json_object_unref (rd_test_ask (alice, RD_FRAME_OFFER_DECLINE, bobs, &error));
  g_assert_no_error (error);
  /* Alice has room (1 of 3): bob's waits only for a pick-up, the topic's
   * usual time from queued to accepted (here under a second). */
  RD_TEST_WAIT (bp.position == 1 && bp.agents == 1 && bp.estimate >= 1 && bp.estimate <= 30, 10000);

  /* Per topic: a topic routed by skills that nobody serves has no agent
   * and no estimate, although alice is available. */
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Plotters", "--strategy", "skills",
                                        NULL), ==, 0);
  {
    gint64 printer = rd_test_create_request (dave, "Plotters", "Plotter jams", 0, NULL);

    RD_TEST_WAIT (dp.request == printer && dp.position == 2, 10000);
    g_assert_cmpuint (dp.agents, ==, 0);
    g_assert_cmpuint (dp.estimate, ==, 0);
    g_assert_cmpuint (bp.agents, ==, 1);
  }

  /* Canned replies: admins and supervisors write, staff read, requesters neither. */
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "canned", "set", "Restart",
                                        "Please restart your computer and tell me if it helps.", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "canned", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Restart\tPlease restart your computer and tell me if it helps.\n");
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "canned", "set", "", "x", NULL), ==, 1);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "canned", "delete", "Nothing", NULL), ==, 1);
  canned = rd_test_request (alice, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (canned, "replies")), ==, 1);
  g_assert_null (rd_test_request (bob, list, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  json_object_set_string_member (set, "title", "VPN");
  json_object_set_string_member (set, "body", "Renew your certificate at https://it.example.com/vpn");
  g_assert_null (rd_test_request (alice, set, &error));   /* agents read, supervisors write */
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Supervisors add topics from the app; names are unique, strategies known. */
  {
    g_autoptr(RdClient) sam = NULL;
    g_autoptr(JsonObject) topic = rd_frame_new (RD_FRAME_TOPIC_ADD, NULL);
    g_autoptr(JsonObject) topics = NULL;
    g_autoptr(JsonObject) list_topics = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);

    rd_test_relay_add_user (relay, "sam", "supervisor", "sam-password");
    sam = rd_test_client_login (relay, "sam", "sam-password");
    json_object_set_string_member (topic, "name", "Printers");
    json_object_set_string_member (topic, "strategy", "longest-idle");
    g_assert_null (rd_test_request (alice, topic, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
    g_clear_error (&error);
    json_object_unref (rd_test_request (sam, topic, &error));
    g_assert_no_error (error);
    g_assert_null (rd_test_request (sam, topic, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);
    g_clear_error (&error);
    json_object_set_string_member (topic, "name", "Phones");
    json_object_set_string_member (topic, "strategy", "dice");
    g_assert_null (rd_test_request (sam, topic, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    topics = rd_test_request (bob, list_topics, &error);
    /* Network, Plotters (from the admin command) and Printers. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (topics, "topics")), ==, 3);
  }
  inbox_clear (&a);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queue/topics-and-agents", test_topics_and_agents);
  g_test_add_func ("/queue/offer-accept-resolve", test_offer_accept_resolve);
  g_test_add_func ("/queue/decline-and-timeout-move-on", test_decline_and_timeout_move_on);
  g_test_add_func ("/queue/no-agent-then-one-arrives", test_no_agent_then_one_arrives);
  g_test_add_func ("/queue/agent-gone-past-grace", test_agent_gone_past_grace);
  g_test_add_func ("/queue/survives-restart", test_survives_restart);
  g_test_add_func ("/queue/take-rate-and-list", test_take_rate_and_list);
  g_test_add_func ("/queue/notes-transfer-dashboard", test_notes_transfer_dashboard);
  g_test_add_func ("/queue/positions-and-canned", test_positions_and_canned);
  return g_test_run ();
}
