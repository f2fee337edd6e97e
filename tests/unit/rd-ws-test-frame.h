/* rd-ws-test-frame.h: WebSocket frames as a client writes them, for tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one frame to @out: FIN as given, masked with a fixed key unless
 * @masked is FALSE (which a relay must refuse). */
void rd_ws_test_append_frame (GByteArray *out, gboolean fin, guint opcode, const char *payload, gsize length,
                              gboolean masked);

G_END_DECLS
