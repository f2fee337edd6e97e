/* rd-peer-link.c: TLS both ways with throw-away certificates. GIO's own
 * certificate checks cannot apply (nothing is signed by anyone), so every
 * certificate is let through the handshake and judged right after it by
 * its SHA-256, against the fingerprint that came over the authenticated
 * relay connection. A connection that came up before that fingerprint did
 * waits for it. */
#define G_LOG_DOMAIN "rd-peer-link"

#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "rd-peer-certificate.h"
#include "rd-peer-link.h"

#define DIAL_TIMEOUT_S 5

struct _RdPeerLink
{
  GObject           parent_instance;

  GTlsCertificate  *own;
  char             *peer_fingerprint;
  GSocketService   *service;
  GCancellable     *cancellable;
  GPtrArray        *unverified;      /* GTlsConnection waiting for the fingerprint */
  GPtrArray        *dialled;         /* "host:port" already tried */
  guint             refused;
  gboolean          closed;
};

G_DEFINE_FINAL_TYPE (RdPeerLink, rd_peer_link, G_TYPE_OBJECT)

enum { SIGNAL_CONNECTED, SIGNAL_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
accept_any_cb (GTlsConnection       *connection,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  return TRUE;   /* judged by fingerprint once the handshake is over */
}

static void
judge (RdPeerLink     *self,
       GTlsConnection *connection)
{
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (connection);
  g_autofree char *sha256 = peer ? rd_certificate_sha256 (peer) : NULL;

  if (self->closed)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  if (self->peer_fingerprint == NULL)
    {
      g_ptr_array_add (self->unverified, g_object_ref (connection));
      return;
    }
  if (sha256 == NULL || g_ascii_strcasecmp (sha256, self->peer_fingerprint) != 0)
    {
      g_message ("dropped a direct connection whose certificate is not the peer's");
      self->refused++;
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_signal_emit (self, signals[SIGNAL_REFUSED], 0);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, connection);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RdPeerLink) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      g_debug ("direct TLS handshake failed: %s", error->message);
      return;
    }
  judge (self, G_TLS_CONNECTION (source));
}

static void
start_tls (RdPeerLink        *self,
           GIOStream         *base,
           gboolean           as_server)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) tls = NULL;

  /* The recipient's first words are 8 bytes (where to start): without
   * this they would wait for the handshake's delayed ACK, 40 ms. */
  if (G_IS_SOCKET_CONNECTION (base) &&
      !g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)), IPPROTO_TCP, TCP_NODELAY,
                            1, &error))
    {
      g_debug ("no TCP_NODELAY on a direct connection: %s", error->message);
      g_clear_error (&error);
    }
  /* Made with "database" NULL from the start, not set afterwards: no
   * certificate authority can vouch for a throw-away certificate, and
   * GIO would otherwise parse the system's whole CA bundle for every
   * connection (about 10 ms each, on the main loop, several per file). */
  if (as_server)
    tls = g_initable_new (g_tls_backend_get_server_connection_type (backend), NULL, &error,
                          "base-io-stream", base, "certificate", self->own, "database", NULL,
                          "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
  else
    tls = g_initable_new (g_tls_backend_get_client_connection_type (backend), NULL, &error,
                          "base-io-stream", base, "certificate", self->own, "database", NULL, NULL);
  if (tls == NULL)
    {
      g_warning ("no TLS for a direct connection: %s", error->message);
      return;
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, self->cancellable, handshake_cb,
                                    g_object_ref (self));
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  start_tls (RD_PEER_LINK (user_data), G_IO_STREAM (connection), TRUE);
  return TRUE;
}

/* Every IPv4 address of this machine's interfaces that are up. */
static GPtrArray *
host_addresses (void)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_free);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return addresses;
  for (struct ifaddrs *ifa = list; ifa; ifa = ifa->ifa_next)
    if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GInetAddress) inet =
          g_inet_address_new_from_bytes ((const guint8 *) &((struct sockaddr_in *) ifa->ifa_addr)->sin_addr,
                                         G_SOCKET_FAMILY_IPV4);

        g_ptr_array_add (addresses, g_inet_address_to_string (inet));
      }
  freeifaddrs (list);
  return addresses;
}

char *
rd_peer_link_listen (RdPeerLink  *self,
                     const char  *advertised,
                     GError     **error)
{
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GString) candidates = g_string_new (NULL);
  guint16 port;

  g_return_val_if_fail (RD_IS_PEER_LINK (self), NULL);

  if (advertised != NULL)
    return g_strdup (advertised);
  self->service = g_socket_service_new ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (self->service), NULL, error);
  if (port == 0)
    return NULL;
  g_signal_connect_object (self->service, "incoming", G_CALLBACK (incoming_cb), self, 0);
  g_socket_service_start (self->service);
  addresses = host_addresses ();
  for (guint i = 0; i < addresses->len; i++)
    g_string_append_printf (candidates, "%s%s:%u", i ? " " : "", (char *) g_ptr_array_index (addresses, i), port);
  return g_string_free (g_steal_pointer (&candidates), FALSE);
}

void
rd_peer_link_set_peer_fingerprint (RdPeerLink *self,
                                   const char *sha256)
{
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_if_fail (RD_IS_PEER_LINK (self));

  g_free (self->peer_fingerprint);
  self->peer_fingerprint = g_strdup (sha256);
  waiting = g_steal_pointer (&self->unverified);
  self->unverified = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    judge (self, g_ptr_array_index (waiting, i));
}

static void
dialled_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdPeerLink) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source),
                                                                                  result, &error);

  if (connection == NULL)
    {
      g_debug ("direct dial failed: %s", error->message);
      return;
    }
  if (!self->closed)
    start_tls (self, G_IO_STREAM (connection), FALSE);
}

static void
dial_one (RdPeerLink *self,
          const char *host_and_port)
{
  g_autoptr(GSocketClient) client = NULL;

  for (guint i = 0; i < self->dialled->len; i++)
    if (g_str_equal (g_ptr_array_index (self->dialled, i), host_and_port))
      return;
  g_ptr_array_add (self->dialled, g_strdup (host_and_port));
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, DIAL_TIMEOUT_S);
  /* A peer's own address: a proxy (and asking libproxy for one, which
   * takes tens of milliseconds) has no place on a direct path. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, host_and_port, 0, self->cancellable, dialled_cb,
                                         g_object_ref (self));
}

void
rd_peer_link_dial (RdPeerLink *self,
                   const char *candidates,
                   const char *observed)
{
  g_auto(GStrv) list = NULL;

  g_return_if_fail (RD_IS_PEER_LINK (self));

  list = g_strsplit (candidates ? candidates : "", " ", 16);
  for (guint i = 0; list[i]; i++)
    {
      const char *colon = strrchr (list[i], ':');

      if (*list[i] == '\0' || colon == NULL)
        continue;
      dial_one (self, list[i]);
      if (observed && *observed)
        {
          g_autofree char *seen = g_strdup_printf ("%s%s", observed, colon);

          dial_one (self, seen);
        }
    }
}

void
rd_peer_link_close (RdPeerLink *self)
{
  g_return_if_fail (RD_IS_PEER_LINK (self));

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->service)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  for (guint i = 0; i < self->unverified->len; i++)
    g_io_stream_close (g_ptr_array_index (self->unverified, i), NULL, NULL);
  g_ptr_array_set_size (self->unverified, 0);
}

guint
rd_peer_link_get_refused (RdPeerLink *self)
{
  g_return_val_if_fail (RD_IS_PEER_LINK (self), 0);
  return self->refused;
}

RdPeerLink *
rd_peer_link_new (GTlsCertificate *own_certificate)
{
  RdPeerLink *self = g_object_new (RD_TYPE_PEER_LINK, NULL);

  self->own = g_object_ref (own_certificate);
  return self;
}

static void
rd_peer_link_dispose (GObject *object)
{
  RdPeerLink *self = RD_PEER_LINK (object);

  if (!self->closed)
    rd_peer_link_close (self);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (rd_peer_link_parent_class)->dispose (object);
}

static void
rd_peer_link_finalize (GObject *object)
{
  RdPeerLink *self = RD_PEER_LINK (object);

  g_clear_object (&self->own);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->unverified, g_ptr_array_unref);
  g_clear_pointer (&self->dialled, g_ptr_array_unref);
  g_free (self->peer_fingerprint);
  G_OBJECT_CLASS (rd_peer_link_parent_class)->finalize (object);
}

static void
rd_peer_link_class_init (RdPeerLinkClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_peer_link_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_peer_link_finalize;
  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_IO_STREAM);
  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_peer_link_init (RdPeerLink *self)
{
  self->cancellable = g_cancellable_new ();
  self->unverified = g_ptr_array_new_with_free_func (g_object_unref);
  self->dialled = g_ptr_array_new_with_free_func (g_free);
}
