/* rd-transfer.c: the transfer object the app binds to. Notifies "state",
 * "path" and "bytes"; bytes at most ten times a second. */
#define G_LOG_DOMAIN "rd-transfer"

#include "config.h"

#include <sys/socket.h>

#include "rd-stream-pump.h"
#include "rd-transfer-private.h"

#define NOTIFY_INTERVAL_US (G_USEC_PER_SEC / 10)

G_DEFINE_FINAL_TYPE (RdTransfer, rd_transfer, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, PROP_PATH, PROP_BYTES, N_PROPS };
static GParamSpec *properties[N_PROPS];

RdTransfer *
_rd_transfer_new (const char *id,
                  gboolean    outgoing,
                  const char *peer,
                  const char *peer_name,
                  const char *name,
                  const char *mime,
                  gint64      size,
                  const char *sha256)
{
  RdTransfer *self = g_object_new (RD_TYPE_TRANSFER, NULL);

  self->id = g_strdup (id);
  self->outgoing = outgoing;
  self->peer = g_strdup (peer);
  self->peer_name = g_strdup (peer_name && *peer_name ? peer_name : peer);
  self->name = g_strdup (name);
  self->mime = g_strdup (mime ? mime : "");
  self->size = size;
  self->sha256 = g_strdup (sha256);
  return self;
}

void
_rd_transfer_set_state (RdTransfer      *self,
                        RdTransferState  state,
                        const char      *error)
{
  if (self->state == state && error == NULL)
    return;
  self->state = state;
  if (error)
    {
      g_free (self->error);
      self->error = g_strdup (error);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_rd_transfer_clear_error (RdTransfer *self)
{
  g_clear_pointer (&self->error, g_free);
}

void
_rd_transfer_set_path (RdTransfer *self,
                       const char *path)
{
  self->path = path;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

static void
publish_bytes (RdTransfer *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed = now - self->last_notify_us;

  self->bytes = self->resumed_from + rd_stream_pump_read_progress (&self->moved);
  if (self->last_notify_us != 0 && elapsed > 0)
    {
      double recent = (double) (self->bytes - self->last_notify_bytes) * G_USEC_PER_SEC / elapsed;

      /* Smoothed, so the time left does not jump about. */
      self->speed = self->speed > 0 ? 0.7 * self->speed + 0.3 * recent : recent;
    }
  self->last_notify_us = now;
  self->last_notify_bytes = self->bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
}

static gboolean
progress_cb (gpointer data)
{
  publish_bytes (data);
  return G_SOURCE_CONTINUE;
}

void
_rd_transfer_start_moving (RdTransfer *self,
                           gint64      from)
{
  self->resumed_from = from;
  self->moved = 0;
  self->last_notify_us = 0;
  publish_bytes (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_source = g_timeout_add (NOTIFY_INTERVAL_US / 1000, progress_cb, self);
}

void
_rd_transfer_stop_moving (RdTransfer *self)
{
  if (self->progress_source == 0)
    return;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  publish_bytes (self);
}

/* The socket under @stream, or NULL. */
static GSocket *
socket_of (GIOStream *stream)
{
  g_autoptr(GIOStream) base = NULL;

  if (G_IS_TLS_CONNECTION (stream))
    g_object_get (stream, "base-io-stream", &base, NULL);
  else
    base = g_object_ref (stream);
  return G_IS_SOCKET_CONNECTION (base) ? g_socket_connection_get_socket (G_SOCKET_CONNECTION (base)) : NULL;
}

/* A pump thread may be inside a read or write of this socket: the kernel's
 * shutdown(2) is safe against that and wakes it, where g_socket_shutdown
 * would also change GSocket's own state under the thread's feet (a data
 * race ThreadSanitizer reports). GSocket learns of it from that read. */
void
_rd_transfer_cut_stream (GIOStream *stream)
{
  GSocket *socket = socket_of (stream);

  if (socket)
    shutdown (g_socket_get_fd (socket), SHUT_RDWR);
}

/* A pump thread may still be blocked on @stream: a close here would wait
 * for it (TLS streams serialise their operations) and freeze the main
 * loop. Shutting the socket down wakes it; the close follows in the
 * background. */
static void
abandon_stream (GIOStream *stream)
{
  _rd_transfer_cut_stream (stream);
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

void
_rd_transfer_stop_attempt (RdTransfer *self)
{
  _rd_transfer_stop_moving (self);
  g_clear_handle_id (&self->fallback_source, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->link)
    rd_peer_link_close (self->link);
  g_clear_object (&self->link);
  for (guint i = 0; self->candidates && i < self->candidates->len; i++)
    abandon_stream (g_ptr_array_index (self->candidates, i));
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  if (self->stream)
    abandon_stream (self->stream);
  g_clear_object (&self->stream);
}

const char *rd_transfer_get_id (RdTransfer *self) { return self->id; }
gboolean rd_transfer_is_outgoing (RdTransfer *self) { return self->outgoing; }
const char *rd_transfer_get_peer (RdTransfer *self) { return self->peer; }
const char *rd_transfer_get_peer_name (RdTransfer *self) { return self->peer_name; }
const char *rd_transfer_get_name (RdTransfer *self) { return self->name; }
const char *rd_transfer_get_mime (RdTransfer *self) { return self->mime; }
gint64 rd_transfer_get_size (RdTransfer *self) { return self->size; }
const char *rd_transfer_get_sha256 (RdTransfer *self) { return self->sha256; }
GFile *rd_transfer_get_file (RdTransfer *self) { return self->file; }
RdTransferState rd_transfer_get_state (RdTransfer *self) { return self->state; }
const char *rd_transfer_get_path (RdTransfer *self) { return self->path; }
gint64 rd_transfer_get_bytes (RdTransfer *self) { return self->bytes; }
double rd_transfer_get_speed (RdTransfer *self) { return self->speed; }
gint64 rd_transfer_get_first_byte_time (RdTransfer *self) { return __atomic_load_n (&self->first_byte_us, __ATOMIC_RELAXED); }
gint64 rd_transfer_get_resumed_from (RdTransfer *self) { return self->resumed_from; }
const char *rd_transfer_get_error (RdTransfer *self) { return self->error; }

gboolean
rd_transfer_is_finished (RdTransfer *self)
{
  return self->state >= RD_TRANSFER_DONE;
}

gint64
rd_transfer_get_seconds_left (RdTransfer *self)
{
  if (self->state != RD_TRANSFER_MOVING || self->speed <= 0)
    return -1;
  return (gint64) ((self->size - self->bytes) / self->speed + 0.5);
}

gboolean
rd_transfer_can_leave_with_relay (RdTransfer *self)
{
  g_return_val_if_fail (RD_IS_TRANSFER (self), FALSE);
  return self->outgoing && self->recipient_offline && self->state == RD_TRANSFER_FAILED;
}

gboolean
rd_transfer_is_kept_by_relay (RdTransfer *self)
{
  g_return_val_if_fail (RD_IS_TRANSFER (self), FALSE);
  return self->kept;
}

static void
rd_transfer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RdTransfer *self = RD_TRANSFER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BYTES:
      g_value_set_int64 (value, self->bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_transfer_dispose (GObject *object)
{
  RdTransfer *self = RD_TRANSFER (object);

  _rd_transfer_stop_attempt (self);
  g_clear_object (&self->part_out);
  G_OBJECT_CLASS (rd_transfer_parent_class)->dispose (object);
}

static void
rd_transfer_finalize (GObject *object)
{
  RdTransfer *self = RD_TRANSFER (object);

  g_free (self->id);
  g_free (self->peer);
  g_free (self->peer_name);
  g_free (self->name);
  g_free (self->mime);
  g_free (self->sha256);
  g_free (self->error);
  g_clear_object (&self->file);
  g_clear_object (&self->part);
  g_clear_pointer (&self->checksum, rd_sha256_free);
  G_OBJECT_CLASS (rd_transfer_parent_class)->finalize (object);
}

static void
rd_transfer_class_init (RdTransferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_transfer_get_property;
  object_class->dispose = rd_transfer_dispose;
  object_class->finalize = rd_transfer_finalize;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, RD_TRANSFER_PREPARING, RD_TRANSFER_DECLINED,
                                             RD_TRANSFER_PREPARING, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES] = g_param_spec_int64 ("bytes", NULL, NULL, 0, G_MAXINT64, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_transfer_init (RdTransfer *self)
{
}
