/* rd-ws-codec.h: WebSocket framing (RFC 6455), the server's side.
 *
 * The relay runs its client sockets itself (rd-relay-connection.c) so that a
 * wake-up costs the same whatever the number of open connections; libsoup
 * still accepts them and answers the HTTP upgrade. This file only turns bytes
 * into messages and messages into bytes, without sockets, so it is tested
 * and fuzzed on its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RD_WS_OP_CONTINUATION = 0x0,
  RD_WS_OP_TEXT         = 0x1,
  RD_WS_OP_BINARY       = 0x2,
  RD_WS_OP_CLOSE        = 0x8,
  RD_WS_OP_PING         = 0x9,
  RD_WS_OP_PONG         = 0xA,
} RdWsOpcode;

/* Close codes the relay sends (RFC 6455, 7.4.1). */
#define RD_WS_CLOSE_NORMAL           1000
#define RD_WS_CLOSE_GOING_AWAY       1001
#define RD_WS_CLOSE_PROTOCOL_ERROR   1002
#define RD_WS_CLOSE_NO_STATUS        1005
#define RD_WS_CLOSE_POLICY_VIOLATION 1008
#define RD_WS_CLOSE_TOO_BIG          1009
#define RD_WS_CLOSE_TRY_AGAIN_LATER  1013

#define RD_WS_HEADER_MAX       10    /* a server frame's header: no mask */
#define RD_WS_CONTROL_MAX      125   /* payload of a ping, pong or close */

typedef enum {
  RD_WS_NEED_MORE,   /* no whole message in the input yet */
  RD_WS_MESSAGE,     /* a whole data message or a control frame is in *out */
  RD_WS_ERROR,       /* the peer broke the protocol: close with *out's code */
} RdWsStatus;

typedef struct {
  RdWsOpcode    opcode;   /* TEXT, BINARY, CLOSE, PING or PONG */
  const guint8 *data;     /* unmasked payload, valid until the next call */
  gsize         length;
  gushort       close_code;     /* CLOSE: the peer's code (1005 if none); ERROR: ours */
  const char   *error;          /* ERROR: why, for the log and the close frame */
} RdWsMessage;

/* Reads frames from a client: they must be masked, carry no extension bits,
 * and control frames must be whole and short. Fragmented messages are put
 * together; one longer than max_message is an error (1009). */
typedef struct {
  gsize       max_message;
  GByteArray *fragments;        /* the message being put together, or NULL */
  RdWsOpcode  fragments_opcode;
  gboolean    deliver_fragments; /* the last MESSAGE pointed into fragments */
} RdWsReader;

void       rd_ws_reader_init  (RdWsReader *reader, gsize max_message);
void       rd_ws_reader_clear (RdWsReader *reader);
/* Reads from @buf (unmasking it in place) until one message is whole or
 * the input runs out. *consumed says how many bytes of @buf are done with;
 * the caller keeps the rest for the next call. */
RdWsStatus rd_ws_reader_next  (RdWsReader *reader, guint8 *buf, gsize length,
                               gsize *consumed, RdWsMessage *out);

/* Writes the header of one whole, unmasked frame into @header and returns
 * its length (2, 4 or 10 bytes). */
gsize      rd_ws_encode_header (guint8 header[RD_WS_HEADER_MAX], RdWsOpcode opcode, guint64 length);
/* The payload of a close frame: the code and as much of @reason as fits. */
gsize      rd_ws_close_payload (guint8 payload[RD_WS_CONTROL_MAX], gushort code, const char *reason);

G_END_DECLS
