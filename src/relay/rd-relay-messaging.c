/* rd-relay-messaging.c: 1:1 messages, receipts, typing, history and sync.
 *
 * A message becomes two events, one in the sender's stream (so the sender's
 * other devices see it) and one in the recipient's; both are written in the
 * same transaction as the message row, and the ack carries the sequence
 * number of the sender's copy. A retried UUID is acked again with that same
 * number and stored nothing new.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include "rd-relay-private.h"

JsonObject *
_rd_relay_message_to_json (RdStoredMessage *message,
                           gboolean         with_receipts)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "mid", message->id);
  json_object_set_string_member (object, "uuid", message->uuid);
  json_object_set_string_member (object, "from", message->sender);
  json_object_set_string_member (object, "to", message->recipient);
  json_object_set_string_member (object, "body", message->body);
  json_object_set_int_member (object, "ts", message->ts);
  if (with_receipts)
    {
      json_object_set_int_member (object, "delivered_ts", message->delivered_ts);
      json_object_set_int_member (object, "read_ts", message->read_ts);
    }
  return object;
}

static JsonObject *
ack_frame (const char      *id,
           RdStoredMessage *message)
{
  JsonObject *ack = rd_frame_new (RD_FRAME_ACK, id);

  json_object_set_string_member (ack, "uuid", message->uuid);
  json_object_set_int_member (ack, "seq", message->sender_seq);
  json_object_set_int_member (ack, "ts", message->ts);
  return ack;
}

/* Looks up a peer the session may talk to; answers the error itself. */
RdAccount *
_rd_relay_lookup_peer (RdRelaySession *self,
             const char     *id,
             const char     *username)
{
  g_autoptr(GError) error = NULL;
  RdAccount *peer;

  if (g_str_equal (username, self->account->username))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "you cannot do this with yourself");
      return NULL;
    }
  peer = rd_store_account_lookup (self->server->store, username, &error);
  if (peer == NULL || peer->disabled)
    {
      if (peer == NULL && !g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        _rd_relay_session_store_error (self, id, error);
      else
        rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no such user");
      rd_account_free (peer);
      return NULL;
    }
  /* End users talk to the support staff, not to each other. */
  if (!rd_role_is_staff (self->account->role) && !rd_role_is_staff (peer->role))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN,
                                   "requesters can only talk to support staff");
      rd_account_free (peer);
      return NULL;
    }
  return peer;
}

/* Rolls the batch back and answers this request; others in it get their
 * storage_error from their own hooks. */
static void
fail_write (RdRelaySession *self,
            const char     *id,
            const GError   *error)
{
  if (rd_store_in_transaction (self->server->store))
    _rd_relay_server_write_failed (self->server, error);
  _rd_relay_session_store_error (self, id, error);
}

gboolean
_rd_relay_store_new_message (RdRelayServer    *server,
                             RdStoredMessage  *message,
                             GError          **error)
{
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  message->sender_seq = rd_store_next_seq (server->store, message->sender_id, error);
  if (message->sender_seq == 0 || !rd_store_message_insert (server->store, message, error))
    return FALSE;
  server->metrics.messages++;

  data = _rd_relay_message_to_json (message, FALSE);
  json_node_set_object (node, data);
  text = json_to_string (node, FALSE);
  if (!rd_store_event_insert (server->store, message->sender_id, message->sender_seq, "message",
                              text, message->ts, error))
    return FALSE;
  _rd_relay_server_queue_push (server, message->sender_id, message->sender_seq, message->ts, "message", text);
  return _rd_relay_server_append_event (server, message->recipient_id, "message", data,
                                        message->ts, error) != 0;
}

void
_rd_relay_handle_message_send (RdRelaySession *self,
                               const char     *id,
                               JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) peer = NULL;
  g_autoptr(RdStoredMessage) existing = NULL;
  g_autoptr(RdStoredMessage) message = NULL;
  g_autoptr(JsonObject) ack = NULL;
  const char *uuid = rd_frame_get_string (frame, "uuid", "");
  const char *body = rd_frame_get_string (frame, "body", "");

  peer = _rd_relay_lookup_peer (self, id, rd_frame_get_string (frame, "to", ""));
  if (peer == NULL)
    return;

  if (!_rd_relay_server_write_begin (server, &error))
    {
      fail_write (self, id, error);
      return;
    }

  existing = rd_store_message_find (server->store, self->account->id, uuid, &error);
  if (error != NULL)
    {
      fail_write (self, id, error);
      return;
    }
  if (existing != NULL)
    {
      if (existing->recipient_id != peer->id || !g_str_equal (existing->body, body))
        {
          rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT,
                                       "this uuid was already used for a different message");
          return;
        }
      /* A retry: ack again, once the original is surely durable. */
      ack = ack_frame (id, existing);
      _rd_relay_session_reply_after_commit (self, id, ack);
      return;
    }

  message = g_new0 (RdStoredMessage, 1);
  message->uuid = g_strdup (uuid);
  message->sender_id = self->account->id;
  message->recipient_id = peer->id;
  message->sender = g_strdup (self->account->username);
  message->recipient = g_strdup (peer->username);
  message->body = g_strdup (body);
  message->ts = _rd_relay_now_ms ();
  if (!_rd_relay_store_new_message (server, message, &error) ||
      /* A requester writing again to the agent who closed their request
       * for silence, within a day, reopens it. */
      (!rd_role_is_staff (self->account->role) &&
       !_rd_relay_reopen_if_closed_idle (server, self->account->id, peer->id, &error)))
    {
      fail_write (self, id, error);
      return;
    }
  ack = ack_frame (id, message);
  _rd_relay_session_reply_after_commit (self, id, ack);
}

static JsonObject *
receipt_data (RdStoredMessage *message,
              const char      *status,
              gint64           ts)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "uuid", message->uuid);
  json_object_set_string_member (data, "from", message->sender);
  json_object_set_string_member (data, "to", message->recipient);
  json_object_set_string_member (data, "status", status);
  json_object_set_int_member (data, "ts", ts);
  return data;
}

void
_rd_relay_handle_receipt (RdRelaySession *self,
                          const char     *id,
                          JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredMessage) message = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  const char *status = rd_frame_get_string (frame, "status", "");
  gboolean read = g_str_equal (status, "read");
  gint64 now = _rd_relay_now_ms ();

  if (!_rd_relay_server_write_begin (server, &error))
    {
      fail_write (self, id, error);
      return;
    }
  message = rd_store_message_find_received (server->store, self->account->id,
                                            rd_frame_get_string (frame, "uuid", ""), &error);
  if (error != NULL)
    {
      fail_write (self, id, error);
      return;
    }
  if (message == NULL)
    {
      /* Also what someone hears who names a message that is not theirs. */
      rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_MESSAGE, "no such message was sent to you");
      return;
    }

  if ((read && message->read_ts != 0) || (!read && message->delivered_ts != 0))
    {
      _rd_relay_session_reply_after_commit (self, id, ok);
      return;
    }

  data = receipt_data (message, status, now);
  if (!rd_store_message_mark (server->store, message->id, read, now, &error) ||
      !_rd_relay_server_append_event (server, message->sender_id, "receipt", data, now, &error) ||
      /* The reader's other devices learn it is read, too. */
      (read && !_rd_relay_server_append_event (server, message->recipient_id, "receipt", data, now, &error)))
    {
      fail_write (self, id, error);
      return;
    }
  if (read)
    server->metrics.receipts_read++;
  else
    server->metrics.receipts_delivered++;
  _rd_relay_session_reply_after_commit (self, id, ok);
}

void
_rd_relay_handle_typing (RdRelaySession *self,
                         const char     *id,
                         JsonObject     *frame)
{
  g_autoptr(RdAccount) peer = _rd_relay_lookup_peer (self, id, rd_frame_get_string (frame, "to", ""));
  g_autoptr(JsonObject) notice = NULL;

  if (peer == NULL)
    return;

  notice = rd_frame_new (RD_FRAME_TYPING_NOTICE, NULL);
  json_object_set_string_member (notice, "from", self->account->username);
  json_object_set_boolean_member (notice, "active", rd_frame_get_bool (frame, "active", FALSE));
  _rd_relay_server_send_to_account (self->server, peer->id, notice);

  if (id != NULL)
    {
      g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
      rd_relay_session_send (self, ok);
    }
}

void
_rd_relay_handle_history (RdRelaySession *self,
                          const char     *id,
                          JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) peer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *messages;
  gint64 limit = rd_frame_get_int (frame, "limit", 50);
  gboolean more = FALSE;

  peer = _rd_relay_lookup_peer (self, id, rd_frame_get_string (frame, "with", ""));
  if (peer == NULL)
    return;
  /* Reads see only what is committed. */
  _rd_relay_server_settle (server);
  rows = rd_store_history (server->store, self->account->id, peer->id,
                           rd_frame_get_int (frame, "before", 0), limit + 1, &error);
  if (rows == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (rows->len > limit)
    {
      g_ptr_array_remove_index (rows, 0);
      more = TRUE;
    }
  /* Keep the page's bytes bounded too: drop the oldest beyond the budget. */
  {
    gsize bytes = 0;
    guint keep = 0;

    for (guint i = rows->len; i > 0; i--, keep++)
      {
        RdStoredMessage *row = g_ptr_array_index (rows, i - 1);

        bytes += strlen (row->body) + 256;
        if (bytes > RD_HISTORY_PAGE_MAX_BYTES)
          break;
      }
    if (keep < rows->len)
      {
        g_ptr_array_remove_range (rows, 0, rows->len - keep);
        more = TRUE;
      }
  }

  messages = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (messages, _rd_relay_message_to_json (g_ptr_array_index (rows, i), TRUE));
  reply = rd_frame_new (RD_FRAME_HISTORY_PAGE, id);
  json_object_set_array_member (reply, "messages", messages);
  json_object_set_boolean_member (reply, "more", more);
  rd_relay_session_send (self, reply);
}

static JsonObject *
event_frame (RdStoredEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *frame = rd_frame_new (RD_FRAME_EVENT, NULL);

  json_object_set_int_member (frame, "seq", event->seq);
  json_object_set_int_member (frame, "ts", event->ts);
  json_object_set_string_member (frame, "kind", event->kind);
  if (json_parser_load_from_data (parser, event->data, -1, NULL))
    json_object_set_member (frame, "data", json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_object_member (frame, "data", json_object_new ());
  return frame;
}

void
_rd_relay_handle_sync (RdRelaySession *self,
                       const char     *id,
                       JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) fresh = NULL;
  g_autoptr(JsonObject) done = NULL;
  gint64 since = rd_frame_get_int (frame, "since", 0);
  gint64 cursor = since;

  _rd_relay_server_settle (server);
  if ((fresh = rd_store_account_by_id (server->store, self->account->id, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (since > fresh->last_seq)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE,
                                   "since is ahead of this account's stream; resync from 0");
      return;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) events = rd_store_events_since (server->store, self->account->id,
                                                           cursor, RD_SYNC_BATCH, &error);
      if (events == NULL)
        {
          _rd_relay_session_store_error (self, id, error);
          return;
        }
      for (guint i = 0; i < events->len; i++)
        {
          RdStoredEvent *event = g_ptr_array_index (events, i);
          g_autoptr(JsonObject) out = event_frame (event);

          rd_relay_session_send (self, out);
          cursor = event->seq;
        }
      if (events->len < RD_SYNC_BATCH)
        break;
    }

  /* Everything up to cursor is on its way; later events are pushed live. */
  self->sent_seq = MAX (self->sent_seq, cursor);
  self->live = TRUE;
  done = rd_frame_new (RD_FRAME_SYNC_DONE, id);
  json_object_set_int_member (done, "seq", cursor);
  rd_relay_session_send (self, done);
}
