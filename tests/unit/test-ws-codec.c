/* test-ws-codec.c: the relay's WebSocket framing, bytes in and out. */
#include "config.h"

#include <string.h>

#include "rd-ws-codec.h"
#include "rd-ws-test-frame.h"

static void
test_whole_text (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  RdWsReader reader;
  RdWsMessage message;
  gsize consumed;

  rd_ws_reader_init (&reader, 1 << 20);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_TEXT, "{\"type\":\"ping\"}", 15, TRUE);
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data, bytes->len, &consumed, &message), ==, RD_WS_MESSAGE);
  g_assert_cmpuint (consumed, ==, bytes->len);
  g_assert_cmpint (message.opcode, ==, RD_WS_OP_TEXT);
  g_assert_cmpmem (message.data, message.length, "{\"type\":\"ping\"}", 15);
  rd_ws_reader_clear (&reader);
}

/* Fed a byte at a time, a frame with a 16-bit length comes out whole once. */
static void
test_byte_by_byte (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GByteArray) input = g_byte_array_new ();
  g_autofree char *payload = g_strnfill (300, 'x');
  RdWsReader reader;
  guint messages = 0;

  rd_ws_reader_init (&reader, 1 << 20);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_TEXT, payload, 300, TRUE);
  for (guint i = 0; i < bytes->len; i++)
    {
      RdWsMessage message;
      gsize consumed;
      RdWsStatus status;

      g_byte_array_append (input, bytes->data + i, 1);
      status = rd_ws_reader_next (&reader, input->data, input->len, &consumed, &message);
      if (status == RD_WS_MESSAGE)
        {
          messages++;
          g_assert_cmpuint (i, ==, bytes->len - 1);
          g_assert_cmpmem (message.data, message.length, payload, 300);
        }
      else
        g_assert_cmpint (status, ==, RD_WS_NEED_MORE);
      g_byte_array_remove_range (input, 0, (guint) consumed);
    }
  g_assert_cmpuint (messages, ==, 1);
  g_assert_cmpuint (input->len, ==, 0);
  rd_ws_reader_clear (&reader);
}

/* Fragments are put together; a ping between them comes out on its own. */
static void
test_fragments_and_control (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  RdWsReader reader;
  RdWsMessage message;
  gsize consumed, done = 0;

  rd_ws_reader_init (&reader, 1 << 20);
  rd_ws_test_append_frame (bytes, FALSE, RD_WS_OP_TEXT, "hel", 3, TRUE);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_PING, "p", 1, TRUE);
  rd_ws_test_append_frame (bytes, FALSE, RD_WS_OP_CONTINUATION, "lo ", 3, TRUE);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_CONTINUATION, "world", 5, TRUE);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_TEXT, "next", 4, TRUE);

  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data, bytes->len, &consumed, &message), ==, RD_WS_MESSAGE);
  g_assert_cmpint (message.opcode, ==, RD_WS_OP_PING);
  g_assert_cmpmem (message.data, message.length, "p", 1);
  done += consumed;
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data + done, bytes->len - done, &consumed, &message), ==,
                   RD_WS_MESSAGE);
  g_assert_cmpint (message.opcode, ==, RD_WS_OP_TEXT);
  g_assert_cmpmem (message.data, message.length, "hello world", 11);
  done += consumed;
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data + done, bytes->len - done, &consumed, &message), ==,
                   RD_WS_MESSAGE);
  g_assert_cmpmem (message.data, message.length, "next", 4);
  done += consumed;
  g_assert_cmpuint (done, ==, bytes->len);
  rd_ws_reader_clear (&reader);
}

static void
assert_error (const guint8 *data,
              gsize         length,
              gsize         max_message,
              gushort       code)
{
  g_autofree guint8 *copy = g_memdup2 (data, length);
  RdWsReader reader;
  RdWsMessage message;
  gsize consumed;

  rd_ws_reader_init (&reader, max_message);
  g_assert_cmpint (rd_ws_reader_next (&reader, copy, length, &consumed, &message), ==, RD_WS_ERROR);
  g_assert_cmpuint (message.close_code, ==, code);
  g_assert_nonnull (message.error);
  g_test_message ("%s", message.error);
  rd_ws_reader_clear (&reader);
}

static void
test_violations (void)
{
  g_autoptr(GByteArray) unmasked = g_byte_array_new ();
  g_autoptr(GByteArray) rsv = g_byte_array_new ();
  g_autoptr(GByteArray) opcode = g_byte_array_new ();
  g_autoptr(GByteArray) long_ping = g_byte_array_new ();
  g_autoptr(GByteArray) split_ping = g_byte_array_new ();
  g_autoptr(GByteArray) stray = g_byte_array_new ();
  g_autoptr(GByteArray) interleaved = g_byte_array_new ();
  g_autoptr(GByteArray) bad_close = g_byte_array_new ();
  g_autoptr(GByteArray) bad_code = g_byte_array_new ();
  g_autofree char *pad = g_strnfill (126, 'p');
  /* A header announcing 2^40 bytes: refused before any payload arrives. */
  static const guint8 huge[] = { 0x81, 0xFF, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4 };
  static const guint8 out_of_range[] = { 0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4 };

  rd_ws_test_append_frame (unmasked, TRUE, RD_WS_OP_TEXT, "hi", 2, FALSE);
  assert_error (unmasked->data, unmasked->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (rsv, TRUE, RD_WS_OP_TEXT, "hi", 2, TRUE);
  rsv->data[0] |= 0x40;   /* RSV1: compression, which was not agreed */
  assert_error (rsv->data, rsv->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (opcode, TRUE, 0x3, "hi", 2, TRUE);
  assert_error (opcode->data, opcode->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (long_ping, TRUE, RD_WS_OP_PING, pad, 126, TRUE);
  assert_error (long_ping->data, long_ping->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (split_ping, FALSE, RD_WS_OP_PING, "p", 1, TRUE);
  assert_error (split_ping->data, split_ping->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (stray, TRUE, RD_WS_OP_CONTINUATION, "hi", 2, TRUE);
  assert_error (stray->data, stray->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (interleaved, FALSE, RD_WS_OP_TEXT, "a", 1, TRUE);
  rd_ws_test_append_frame (interleaved, TRUE, RD_WS_OP_TEXT, "b", 1, TRUE);
  assert_error (interleaved->data, interleaved->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (bad_close, TRUE, RD_WS_OP_CLOSE, "x", 1, TRUE);
  assert_error (bad_close->data, bad_close->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  rd_ws_test_append_frame (bad_code, TRUE, RD_WS_OP_CLOSE, "\x03\xEE", 2, TRUE);   /* 1006 may not be sent */
  assert_error (bad_code->data, bad_code->len, 1024, RD_WS_CLOSE_PROTOCOL_ERROR);
  assert_error (huge, sizeof huge, 1 << 20, RD_WS_CLOSE_TOO_BIG);
  assert_error (out_of_range, sizeof out_of_range, 1 << 20, RD_WS_CLOSE_PROTOCOL_ERROR);
}

/* Fragments that add up to more than the limit are refused once they do. */
static void
test_too_big_in_fragments (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *part = g_strnfill (600, 'f');
  RdWsReader reader;
  RdWsMessage message;
  gsize consumed;

  rd_ws_reader_init (&reader, 1000);
  rd_ws_test_append_frame (bytes, FALSE, RD_WS_OP_TEXT, part, 600, TRUE);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_CONTINUATION, part, 600, TRUE);
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data, bytes->len, &consumed, &message), ==, RD_WS_ERROR);
  g_assert_cmpuint (message.close_code, ==, RD_WS_CLOSE_TOO_BIG);
  rd_ws_reader_clear (&reader);
}

static void
test_close_frames (void)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  RdWsReader reader;
  RdWsMessage message;
  gsize consumed, done;

  rd_ws_reader_init (&reader, 1024);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_CLOSE, "\x03\xE8" "bye", 5, TRUE);
  rd_ws_test_append_frame (bytes, TRUE, RD_WS_OP_CLOSE, "", 0, TRUE);
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data, bytes->len, &consumed, &message), ==, RD_WS_MESSAGE);
  g_assert_cmpint (message.opcode, ==, RD_WS_OP_CLOSE);
  g_assert_cmpuint (message.close_code, ==, 1000);
  done = consumed;
  g_assert_cmpint (rd_ws_reader_next (&reader, bytes->data + done, bytes->len - done, &consumed, &message), ==,
                   RD_WS_MESSAGE);
  g_assert_cmpuint (message.close_code, ==, RD_WS_CLOSE_NO_STATUS);
  rd_ws_reader_clear (&reader);
}

static void
test_encode (void)
{
  guint8 header[RD_WS_HEADER_MAX];
  guint8 payload[RD_WS_CONTROL_MAX];
  g_autofree char *long_reason = g_strnfill (200, 'r');
  gsize n;

  g_assert_cmpuint (rd_ws_encode_header (header, RD_WS_OP_TEXT, 5), ==, 2);
  g_assert_cmphex (header[0], ==, 0x81);
  g_assert_cmphex (header[1], ==, 5);
  g_assert_cmpuint (rd_ws_encode_header (header, RD_WS_OP_TEXT, 126), ==, 4);
  g_assert_cmphex (header[1], ==, 126);
  g_assert_cmphex (header[2], ==, 0);
  g_assert_cmphex (header[3], ==, 126);
  g_assert_cmpuint (rd_ws_encode_header (header, RD_WS_OP_BINARY, 70000), ==, 10);
  g_assert_cmphex (header[0], ==, 0x82);
  g_assert_cmphex (header[1], ==, 127);
  g_assert_cmphex (header[7], ==, 0x01);
  g_assert_cmphex (header[8], ==, 0x11);
  g_assert_cmphex (header[9], ==, 0x70);

  n = rd_ws_close_payload (payload, 1008, "sign in sooner");
  g_assert_cmpuint (n, ==, 2 + 14);
  g_assert_cmphex (payload[0], ==, 0x03);
  g_assert_cmphex (payload[1], ==, 0xF0);
  /* A reason too long for a control frame is cut to fit. */
  g_assert_cmpuint (rd_ws_close_payload (payload, 1000, long_reason), ==, RD_WS_CONTROL_MAX);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ws-codec/whole-text", test_whole_text);
  g_test_add_func ("/ws-codec/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/ws-codec/fragments-and-control", test_fragments_and_control);
  g_test_add_func ("/ws-codec/violations", test_violations);
  g_test_add_func ("/ws-codec/too-big-in-fragments", test_too_big_in_fragments);
  g_test_add_func ("/ws-codec/close-frames", test_close_frames);
  g_test_add_func ("/ws-codec/encode", test_encode);
  return g_test_run ();
}
