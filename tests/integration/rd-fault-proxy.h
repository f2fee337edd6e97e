/* rd-fault-proxy.h: a TCP proxy for tests that puts a bad network between
 * clients and the relay: it delays every chunk, stalls (holds everything
 * back without closing), and cuts every connection at once. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RdFaultProxy RdFaultProxy;

/* Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:@target_port. */
RdFaultProxy *rd_fault_proxy_new         (guint16 target_port);
guint16       rd_fault_proxy_get_port    (RdFaultProxy *proxy);
void          rd_fault_proxy_set_delay   (RdFaultProxy *proxy, guint ms);
void          rd_fault_proxy_set_stalled (RdFaultProxy *proxy, gboolean stalled);
void          rd_fault_proxy_cut         (RdFaultProxy *proxy);
guint         rd_fault_proxy_get_n_links (RdFaultProxy *proxy);
void          rd_fault_proxy_free        (RdFaultProxy *proxy);

G_END_DECLS
