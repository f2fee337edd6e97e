/* rd-tcp.h: socket options both ends of a relay connection want. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Turns off Nagle's algorithm on the TCP socket under @stream (also under
 * TLS). Frames are whole messages: waiting to coalesce them only adds a
 * delayed-ACK stall (~40 ms) to every reply that spans several segments. */
void rd_tcp_set_nodelay (GIOStream *stream);

G_END_DECLS
