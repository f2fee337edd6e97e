/* rd-client-events.c: the relay's stored events as this client applies them, once each, in order. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <string.h>

#include "rd-client-private.h"
#include "rd-history-cache.h"

/* Files left with the relay for us that one session remembers at most. */
#define MAX_KEPT_FILES 256

/* ---- conversations and events ---- */

guint
rd_client_get_unread_total (RdClient *self)
{
  g_return_val_if_fail (RD_IS_CLIENT (self), 0);
  return self->unread_total;
}

static void
recount_unread_cb (RdClient *self)
{
  GHashTableIter iter;
  gpointer conversation;
  guint total = 0;

  g_hash_table_iter_init (&iter, self->conversation_by_peer);
  while (g_hash_table_iter_next (&iter, NULL, &conversation))
    total += rd_conversation_get_unread (conversation);
  if (total == self->unread_total)
    return;
  self->unread_total = total;
  g_object_notify_by_pspec (G_OBJECT (self), _rd_client_properties[PROP_UNREAD_TOTAL]);
}

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
      g_signal_connect_object (conversation, "notify::unread", G_CALLBACK (recount_unread_cb), self,
                               G_CONNECT_SWAPPED);
      g_hash_table_insert (self->conversation_by_peer, g_strdup (peer), conversation);
      g_list_store_append (self->conversations, conversation);
      g_object_unref (conversation);
    }
  return conversation;
}

void
_rd_client_ignore_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);
}

void
_rd_client_send_receipt (RdClient   *self,
              const char *uuid,
              const char *status)
{
  JsonObject *frame = rd_frame_new (RD_FRAME_RECEIPT, NULL);

  json_object_set_string_member (frame, "uuid", uuid);
  json_object_set_string_member (frame, "status", status);
  rd_client_request_async (self, frame, NULL, _rd_client_ignore_reply_cb, NULL);
  json_object_unref (frame);
}

RdMessage *
_rd_client_message_from_json (RdClient   *self,
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

void
_rd_client_remove_from_outbox (RdClient   *self,
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
        _rd_client_remove_from_outbox (self, uuid);
      return;
    }

  message = _rd_client_message_from_json (self, data);
  _rd_conversation_append (conversation, message);
  _rd_conversation_set_peer_typing (conversation, FALSE);
  if (!outgoing)
    {
      if (self->auto_delivered)
        _rd_client_send_receipt (self, uuid, "delivered");
      g_signal_emit (self, _rd_client_signals[SIGNAL_MESSAGE_RECEIVED], 0, message);
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

void
_rd_client_handle_event (RdClient   *self,
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
    _rd_client_refresh_contacts (self);
  if (g_str_equal (kind, "file") && self->kept_files->len < MAX_KEPT_FILES)
    g_ptr_array_add (self->kept_files, json_object_ref (data));
  if (g_str_equal (kind, "request") || g_str_equal (kind, "offer"))
    {
      learn_name (self, data, "requester");
      learn_name (self, data, "agent");
    }
  /* Every event, also those handled above, for whoever follows more (the
   * support queue's "request" and "offer" events). */
  g_signal_emit (self, _rd_client_signals[SIGNAL_EVENT], g_quark_from_string (kind), kind, data);
}

