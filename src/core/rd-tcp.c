/* rd-tcp.c: finds the TCP socket under a (TLS) stream and tunes it. */
#define G_LOG_DOMAIN "rd-tcp"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "rd-tcp.h"

void
rd_tcp_set_nodelay (GIOStream *stream)
{
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  g_return_if_fail (G_IS_IO_STREAM (stream));

  if (G_IS_TLS_CONNECTION (stream))
    g_object_get (stream, "base-io-stream", &base, NULL);
  else
    base = g_object_ref (stream);
  if (!G_IS_SOCKET_CONNECTION (base))
    return;
  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (base));
  if (g_socket_get_family (socket) != G_SOCKET_FAMILY_IPV4 && g_socket_get_family (socket) != G_SOCKET_FAMILY_IPV6)
    return;
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, &error))
    g_debug ("cannot set TCP_NODELAY: %s", error->message);
}
