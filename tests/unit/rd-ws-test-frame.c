/* rd-ws-test-frame.c: WebSocket frames as a client writes them, for tests. */
#include "config.h"

#include <string.h>

#include "rd-ws-test-frame.h"

void
rd_ws_test_append_frame (GByteArray *out,
                         gboolean    fin,
                         guint       opcode,
                         const char *payload,
                         gsize       length,
                         gboolean    masked)
{
  static const guint8 key[4] = { 0x11, 0x22, 0x33, 0x44 };
  guint8 header[14];
  gsize n = 2;

  header[0] = (fin ? 0x80 : 0) | (guint8) opcode;
  if (length < 126)
    header[1] = (guint8) length;
  else if (length <= 0xFFFF)
    {
      header[1] = 126;
      header[2] = (guint8) (length >> 8);
      header[3] = (guint8) length;
      n = 4;
    }
  else
    {
      header[1] = 127;
      for (guint i = 0; i < 8; i++)
        header[2 + i] = (guint8) ((guint64) length >> (56 - 8 * i));
      n = 10;
    }
  if (masked)
    {
      header[1] |= 0x80;
      memcpy (header + n, key, 4);
      n += 4;
    }
  g_byte_array_append (out, header, (guint) n);
  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = (guint8) payload[i] ^ (masked ? key[i & 3] : 0);

      g_byte_array_append (out, &byte, 1);
    }
}
