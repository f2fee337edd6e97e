/* rd-client-messaging.c: what the user sends: the outbox (kept until acked), read marks,
 * typing, own presence; and history pages. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <string.h>

#include "rd-client-private.h"

#define OUTBOX_RETRY_MS       1000

/* ---- outbox ---- */

static gboolean
outbox_retry_cb (gpointer user_data)
{
  RdClient *self = user_data;

  self->outbox_retry_source = 0;
  _rd_client_flush_outbox (self);
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
      _rd_client_remove_from_outbox (self, uuid);
      return;
    }

  g_hash_table_remove (self->in_flight, uuid);
  if (_rd_client_is_permanent_send_error (error))
    {
      g_message ("message %s refused: %s", uuid, error->message);
      _rd_message_fail (message, error->message);
      _rd_client_remove_from_outbox (self, uuid);
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

void
_rd_client_flush_outbox (RdClient *self)
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
        _rd_client_send_receipt (self, rd_message_get_uuid (message), "read");
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
  _rd_client_send_frame (self, frame);
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
  rd_client_request_async (self, frame, NULL, _rd_client_ignore_reply_cb, NULL);
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
        g_ptr_array_add (messages, _rd_client_message_from_json (self, json_node_get_object (node)));
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

