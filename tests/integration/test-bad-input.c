/* test-bad-input.c: unauthorised requests, malformed and oversized frames.
 * Each gets its documented error, the connection lives on, nothing changes. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

static GError *
raw_error (RdClient *client, const char *id, const char *text)
{
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_test_send_raw (client, id, text, &error);

  g_assert_null (reply);
  g_assert_nonnull (error);
  return error;
}

static void
assert_alive (RdClient *client)
{
  g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_PING, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) pong = rd_test_request (client, ping, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rd_frame_get_string (pong, "type", ""), ==, "pong");
}

static void
test_malformed_frames (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  static const struct { const char *id; const char *text; RdErrorCode code; } cases[] = {
    { "b2", "{\"type\":\"message_send\",\"id\":\"b2\",\"uuid\":\"x\"}", RD_ERROR_INVALID_VALUE },
    { "b3", "{\"type\":\"launch_rockets\",\"id\":\"b3\"}", RD_ERROR_UNKNOWN_TYPE },
    { "b4", "{\"type\":\"sync\",\"id\":\"b4\"}", RD_ERROR_MISSING_FIELD },
    { "b5", "{\"type\":\"sync\",\"id\":\"b5\",\"since\":\"yesterday\"}", RD_ERROR_WRONG_TYPE },
    { "b6", "{\"type\":\"sync\",\"id\":\"b6\",\"since\":-1}", RD_ERROR_INVALID_VALUE },
    { "b7", "{\"type\":\"ping\",\"id\":\"b7\",\"extra\":1}", RD_ERROR_UNKNOWN_FIELD },
    { "b8", "{\"id\":\"b8\"}", RD_ERROR_MISSING_TYPE },
    { "b9", "{\"type\":\"presence_set\",\"id\":\"b9\",\"status\":\"sleeping\"}", RD_ERROR_INVALID_VALUE },
    { "b10", "{\"type\":\"hello\",\"id\":\"b10\",\"version\":99}", RD_ERROR_UNSUPPORTED_VERSION },
    { "b11", "{\"type\":\"welcome\",\"id\":\"b11\"}", RD_ERROR_UNKNOWN_TYPE },
    { "b12", "{\"type\":\"login\",\"id\":\"b12\",\"username\":\"bob\",\"password\":\"x\"}", RD_ERROR_ALREADY_AUTHENTICATED },
  };

  static const struct { const char *text; RdErrorCode code; } unreadable[] = {
    { "{\"type\":\"ping\",\"id\":\"b1\"", RD_ERROR_MALFORMED_JSON },
    { "[1,2,3]", RD_ERROR_NOT_AN_OBJECT },
    { "", RD_ERROR_MALFORMED_JSON },
    { "\"just a string\"", RD_ERROR_NOT_AN_OBJECT },
  };

  /* Without a readable id the answer is an error frame without id. */
  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_autoptr(GError) error = rd_test_send_unreadable (bob, unreadable[i].text);

      g_assert_error (error, RD_PROTOCOL_ERROR, (gint) unreadable[i].code);
      assert_alive (bob);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = raw_error (bob, cases[i].id, cases[i].text);

      g_test_message ("%s -> %s", cases[i].text, error->message);
      g_assert_error (error, RD_PROTOCOL_ERROR, (gint) cases[i].code);
      assert_alive (bob);
    }
  g_assert_cmpint (rd_client_get_state (bob), ==, RD_CLIENT_ONLINE);
}

static void
test_oversized_frames (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *big_body = g_strnfill (RD_BODY_MAX_BYTES + 1, 'a');
  g_autofree char *huge = g_strnfill (RD_FRAME_MAX_BYTES + 10, 'a');
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *body_frame = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"o1\",\"uuid\":\"%s\",\"to\":\"alice\",\"body\":\"%s\"}", uuid, big_body);
  g_autofree char *huge_frame = g_strdup_printf ("{\"type\":\"ping\",\"id\":\"o2\",\"pad\":\"%s\"}", huge);
  g_autoptr(JsonObject) history = rd_frame_new (RD_FRAME_HISTORY, NULL);
  g_autoptr(JsonObject) page = NULL;
  RdMessage *failed;

  error = raw_error (bob, "o1", body_frame);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  error = rd_test_send_unreadable (bob, huge_frame);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FRAME_TOO_LARGE);
  g_clear_error (&error);
  assert_alive (bob);

  /* Through the client API the refusal is final: the message fails, no retry. */
  failed = rd_client_send_message (bob, "alice", big_body);
  RD_TEST_WAIT (rd_message_get_state (failed) == RD_MESSAGE_FAILED, 10000);
  g_assert_cmpuint (rd_client_get_outbox_length (bob), ==, 0);

  json_object_set_string_member (history, "with", "bob");
  page = rd_test_request (alice, history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "messages")), ==, 0);
}

static void
test_beyond_transport_limit (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autofree char *pad = g_strnfill (RD_TRANSPORT_MAX_BYTES + 10, 'a');
  g_autofree char *frame = g_strdup_printf ("{\"type\":\"ping\",\"id\":\"t1\",\"pad\":\"%s\"}", pad);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  /* The relay closes this socket (1009); the client reconnects by itself. */
  reply = rd_test_send_raw (bob, "t1", frame, &error);
  g_assert_null (reply);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  RD_TEST_WAIT (rd_client_get_state (bob) == RD_CLIENT_ONLINE, 10000);
  assert_alive (bob);
}

static void
test_unauthorised (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
  g_autoptr(RdClient) stranger = rd_client_new (relay->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) history = rd_frame_new (RD_FRAME_HISTORY, NULL);
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *send = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"u1\",\"uuid\":\"%s\",\"to\":\"dave\",\"body\":\"hi\"}", uuid);
  RdMessage *to_alice;
  RdMessage *to_dave;
  g_autofree char *receipt = NULL;

  /* A requester may not write to another requester. */
  error = raw_error (bob, "u1", send);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);
  to_dave = rd_client_send_message (bob, "dave", "psst");
  RD_TEST_WAIT (rd_message_get_state (to_dave) == RD_MESSAGE_FAILED, 10000);

  /* Nobody may mark someone else's message read: carol names alice's message. */
  to_alice = rd_client_send_message (bob, "alice", "private to alice");
  RD_TEST_WAIT (rd_message_get_state (to_alice) >= RD_MESSAGE_DELIVERED, 10000);
  receipt = g_strdup_printf ("{\"type\":\"receipt\",\"id\":\"u2\",\"uuid\":\"%s\",\"status\":\"read\"}",
                             rd_message_get_uuid (to_alice));
  error = raw_error (carol, "u2", receipt);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_MESSAGE);
  g_assert_null (strstr (error->message, "private"));
  g_clear_error (&error);
  g_assert_cmpint (rd_message_get_state (to_alice), ==, RD_MESSAGE_DELIVERED);

  /* Carol's history with bob does not show alice's conversation. */
  json_object_set_string_member (history, "with", "bob");
  page = rd_test_request (carol, history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "messages")), ==, 0);

  /* Unknown users are named as such. */
  g_clear_pointer (&history, json_object_unref);
  history = rd_frame_new (RD_FRAME_HISTORY, NULL);
  json_object_set_string_member (history, "with", "ghost");
  g_assert_null (rd_test_request (alice, history, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_USER);
}

/* A raw connection that never signs in. */
static void
test_not_authenticated (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) client = rd_client_new (relay->url);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *send = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"n1\",\"uuid\":\"%s\",\"to\":\"alice\",\"body\":\"hi\"}", uuid);

  /* A failed sign-in leaves an open socket behind only until the client closes
   * it, so log in with a wrong password on one client and reuse its socket. */
  rd_client_login_async (client, "alice", "wrong-password", NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (client) == RD_CLIENT_AUTHENTICATING, 10000);
  error = raw_error (client, "n1", send);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_NOT_AUTHENTICATED);
}

typedef struct {
  guint answered;
  guint limited;
} Flood;

static void
flood_reply_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Flood *flood = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  flood->answered++;
  if (g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_RATE_LIMITED))
    flood->limited++;
}

/* frames_per_second: a burst of twice the rate goes through, the rest of a
 * flood is refused with rate_limited, and a moment later all is well. */
static void
test_frame_rate_limited (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(RdClient) bob = NULL;
  Flood flood = { 0 };

  rd_test_relay_configure (relay, "frames_per_second=20");
  rd_test_relay_add_team (relay);
  rd_test_relay_start (relay);
  bob = rd_test_client_login (relay, "bob", "bob-password");
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);

      rd_client_request_async (bob, ping, NULL, flood_reply_cb, &flood);
    }
  RD_TEST_WAIT (flood.answered == 200, 20000);
  g_assert_cmpuint (flood.limited, >=, 100);
  g_assert_cmpuint (flood.limited, <=, 170);
  /* A second later the bucket has filled again. */
  rd_test_spin (1000);
  assert_alive (bob);
}

/* connections_per_address: the next connection from that address is
 * closed at once; when one of the others goes, there is room again. */
static void
test_connections_per_address (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  RdClient *clients[3];
  g_autoptr(GError) error = NULL;
  g_autoptr(RdClient) fourth = NULL;

  rd_test_relay_configure (relay, "connections_per_address=3");
  rd_test_relay_add_team (relay);
  rd_test_relay_start (relay);
  for (guint i = 0; i < 3; i++)
    clients[i] = rd_test_client_login (relay, "alice", "alice-password");
  error = rd_test_client_login_error (relay, "carol", "carol-password");
  g_assert_nonnull (error);
  g_clear_error (&error);
  rd_client_disconnect (clients[0]);
  g_clear_object (&clients[0]);
  /* The relay notices the close before the next one comes. */
  rd_test_spin (200);
  fourth = rd_test_client_login (relay, "carol", "carol-password");
  assert_alive (fourth);
  for (guint i = 1; i < 3; i++)
    g_clear_object (&clients[i]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bad-input/malformed-frames", test_malformed_frames);
  g_test_add_func ("/bad-input/oversized-frames", test_oversized_frames);
  g_test_add_func ("/bad-input/beyond-transport-limit", test_beyond_transport_limit);
  g_test_add_func ("/bad-input/unauthorised", test_unauthorised);
  g_test_add_func ("/bad-input/not-authenticated", test_not_authenticated);
  g_test_add_func ("/bad-input/frame-rate-limited", test_frame_rate_limited);
  g_test_add_func ("/bad-input/connections-per-address", test_connections_per_address);
  return g_test_run ();
}
