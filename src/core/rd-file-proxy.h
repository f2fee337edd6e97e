/* rd-file-proxy.h: the relay path of a file transfer: a one-time ticket
 * from the relay, then a raw connection to its /files endpoint (upgraded
 * from HTTP, TLS when the relay speaks wss). */
#pragma once

#include "rd-client.h"

G_BEGIN_DECLS

void       rd_file_proxy_connect_async  (RdClient            *client,
                                         const char          *transfer_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GIOStream *rd_file_proxy_connect_finish (GAsyncResult *result, GError **error);

G_END_DECLS
