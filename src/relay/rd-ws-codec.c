/* rd-ws-codec.c: WebSocket framing (RFC 6455, section 5), the server's side. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include "rd-ws-codec.h"

void
rd_ws_reader_init (RdWsReader *reader,
                   gsize       max_message)
{
  memset (reader, 0, sizeof *reader);
  reader->max_message = max_message;
}

void
rd_ws_reader_clear (RdWsReader *reader)
{
  g_clear_pointer (&reader->fragments, g_byte_array_unref);
  reader->deliver_fragments = FALSE;
}

static RdWsStatus
fail (RdWsMessage *out,
      gushort      code,
      const char  *why)
{
  memset (out, 0, sizeof *out);
  out->close_code = code;
  out->error = why;
  return RD_WS_ERROR;
}

static gboolean
is_control (guint opcode)
{
  return (opcode & 0x8) != 0;
}

static gboolean
is_known (guint opcode)
{
  return opcode <= RD_WS_OP_BINARY || (opcode >= RD_WS_OP_CLOSE && opcode <= RD_WS_OP_PONG);
}

static void
unmask (guint8       *data,
        gsize         length,
        const guint8  key[4])
{
  for (gsize i = 0; i < length; i++)
    data[i] ^= key[i & 3];
}

/* A close frame's payload: nothing, or a valid code and UTF-8 reason. */
static gboolean
read_close (RdWsMessage *out)
{
  guint code;

  if (out->length == 0)
    {
      out->close_code = RD_WS_CLOSE_NO_STATUS;
      return TRUE;
    }
  if (out->length == 1)
    return FALSE;
  code = ((guint) out->data[0] << 8) | out->data[1];
  if (code < 1000 || code == 1004 || code == 1005 || code == 1006 || (code > 1014 && code < 3000) || code > 4999)
    return FALSE;
  if (!g_utf8_validate ((const char *) out->data + 2, (gssize) out->length - 2, NULL))
    return FALSE;
  out->close_code = (gushort) code;
  return TRUE;
}

RdWsStatus
rd_ws_reader_next (RdWsReader  *reader,
                   guint8      *buf,
                   gsize        length,
                   gsize       *consumed,
                   RdWsMessage *out)
{
  gsize pos = 0;

  g_assert (reader != NULL && consumed != NULL && out != NULL);

  /* The message handed out last time was put together from fragments. */
  if (reader->deliver_fragments)
    {
      g_clear_pointer (&reader->fragments, g_byte_array_unref);
      reader->deliver_fragments = FALSE;
    }

  memset (out, 0, sizeof *out);
  *consumed = 0;
  for (;;)
    {
      const guint8 *head = buf + pos;
      gsize left = length - pos;
      gboolean fin;
      guint opcode;
      guint64 payload;
      gsize header = 2;
      guint8 *data;

      if (left < 2)
        return RD_WS_NEED_MORE;
      fin = (head[0] & 0x80) != 0;
      opcode = head[0] & 0x0F;
      if ((head[0] & 0x70) != 0)
        return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "reserved bits set (no extension was agreed)");
      if (!is_known (opcode))
        return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "unknown opcode");
      if ((head[1] & 0x80) == 0)
        return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "a client's frames must be masked");

      payload = head[1] & 0x7F;
      if (payload == 126)
        {
          if (left < 4)
            return RD_WS_NEED_MORE;
          payload = ((guint64) head[2] << 8) | head[3];
          header = 4;
        }
      else if (payload == 127)
        {
          if (left < 10)
            return RD_WS_NEED_MORE;
          payload = 0;
          for (guint i = 0; i < 8; i++)
            payload = (payload << 8) | head[2 + i];
          if (payload >> 63)
            return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "frame length out of range");
          header = 10;
        }

      if (is_control (opcode) && (!fin || payload > RD_WS_CONTROL_MAX))
        return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "control frames must be whole and at most 125 bytes");
      if (!is_control (opcode))
        {
          gsize so_far = reader->fragments ? reader->fragments->len : 0;

          if (opcode == RD_WS_OP_CONTINUATION && reader->fragments == NULL)
            return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "continuation frame without a message to continue");
          if (opcode != RD_WS_OP_CONTINUATION && reader->fragments != NULL)
            return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "new message before the last one ended");
          /* Checked before the payload is waited for: nobody makes the relay buffer it. */
          if (payload > reader->max_message || so_far + payload > reader->max_message)
            return fail (out, RD_WS_CLOSE_TOO_BIG, "message too big");
        }

      header += 4;   /* the mask */
      if (left < header || left - header < payload)
        return RD_WS_NEED_MORE;

      data = buf + pos + header;
      unmask (data, (gsize) payload, head + header - 4);
      pos += header + (gsize) payload;
      *consumed = pos;

      if (is_control (opcode))
        {
          out->opcode = opcode;
          out->data = data;
          out->length = (gsize) payload;
          if (opcode == RD_WS_OP_CLOSE && !read_close (out))
            return fail (out, RD_WS_CLOSE_PROTOCOL_ERROR, "malformed close frame");
          return RD_WS_MESSAGE;
        }

      if (fin && reader->fragments == NULL)
        {
          out->opcode = opcode;
          out->data = data;
          out->length = (gsize) payload;
          return RD_WS_MESSAGE;
        }

      if (reader->fragments == NULL)
        {
          reader->fragments = g_byte_array_new ();
          reader->fragments_opcode = opcode;
        }
      g_byte_array_append (reader->fragments, data, (guint) payload);
      if (fin)
        {
          out->opcode = reader->fragments_opcode;
          out->data = reader->fragments->data;
          out->length = reader->fragments->len;
          reader->deliver_fragments = TRUE;
          return RD_WS_MESSAGE;
        }
    }
}

gsize
rd_ws_encode_header (guint8     header[RD_WS_HEADER_MAX],
                     RdWsOpcode opcode,
                     guint64    length)
{
  header[0] = 0x80 | (guint8) opcode;
  if (length < 126)
    {
      header[1] = (guint8) length;
      return 2;
    }
  if (length <= G_MAXUINT16)
    {
      header[1] = 126;
      header[2] = (guint8) (length >> 8);
      header[3] = (guint8) length;
      return 4;
    }
  header[1] = 127;
  for (guint i = 0; i < 8; i++)
    header[2 + i] = (guint8) (length >> (56 - 8 * i));
  return 10;
}

gsize
rd_ws_close_payload (guint8      payload[RD_WS_CONTROL_MAX],
                     gushort     code,
                     const char *reason)
{
  gsize length = reason ? strlen (reason) : 0;
  const char *end;

  payload[0] = (guint8) (code >> 8);
  payload[1] = (guint8) code;
  if (length > RD_WS_CONTROL_MAX - 2)
    {
      /* Cut on a character boundary so the reason stays UTF-8. */
      g_utf8_validate (reason, RD_WS_CONTROL_MAX - 2, &end);
      length = (gsize) (end - reason);
    }
  if (length > 0)
    memcpy (payload + 2, reason, length);
  return 2 + length;
}
