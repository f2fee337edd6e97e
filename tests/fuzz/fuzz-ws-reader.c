/* fuzz-ws-reader.c: the relay's WebSocket reader over arbitrary bytes, fed
 * in two parts as a socket would hand them over. Whatever comes in, it
 * must hand out only messages within the limit, never read past its input,
 * and stop at the first error. */
#include "config.h"

#include <stdint.h>

#include "rd-ws-codec.h"

#define MAX_MESSAGE 4096

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The first byte says where the input is cut in two. */
  size_t cut = size > 0 ? (size_t) data[0] % (size + 1) : 0;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  RdWsReader reader;
  gboolean failed = FALSE;
  volatile guint checksum = 0;

  rd_ws_reader_init (&reader, MAX_MESSAGE);
  for (guint part = 0; part < 2 && !failed; part++)
    {
      const uint8_t *from = part == 0 ? data : data + cut;
      size_t length = part == 0 ? cut : size - cut;

      g_byte_array_append (buffer, from, (guint) length);
      for (;;)
        {
          RdWsMessage message;
          gsize consumed = 0;
          RdWsStatus status = rd_ws_reader_next (&reader, buffer->data, buffer->len, &consumed, &message);

          g_assert_cmpuint (consumed, <=, buffer->len);
          if (status == RD_WS_ERROR)
            {
              g_assert_nonnull (message.error);
              g_assert_true (message.close_code == RD_WS_CLOSE_PROTOCOL_ERROR ||
                             message.close_code == RD_WS_CLOSE_TOO_BIG);
              failed = TRUE;
              break;
            }
          if (status == RD_WS_MESSAGE)
            {
              if (message.opcode == RD_WS_OP_TEXT || message.opcode == RD_WS_OP_BINARY)
                g_assert_cmpuint (message.length, <=, MAX_MESSAGE);
              else
                g_assert_cmpuint (message.length, <=, RD_WS_CONTROL_MAX);
              /* Read every byte: a pointer past the input shows here under ASan. */
              for (gsize i = 0; i < message.length; i++)
                checksum += message.data[i];
            }
          g_byte_array_remove_range (buffer, 0, (guint) consumed);
          if (status == RD_WS_NEED_MORE)
            break;
        }
    }
  rd_ws_reader_clear (&reader);
  return 0;
}
