/* rd-client.c: connection, session, outbox and models of the client.
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

#include "rd-client.h"
#include "rd-peer-certificate.h"
#include "rd-support-desk-private.h"

#define WATCHDOG_INTERVAL_S   10
#define PING_AFTER_SILENCE_US (25 * G_USEC_PER_SEC)
#define DROP_AFTER_SILENCE_US (45 * G_USEC_PER_SEC)
#define OUTBOX_RETRY_MS       1000

/* Files left with the relay for us that one session remembers at most. */
#define MAX_KEPT_FILES 256

struct _RdClient {
  GObject                  parent_instance;

  char                    *url;
  char                    *device;
  char                    *pinned_sha256;
  char                    *rejected_sha256;
  RdHistoryCache          *history_cache;
  SoupSession             *soup;
  SoupWebsocketConnection *ws;
  GCancellable            *connect_cancellable;
  RdClientState            state;
  gboolean                 want_online;

  /* session */
  char                    *username;
  char                    *display_name;
  char                    *role;
  char                    *token;
  char                    *pending_password;   /* only until the relay answers the login */
  gint64                   last_seq;
  GTask                   *auth_task;          /* login_async / resume_async */

  /* requests */
  guint64                  next_id;
  GHashTable              *pending;            /* id -> GTask */
  guint64                  frames_received;
  gint64                   last_frame_us;  /* the relay's last frame */
  gint64                   last_sent_us;   /* our last frame */

  /* outbox */
  GQueue                   outbox;             /* RdMessage *, owned */
  GHashTable              *in_flight;          /* uuid -> TRUE */
  guint                    outbox_retry_source;
  gboolean                 auto_delivered;

  /* reconnecting */
  guint                    reconnect_source;
  guint                    reconnect_attempt;
  guint                    reconnect_min_ms;
  guint                    reconnect_max_ms;
  guint                    watchdog_source;

  /* models */
  GListStore              *contacts;
  GListStore              *conversations;
  GHashTable              *conversation_by_peer;  /* peer -> RdConversation (unowned) */
  char                    *own_status;
  char                    *own_status_text;

  /* support: offers put to us and not yet settled, in arrival order */
  RdSupportDesk           *support_desk;
  GPtrArray               *kept_files;         /* JsonObject (the "file" events' data) of this session */
  GHashTable              *known_names;        /* username -> display name, of people met in requests */
};

G_DEFINE_FINAL_TYPE (RdClient, rd_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_OWN_STATUS,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_PRESENCE_CHANGED,
  SIGNAL_TYPING,
  SIGNAL_RELAY_ERROR,
  SIGNAL_EVENT,
  SIGNAL_QUEUE_CHANGED,
  SIGNAL_REQUEST_POSITION,
  SIGNAL_FILE_NOTICE,
  SIGNAL_SYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now         (RdClient *self);
static void start_sync          (RdClient *self);
static void flush_outbox        (RdClient *self);
static void refresh_contacts    (RdClient *self);
static void close_connection    (RdClient *self, gboolean abrupt);

/* ---- small helpers ---- */

static void
set_state (RdClient      *self,
           RdClientState  state)
{
  if (self->state == state)
    return;
  g_debug ("%s: state %d -> %d", self->username ? self->username : "?", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
finish_auth_task (RdClient *self,
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

static void
clear_password (RdClient *self)
{
  if (self->pending_password)
    memset (self->pending_password, 0, strlen (self->pending_password));
  g_clear_pointer (&self->pending_password, g_free);
}

static gboolean
is_permanent_send_error (const GError *error)
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

static gboolean
send_frame (RdClient   *self,
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
      send_frame (self, frame);
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

static void
fail_pending (RdClient *self)
{
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  GHashTableIter iter;
  gpointer task;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, NULL, &task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "the connection to the relay was lost");
}

static void
complete_pending (RdClient    *self,
                  const char  *id,
                  RdFrameType  type,
                  JsonObject  *frame)
{
  g_autoptr(GTask) task = NULL;
  gpointer stolen_key = NULL;

  if (id == NULL || !g_hash_table_steal_extended (self->pending, id, &stolen_key, (gpointer *) &task))
    {
      if (type == RD_FRAME_ERROR)
        g_signal_emit (self, signals[SIGNAL_RELAY_ERROR], 0, id,
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

/* ---- conversations and events ---- */

RdConversation *
rd_client_get_conversation (RdClient   *self,
                            const char *peer,
                            gboolean    create)
{
  RdConversation *conversation;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  conversation = g_hash_table_lookup (self->conversation_by_peer, peer);
  if (conversation == NULL && create)
    {
      conversation = rd_conversation_new (peer);
      g_hash_table_insert (self->conversation_by_peer, g_strdup (peer), conversation);
      g_list_store_append (self->conversations, conversation);
      g_object_unref (conversation);
    }
  return conversation;
}

static void
ignore_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);
}

static void
send_receipt (RdClient   *self,
              const char *uuid,
              const char *status)
{
  JsonObject *frame = rd_frame_new (RD_FRAME_RECEIPT, NULL);

  json_object_set_string_member (frame, "uuid", uuid);
  json_object_set_string_member (frame, "status", status);
  rd_client_request_async (self, frame, NULL, ignore_reply_cb, NULL);
  json_object_unref (frame);
}

static RdMessage *
message_from_json (RdClient   *self,
                   JsonObject *data)
{
  const char *from = rd_frame_get_string (data, "from", "");
  RdMessage *message = rd_message_new (rd_frame_get_string (data, "uuid", ""), from,
                                       rd_frame_get_string (data, "to", ""),
                                       rd_frame_get_string (data, "body", ""),
                                       g_strcmp0 (from, self->username) == 0);

  _rd_message_set_stored (message, rd_frame_get_int (data, "mid", 0), rd_frame_get_int (data, "ts", 0));
  if (self->history_cache)
    rd_history_cache_add (self->history_cache, message);
  if (rd_frame_get_int (data, "read_ts", 0) > 0)
    {
      _rd_message_advance (message, RD_MESSAGE_READ);
      _rd_message_set_read_by_me (message, TRUE);
    }
  else if (rd_frame_get_int (data, "delivered_ts", 0) > 0)
    _rd_message_advance (message, RD_MESSAGE_DELIVERED);
  return message;
}

static void
remove_from_outbox (RdClient   *self,
                    const char *uuid)
{
  for (GList *l = self->outbox.head; l != NULL; l = l->next)
    {
      if (g_str_equal (rd_message_get_uuid (l->data), uuid))
        {
          g_object_unref (l->data);
          g_queue_delete_link (&self->outbox, l);
          break;
        }
    }
  g_hash_table_remove (self->in_flight, uuid);
}

static void
handle_message_event (RdClient   *self,
                      JsonObject *data)
{
  const char *from = rd_frame_get_string (data, "from", "");
  const char *to = rd_frame_get_string (data, "to", "");
  const char *uuid = rd_frame_get_string (data, "uuid", "");
  gboolean outgoing = g_strcmp0 (from, self->username) == 0;
  RdConversation *conversation = rd_client_get_conversation (self, outgoing ? to : from, TRUE);
  RdMessage *known = rd_conversation_find (conversation, uuid);
  g_autoptr(RdMessage) message = NULL;

  if (known != NULL)
    {
      /* Our own message, confirmed through the stream (maybe before the ack). */
      _rd_message_set_stored (known, rd_frame_get_int (data, "mid", 0), rd_frame_get_int (data, "ts", 0));
      if (self->history_cache)
        rd_history_cache_add (self->history_cache, known);
      if (outgoing)
        remove_from_outbox (self, uuid);
      return;
    }

  message = message_from_json (self, data);
  _rd_conversation_append (conversation, message);
  _rd_conversation_set_peer_typing (conversation, FALSE);
  if (!outgoing)
    {
      if (self->auto_delivered)
        send_receipt (self, uuid, "delivered");
      g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, message);
    }
}

static void
handle_receipt_event (RdClient   *self,
                      JsonObject *data)
{
  const char *from = rd_frame_get_string (data, "from", "");
  const char *to = rd_frame_get_string (data, "to", "");
  gboolean mine = g_strcmp0 (from, self->username) == 0;
  gboolean read = g_strcmp0 (rd_frame_get_string (data, "status", ""), "read") == 0;
  RdConversation *conversation = rd_client_get_conversation (self, mine ? to : from, FALSE);
  RdMessage *message;

  if (conversation == NULL ||
      (message = rd_conversation_find (conversation, rd_frame_get_string (data, "uuid", ""))) == NULL)
    return;
  if (mine)
    _rd_message_advance (message, read ? RD_MESSAGE_READ : RD_MESSAGE_DELIVERED);
  else if (read)
    {
      /* Read on another of our devices. */
      _rd_message_set_read_by_me (message, TRUE);
      _rd_conversation_recount_unread (conversation);
    }
}

/* People in support requests are rarely contacts: remember their names. */
static void
learn_name (RdClient   *self,
            JsonObject *data,
            const char *field)
{
  const char *username = rd_frame_get_string (data, field, "");
  const char *name = rd_frame_get_person (data, field);

  if (*username && *name)
    g_hash_table_insert (self->known_names, g_strdup (username), g_strdup (name));
}

const char *
rd_client_name_of (RdClient   *self,
                   const char *username)
{
  RdContact *contact;
  const char *known;

  g_return_val_if_fail (RD_IS_CLIENT (self), username);

  if ((contact = rd_client_find_contact (self, username)) != NULL)
    return rd_contact_get_display_name (contact);
  known = g_hash_table_lookup (self->known_names, username);
  return known ? known : username;
}

GPtrArray *
rd_client_dup_kept_files (RdClient *self)
{
  GPtrArray *files;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < self->kept_files->len; i++)
    g_ptr_array_add (files, json_object_ref (g_ptr_array_index (self->kept_files, i)));
  return files;
}

RdSupportDesk *
rd_client_get_support_desk (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  return self->support_desk;
}

static void
handle_event (RdClient   *self,
              JsonObject *frame)
{
  gint64 seq = rd_frame_get_int (frame, "seq", 0);
  const char *kind = rd_frame_get_string (frame, "kind", "");
  JsonObject *data = json_object_get_object_member (frame, "data");

  if (seq <= self->last_seq)
    return;   /* seen already: a resend after a reconnect */
  self->last_seq = seq;

  if (g_str_equal (kind, "message"))
    handle_message_event (self, data);
  else if (g_str_equal (kind, "receipt"))
    handle_receipt_event (self, data);
  else if (g_str_equal (kind, "contacts"))
    refresh_contacts (self);
  if (g_str_equal (kind, "file") && self->kept_files->len < MAX_KEPT_FILES)
    g_ptr_array_add (self->kept_files, json_object_ref (data));
  if (g_str_equal (kind, "request") || g_str_equal (kind, "offer"))
    {
      learn_name (self, data, "requester");
      learn_name (self, data, "agent");
    }
  /* Every event, also those handled above, for whoever follows more (the
   * support queue's "request" and "offer" events). */
  g_signal_emit (self, signals[SIGNAL_EVENT], g_quark_from_string (kind), kind, data);
}

/* ---- contacts and presence ---- */

RdContact *
rd_client_find_contact (RdClient   *self,
                        const char *username)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));

  for (guint i = 0; i < n; i++)
    {
      RdContact *contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      g_object_unref (contact);   /* the store keeps it alive */
      if (g_str_equal (rd_contact_get_username (contact), username))
        return contact;
    }
  return NULL;
}

static void
apply_contacts (RdClient   *self,
                JsonObject *reply)
{
  JsonArray *array = json_object_get_array_member (reply, "contacts");
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      RdContact *contact;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      contact = rd_client_find_contact (self, rd_frame_get_string (json_node_get_object (node), "username", ""));
      if (contact != NULL)
        {
          _rd_contact_update (contact, json_node_get_object (node));
          g_ptr_array_add (contacts, g_object_ref (contact));
        }
      else
        g_ptr_array_add (contacts, rd_contact_new_from_json (json_node_get_object (node)));
    }
  g_list_store_splice (self->contacts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       contacts->pdata, contacts->len);
}

static void
contacts_reply_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, NULL);

  if (reply != NULL)
    apply_contacts (self, reply);
}

static void
refresh_contacts (RdClient *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACTS_LIST, NULL);

  rd_client_request_async (self, frame, NULL, contacts_reply_cb, NULL);
}

static void
handle_presence (RdClient   *self,
                 JsonObject *frame)
{
  const char *username = rd_frame_get_string (frame, "username", "");
  RdContact *contact;

  if (g_strcmp0 (username, self->username) == 0)
    {
      g_free (self->own_status);
      self->own_status = g_strdup (rd_frame_get_string (frame, "status", "available"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_STATUS]);
      return;
    }
  contact = rd_client_find_contact (self, username);
  if (contact == NULL)
    return;
  _rd_contact_update (contact, frame);
  g_signal_emit (self, signals[SIGNAL_PRESENCE_CHANGED], 0, contact);
}

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
      handle_event (self, frame);
      break;
    case RD_FRAME_PRESENCE:
      handle_presence (self, frame);
      break;
    case RD_FRAME_TYPING_NOTICE:
      {
        const char *from = rd_frame_get_string (frame, "from", "");
        gboolean active = rd_frame_get_bool (frame, "active", FALSE);

        _rd_conversation_set_peer_typing (rd_client_get_conversation (self, from, TRUE), active);
        g_signal_emit (self, signals[SIGNAL_TYPING], 0, from, active);
      }
      break;
    case RD_FRAME_REQUEST_POSITION:
      g_signal_emit (self, signals[SIGNAL_REQUEST_POSITION], 0, rd_frame_get_int (frame, "request", 0),
                     (guint) rd_frame_get_int (frame, "position", 0),
                     (guint) rd_frame_get_int (frame, "estimated_wait_s", 0),
                     (guint) rd_frame_get_int (frame, "agents_available", 0));
      break;
    case RD_FRAME_QUEUE_CHANGED:
      g_signal_emit (self, signals[SIGNAL_QUEUE_CHANGED], 0, (guint) rd_frame_get_int (frame, "waiting", 0));
      break;
    case RD_FRAME_FILE_NOTICE:
      {
        const char *kind = rd_frame_get_string (frame, "kind", "");

        g_signal_emit (self, signals[SIGNAL_FILE_NOTICE], g_quark_from_string (kind), kind, frame);
      }
      break;
    default:
      complete_pending (self, id, type, frame);
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

  self->frames_received++;
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
  /* +-25% jitter so a relay restart is not met by everyone at once. */
  delay = delay * 3 / 4 + g_random_int_range (0, delay / 2 + 1);
  self->reconnect_attempt++;
  g_debug ("reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, reconnect_cb, self);
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
  fail_pending (self);

  if (self->token == NULL)
    {
      self->want_online = FALSE;
      set_state (self, RD_CLIENT_SIGNED_OUT);
      finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                           "the relay closed the connection before signing in"));
      return;
    }
  set_state (self, RD_CLIENT_DISCONNECTED);
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
  clear_password (self);
  self->want_online = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  finish_auth_task (self, error);
  close_connection (self, FALSE);
  set_state (self, RD_CLIENT_SIGNED_OUT);
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
  clear_password (self);
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
  set_state (self, RD_CLIENT_ONLINE);
  if (g_strcmp0 (self->own_status, "available") != 0 && self->own_status != NULL)
    rd_client_set_presence (self, self->own_status, self->own_status_text);
  refresh_contacts (self);
  flush_outbox (self);
  g_signal_emit (self, signals[SIGNAL_SYNCED], 0);
  finish_auth_task (self, NULL);
}

static void
start_sync (RdClient *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_SYNC, NULL);

  set_state (self, RD_CLIENT_SYNCING);
  json_object_set_int_member (frame, "since", self->last_seq);
  rd_client_request_async (self, frame, NULL, sync_done_cb, NULL);
}

static void
send_credentials (RdClient *self)
{
  g_autoptr(JsonObject) hello = rd_frame_new (RD_FRAME_HELLO, NULL);
  g_autoptr(JsonObject) auth = NULL;

  set_state (self, RD_CLIENT_AUTHENTICATING);
  json_object_set_int_member (hello, "version", RD_PROTOCOL_VERSION_CURRENT);
  json_object_set_string_member (hello, "client", "librelaydesk-core " PACKAGE_VERSION);
  rd_client_request_async (self, hello, NULL, ignore_reply_cb, NULL);

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
          finish_auth_task (self, error);
          error = NULL;
        }
      g_clear_error (&error);
      if (self->token == NULL)
        {
          clear_password (self);
          self->want_online = FALSE;
          set_state (self, RD_CLIENT_SIGNED_OUT);
          return;
        }
      set_state (self, RD_CLIENT_DISCONNECTED);
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
      finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                           "\"%s\" is not a valid relay address", self->url));
      self->want_online = FALSE;
      set_state (self, RD_CLIENT_SIGNED_OUT);
      return;
    }
  set_state (self, RD_CLIENT_CONNECTING);
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
      rd_client_request_async (self, ping, NULL, ignore_reply_cb, NULL);
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
  clear_password (self);
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
  clear_password (self);
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
  set_state (self, RD_CLIENT_SIGNED_OUT);
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
  g_clear_handle_id (&self->outbox_retry_source, g_source_remove);
  close_connection (self, FALSE);
  if (self->ws == NULL && self->state != RD_CLIENT_SIGNED_OUT)
    set_state (self, self->token ? RD_CLIENT_DISCONNECTED : RD_CLIENT_SIGNED_OUT);
}

void
rd_client_drop_connection (RdClient *self)
{
  g_return_if_fail (RD_IS_CLIENT (self));
  close_connection (self, TRUE);
}

/* ---- outbox ---- */

static gboolean
outbox_retry_cb (gpointer user_data)
{
  RdClient *self = user_data;

  self->outbox_retry_source = 0;
  flush_outbox (self);
  return G_SOURCE_REMOVE;
}

static void
message_ack_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(RdMessage) message = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ack = rd_client_request_finish (self, result, &error);
  const char *uuid = rd_message_get_uuid (message);

  if (ack != NULL)
    {
      _rd_message_set_stored (message, 0, rd_frame_get_int (ack, "ts", 0));
      if (self->history_cache)
        rd_history_cache_add (self->history_cache, message);
      remove_from_outbox (self, uuid);
      return;
    }

  g_hash_table_remove (self->in_flight, uuid);
  if (is_permanent_send_error (error))
    {
      g_message ("message %s refused: %s", uuid, error->message);
      _rd_message_fail (message, error->message);
      remove_from_outbox (self, uuid);
    }
  else if (self->state == RD_CLIENT_ONLINE && self->outbox_retry_source == 0)
    self->outbox_retry_source = g_timeout_add (OUTBOX_RETRY_MS, outbox_retry_cb, self);
}

static void
send_from_outbox (RdClient  *self,
                  RdMessage *message)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_MESSAGE_SEND, NULL);

  json_object_set_string_member (frame, "uuid", rd_message_get_uuid (message));
  json_object_set_string_member (frame, "to", rd_message_get_to (message));
  json_object_set_string_member (frame, "body", rd_message_get_body (message));
  g_hash_table_add (self->in_flight, g_strdup (rd_message_get_uuid (message)));
  rd_client_request_async (self, frame, NULL, message_ack_cb, g_object_ref (message));
}

static void
flush_outbox (RdClient *self)
{
  if (self->state != RD_CLIENT_ONLINE)
    return;
  for (GList *l = self->outbox.head; l != NULL; l = l->next)
    if (!g_hash_table_contains (self->in_flight, rd_message_get_uuid (l->data)))
      send_from_outbox (self, l->data);
}

RdMessage *
rd_client_send_message (RdClient   *self,
                        const char *to,
                        const char *body)
{
  g_autofree char *uuid = g_uuid_string_random ();
  RdMessage *message;

  g_return_val_if_fail (RD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (to != NULL && body != NULL, NULL);

  message = rd_message_new (uuid, self->username ? self->username : "", to, body, TRUE);
  _rd_conversation_append (rd_client_get_conversation (self, to, TRUE), message);
  g_queue_push_tail (&self->outbox, g_object_ref (message));
  if (self->state == RD_CLIENT_ONLINE)
    send_from_outbox (self, message);
  return message;   /* owned by its conversation */
}

guint
rd_client_get_outbox_length (RdClient *self)
{
  return self->outbox.length;
}

void
rd_client_mark_read (RdClient       *self,
                     RdConversation *conversation)
{
  GListModel *messages = rd_conversation_get_messages (conversation);
  guint n = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (messages, i);

      if (rd_message_get_outgoing (message) || rd_message_get_read_by_me (message))
        continue;
      _rd_message_set_read_by_me (message, TRUE);
      if (rd_message_get_transfer (message) == NULL)   /* the relay never saw it */
        send_receipt (self, rd_message_get_uuid (message), "read");
    }
  _rd_conversation_recount_unread (conversation);
}

void
rd_client_set_typing (RdClient   *self,
                      const char *to,
                      gboolean    active)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TYPING, NULL);

  json_object_set_string_member (frame, "to", to);
  json_object_set_boolean_member (frame, "active", active);
  send_frame (self, frame);
}

void
rd_client_set_presence (RdClient   *self,
                        const char *status,
                        const char *text)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_PRESENCE_SET, NULL);

  g_return_if_fail (rd_presence_status_is_valid (status));

  if (self->own_status != status)
    {
      g_free (self->own_status);
      self->own_status = g_strdup (status);
    }
  if (self->own_status_text != text)
    {
      g_free (self->own_status_text);
      self->own_status_text = g_strdup (text ? text : "");
    }
  json_object_set_string_member (frame, "status", status);
  json_object_set_string_member (frame, "text", text ? text : "");
  rd_client_request_async (self, frame, NULL, ignore_reply_cb, NULL);
}

/* ---- history, directory, contacts ---- */

static void
history_reply_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  RdConversation *conversation = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, &error);
  g_autoptr(GPtrArray) messages = NULL;
  JsonArray *array;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  array = json_object_get_array_member (reply, "messages");
  messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (messages, message_from_json (self, json_node_get_object (node)));
    }
  _rd_conversation_set_has_more (conversation, rd_frame_get_bool (reply, "more", FALSE));
  g_task_return_int (task, _rd_conversation_prepend_history (conversation, messages));
}

void
rd_client_load_history_async (RdClient            *self,
                              RdConversation      *conversation,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_HISTORY, NULL);
  GTask *task;
  gint64 before;

  g_return_if_fail (RD_IS_CLIENT (self));
  g_return_if_fail (RD_IS_CONVERSATION (conversation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_client_load_history_async);
  g_task_set_task_data (task, g_object_ref (conversation), g_object_unref);
  json_object_set_string_member (frame, "with", rd_conversation_get_peer (conversation));
  json_object_set_int_member (frame, "limit", CLAMP (limit, 1, RD_HISTORY_PAGE_MAX));
  before = _rd_conversation_oldest_mid (conversation);
  if (before > 0)
    json_object_set_int_member (frame, "before", before);
  rd_client_request_async (self, frame, cancellable, history_reply_cb, task);
}

gint
rd_client_load_history_finish (RdClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
directory_reply_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *users;
  GPtrArray *people;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  users = json_object_get_array_member (reply, "users");
  people = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (user != NULL)
        g_ptr_array_add (people, rd_contact_new_from_json (user));
    }
  g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

void
rd_client_search_directory_async (RdClient            *self,
                                  const char          *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_DIRECTORY_SEARCH, NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rd_client_search_directory_async);
  json_object_set_string_member (frame, "query", query ? query : "");
  rd_client_request_async (self, frame, cancellable, directory_reply_cb, task);
}

GPtrArray *
rd_client_search_directory_finish (RdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_search_directory_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
contact_change_reply_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonObject *reply = rd_client_request_finish (self, result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  apply_contacts (self, reply);
  g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

static void
change_contact (RdClient            *self,
                JsonObject          *frame,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, change_contact);
  rd_client_request_async (self, frame, cancellable, contact_change_reply_cb, task);
}

gboolean
rd_client_change_contact_finish (RdClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autoptr(JsonObject) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == change_contact, FALSE);
  reply = g_task_propagate_pointer (G_TASK (result), error);
  return reply != NULL;
}

void
rd_client_add_contact_async (RdClient            *self,
                             const char          *username,
                             const char          *group,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACT_ADD, NULL);

  json_object_set_string_member (frame, "username", username);
  if (group != NULL)
    json_object_set_string_member (frame, "group", group);
  change_contact (self, frame, cancellable, callback, user_data);
}

void
rd_client_remove_contact_async (RdClient            *self,
                                const char          *username,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACT_REMOVE, NULL);

  json_object_set_string_member (frame, "username", username);
  change_contact (self, frame, cancellable, callback, user_data);
}

/* ---- accessors ---- */

const char *rd_client_get_url (RdClient *self) { return self->url; }
RdClientState rd_client_get_state (RdClient *self) { return self->state; }
const char *rd_client_get_username (RdClient *self) { return self->username; }
const char *rd_client_get_display_name (RdClient *self) { return self->display_name; }
const char *rd_client_get_role (RdClient *self) { return self->role; }
const char *rd_client_get_token (RdClient *self) { return self->token; }
gint64 rd_client_get_last_seq (RdClient *self) { return self->last_seq; }
guint64 rd_client_get_frames_received (RdClient *self) { return self->frames_received; }
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
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_client_dispose (GObject *object)
{
  RdClient *self = RD_CLIENT (object);

  self->want_online = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
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
    fail_pending (self);
  finish_auth_task (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "client destroyed"));
  G_OBJECT_CLASS (rd_client_parent_class)->dispose (object);
}

static void
rd_client_finalize (GObject *object)
{
  RdClient *self = RD_CLIENT (object);

  clear_password (self);
  g_queue_clear_full (&self->outbox, g_object_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->conversation_by_peer, g_hash_table_unref);
  g_clear_object (&self->support_desk);
  g_clear_pointer (&self->kept_files, g_ptr_array_unref);
  g_clear_pointer (&self->known_names, g_hash_table_unref);
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

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, RD_CLIENT_DISCONNECTED, RD_CLIENT_SIGNED_OUT,
                                             RD_CLIENT_SIGNED_OUT,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWN_STATUS] = g_param_spec_string ("own-status", NULL, NULL, "available",
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_MESSAGE);
  signals[SIGNAL_PRESENCE_CHANGED] =
    g_signal_new ("presence-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_CONTACT);
  signals[SIGNAL_TYPING] =
    g_signal_new ("typing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* An error frame that answers no request of ours (id, code, message). */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_QUEUE_CHANGED] =
    g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  /* File transfer signalling (kind as detail: offer, answer, signal, cancel). */
  signals[SIGNAL_FILE_NOTICE] =
    g_signal_new ("file-notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_REQUEST_POSITION] =
    g_signal_new ("request-position", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_RELAY_ERROR] =
    g_signal_new ("relay-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_SYNCED] =
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
  self->reconnect_min_ms = 250;
  self->reconnect_max_ms = 30000;
  self->auto_delivered = TRUE;
  g_queue_init (&self->outbox);
}
