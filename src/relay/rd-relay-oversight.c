/* rd-relay-oversight.c: a supervisor can always act on a request, whoever
 * holds it and whatever state it is in (take over, reassign, resolve,
 * cancel); staff read each request's history; and an account an admin
 * disabled or signed out from the command line leaves this relay at once,
 * handing what it held back to the queue. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"
#include "rd-ws-codec.h"

/* The request named in @frame, for a supervisor (errors sent otherwise). */
static RdStoredRequest *
supervised_request (RdRelaySession *self,
                    const char     *id,
                    JsonObject     *frame)
{
  return _rd_relay_session_is_supervisor (self, id) ? _rd_relay_request_for (self, id, frame) : NULL;
}

void
_rd_relay_handle_request_takeover (RdRelaySession *self,
                                   const char     *id,
                                   JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = supervised_request (self, id, frame);
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  gint64 me = self->account->id;

  if (request == NULL)
    return;
  if (request->agent_id == me && request->state == RD_REQUEST_ACTIVE)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "you already hold this request");
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_take_over (server->store, request->id, me, g_get_real_time (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "the request is closed");
      return;
    }
  _rd_relay_queue_stop_offer (server, request->id);
  /* Its previous agent and its requester hear who has it now. */
  if (!_rd_relay_queue_record (server, request->id, "taken_over", me, request->agent_id, &error) ||
      !_rd_relay_queue_announce (server, request->id, "taken_over", request->agent_id, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  g_info ("request %" G_GINT64_FORMAT " taken over by %s", request->id, self->account->username);
  _rd_relay_session_reply_after_commit (self, id, ok);
  _rd_relay_queue_schedule_route (server);
}

void
_rd_relay_close_request (RdRelaySession  *self,
                         const char      *id,
                         RdStoredRequest *request,
                         RdRequestState   final_state)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_close (server->store, request->id, final_state, g_get_real_time (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "the request is closed already");
      return;
    }
  _rd_relay_queue_stop_offer (server, request->id);
  if (!_rd_relay_queue_record (server, request->id, rd_request_state_to_string (final_state), self->account->id,
                               request->agent_id, &error) ||
      !_rd_relay_queue_announce (server, request->id, "closed_by_supervisor", request->agent_id, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
  _rd_relay_queue_schedule_route (server);
}

void
_rd_relay_reassign_request (RdRelaySession  *self,
                            const char      *id,
                            RdStoredRequest *request,
                            RdAccount       *to_agent,
                            RdStoredTopic   *to_topic,
                            const char      *note)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  RdRequestStep step = { .what = (char *) "reassigned", .actor_id = self->account->id,
                         .target_id = to_agent ? to_agent->id : 0, .topic_id = to_topic ? to_topic->id : 0,
                         .text = (char *) note };

  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_reassign (server->store, request->id, to_agent ? to_agent->id : 0,
                                  to_topic ? to_topic->id : 0, g_get_real_time (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "the request is closed");
      return;
    }
  if (!_rd_relay_queue_record_step (server, request->id, &step, &error) ||
      (*note != '\0' &&
       !rd_store_request_add_note (server->store, request->id, self->account->id, note, g_get_real_time (), &error)) ||
      !_rd_relay_queue_announce_transfer (server, request->id, "reassigned", request->agent_id, note, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  g_info ("request %" G_GINT64_FORMAT " reassigned by %s", request->id, self->account->username);
  _rd_relay_session_reply_after_commit (self, id, ok);
}

/* ---- history ---- */

void
_rd_relay_handle_request_history (RdRelaySession *self,
                                  const char     *id,
                                  JsonObject     *frame)
{
  RdStore *store = self->server->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 request_id = rd_frame_get_int (frame, "request", 0);
  g_autoptr(RdStoredRequest) request = NULL;
  JsonArray *array;

  if (!_rd_relay_session_is_staff (self, id))
    return;
  if ((request = _rd_relay_request_for (self, id, frame)) == NULL)
    return;
  if ((steps = rd_store_history_list (store, request_id, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < steps->len; i++)
    {
      RdRequestStep *step = g_ptr_array_index (steps, i);
      g_autoptr(RdStoredTopic) topic = step->topic_id ? rd_store_topic_by_id (store, step->topic_id, NULL) : NULL;
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "at", step->at_us / 1000);
      json_object_set_string_member (item, "what", step->what);
      _rd_relay_set_person (self->server, item, "by", step->actor_id);
      _rd_relay_set_person (self->server, item, "to", step->target_id);
      json_object_set_string_member (item, "topic", topic ? topic->name : "");
      json_object_set_string_member (item, "note", step->text);
      if (step->rating > 0)
        json_object_set_int_member (item, "rating", step->rating);
      json_array_add_object_element (array, item);
    }
  reply = rd_frame_new (RD_FRAME_REQUEST_STEPS, id);
  json_object_set_int_member (reply, "request", request_id);
  json_object_set_array_member (reply, "steps", array);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* ---- accounts changed by an admin command ---- */

static void
sign_out_everywhere (RdRelayServer *self,
                     gint64         account_id,
                     RdErrorCode    code,
                     const char    *why)
{
  GPtrArray *live = _rd_relay_server_sessions_of (self, account_id);
  g_autoptr(GPtrArray) sessions = live ? g_ptr_array_copy (live, (GCopyFunc) g_object_ref, NULL) : NULL;

  if (sessions == NULL)
    return;
  g_ptr_array_set_free_func (sessions, g_object_unref);
  for (guint i = 0; i < sessions->len; i++)
    {
      RdRelaySession *session = g_ptr_array_index (sessions, i);

      rd_relay_session_send_error (session, NULL, code, why);
      rd_relay_session_close (session, RD_WS_CLOSE_POLICY_VIOLATION, why);
    }
}

void
_rd_relay_account_notices_check (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) notices = NULL;
  gboolean first = self->notices_seen < 0;

  notices = rd_store_account_notices_since (self->store, MAX (self->notices_seen, 0), &self->notices_seen, &error);
  if (notices == NULL)
    {
      g_warning ("cannot read account notices: %s", error->message);
      return;
    }
  if (first)
    self->notices_seen = MAX (self->notices_seen, 0);
  for (guint i = 0; !first && i < notices->len; i++)
    {
      gint64 account_id = g_array_index (notices, RdStoredNotice, i).account_id;
      RdAccountNotice notice = (RdAccountNotice) g_array_index (notices, RdStoredNotice, i).notice;

      if (notice == RD_ACCOUNT_NOTICE_DISABLED)
        {
          g_info ("account %" G_GINT64_FORMAT " was disabled: signing it out", account_id);
          sign_out_everywhere (self, account_id, RD_ERROR_ACCOUNT_DISABLED, "this account was disabled");
          if (_rd_relay_cluster_is_leader (self))
            _rd_relay_queue_requeue_agent (self, account_id, "agent_disabled");
        }
      else
        {
          g_info ("account %" G_GINT64_FORMAT " was signed out by an admin", account_id);
          sign_out_everywhere (self, account_id, RD_ERROR_INVALID_TOKEN, "signed out by an admin");
        }
    }
}

/* At start and when this relay begins routing: requests held by accounts
 * disabled while no relay ran go back to the queue. */
void
_rd_relay_requeue_disabled_holders (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) holders = rd_store_disabled_holders (self->store, &error);

  if (holders == NULL)
    {
      g_warning ("cannot look for disabled agents: %s", error->message);
      return;
    }
  for (guint i = 0; i < holders->len; i++)
    _rd_relay_queue_requeue_agent (self, g_array_index (holders, gint64, i), "agent_disabled");
}
