/* test-relay-connection.c: one relay-side WebSocket over a socket pair, the
 * test playing the client with raw bytes: messages in, frames out, pings,
 * both ways of closing, broken framing, and a client that reads nothing. */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "rd-relay-connection.h"
#include "rd-test-relay.h"
#include "rd-ws-codec.h"
#include "rd-ws-test-frame.h"

typedef struct {
  RdRelayPoller     *poller;
  RdRelayConnection *connection;
  GSocket           *peer;        /* the test's end, blocking with a timeout */
  GPtrArray         *messages;    /* char *, what the handler got */
  guint              binary;
  gboolean           closed;
} Fixture;

static void
message_cb (gpointer data, gboolean text, const char *bytes, gsize length)
{
  Fixture *f = data;

  if (!text)
    f->binary++;
  g_ptr_array_add (f->messages, g_strndup (bytes, length));
}

static void
closed_cb (gpointer data)
{
  Fixture *f = data;

  g_assert_false (f->closed);
  f->closed = TRUE;
}

static const RdRelayConnectionHandler handler = { message_cb, closed_cb };

static void
fixture_set_up (Fixture *f, gconstpointer max_queued)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) mine = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  mine = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  f->peer = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  g_socket_set_timeout (f->peer, 5);
  g_socket_set_blocking (mine, FALSE);
  stream = g_socket_connection_factory_create_connection (mine);
  f->poller = rd_relay_poller_new (NULL, &error);
  g_assert_no_error (error);
  f->messages = g_ptr_array_new_with_free_func (g_free);
  f->connection = rd_relay_connection_new (f->poller, G_IO_STREAM (stream), mine, 4096,
                                           GPOINTER_TO_SIZE (max_queued) ? GPOINTER_TO_SIZE (max_queued) : 65536);
  g_assert_true (rd_relay_connection_start (f->connection, &handler, f, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rd_relay_connection_detach (f->connection);
  g_clear_object (&f->connection);
  g_clear_pointer (&f->poller, rd_relay_poller_free);
  g_clear_object (&f->peer);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
}

static void
client_send (Fixture *f, gboolean fin, guint opcode, const char *payload, gsize length, gboolean masked)
{
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  rd_ws_test_append_frame (frame, fin, opcode, payload, length, masked);
  g_assert_cmpint (g_socket_send (f->peer, (const char *) frame->data, frame->len, NULL, &error), ==,
                   (gssize) frame->len);
  g_assert_no_error (error);
}

static void
read_exactly (Fixture *f, guint8 *buf, gsize length)
{
  gsize got = 0;

  while (got < length)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      /* The relay side writes from the main loop: give it turns. */
      while (!g_socket_condition_check (f->peer, G_IO_IN))
        rd_test_iterate ();
      n = g_socket_receive (f->peer, (char *) buf + got, length - got, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      got += (gsize) n;
    }
}

/* Reads one server frame: it must be whole and unmasked. */
static guint8 *
client_read (Fixture *f, guint *out_opcode, gsize *out_length)
{
  guint8 header[10];
  guint64 length;
  guint8 *payload;

  read_exactly (f, header, 2);
  g_assert_cmphex (header[0] & 0xF0, ==, 0x80);
  g_assert_cmphex (header[1] & 0x80, ==, 0);
  length = header[1] & 0x7F;
  if (length == 126)
    {
      read_exactly (f, header + 2, 2);
      length = ((guint64) header[2] << 8) | header[3];
    }
  else if (length == 127)
    {
      read_exactly (f, header + 2, 8);
      length = 0;
      for (guint i = 0; i < 8; i++)
        length = (length << 8) | header[2 + i];
    }
  payload = g_malloc (length + 1);
  read_exactly (f, payload, length);
  payload[length] = 0;
  *out_opcode = header[0] & 0x0F;
  *out_length = length;
  return payload;
}

/* The next frame is a close with @code; returns its reason. */
static char *
expect_close (Fixture *f, gushort code)
{
  guint opcode;
  gsize length;
  g_autofree guint8 *frame = client_read (f, &opcode, &length);

  g_assert_cmpuint (opcode, ==, RD_WS_OP_CLOSE);
  g_assert_cmpuint (length, >=, 2);
  g_assert_cmpuint (((guint) frame[0] << 8) | frame[1], ==, code);
  return g_strndup ((const char *) frame + 2, length - 2);
}

static void
test_messages_both_ways (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *first = NULL;
  g_autofree guint8 *second = NULL;
  guint opcode;
  gsize length;

  client_send (f, TRUE, RD_WS_OP_TEXT, "one", 3, TRUE);
  client_send (f, FALSE, RD_WS_OP_TEXT, "tw", 2, TRUE);
  client_send (f, TRUE, RD_WS_OP_CONTINUATION, "o", 1, TRUE);
  client_send (f, TRUE, RD_WS_OP_BINARY, "\x01\x02", 2, TRUE);
  RD_TEST_WAIT (f->messages->len == 3, 5000);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==, "one");
  g_assert_cmpstr (g_ptr_array_index (f->messages, 1), ==, "two");
  g_assert_cmpuint (f->binary, ==, 1);

  /* Two frames of one turn go out in order, whole. */
  rd_relay_connection_send_text (f->connection, "{\"a\":1}", 7);
  rd_relay_connection_send_text (f->connection, "{\"b\":2}", 7);
  g_assert_cmpuint (rd_relay_connection_get_queued (f->connection), ==, 2 * (2 + 7));
  first = client_read (f, &opcode, &length);
  g_assert_cmpuint (opcode, ==, RD_WS_OP_TEXT);
  g_assert_cmpstr ((char *) first, ==, "{\"a\":1}");
  second = client_read (f, &opcode, &length);
  g_assert_cmpstr ((char *) second, ==, "{\"b\":2}");
  g_assert_cmpuint (rd_relay_connection_get_queued (f->connection), ==, 0);
  g_assert_false (f->closed);
}

static void
test_ping_pong (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *pong = NULL;
  guint opcode;
  gsize length;

  client_send (f, TRUE, RD_WS_OP_PING, "are you there", 13, TRUE);
  pong = client_read (f, &opcode, &length);
  g_assert_cmpuint (opcode, ==, RD_WS_OP_PONG);
  g_assert_cmpstr ((char *) pong, ==, "are you there");
  g_assert_cmpuint (f->messages->len, ==, 0);
}

/* The client closes: the relay answers with its code and hangs up. */
static void
test_client_closes (Fixture *f, gconstpointer data)
{
  g_autofree char *reason = NULL;
  char byte;

  client_send (f, TRUE, RD_WS_OP_CLOSE, "\x03\xE8", 2, TRUE);
  reason = expect_close (f, 1000);
  g_assert_cmpstr (reason, ==, "");
  RD_TEST_WAIT (f->closed, 5000);
  g_assert_false (rd_relay_connection_is_open (f->connection));
  g_assert_cmpint (g_socket_receive (f->peer, &byte, 1, NULL, NULL), ==, 0);
}

/* The relay closes: a close frame with code and reason, then the socket
 * goes once the client answers. Nothing sent after the close goes out. */
static void
test_relay_closes (Fixture *f, gconstpointer data)
{
  g_autofree char *reason = NULL;

  rd_relay_connection_close (f->connection, RD_WS_CLOSE_POLICY_VIOLATION, "sign in sooner");
  rd_relay_connection_send_text (f->connection, "late", 4);
  reason = expect_close (f, RD_WS_CLOSE_POLICY_VIOLATION);
  g_assert_cmpstr (reason, ==, "sign in sooner");
  g_assert_false (f->closed);
  client_send (f, TRUE, RD_WS_OP_TEXT, "ignored after close", 19, TRUE);
  client_send (f, TRUE, RD_WS_OP_CLOSE, "\x03\xF0", 2, TRUE);
  RD_TEST_WAIT (f->closed, 5000);
  g_assert_cmpuint (f->messages->len, ==, 0);
}

/* Unmasked frames break the protocol: close 1002, no message handed on. */
static void
test_broken_framing (Fixture *f, gconstpointer data)
{
  g_autofree char *reason = NULL;

  client_send (f, TRUE, RD_WS_OP_TEXT, "{\"type\":\"ping\"}", 15, FALSE);
  reason = expect_close (f, RD_WS_CLOSE_PROTOCOL_ERROR);
  g_test_message ("%s", reason);
  RD_TEST_WAIT (f->closed, 5000);
  g_assert_cmpuint (f->messages->len, ==, 0);
}

/* A message over the limit (4096 here) closes with 1009 before its bytes
 * are all there. */
static void
test_too_big (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_strnfill (5000, 'b');
  g_autofree char *reason = NULL;

  client_send (f, TRUE, RD_WS_OP_TEXT, big, 5000, TRUE);
  reason = expect_close (f, RD_WS_CLOSE_TOO_BIG);
  RD_TEST_WAIT (f->closed, 5000);
}

/* A client that reads nothing: frames pile up to the bound (64 KiB here),
 * then the connection is dropped; a single frame larger than the bound
 * still goes to a client that reads. */
static void
test_client_reads_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *frame = g_strnfill (16000, 'm');
  g_autofree char *large = g_strnfill (100000, 'L');
  guint sent = 0;

  rd_relay_connection_send_text (f->connection, large, 100000);
  g_assert_cmpuint (rd_relay_connection_get_queued (f->connection), >, 65536);
  g_assert_true (rd_relay_connection_is_open (f->connection));
  while (!f->closed && sent < 10000)
    {
      rd_relay_connection_send_text (f->connection, frame, 16000);
      sent++;
      g_assert_cmpuint (rd_relay_connection_get_queued (f->connection), <=, 65536 + 100000 + 16000 + 20);
      rd_test_spin (1);
    }
  g_assert_true (f->closed);
  /* The socket buffers of the pair take some, the queue the rest. */
  g_test_message ("dropped after %u frames of 16,000 bytes", sent);
  g_assert_cmpuint (sent, <, 200);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func, bound) \
  g_test_add ("/relay-connection/" path, Fixture, GSIZE_TO_POINTER (bound), fixture_set_up, func, fixture_tear_down)
  ADD ("messages-both-ways", test_messages_both_ways, 0);
  ADD ("ping-pong", test_ping_pong, 0);
  ADD ("client-closes", test_client_closes, 0);
  ADD ("relay-closes", test_relay_closes, 0);
  ADD ("broken-framing", test_broken_framing, 0);
  ADD ("too-big", test_too_big, 0);
  ADD ("client-reads-nothing", test_client_reads_nothing, 65536);
#undef ADD
  return g_test_run ();
}
