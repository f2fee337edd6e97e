/* rd-client-connection.c: one WebSocket at a time: connect, hello, sign in, sync, keep alive,
 * and reconnect with backoff while a session exists. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <string.h>

#include "rd-client-private.h"
#include "rd-peer-certificate.h"
#include "rd-support-desk-private.h"

#define WATCHDOG_INTERVAL_S   10
#define PING_AFTER_SILENCE_US (25 * G_USEC_PER_SEC)
#define DROP_AFTER_SILENCE_US (45 * G_USEC_PER_SEC)
/* After a network change a connection must show it is alive this soon. */
#define PROBE_DEADLINE_MS     3000

static void connect_now      (RdClient *self);
static void start_sync       (RdClient *self);
static void close_connection (RdClient *self, gboolean abrupt);

/* ---- connection ---- */

static void
dispatch_frame (RdClient   *self,
                const char *text,
                gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *id = NULL;
  RdFrameType type;

  frame = rd_frame_decode (text, length, RD_DIRECTION_TO_CLIENT, &type, &id, &error);
  if (frame == NULL)
    {
      g_warning ("ignoring a bad frame from the relay: %s", error->message);
      return;
    }

  switch (type)
    {
    case RD_FRAME_EVENT:
      _rd_client_handle_event (self, frame);
      break;
    case RD_FRAME_PRESENCE:
      _rd_client_handle_presence (self, frame);
      break;
    case RD_FRAME_TYPING_NOTICE:
      {
        const char *from = rd_frame_get_string (frame, "from", "");
        gboolean active = rd_frame_get_bool (frame, "active", FALSE);

        _rd_conversation_set_peer_typing (rd_client_get_conversation (self, from, TRUE), active);
        g_signal_emit (self, _rd_client_signals[SIGNAL_TYPING], 0, from, active);
      }
      break;
    case RD_FRAME_REQUEST_POSITION:
      g_signal_emit (self, _rd_client_signals[SIGNAL_REQUEST_POSITION], 0, rd_frame_get_int (frame, "request", 0),
                     (guint) rd_frame_get_int (frame, "position", 0),
                     (guint) rd_frame_get_int (frame, "estimated_wait_s", 0),
                     (guint) rd_frame_get_int (frame, "agents_available", 0));
      break;
    case RD_FRAME_SLA_BREACH:
      _rd_support_desk_breached (rd_client_get_support_desk (self), json_object_get_object_member (frame, "request"));
      break;
    case RD_FRAME_QUEUE_CHANGED:
      g_signal_emit (self, _rd_client_signals[SIGNAL_QUEUE_CHANGED], 0, (guint) rd_frame_get_int (frame, "waiting", 0));
      break;
    case RD_FRAME_FILE_NOTICE:
      {
        const char *kind = rd_frame_get_string (frame, "kind", "");

        g_signal_emit (self, _rd_client_signals[SIGNAL_FILE_NOTICE], g_quark_from_string (kind), kind, frame);
      }
      break;
    default:
      _rd_client_complete_pending (self, id, type, frame);
      break;
    }
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               gint                     data_type,
               GBytes                  *message,
               gpointer                 user_data)
{
  RdClient *self = user_data;
  /* Completing a request may drop the last reference to us. */
  g_autoptr(RdClient) hold = g_object_ref (self);
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  self->last_frame_us = g_get_monotonic_time ();
  if (data_type == SOUP_WEBSOCKET_DATA_TEXT)
    dispatch_frame (self, data, length);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  RdClient *self = user_data;

  self->reconnect_source = 0;
  if (self->want_online && self->ws == NULL)
    connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (RdClient *self)
{
  guint delay = self->reconnect_min_ms;

  if (!self->want_online || self->reconnect_source != 0)
    return;
  for (guint i = 0; i < self->reconnect_attempt && delay < self->reconnect_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->reconnect_max_ms);
  /* Half the delay, plus up to as much again at random: clients that lost
   * the relay together (a restart, a network back for a whole office)
   * spread their attempts over a window that doubles with each failure. */
  delay = delay / 2 + g_random_int_range (0, delay / 2 + 1);
  self->reconnect_attempt++;
  g_debug ("reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, reconnect_cb, self);
}

static gboolean
probe_deadline_cb (gpointer user_data)
{
  RdClient *self = user_data;

  self->probe_source = 0;
  if (self->ws != NULL && self->last_frame_us < self->probe_sent_us)
    {
      g_debug ("no answer %u ms after a network change: reconnecting", PROBE_DEADLINE_MS);
      close_connection (self, TRUE);
    }
  return G_SOURCE_REMOVE;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
rd_client_flush_async (RdClient            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_PING, NULL);
  GTask *task;

  g_return_if_fail (RD_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_flush_async);
  /* The relay answers a connection's frames in order. */
  rd_client_request_async (self, ping, cancellable, flushed_cb, task);
}

gboolean
rd_client_flush_finish (RdClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rd_client_reconnect_soon (RdClient *self,
                          guint     spread_ms)
{
  g_return_if_fail (RD_IS_CLIENT (self));

  if (!self->want_online)
    return;
  if (self->ws != NULL && self->state == RD_CLIENT_ONLINE)
    {
      /* It may still be alive (a Wi-Fi hand-over, a short sleep): ask. */
      g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_PING, NULL);

      if (self->probe_source != 0)
        return;
      self->probe_sent_us = g_get_monotonic_time ();
      rd_client_request_async (self, ping, NULL, _rd_client_ignore_reply_cb, NULL);
      self->probe_source = g_timeout_add (PROBE_DEADLINE_MS, probe_deadline_cb, self);
      return;
    }
  if (self->ws != NULL)
    return;   /* signing in on a connection just made */
  /* Waiting out a backoff the change makes pointless: try again at a
   * random moment within @spread_ms, and back off anew from there. */
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_attempt = 0;
  self->reconnect_source = g_timeout_add (spread_ms > 0 ? g_random_int_range (0, (gint32) spread_ms) : 0,
                                          reconnect_cb, self);
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  RdClient *self = user_data;
  /* Failing the pending requests may drop the last reference to us. */
  g_autoptr(RdClient) hold = g_object_ref (self);

  if (ws != self->ws)
    return;
  g_signal_handlers_disconnect_by_data (ws, self);
  g_clear_object (&self->ws);
  g_hash_table_remove_all (self->in_flight);
  _rd_client_fail_pending (self);

  if (self->token == NULL)
    {
      self->want_online = FALSE;
      _rd_client_set_state (self, RD_CLIENT_SIGNED_OUT);
      _rd_client_finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                           "the relay closed the connection before signing in"));
      return;
    }
  _rd_client_set_state (self, RD_CLIENT_DISCONNECTED);
  schedule_reconnect (self);
}

static void
ws_error_cb (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 user_data)
{
  g_debug ("websocket error: %s", error->message);
}

static void
sign_in_refused (RdClient *self,
                 GError   *error)
{
  /* Wrong password, disabled account or a revoked token: retrying won't help. */
  g_clear_pointer (&self->token, g_free);
  _rd_client_clear_password (self);
  self->want_online = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  _rd_client_finish_auth_task (self, error);
  close_connection (self, FALSE);
  _rd_client_set_state (self, RD_CLIENT_SIGNED_OUT);
}

static void
welcome_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, &error);
  JsonObject *account;

  if (reply == NULL)
    {
      if (error->domain == RD_PROTOCOL_ERROR &&
          (error->code == RD_ERROR_AUTH_FAILED || error->code == RD_ERROR_INVALID_TOKEN ||
           error->code == RD_ERROR_ACCOUNT_DISABLED))
        sign_in_refused (self, error);
      else
        {
          g_debug ("sign-in did not complete: %s", error->message);
          if (self->token == NULL)
            sign_in_refused (self, error);
          else
            {
              g_error_free (error);
              close_connection (self, TRUE);
            }
        }
      return;
    }

  account = json_object_get_object_member (reply, "account");
  g_free (self->username);
  self->username = g_strdup (rd_frame_get_string (account, "username", ""));
  g_free (self->display_name);
  self->display_name = g_strdup (rd_frame_get_string (account, "display_name", self->username));
  g_free (self->role);
  self->role = g_strdup (rd_frame_get_string (account, "role", "requester"));
  if (rd_frame_get_string (reply, "token", NULL) != NULL)
    {
      g_free (self->token);
      self->token = g_strdup (rd_frame_get_string (reply, "token", NULL));
    }
  _rd_client_clear_password (self);
  start_sync (self);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, &error);

  if (reply == NULL)
    {
      if (g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE))
        {
          /* The relay's stream is behind what we saw (restored backup): start over. */
          g_warning ("relay refused sync from %" G_GINT64_FORMAT ": %s", self->last_seq, error->message);
          self->last_seq = 0;
          start_sync (self);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        close_connection (self, TRUE);
      return;
    }

  self->reconnect_attempt = 0;
  _rd_client_set_state (self, RD_CLIENT_ONLINE);
  if (g_strcmp0 (self->own_status, "available") != 0 && self->own_status != NULL)
    rd_client_set_presence (self, self->own_status, self->own_status_text);
  _rd_client_refresh_contacts (self);
  _rd_client_flush_outbox (self);
  g_signal_emit (self, _rd_client_signals[SIGNAL_SYNCED], 0);
  _rd_client_finish_auth_task (self, NULL);
}

static void
start_sync (RdClient *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_SYNC, NULL);

  _rd_client_set_state (self, RD_CLIENT_SYNCING);
  json_object_set_int_member (frame, "since", self->last_seq);
  rd_client_request_async (self, frame, NULL, sync_done_cb, NULL);
}

static void
send_credentials (RdClient *self)
{
  g_autoptr(JsonObject) hello = rd_frame_new (RD_FRAME_HELLO, NULL);
  g_autoptr(JsonObject) auth = NULL;

  _rd_client_set_state (self, RD_CLIENT_AUTHENTICATING);
  json_object_set_int_member (hello, "version", RD_PROTOCOL_VERSION_CURRENT);
  json_object_set_string_member (hello, "client", "librelaydesk-core " PACKAGE_VERSION);
  rd_client_request_async (self, hello, NULL, _rd_client_ignore_reply_cb, NULL);

  if (self->pending_password != NULL)
    {
      auth = rd_frame_new (RD_FRAME_LOGIN, NULL);
      json_object_set_string_member (auth, "username", self->username);
      json_object_set_string_member (auth, "password", self->pending_password);
    }
  else
    {
      auth = rd_frame_new (RD_FRAME_RESUME, NULL);
      json_object_set_string_member (auth, "token", self->token);
    }
  if (self->device)
    json_object_set_string_member (auth, "device", self->device);
  rd_client_request_async (self, auth, NULL, welcome_cb, NULL);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  RdClient *self = user_data;
  g_autofree char *digest = rd_certificate_sha256 (certificate);

  if (digest == NULL)
    return FALSE;
  if (self->pinned_sha256 != NULL && g_ascii_strcasecmp (digest, self->pinned_sha256) == 0)
    return TRUE;
  /* Kept so the user can be asked whether to trust exactly this one. */
  g_free (self->rejected_sha256);
  self->rejected_sha256 = g_steal_pointer (&digest);
  return FALSE;
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdClient) self = user_data;
  GError *error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (ws == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          return;
        }
      g_debug ("cannot reach %s: %s", self->url, error->message);
      if (self->token == NULL || self->auth_task != NULL)
        {
          g_prefix_error (&error, "cannot reach the relay at %s: ", self->url);
          _rd_client_finish_auth_task (self, error);
          error = NULL;
        }
      g_clear_error (&error);
      if (self->token == NULL)
        {
          _rd_client_clear_password (self);
          self->want_online = FALSE;
          _rd_client_set_state (self, RD_CLIENT_SIGNED_OUT);
          return;
        }
      _rd_client_set_state (self, RD_CLIENT_DISCONNECTED);
      schedule_reconnect (self);
      return;
    }

  /* Cancelling does not stop a connection that was already made: one that
   * arrives after the client let go (disconnect, dispose, a newer attempt)
   * is closed here, or its signals would reach a client that has moved on. */
  if (!self->want_online || self->ws != NULL)
    {
      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_object_unref (ws);
      return;
    }

  self->ws = ws;
  self->last_frame_us = self->last_sent_us = g_get_monotonic_time ();
  soup_websocket_connection_set_max_incoming_payload_size (ws, RD_CLIENT_FRAME_MAX_BYTES);
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);
  g_signal_connect (ws, "error", G_CALLBACK (ws_error_cb), self);
  send_credentials (self);
}

static void
connect_now (RdClient *self)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, self->url);

  if (msg == NULL)
    {
      _rd_client_finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                           "\"%s\" is not a valid relay address", self->url));
      self->want_online = FALSE;
      _rd_client_set_state (self, RD_CLIENT_SIGNED_OUT);
      return;
    }
  _rd_client_set_state (self, RD_CLIENT_CONNECTING);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  g_clear_object (&self->connect_cancellable);
  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->soup, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, connect_cb, g_object_ref (self));
}

static void
close_connection (RdClient *self,
                  gboolean  abrupt)
{
  if (self->connect_cancellable)
    g_cancellable_cancel (self->connect_cancellable);
  if (self->ws == NULL)
    return;
  if (abrupt)
    {
      /* As a network failure would: no close handshake. */
      GIOStream *stream = soup_websocket_connection_get_io_stream (self->ws);
      g_io_stream_close (stream, NULL, NULL);
    }
  if (self->ws != NULL && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  RdClient *self = user_data;
  gint64 silence;

  if (self->ws == NULL || self->state != RD_CLIENT_ONLINE)
    return G_SOURCE_CONTINUE;
  silence = g_get_monotonic_time () - self->last_frame_us;
  if (silence > DROP_AFTER_SILENCE_US)
    {
      g_debug ("relay silent for %" G_GINT64_FORMAT " s, reconnecting", silence / G_USEC_PER_SEC);
      close_connection (self, TRUE);
    }
  else if (silence > PING_AFTER_SILENCE_US ||
           g_get_monotonic_time () - self->last_sent_us > PING_AFTER_SILENCE_US)
    {
      /* Either side silent: the relay closes a socket that says nothing
       * for its idle_timeout (docs/protocol.md, "Keep-alive"). */
      g_autoptr(JsonObject) ping = rd_frame_new (RD_FRAME_PING, NULL);
      rd_client_request_async (self, ping, NULL, _rd_client_ignore_reply_cb, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_session (RdClient *self)
{
  self->want_online = TRUE;
  self->reconnect_attempt = 0;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->watchdog_source == 0)
    self->watchdog_source = g_timeout_add_seconds (WATCHDOG_INTERVAL_S, watchdog_cb, self);
  if (self->ws == NULL)
    connect_now (self);
  else
    send_credentials (self);
}

void
rd_client_login_async (RdClient            *self,
                       const char          *username,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_login_async);
  if (self->auth_task != NULL || self->state == RD_CLIENT_ONLINE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "already signed in or signing in");
      return;
    }
  g_free (self->username);
  self->username = g_strdup (username);
  _rd_client_clear_password (self);
  self->pending_password = g_strdup (password);
  g_clear_pointer (&self->token, g_free);
  self->auth_task = g_steal_pointer (&task);
  start_session (self);
}

gboolean
rd_client_login_finish (RdClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rd_client_resume_async (RdClient            *self,
                        const char          *token,
                        gint64               last_seq,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_resume_async);
  if (self->auth_task != NULL || self->state == RD_CLIENT_ONLINE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "already signed in or signing in");
      return;
    }
  g_free (self->token);
  self->token = g_strdup (token);
  self->last_seq = MAX (last_seq, 0);
  _rd_client_clear_password (self);
  self->auth_task = g_steal_pointer (&task);
  start_session (self);
}

gboolean
rd_client_resume_finish (RdClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
logout_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&self->token, g_free);
  self->want_online = FALSE;
  close_connection (self, FALSE);
  _rd_client_set_state (self, RD_CLIENT_SIGNED_OUT);
  g_task_return_boolean (task, TRUE);
}

void
rd_client_logout_async (RdClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_LOGOUT, NULL);
  GTask *task;

  g_return_if_fail (RD_IS_CLIENT (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_logout_async);
  rd_client_request_async (self, frame, cancellable, logout_reply_cb, task);
}

gboolean
rd_client_logout_finish (RdClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rd_client_disconnect (RdClient *self)
{
  g_return_if_fail (RD_IS_CLIENT (self));

  self->want_online = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->probe_source, g_source_remove);
  g_clear_handle_id (&self->outbox_retry_source, g_source_remove);
  close_connection (self, FALSE);
  if (self->ws == NULL && self->state != RD_CLIENT_SIGNED_OUT)
    _rd_client_set_state (self, self->token ? RD_CLIENT_DISCONNECTED : RD_CLIENT_SIGNED_OUT);
}

void
rd_client_drop_connection (RdClient *self)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  close_connection (self, TRUE);
}

