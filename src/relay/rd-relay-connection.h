/* rd-relay-connection.h: one client WebSocket, run by the relay itself.
 *
 * libsoup accepts the socket and answers the HTTP upgrade; from then on the
 * connection reads and writes it through the poller (one epoll set for all
 * of them), so an idle connection costs no work and a busy one costs the
 * same whatever the number of others. What it queues for a client that does
 * not read is bounded: past max_queued bytes the connection is dropped (the
 * client catches up with sync when it returns).
 */
#pragma once

#include <gio/gio.h>

#include "rd-relay-poller.h"

G_BEGIN_DECLS

#define RD_TYPE_RELAY_CONNECTION (rd_relay_connection_get_type ())
G_DECLARE_FINAL_TYPE (RdRelayConnection, rd_relay_connection, RD, RELAY_CONNECTION, GObject)

typedef struct {
  /* A whole message from the client: text or binary. */
  void (*message) (gpointer data, gboolean text, const char *bytes, gsize length);
  /* The connection is gone (closed by either side, dropped, failed); once,
   * from an idle callback of the main loop, never from inside a send. */
  void (*closed)  (gpointer data);
} RdRelayConnectionHandler;

RdRelayConnection *rd_relay_connection_new          (RdRelayPoller *poller, GIOStream *stream, GSocket *socket,
                                                     gsize max_message, gsize max_queued);
/* Starts reading; @handler and @data must outlive the closed call. */
gboolean           rd_relay_connection_start        (RdRelayConnection *self,
                                                     const RdRelayConnectionHandler *handler,
                                                     gpointer data, GError **error);
gboolean           rd_relay_connection_is_open      (RdRelayConnection *self);
void               rd_relay_connection_send_text    (RdRelayConnection *self, const char *text, gsize length);
/* Starts the closing handshake; the socket goes when the client answers
 * or after a few seconds. */
void               rd_relay_connection_close        (RdRelayConnection *self, gushort code, const char *reason);
/* Lets go of the socket now, without calling the handler (its owner is
 * going away). */
void               rd_relay_connection_detach       (RdRelayConnection *self);
/* If the client was dropped for reading nothing: the bytes that waited
 * for it then; 0 otherwise. */
gsize              rd_relay_connection_get_dropped_with (RdRelayConnection *self);
/* Bytes waiting to be written to this client. */
gsize              rd_relay_connection_get_queued   (RdRelayConnection *self);

G_END_DECLS
