/* rd-client.c: the client object, and requests matched with their replies.
 * rd-client-private.h says which file does what.
 *
 * Life of a connection: connect -> hello -> login or resume -> sync since the
 * last sequence number seen -> online (outbox flushed, contacts refreshed).
 * Any drop while a session exists schedules a reconnect with exponential
 * backoff and jitter; the same steps run again, so nothing sent while away is
 * missed (sync) and nothing composed while away is lost (outbox; the relay
 * deduplicates by message UUID, so a resend after a lost ack is harmless).
 */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "rd-client-private.h"
#include "rd-peer-certificate.h"
#include "rd-support-desk-private.h"

G_DEFINE_FINAL_TYPE (RdClient, rd_client, G_TYPE_OBJECT)

GParamSpec *_rd_client_properties[N_PROPS];
guint       _rd_client_signals[N_SIGNALS];


/* ---- small helpers ---- */

void
_rd_client_set_state (RdClient      *self,
           RdClientState  state)
{
  if (self->state == state)
    return;
  g_debug ("%s: state %d -> %d", self->username ? self->username : "?", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), _rd_client_properties[PROP_STATE]);
}

void
_rd_client_finish_auth_task (RdClient *self,
                  GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->auth_task);

  if (task == NULL)
    {
      if (error)
        g_error_free (error);
      return;
    }
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
_rd_client_clear_password (RdClient *self)
{
  if (self->pending_password)
    memset (self->pending_password, 0, strlen (self->pending_password));
  g_clear_pointer (&self->pending_password, g_free);
}

gboolean
_rd_client_is_permanent_send_error (const GError *error)
{
  if (error->domain != RD_PROTOCOL_ERROR)
    return FALSE;
  return error->code != RD_ERROR_STORAGE && error->code != RD_ERROR_RATE_LIMITED &&
         error->code != RD_ERROR_INTERNAL && error->code != RD_ERROR_NOT_AUTHENTICATED;
}

/* ---- sending ---- */

static void
send_text (RdClient   *self,
           const char *text)
{
  soup_websocket_connection_send_text (self->ws, text);
  self->last_sent_us = g_get_monotonic_time ();
}

gboolean
_rd_client_send_frame (RdClient   *self,
            JsonObject *frame)
{
  g_autofree char *text = NULL;

  if (self->ws == NULL || soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return FALSE;
  text = rd_frame_to_string (frame);
  send_text (self, text);
  return TRUE;
}

static void
request_internal (RdClient            *self,
                  JsonObject          *frame,
                  const char          *raw_text,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  const char          *raw_id)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *id = NULL;

  g_task_set_source_tag (task, request_internal);
  if (self->ws == NULL || soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "not connected to the relay");
      return;
    }

  if (raw_text != NULL && raw_id == NULL)
    {
      send_text (self, raw_text);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  id = raw_id ? g_strdup (raw_id) : g_strdup_printf ("c%" G_GUINT64_FORMAT, ++self->next_id);
  g_hash_table_insert (self->pending, g_strdup (id), g_object_ref (task));
  if (raw_text != NULL)
    send_text (self, raw_text);
  else
    {
      json_object_set_string_member (frame, "id", id);
      _rd_client_send_frame (self, frame);
    }
}

void
rd_client_request_async (RdClient            *self,
                         JsonObject          *frame,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (frame != NULL);
  request_internal (self, frame, NULL, cancellable, callback, user_data, NULL);
}

void
rd_client_send_raw_async (RdClient            *self,
                          const char          *id,
                          const char          *text,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (text != NULL);
  request_internal (self, NULL, text, cancellable, callback, user_data, id);
}

JsonObject *
rd_client_request_finish (RdClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_rd_client_fail_pending (RdClient *self)
{
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  GHashTableIter iter;
  gpointer task;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, NULL, &task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "the connection to the relay was lost");
}

void
_rd_client_complete_pending (RdClient    *self,
                  const char  *id,
                  RdFrameType  type,
                  JsonObject  *frame)
{
  g_autoptr(GTask) task = NULL;
  gpointer stolen_key = NULL;

  if (id == NULL || !g_hash_table_steal_extended (self->pending, id, &stolen_key, (gpointer *) &task))
    {
      if (type == RD_FRAME_ERROR)
        g_signal_emit (self, _rd_client_signals[SIGNAL_RELAY_ERROR], 0, id,
                       rd_frame_get_string (frame, "code", ""), rd_frame_get_string (frame, "message", ""));
      return;
    }
  g_free (stolen_key);

  if (type == RD_FRAME_ERROR)
    {
      RdErrorCode code = RD_ERROR_INTERNAL;

      rd_error_code_from_string (rd_frame_get_string (frame, "code", ""), &code);
      g_task_return_new_error (task, RD_PROTOCOL_ERROR, code, "%s", rd_frame_get_string (frame, "message", ""));
    }
  else
    g_task_return_pointer (task, json_object_ref (frame), (GDestroyNotify) json_object_unref);
}

/* ---- accessors ---- */

const char *rd_client_get_url (RdClient *self) { return self->url; }
RdClientState rd_client_get_state (RdClient *self) { return self->state; }
const char *rd_client_get_username (RdClient *self) { return self->username; }
const char *rd_client_get_display_name (RdClient *self) { return self->display_name; }
const char *rd_client_get_role (RdClient *self) { return self->role; }
const char *rd_client_get_token (RdClient *self) { return self->token; }
gint64 rd_client_get_last_seq (RdClient *self) { return self->last_seq; }
GListModel *rd_client_get_contacts (RdClient *self) { return G_LIST_MODEL (self->contacts); }
GListModel *rd_client_get_conversations (RdClient *self) { return G_LIST_MODEL (self->conversations); }

const char *
rd_client_get_own_status (RdClient *self)
{
  return self->own_status ? self->own_status : "available";
}

void
rd_client_set_pinned_certificate (RdClient   *self,
                                  const char *sha256_hex)
{
  g_free (self->pinned_sha256);
  self->pinned_sha256 = g_strdup (sha256_hex);
}

const char *
rd_client_get_pinned_certificate (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  return self->pinned_sha256;
}

void
rd_client_set_history_cache (RdClient       *self,
                             RdHistoryCache *cache)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  g_set_object (&self->history_cache, cache);
}

RdHistoryCache *
rd_client_get_history_cache (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  return self->history_cache;
}

const char *
rd_client_get_rejected_certificate (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  return self->rejected_sha256;
}

void
rd_client_set_device (RdClient   *self,
                      const char *device)
{
  g_free (self->device);
  self->device = g_strdup (device);
}

void
rd_client_set_reconnect_delay (RdClient *self,
                               guint     min_ms,
                               guint     max_ms)
{
  self->reconnect_min_ms = MAX (min_ms, 1);
  self->reconnect_max_ms = MAX (max_ms, self->reconnect_min_ms);
}

void
rd_client_set_auto_delivered (RdClient *self,
                              gboolean  enabled)
{
  self->auto_delivered = enabled;
}

RdClient *
rd_client_new (const char *url)
{
  RdClient *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (RD_TYPE_CLIENT, NULL);
  self->url = g_strdup (url);
  return self;
}

static void
rd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RdClient *self = RD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_OWN_STATUS: g_value_set_string (value, rd_client_get_own_status (self)); break;
    case PROP_UNREAD_TOTAL: g_value_set_uint (value, self->unread_total); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_client_dispose (GObject *object)
{
  RdClient *self = RD_CLIENT (object);

  self->want_online = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->probe_source, g_source_remove);
  g_clear_handle_id (&self->outbox_retry_source, g_source_remove);
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (self->connect_cancellable)
    g_cancellable_cancel (self->connect_cancellable);
  if (self->ws)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->ws);
    }
  if (self->pending)
    _rd_client_fail_pending (self);
  _rd_client_finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "client destroyed"));
  G_OBJECT_CLASS (rd_client_parent_class)->dispose (object);
}

static void
rd_client_finalize (GObject *object)
{
  RdClient *self = RD_CLIENT (object);

  _rd_client_clear_password (self);
  g_queue_clear_full (&self->outbox, g_object_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->conversation_by_peer, g_hash_table_unref);
  g_clear_object (&self->support_desk);
  g_clear_pointer (&self->kept_files, g_ptr_array_unref);
  g_clear_pointer (&self->known_names, g_hash_table_unref);
  g_clear_pointer (&self->presence_while_listing, g_hash_table_unref);
  g_clear_object (&self->contacts);
  g_clear_object (&self->conversations);
  g_clear_object (&self->connect_cancellable);
  g_clear_object (&self->soup);
  g_free (self->url);
  g_free (self->device);
  g_free (self->pinned_sha256);
  g_free (self->rejected_sha256);
  g_free (self->username);
  g_free (self->display_name);
  g_free (self->role);
  g_free (self->token);
  g_free (self->own_status);
  g_free (self->own_status_text);
  G_OBJECT_CLASS (rd_client_parent_class)->finalize (object);
}

static void
rd_client_class_init (RdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_client_get_property;
  object_class->dispose = rd_client_dispose;
  object_class->finalize = rd_client_finalize;

  _rd_client_properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, RD_CLIENT_DISCONNECTED, RD_CLIENT_SIGNED_OUT,
                                             RD_CLIENT_SIGNED_OUT,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _rd_client_properties[PROP_OWN_STATUS] = g_param_spec_string ("own-status", NULL, NULL, "available",
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _rd_client_properties[PROP_UNREAD_TOTAL] = g_param_spec_uint ("unread-total", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, _rd_client_properties);

  _rd_client_signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_MESSAGE);
  _rd_client_signals[SIGNAL_PRESENCE_CHANGED] =
    g_signal_new ("presence-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_CONTACT);
  _rd_client_signals[SIGNAL_TYPING] =
    g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* An error frame that answers no request of ours (id, code, message). */
  _rd_client_signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  _rd_client_signals[SIGNAL_QUEUE_CHANGED] =
    g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  /* File transfer signalling (kind as detail: offer, answer, signal, cancel). */
  _rd_client_signals[SIGNAL_FILE_NOTICE] =
    g_signal_new ("file-notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  _rd_client_signals[SIGNAL_REQUEST_POSITION] =
    g_signal_new ("request-position", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  _rd_client_signals[SIGNAL_RELAY_ERROR] =
    g_signal_new ("relay-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  _rd_client_signals[SIGNAL_SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_client_init (RdClient *self)
{
  self->state = RD_CLIENT_SIGNED_OUT;
  self->soup = soup_session_new_with_options ("user-agent", "relaydesk/" PACKAGE_VERSION, NULL);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->contacts = g_list_store_new (RD_TYPE_CONTACT);
  self->conversations = g_list_store_new (RD_TYPE_CONVERSATION);
  self->conversation_by_peer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->support_desk = _rd_support_desk_new (self);
  self->kept_files = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->known_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->presence_while_listing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) json_object_unref);
  self->reconnect_min_ms = 250;
  self->reconnect_max_ms = 30000;
  self->auto_delivered = TRUE;
  g_queue_init (&self->outbox);
}
