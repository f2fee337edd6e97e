/* test-idle-connections.c: connections that do nothing, or read nothing.
 *
 * A socket that never signs in is closed after login_timeout; a signed-in
 * one that says nothing for idle_timeout is closed and its device goes
 * offline, while one that keeps alive stays; a client that stops reading
 * is dropped once send_queue_max_kb wait for it, and catches up on
 * everything, once and in order, when it comes back. */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "rd-fault-proxy.h"
#include "rd-test-relay.h"

static void
websocket_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SoupWebsocketConnection **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* A bare WebSocket to the relay, no client library: it says what we make it. */
static SoupWebsocketConnection *
open_websocket (SoupSession *session, RdTestRelay *relay)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, relay->url);
  SoupWebsocketConnection *ws = NULL;

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        websocket_done_cb, &ws);
  RD_TEST_WAIT (ws != NULL, 10000);
  /* libsoup's own pings would keep the socket from being silent. */
  soup_websocket_connection_set_keepalive_interval (ws, 0);
  return ws;
}

static gboolean
is_closed (SoupWebsocketConnection *ws)
{
  return soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_CLOSED;
}

/* login_timeout=2: a socket that says nothing and one that only says hello
 * are closed with 1008; a client that signed in at the same time is not. */
static void
test_login_deadline (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupWebsocketConnection) silent = NULL;
  g_autoptr(SoupWebsocketConnection) hello_only = NULL;
  g_autoptr(RdClient) alice = NULL;
  gint64 opened;

  rd_test_relay_add_team (relay);
  rd_test_relay_configure (relay, "login_timeout=2");
  rd_test_relay_start (relay);

  silent = open_websocket (session, relay);
  hello_only = open_websocket (session, relay);
  soup_websocket_connection_send_text (hello_only, "{\"type\":\"hello\",\"id\":\"h1\",\"version\":1}");
  alice = rd_test_client_login (relay, "alice", "alice-password");
  opened = g_get_monotonic_time ();

  RD_TEST_WAIT (is_closed (silent) && is_closed (hello_only), 10000);
  g_test_message ("closed after %.1f s", (g_get_monotonic_time () - opened) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - opened, >=, 1 * G_USEC_PER_SEC);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (silent), ==, 1008);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (hello_only), ==, 1008);

  rd_test_spin (1500);
  g_assert_cmpint (rd_client_get_state (alice), ==, RD_CLIENT_ONLINE);
}

typedef struct {
  RdClient *client;
  guint     drops;     /* times the client was no longer online */
} StateWatch;

static void
state_cb (GObject *object, GParamSpec *pspec, StateWatch *watch)
{
  if (rd_client_get_state (watch->client) != RD_CLIENT_ONLINE)
    watch->drops++;
}

static void
ping (RdClient *client)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_PING, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) pong = rd_test_request (client, frame, &error);

  g_assert_no_error (error);
}

/* idle_timeout=3: bob says nothing and is closed (alice sees him offline),
 * alice pings every second and stays. */
static void
test_idle_deadline (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(RdClient) bob = NULL;
  StateWatch alice_watch = { 0 }, bob_watch = { 0 };
  gboolean saw_bob_offline = FALSE;
  gint64 start;

  rd_test_relay_add_team (relay);
  rd_test_relay_configure (relay, "idle_timeout=3");
  rd_test_relay_start (relay);
  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login (relay, "bob", "bob-password");
  g_assert_null (rd_test_add_contact (alice, "bob", "Team"));
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);
  /* Bob's client would retry at once: let him stay away long enough to see. */
  rd_client_set_reconnect_delay (bob, 3000, 3000);
  alice_watch.client = alice;
  bob_watch.client = bob;
  g_signal_connect (alice, "notify::state", G_CALLBACK (state_cb), &alice_watch);
  g_signal_connect (bob, "notify::state", G_CALLBACK (state_cb), &bob_watch);

  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 7 * G_USEC_PER_SEC)
    {
      ping (alice);
      if (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0)
        saw_bob_offline = TRUE;
      rd_test_spin (1000);
    }
  g_assert_true (saw_bob_offline);
  g_assert_cmpuint (bob_watch.drops, >=, 1);
  g_assert_cmpuint (alice_watch.drops, ==, 0);
  /* Bob comes back by himself. */
  RD_TEST_WAIT (rd_client_get_state (bob) == RD_CLIENT_ONLINE, 10000);
  g_signal_handlers_disconnect_by_data (alice, &alice_watch);
  g_signal_handlers_disconnect_by_data (bob, &bob_watch);
}

typedef struct {
  GArray *numbers;   /* guint, in arrival order */
} Received;

static void
received_cb (RdClient *client, RdMessage *message, Received *received)
{
  const char *body = rd_message_get_body (message);
  guint number;

  if (sscanf (body, "n=%u ", &number) == 1)
    g_array_append_val (received->numbers, number);
}

#define FLOOD_MESSAGES 1500
#define FLOOD_BYTES    16000

/* send_queue_max_kb=256: bob's network stops taking bytes (a stalled proxy),
 * alice writes 24 MB to him. The relay drops bob (alice sees him
 * offline) instead of keeping it all; once the network moves again, bob
 * reconnects and gets every message once and in order. */
static void
test_client_reads_nothing (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(RdClient) bob = NULL;
  g_autofree char *bob_url = NULL;
  g_autofree char *pad = g_strnfill (FLOOD_BYTES, 'x');
  RdFaultProxy *bobs_path;
  Received received = { g_array_new (FALSE, FALSE, sizeof (guint)) };
  RdMessage *last = NULL;

  rd_test_relay_add_team (relay);
  rd_test_relay_configure (relay, "send_queue_max_kb=256\nframes_per_second=0");
  rd_test_relay_start (relay);
  bobs_path = rd_fault_proxy_new (relay->port);
  bob_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (bobs_path));
  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login_at (bob_url, "bob", "bob-password");
  g_signal_connect (bob, "message-received", G_CALLBACK (received_cb), &received);
  g_assert_null (rd_test_add_contact (alice, "bob", "Team"));
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);

  rd_fault_proxy_set_stalled (bobs_path, TRUE);
  for (guint i = 0; i < FLOOD_MESSAGES; i++)
    {
      g_autofree char *body = g_strdup_printf ("n=%u %s", i, pad);

      last = rd_client_send_message (alice, "bob", body);
    }
  RD_TEST_WAIT (rd_message_get_state (last) >= RD_MESSAGE_SENT, 60000);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0, 30000);
  g_test_message ("bob dropped with %u of %u messages received", received.numbers->len, FLOOD_MESSAGES);
  g_assert_cmpuint (received.numbers->len, <, FLOOD_MESSAGES);

  rd_fault_proxy_set_stalled (bobs_path, FALSE);
  RD_TEST_WAIT (received.numbers->len >= FLOOD_MESSAGES, 60000);
  rd_test_spin (500);
  g_assert_cmpuint (received.numbers->len, ==, FLOOD_MESSAGES);
  for (guint i = 0; i < FLOOD_MESSAGES; i++)
    g_assert_cmpuint (g_array_index (received.numbers, guint, i), ==, i);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);

  g_signal_handlers_disconnect_by_data (bob, &received);
  g_array_unref (received.numbers);
  g_clear_object (&bob);
  rd_fault_proxy_free (bobs_path);
}

/* Settings out of range are refused with a message naming the key. */
static void
test_bad_settings (void)
{
  static const struct { const char *line; const char *says; } cases[] = {
    { "idle_timeout=0", "idle_timeout must be 1 to 86400 seconds" },
    { "login_timeout=soon", "login_timeout must be 1 to 86400 seconds" },
    { "send_queue_max_kb=1", "send_queue_max_kb must be 16 to 1048576 KiB" },
    { "listen_backlog=-5", "listen_backlog must be 16 to 65535 connections" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    rd_test_relay_assert_refused (cases[i].line, cases[i].says);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/idle-connections/login-deadline", test_login_deadline);
  g_test_add_func ("/idle-connections/idle-deadline", test_idle_deadline);
  g_test_add_func ("/idle-connections/client-reads-nothing", test_client_reads_nothing);
  g_test_add_func ("/idle-connections/bad-settings", test_bad_settings);
  return g_test_run ();
}
