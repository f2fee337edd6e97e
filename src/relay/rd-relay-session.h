/* rd-relay-session.h: one client WebSocket connection on the relay. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-protocol.h"

G_BEGIN_DECLS

#define RD_TYPE_RELAY_SESSION (rd_relay_session_get_type ())
G_DECLARE_FINAL_TYPE (RdRelaySession, rd_relay_session, RD, RELAY_SESSION, GObject)

typedef struct _RdRelayServer RdRelayServer;

RdRelaySession *rd_relay_session_new         (RdRelayServer           *server,
                                              GIOStream               *stream,
                                              GSocket                 *socket,
                                              const char              *remote_host);
/* Starts reading from the client; FALSE if its socket cannot be watched. */
gboolean        rd_relay_session_start       (RdRelaySession *self, GError **error);
void            rd_relay_session_send        (RdRelaySession *self, JsonObject *frame);
/* A frame already written as JSON text. */
void            rd_relay_session_send_text   (RdRelaySession *self, const char *text, gsize length);
void            rd_relay_session_send_error  (RdRelaySession *self, const char *id,
                                              RdErrorCode code, const char *message);
void            rd_relay_session_close       (RdRelaySession *self, gushort code, const char *reason);
gboolean        rd_relay_session_is_open     (RdRelaySession *self);

G_END_DECLS
