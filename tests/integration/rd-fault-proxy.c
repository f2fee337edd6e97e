/* rd-fault-proxy.c: a TCP proxy on 127.0.0.1 that delays, stalls and cuts.
 *
 * Each accepted connection gets one to the target; two copy loops run on
 * the main loop, one a direction, a chunk at a time: a chunk waits out the
 * delay, or while stalled (parked, at no cost), before it is written; a cut
 * closes every connection both ways at once. */
#include "config.h"

#include "rd-fault-proxy.h"

#define CHUNK 65536

struct _RdFaultProxy {
  GSocketService *service;
  guint16         port;
  guint16         target;
  GPtrArray      *links;     /* Link, owned */
  guint           delay_ms;
  gboolean        stalled;
  GPtrArray      *parked;    /* Direction *, holding a chunk while stalled */
  guint           cuts;
};

typedef struct {
  RdFaultProxy      *proxy;
  GSocketConnection *client;
  GSocketConnection *server;
  GCancellable      *cancellable;
  guint              running;
} Link;

typedef struct {
  Link          *link;
  GInputStream  *in;
  GOutputStream *out;
  guint8         buffer[CHUNK];
  gsize          length;
} Direction;

static void read_next (Direction *direction);

static void
link_close (Link *link)
{
  g_cancellable_cancel (link->cancellable);
  if (link->client)
    g_io_stream_close (G_IO_STREAM (link->client), NULL, NULL);
  if (link->server)
    g_io_stream_close (G_IO_STREAM (link->server), NULL, NULL);
}

static void
link_free (Link *link)
{
  link_close (link);
  g_clear_object (&link->client);
  g_clear_object (&link->server);
  g_clear_object (&link->cancellable);
  g_free (link);
}

/* One direction ended; the other follows, and the link goes. */
static void
direction_done (Direction *direction)
{
  Link *link = direction->link;

  g_free (direction);
  link_close (link);
  if (--link->running == 0)
    g_ptr_array_remove (link->proxy->links, link);
}

static void
written_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Direction *direction = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      direction_done (direction);
      return;
    }
  read_next (direction);
}

static gboolean
write_when_allowed_cb (gpointer data)
{
  Direction *direction = data;

  if (g_cancellable_is_cancelled (direction->link->cancellable))
    {
      direction_done (direction);
      return G_SOURCE_REMOVE;
    }
  if (direction->link->proxy->stalled)
    {
      g_ptr_array_add (direction->link->proxy->parked, direction);
      return G_SOURCE_REMOVE;
    }
  g_output_stream_write_all_async (direction->out, direction->buffer, direction->length, G_PRIORITY_DEFAULT,
                                   direction->link->cancellable, written_cb, direction);
  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Direction *direction = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  RdFaultProxy *proxy = direction->link->proxy;

  if (n <= 0)
    {
      direction_done (direction);
      return;
    }
  direction->length = (gsize) n;
  if (proxy->delay_ms > 0)
    g_timeout_add (proxy->delay_ms, write_when_allowed_cb, direction);
  else
    write_when_allowed_cb (direction);
}

static void
read_next (Direction *direction)
{
  g_input_stream_read_async (direction->in, direction->buffer, CHUNK, G_PRIORITY_DEFAULT,
                             direction->link->cancellable, read_cb, direction);
}

static void
start_direction (Link *link, GSocketConnection *from, GSocketConnection *to)
{
  Direction *direction = g_new0 (Direction, 1);

  direction->link = link;
  direction->in = g_io_stream_get_input_stream (G_IO_STREAM (from));
  direction->out = g_io_stream_get_output_stream (G_IO_STREAM (to));
  link->running++;
  read_next (direction);
}

static gboolean
incoming_cb (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
  RdFaultProxy *proxy = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", proxy->target);
  GSocketConnection *server = g_socket_client_connect_to_host (client, target, 0, NULL, NULL);
  Link *link;

  if (server == NULL)
    return FALSE;   /* the relay is down: the caller sees its connection close */
  link = g_new0 (Link, 1);
  link->proxy = proxy;
  link->client = g_object_ref (connection);
  link->server = server;
  link->cancellable = g_cancellable_new ();
  g_ptr_array_add (proxy->links, link);
  start_direction (link, link->client, link->server);
  start_direction (link, link->server, link->client);
  return TRUE;
}

RdFaultProxy *
rd_fault_proxy_new (guint16 target_port)
{
  RdFaultProxy *proxy = g_new0 (RdFaultProxy, 1);
  g_autoptr(GError) error = NULL;

  proxy->target = target_port;
  proxy->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  proxy->parked = g_ptr_array_new ();
  proxy->service = g_socket_service_new ();
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                                  G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                                  &error));
    g_assert_no_error (error);
    proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  return proxy;
}

guint16
rd_fault_proxy_get_port (RdFaultProxy *proxy)
{
  return proxy->port;
}

void
rd_fault_proxy_set_delay (RdFaultProxy *proxy, guint ms)
{
  proxy->delay_ms = ms;
}

/* The chunks held back go on (or, once cancelled, end their direction). */
static void
unpark (RdFaultProxy *proxy)
{
  g_autoptr(GPtrArray) parked = g_steal_pointer (&proxy->parked);

  proxy->parked = g_ptr_array_new ();
  for (guint i = 0; i < parked->len; i++)
    write_when_allowed_cb (g_ptr_array_index (parked, i));
}

void
rd_fault_proxy_set_stalled (RdFaultProxy *proxy, gboolean stalled)
{
  proxy->stalled = stalled;
  if (!stalled)
    unpark (proxy);
}

void
rd_fault_proxy_cut (RdFaultProxy *proxy)
{
  proxy->cuts++;
  for (guint i = 0; i < proxy->links->len; i++)
    link_close (g_ptr_array_index (proxy->links, i));
  unpark (proxy);
}

guint
rd_fault_proxy_get_n_links (RdFaultProxy *proxy)
{
  return proxy->links->len;
}

void
rd_fault_proxy_free (RdFaultProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  rd_fault_proxy_cut (proxy);
  /* The copy loops end on their own once cancelled; their links with them. */
  for (guint i = 0; i < 200 && proxy->links->len > 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_ptr_array_unref (proxy->links);
  g_ptr_array_unref (proxy->parked);
  g_free (proxy);
}
