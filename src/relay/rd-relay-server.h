/* rd-relay-server.h: the relaydeskd service object. */
#pragma once

#include <glib-object.h>

#include "rd-relay-config.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_RELAY_SERVER (rd_relay_server_get_type ())
G_DECLARE_FINAL_TYPE (RdRelayServer, rd_relay_server, RD, RELAY_SERVER, GObject)

/* Takes ownership of @store. */
RdRelayServer *rd_relay_server_new      (const RdRelayConfig *config, RdStore *store);
gboolean       rd_relay_server_start    (RdRelayServer *self, GError **error);
/* The URL clients connect to, e.g. ws://127.0.0.1:7878/ws; valid after start. */
const char    *rd_relay_server_get_url  (RdRelayServer *self);
/* Commits pending writes, says goodbye to every connection, stops listening. */
void           rd_relay_server_shutdown (RdRelayServer *self);

G_END_DECLS
