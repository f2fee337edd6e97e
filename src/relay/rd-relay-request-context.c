/* rd-relay-request-context.c: what support staff read around a request —
 * its requester's earlier requests (topic, summary, outcome, rating,
 * dates), a request's transcript: the messages between its requester
 * and each agent who held it, while it was open, and the facts about the
 * requester's computer sent with it. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"

#define REQUESTS_SHOWN 20
#define TRANSCRIPT_PAGE 200   /* messages read back per agent */

void
_rd_relay_handle_requester_requests (RdRelaySession *self,
                                     const char     *id,
                                     JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) requester = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *array;

  if (!_rd_relay_session_is_staff (self, id))
    return;
  requester = rd_store_account_lookup (server->store, rd_frame_get_string (frame, "username", ""), NULL);
  if (requester == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no such user");
      return;
    }
  if ((requests = rd_store_requests_of (server->store, requester->id, REQUESTS_SHOWN, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < requests->len; i++)
    {
      RdStoredRequest *request = g_ptr_array_index (requests, i);
      JsonObject *item = _rd_relay_queue_request_json (server, request, NULL);

      json_object_set_int_member (item, "created", request->queued_at / 1000);
      json_object_set_int_member (item, "finished", request->finished_at / 1000);
      json_object_set_int_member (item, "rating", rd_store_request_rating (server->store, request->id, NULL));
      json_array_add_object_element (array, item);
    }
  reply = rd_frame_new (RD_FRAME_REQUESTS_OF, id);
  json_object_set_string_member (reply, "username", requester->username);
  json_object_set_array_member (reply, "requests", array);
  _rd_relay_session_reply_after_commit (self, id, reply);
}

static gint
by_time (gconstpointer a,
         gconstpointer b)
{
  const RdStoredMessage *x = *(RdStoredMessage **) a;
  const RdStoredMessage *y = *(RdStoredMessage **) b;

  return x->ts != y->ts ? (x->ts < y->ts ? -1 : 1) : (x->id < y->id ? -1 : x->id > y->id);
}

JsonArray *
_rd_relay_request_transcript (RdRelayServer    *server,
                              RdStoredRequest  *request,
                              GError          **error)
{
  g_autoptr(GArray) holders = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_message_free);
  gint64 from_ms, to_ms;
  JsonArray *array;

  if ((holders = rd_store_history_holders (server->store, request->id, error)) == NULL)
    return NULL;
  from_ms = request->queued_at / 1000;
  to_ms = request->finished_at > 0 ? request->finished_at / 1000 : G_MAXINT64;
  for (guint i = 0; i < holders->len; i++)
    {
      g_autoptr(GPtrArray) page = rd_store_history (server->store, request->requester_id,
                                                    g_array_index (holders, gint64, i), 0, TRANSCRIPT_PAGE, error);

      if (page == NULL)
        return NULL;
      for (guint k = 0; k < page->len; k++)
        {
          RdStoredMessage *message = g_ptr_array_index (page, k);

          if (message->ts >= from_ms && message->ts <= to_ms)
            g_ptr_array_add (messages, g_steal_pointer (&g_ptr_array_index (page, k)));
        }
    }
  g_ptr_array_sort (messages, by_time);
  array = json_array_new ();
  for (guint i = 0; i < messages->len; i++)
    json_array_add_object_element (array, _rd_relay_message_to_json (g_ptr_array_index (messages, i), FALSE));
  return array;
}

void
_rd_relay_handle_request_transcript (RdRelaySession *self,
                                     const char     *id,
                                     JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *array;

  if (!_rd_relay_session_is_staff (self, id) || (request = _rd_relay_request_for (self, id, frame)) == NULL)
    return;
  if ((array = _rd_relay_request_transcript (self->server, request, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_TRANSCRIPT, id);
  json_object_set_int_member (reply, "request", request->id);
  json_object_set_array_member (reply, "messages", array);
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* Staff, and the requester who sent them. */
void
_rd_relay_handle_request_facts (RdRelaySession *self,
                                const char     *id,
                                JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  if ((request = _rd_relay_request_for (self, id, frame)) == NULL)
    return;
  if (request->requester_id != self->account->id && !_rd_relay_session_is_staff (self, id))
    return;
  if ((text = rd_store_request_facts (self->server->store, request->id, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_FACTS, id);
  json_object_set_int_member (reply, "request", request->id);
  if (*text != '\0' && json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    json_object_set_member (reply, "facts", json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_object_member (reply, "facts", json_object_new ());
  _rd_relay_session_reply_after_commit (self, id, reply);
}
