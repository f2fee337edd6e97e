/* rd-test-haproxy.h: a real HAProxy (Debian's) in front of a test's relays,
 * configured as docs/admin.md says: WebSocket passed through, /health
 * checked every half second, a relay that fails it taken out. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdTestHaproxy RdTestHaproxy;

/* NULL when HAProxy can be run here, else why not (for a skip). */
char          *rd_test_haproxy_missing (void);
/* HAProxy on a free port of 127.0.0.1 in front of 127.0.0.1:@ports[i]. */
RdTestHaproxy *rd_test_haproxy_new     (const guint16 *ports, guint n_ports);
/* ws://127.0.0.1:PORT/ws, through HAProxy. */
const char    *rd_test_haproxy_url     (RdTestHaproxy *haproxy);
void           rd_test_haproxy_free    (RdTestHaproxy *haproxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestHaproxy, rd_test_haproxy_free)

G_END_DECLS
