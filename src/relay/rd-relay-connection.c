/* rd-relay-connection.c: reading, writing and closing one client WebSocket. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>
#include <sys/epoll.h>

#include "rd-relay-connection.h"
#include "rd-ws-codec.h"

#define READ_CHUNK          16384
/* A plain socket keeps what is not read yet, so one wake-up reads at most
 * this much and others get their turn; TLS may hold decrypted bytes the
 * socket no longer shows, so a TLS stream is read until it would block. */
#define READ_PER_WAKEUP     (256 * 1024)
#define CLOSE_WAIT_S        3

typedef enum {
  STATE_NEW,
  STATE_OPEN,
  STATE_CLOSING,      /* a close frame was sent; waiting for the client's */
  STATE_CLOSED,
} State;

struct _RdRelayConnection {
  GObject                          parent_instance;

  RdRelayPoller                   *poller;     /* unowned: outlives connections */
  GIOStream                       *stream;
  GSocket                         *socket;
  GPollableInputStream            *input;
  GPollableOutputStream           *output;
  int                              fd;
  gboolean                         plain;      /* no TLS in between */
  gsize                            max_queued;

  const RdRelayConnectionHandler  *handler;
  gpointer                         handler_data;

  State                            state;
  RdWsReader                       reader;
  GByteArray                      *in;         /* read, not a whole frame yet; NULL when empty */
  guint8                          *out;        /* to write; NULL when empty */
  gsize                            out_cap;    /* bytes allocated at out */
  gsize                            out_len;
  gsize                            out_head;   /* written already */
  gboolean                         want_write; /* EPOLLOUT is watched */
  gboolean                         flush_deferred;
  gboolean                         close_after_flush;
  gboolean                         teardown_scheduled;
  gsize                            dropped_with;   /* bytes waiting when the client was dropped */
  guint                            close_timer;
};

G_DEFINE_FINAL_TYPE (RdRelayConnection, rd_relay_connection, G_TYPE_OBJECT)

static void schedule_teardown (RdRelayConnection *self);

gboolean
rd_relay_connection_is_open (RdRelayConnection *self)
{
  g_return_val_if_fail (RD_IS_RELAY_CONNECTION (self), FALSE);
  return self->state == STATE_OPEN;
}

gsize
rd_relay_connection_get_dropped_with (RdRelayConnection *self)
{
  g_return_val_if_fail (RD_IS_RELAY_CONNECTION (self), 0);
  return self->dropped_with;
}

gsize
rd_relay_connection_get_queued (RdRelayConnection *self)
{
  g_return_val_if_fail (RD_IS_RELAY_CONNECTION (self), 0);
  return self->out_len - self->out_head;
}

/* ---- writing ---- */

static void
watch_writable (RdRelayConnection *self,
                gboolean           want)
{
  if (self->want_write == want || self->teardown_scheduled)
    return;
  self->want_write = want;
  rd_relay_poller_modify (self->poller, self->fd, EPOLLIN | (want ? EPOLLOUT : 0));
}

static void
write_out (RdRelayConnection *self)
{
  while (self->out_head < self->out_len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (self->output, self->out + self->out_head,
                                                             self->out_len - self->out_head, NULL, &error);

      if (n > 0)
        {
          self->out_head += (gsize) n;
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          watch_writable (self, TRUE);
          return;
        }
      g_debug ("write failed: %s", error ? error->message : "nothing written");
      schedule_teardown (self);
      return;
    }

  /* All out: an idle connection keeps no buffer. */
  g_clear_pointer (&self->out, g_free);
  self->out_cap = self->out_len = self->out_head = 0;
  watch_writable (self, FALSE);
  if (self->close_after_flush)
    schedule_teardown (self);
}

static void
flush_deferred_cb (gpointer data)
{
  RdRelayConnection *self = data;

  self->flush_deferred = FALSE;
  if (self->state != STATE_CLOSED && !self->teardown_scheduled && !self->want_write)
    write_out (self);
  g_object_unref (self);
}

static void
queue_frame (RdRelayConnection *self,
             RdWsOpcode         opcode,
             const guint8      *payload,
             gsize              length)
{
  guint8 header[RD_WS_HEADER_MAX];
  gsize header_length = rd_ws_encode_header (header, opcode, length);
  gsize frame_length = header_length + length;
  gsize queued = self->out_len - self->out_head;

  if (self->teardown_scheduled)
    return;
  /* One frame always fits in an empty queue; beyond that the bound holds,
   * once the kernel has taken what it will: a client that reads is not
   * dropped for the burst of one turn. */
  if (queued > 0 && queued + frame_length > self->max_queued && !self->want_write)
    {
      write_out (self);
      queued = self->out_len - self->out_head;
      if (self->teardown_scheduled)
        return;
    }
  if (queued > 0 && queued + frame_length > self->max_queued)
    {
      self->dropped_with = queued;
      schedule_teardown (self);
      return;
    }

  /* Written bytes are dropped from the front once they are at least half of
   * the buffer, and the buffer doubles when it must grow: O(1) a byte. */
  if (self->out_head > 0 && self->out_head >= queued)
    {
      memmove (self->out, self->out + self->out_head, queued);
      self->out_head = 0;
      self->out_len = queued;
    }
  if (self->out_len + frame_length > self->out_cap)
    {
      self->out_cap = MAX (2 * self->out_cap, self->out_len + frame_length);
      self->out = g_realloc (self->out, self->out_cap);
    }
  memcpy (self->out + self->out_len, header, header_length);
  if (length > 0)
    memcpy (self->out + self->out_len + header_length, payload, length);
  self->out_len += frame_length;

  /* Everything a loop turn sends to this client goes out in one write. */
  if (!self->flush_deferred)
    {
      self->flush_deferred = TRUE;
      rd_relay_poller_defer (self->poller, flush_deferred_cb, g_object_ref (self));
    }
}

void
rd_relay_connection_send_text (RdRelayConnection *self,
                               const char        *text,
                               gsize              length)
{
  g_return_if_fail (RD_IS_RELAY_CONNECTION (self));

  if (self->state != STATE_OPEN)
    return;
  queue_frame (self, RD_WS_OP_TEXT, (const guint8 *) text, length);
}

/* ---- closing ---- */

static gboolean
close_timeout_cb (gpointer data)
{
  RdRelayConnection *self = data;

  self->close_timer = 0;
  schedule_teardown (self);
  return G_SOURCE_REMOVE;
}

static void
send_close (RdRelayConnection *self,
            gushort            code,
            const char        *reason)
{
  guint8 payload[RD_WS_CONTROL_MAX];
  gsize length = 0;

  if (code != RD_WS_CLOSE_NO_STATUS)
    length = rd_ws_close_payload (payload, code, reason);
  queue_frame (self, RD_WS_OP_CLOSE, payload, length);
  self->state = STATE_CLOSING;
  if (self->close_timer == 0)
    self->close_timer = g_timeout_add_seconds (CLOSE_WAIT_S, close_timeout_cb, self);
}

void
rd_relay_connection_close (RdRelayConnection *self,
                           gushort            code,
                           const char        *reason)
{
  g_return_if_fail (RD_IS_RELAY_CONNECTION (self));

  if (self->state == STATE_OPEN)
    send_close (self, code, reason);
}

/* Lets go of the socket and of the hold taken in start. */
static void
release (RdRelayConnection *self)
{
  gboolean held = self->state != STATE_NEW;

  self->state = STATE_CLOSED;
  g_clear_handle_id (&self->close_timer, g_source_remove);
  if (held)
    rd_relay_poller_remove (self->poller, self->fd);   /* nothing if schedule_teardown did */
  /* Shut down first: a TLS close must not wait for a client that reads nothing. */
  g_socket_shutdown (self->socket, TRUE, TRUE, NULL);
  g_io_stream_close (self->stream, NULL, NULL);
  g_clear_pointer (&self->in, g_byte_array_unref);
  g_clear_pointer (&self->out, g_free);
  self->out_cap = self->out_len = self->out_head = 0;
  rd_ws_reader_clear (&self->reader);
  if (held)
    g_object_unref (self);
}

static gboolean
teardown_cb (gpointer data)
{
  RdRelayConnection *self = data;
  const RdRelayConnectionHandler *handler = self->handler;

  if (self->state == STATE_CLOSED)
    return G_SOURCE_REMOVE;   /* detached meanwhile */
  release (self);
  if (handler != NULL && handler->closed != NULL)
    handler->closed (self->handler_data);
  return G_SOURCE_REMOVE;
}

void
rd_relay_connection_detach (RdRelayConnection *self)
{
  g_return_if_fail (RD_IS_RELAY_CONNECTION (self));

  self->handler = NULL;
  if (self->state != STATE_CLOSED)
    release (self);
}

/* The socket goes at once (no more events); the owner hears of it from an
 * idle callback, so it never loses a connection in the middle of a send. */
static void
schedule_teardown (RdRelayConnection *self)
{
  if (self->teardown_scheduled || self->state == STATE_CLOSED)
    return;
  self->teardown_scheduled = TRUE;
  if (self->state != STATE_NEW)
    rd_relay_poller_remove (self->poller, self->fd);
  g_idle_add_full (G_PRIORITY_DEFAULT, teardown_cb, g_object_ref (self), g_object_unref);
}

/* ---- reading ---- */

static void
handle_message (RdRelayConnection *self,
                const RdWsMessage *message)
{
  switch (message->opcode)
    {
    case RD_WS_OP_TEXT:
    case RD_WS_OP_BINARY:
      if (self->state == STATE_OPEN && self->handler != NULL && self->handler->message != NULL)
        self->handler->message (self->handler_data, message->opcode == RD_WS_OP_TEXT,
                                (const char *) message->data, message->length);
      break;
    case RD_WS_OP_PING:
      if (self->state == STATE_OPEN)
        queue_frame (self, RD_WS_OP_PONG, message->data, message->length);
      break;
    case RD_WS_OP_PONG:
      break;
    case RD_WS_OP_CLOSE:
      if (self->state == STATE_OPEN)
        {
          /* The client closes: answer with its code, then hang up. */
          send_close (self, message->close_code, NULL);
          self->close_after_flush = TRUE;
        }
      else
        schedule_teardown (self);
      break;
    case RD_WS_OP_CONTINUATION:
    default:
      g_assert_not_reached ();
    }
}

/* Hands out every whole message in the input; FALSE once nothing more
 * should be read from this client. */
static gboolean
parse_input (RdRelayConnection *self)
{
  gsize done = 0;
  gboolean go_on = TRUE;

  while (go_on && !self->teardown_scheduled && !self->close_after_flush)
    {
      RdWsMessage message;
      gsize consumed;
      RdWsStatus status = rd_ws_reader_next (&self->reader, self->in->data + done, self->in->len - done,
                                             &consumed, &message);

      done += consumed;
      if (status == RD_WS_NEED_MORE)
        break;
      if (status == RD_WS_ERROR)
        {
          g_debug ("closing a connection: %s", message.error);
          if (self->state == STATE_OPEN)
            send_close (self, message.close_code, message.error);
          self->close_after_flush = TRUE;
          go_on = FALSE;
          break;
        }
      handle_message (self, &message);
    }
  if (done > 0)
    g_byte_array_remove_range (self->in, 0, (guint) done);
  return go_on && !self->teardown_scheduled && !self->close_after_flush;
}

static void
read_ready (RdRelayConnection *self)
{
  gsize read_now = 0;

  while (!self->teardown_scheduled && (!self->plain || read_now < READ_PER_WAKEUP))
    {
      g_autoptr(GError) error = NULL;
      guint old_length;
      gssize n;

      if (self->in == NULL)
        self->in = g_byte_array_sized_new (READ_CHUNK);
      old_length = self->in->len;
      g_byte_array_set_size (self->in, old_length + READ_CHUNK);
      n = g_pollable_input_stream_read_nonblocking (self->input, self->in->data + old_length, READ_CHUNK,
                                                    NULL, &error);
      g_byte_array_set_size (self->in, old_length + (guint) MAX (n, 0));
      if (n > 0)
        {
          read_now += (gsize) n;
          if (!parse_input (self))
            break;
          continue;
        }
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      /* End of stream or a failure: the client is gone. */
      g_debug ("connection ended: %s", error ? error->message : "end of stream");
      schedule_teardown (self);
      break;
    }
  if (self->in != NULL && self->in->len == 0)
    g_clear_pointer (&self->in, g_byte_array_unref);
}

static void
socket_ready_cb (gpointer data,
                 guint32  events)
{
  RdRelayConnection *self = data;
  g_autoptr(RdRelayConnection) hold = g_object_ref (self);

  if (events & EPOLLOUT)
    write_out (self);
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
    read_ready (self);
}

gboolean
rd_relay_connection_start (RdRelayConnection              *self,
                           const RdRelayConnectionHandler *handler,
                           gpointer                        data,
                           GError                        **error)
{
  g_return_val_if_fail (RD_IS_RELAY_CONNECTION (self), FALSE);
  g_return_val_if_fail (self->state == STATE_NEW, FALSE);

  self->handler = handler;
  self->handler_data = data;
  if (!rd_relay_poller_add (self->poller, self->fd, EPOLLIN, socket_ready_cb, self, error))
    return FALSE;
  /* Watched, the connection holds itself until teardown. */
  g_object_ref (self);
  self->state = STATE_OPEN;
  /* The client may have written before the upgrade was answered. */
  read_ready (self);
  return TRUE;
}

RdRelayConnection *
rd_relay_connection_new (RdRelayPoller *poller,
                         GIOStream     *stream,
                         GSocket       *socket,
                         gsize          max_message,
                         gsize          max_queued)
{
  RdRelayConnection *self = g_object_new (RD_TYPE_RELAY_CONNECTION, NULL);

  self->poller = poller;
  self->stream = g_object_ref (stream);
  self->socket = g_object_ref (socket);
  self->fd = g_socket_get_fd (socket);
  self->plain = !G_IS_TLS_CONNECTION (stream);
  self->input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  self->output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));
  self->max_queued = max_queued;
  rd_ws_reader_init (&self->reader, max_message);
  return self;
}

static void
rd_relay_connection_finalize (GObject *object)
{
  RdRelayConnection *self = RD_RELAY_CONNECTION (object);

  g_clear_handle_id (&self->close_timer, g_source_remove);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->in, g_byte_array_unref);
  g_clear_pointer (&self->out, g_free);
  rd_ws_reader_clear (&self->reader);

  G_OBJECT_CLASS (rd_relay_connection_parent_class)->finalize (object);
}

static void
rd_relay_connection_class_init (RdRelayConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_relay_connection_finalize;
}

static void
rd_relay_connection_init (RdRelayConnection *self)
{
  self->fd = -1;
}
