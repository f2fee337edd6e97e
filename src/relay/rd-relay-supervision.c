/* rd-relay-supervision.c: what support staff do around a request besides
 * taking it: internal notes, transfers, and the supervisor's dashboard and
 * capacity setting. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"
#include "rd-store-topic-policy.h"

static gint64
today_start_us (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

/* The names of the topics @account_id serves, from @topics (RdStoredTopic). */
static JsonArray *
skill_names (RdStore   *store,
             gint64     account_id,
             GPtrArray *topics)
{
  g_autoptr(GArray) skills = rd_store_agent_skills (store, account_id, NULL);
  JsonArray *names = json_array_new ();

  for (guint i = 0; skills && topics && i < topics->len; i++)
    {
      RdStoredTopic *topic = g_ptr_array_index (topics, i);

      for (guint j = 0; j < skills->len; j++)
        if (g_array_index (skills, gint64, j) == topic->id)
          json_array_add_string_element (names, topic->name);
    }
  return names;
}

/* The requests being handled now: who has each, how old it is and how
 * long its requester has been quiet, so a supervisor sees what is stuck. */
static JsonArray *
held_requests_json (RdRelayServer  *server,
                    GError        **error)
{
  g_autoptr(GPtrArray) held = rd_store_held_requests (server->store, error);
  gint64 now = g_get_real_time ();
  JsonArray *array;

  if (held == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < held->len; i++)
    {
      RdStoredRequest *request = g_ptr_array_index (held, i);
      JsonObject *item = _rd_relay_queue_request_json (server, request, NULL);
      gint64 last = rd_store_last_message_between (server->store, request->requester_id, request->agent_id,
                                                   request->queued_at / 1000, NULL);
      gint64 quiet_since = last > 0 ? last * 1000 : request->queued_at;

      json_object_set_int_member (item, "age_s", MAX (0, now - request->queued_at) / G_USEC_PER_SEC);
      json_object_set_int_member (item, "quiet_s", MAX (0, now - quiet_since) / G_USEC_PER_SEC);
      json_array_add_object_element (array, item);
    }
  return array;
}

void
_rd_relay_handle_dashboard_get (RdRelaySession *self,
                                const char     *id,
                                JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  RdQueueStats stats = { 0 };
  JsonArray *agents;
  JsonArray *requests;
  JsonArray *topics_now;
  JsonObject *queue;
  g_autoptr(GPtrArray) topics = NULL;
  g_autoptr(GArray) staff = NULL;

  if (!_rd_relay_session_is_supervisor (self, id))
    return;
  self->watches_queue = TRUE;
  if (!rd_store_queue_stats (server->store, today_start_us (), g_get_real_time (), &stats, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  topics = rd_store_topic_list (server->store, NULL);
  agents = json_array_new ();
  /* The staff online, on this relay or another: the same people routing counts. */
  staff = _rd_relay_online_staff (server, &error);
  if (staff == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  for (guint i = 0; i < staff->len; i++)
    {
      gint64 account_id = g_array_index (staff, gint64, i);
      g_autoptr(RdAccount) account = rd_store_account_by_id (server->store, account_id, NULL);
      JsonObject *agent;
      const char *text = NULL;
      gint64 idle = 0;
      const char *status;

      if (account == NULL)
        continue;
      status = _rd_relay_presence_of (server, account_id, &text, &idle);
      agent = json_object_new ();
      json_object_set_string_member (agent, "username", account->username);
      json_object_set_string_member (agent, "display_name", account->display_name);
      json_object_set_string_member (agent, "status", status);
      json_object_set_int_member (agent, "load", rd_store_agent_load (server->store, account_id, NULL));
      json_object_set_int_member (agent, "capacity", rd_store_agent_get_capacity (server->store, account_id, NULL));
      json_object_set_int_member (agent, "idle", idle);
      json_object_set_array_member (agent, "skills", skill_names (server->store, account_id, topics));
      json_array_add_object_element (agents, agent);
    }
  queue = json_object_new ();
  json_object_set_int_member (queue, "waiting", stats.waiting);
  json_object_set_int_member (queue, "longest_wait_s", stats.longest_wait_us / G_USEC_PER_SEC);
  json_object_set_int_member (queue, "average_wait_s", stats.average_wait_us / G_USEC_PER_SEC);
  json_object_set_int_member (queue, "average_handle_s", stats.average_handle_us / G_USEC_PER_SEC);
  json_object_set_int_member (queue, "resolved_today", stats.resolved);
  json_object_set_int_member (queue, "breaches_today", rd_store_breaches_since (server->store, today_start_us (), NULL));
  json_object_set_double_member (queue, "average_rating", stats.average_rating);
  requests = held_requests_json (server, &error);
  topics_now = requests ? _rd_relay_topics_json (server, &error) : NULL;
  if (topics_now == NULL)
    {
      if (requests != NULL)
        json_array_unref (requests);
      json_array_unref (agents);
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_DASHBOARD, id);
  json_object_set_array_member (reply, "agents", agents);
  json_object_set_array_member (reply, "requests", requests);
  json_object_set_array_member (reply, "topics", topics_now);
  json_object_set_object_member (reply, "queue", queue);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* The support staff named in @frame's "username", or NULL (error sent). */
static RdAccount *
staff_named (RdRelaySession *self,
             const char     *id,
             JsonObject     *frame)
{
  RdAccount *agent = rd_store_account_lookup (self->server->store, rd_frame_get_string (frame, "username", ""), NULL);

  if (agent == NULL || !rd_role_is_staff (agent->role))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no support staff of that name");
      g_clear_pointer (&agent, rd_account_free);
    }
  return agent;
}

void
_rd_relay_handle_agent_capacity_set (RdRelaySession *self,
                                     const char     *id,
                                     JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) agent = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  if (!_rd_relay_session_is_supervisor (self, id) || (agent = staff_named (self, id, frame)) == NULL)
    return;
  if (!_rd_relay_server_write_begin (server, &error) ||
      !rd_store_agent_set_capacity (server->store, agent->id, (guint) rd_frame_get_int (frame, "capacity", 0), &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
  /* More room may mean offers now. */
  _rd_relay_queue_presence_changed (server, agent->id);
}

void
_rd_relay_handle_agent_skill_set (RdRelaySession *self,
                                  const char     *id,
                                  JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) agent = NULL;
  g_autoptr(RdStoredTopic) topic = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  if (!_rd_relay_session_is_supervisor (self, id) || (agent = staff_named (self, id, frame)) == NULL)
    return;
  if ((topic = rd_store_topic_lookup (server->store, rd_frame_get_string (frame, "topic", ""), NULL)) == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such topic");
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error) ||
      !rd_store_agent_set_skill (server->store, agent->id, topic->id, rd_frame_get_bool (frame, "serves", FALSE),
                                 &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
  /* A new skill may mean offers now. */
  _rd_relay_queue_presence_changed (server, agent->id);
}

/* The request if @self may act on it as staff: its agent, or a supervisor. */
static RdStoredRequest *
held_request (RdRelaySession *self,
              const char     *id,
              JsonObject     *frame,
              gboolean        holder_only)
{
  g_autoptr(GError) error = NULL;
  RdStoredRequest *request = rd_store_request_get (self->server->store, rd_frame_get_int (frame, "request", 0),
                                                    &error);
  gboolean supervisor = rd_role_is_supervisor (self->account->role);

  if (request == NULL)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such request");
      else
        _rd_relay_session_store_error (self, id, error);
      return NULL;
    }
  if (request->agent_id != self->account->id && (holder_only || !supervisor))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "this request is not yours");
      rd_stored_request_free (request);
      return NULL;
    }
  return request;
}

void
_rd_relay_handle_request_note (RdRelaySession *self,
                               const char     *id,
                               JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = held_request (self, id, frame, FALSE);
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  gint64 now = _rd_relay_now_ms ();

  if (request == NULL)
    return;
  data = json_object_new ();
  json_object_set_int_member (data, "request", request->id);
  json_object_set_string_member (data, "author", self->account->username);
  json_object_set_string_member (data, "text", rd_frame_get_string (frame, "text", ""));
  /* Staff only: the agent holding it and the author; never the requester. */
  if (!_rd_relay_server_write_begin (server, &error) ||
      !rd_store_request_add_note (server->store, request->id, self->account->id,
                                  rd_frame_get_string (frame, "text", ""), g_get_real_time (), &error) ||
      (request->agent_id != 0 && !_rd_relay_server_append_event (server, request->agent_id, "request_note", data,
                                                                  now, &error)) ||
      (request->agent_id != self->account->id &&
       !_rd_relay_server_append_event (server, self->account->id, "request_note", data, now, &error)))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}

void
_rd_relay_handle_request_transfer (RdRelaySession *self,
                                   const char     *id,
                                   JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = held_request (self, id, frame, FALSE);
  g_autoptr(RdAccount) to_agent = NULL;
  g_autoptr(RdStoredTopic) to_topic = NULL;
  const char *agent_name = rd_frame_get_string (frame, "to_agent", NULL);
  const char *topic_name = rd_frame_get_string (frame, "to_topic", NULL);
  const char *note = rd_frame_get_string (frame, "note", "");
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  RdRequestStep step = { .what = (char *) "transferred", .actor_id = self->account->id, .text = (char *) note };

  if (request == NULL)
    return;
  if (agent_name == NULL && topic_name == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_MISSING_FIELD, "transfer needs \"to_agent\" or \"to_topic\"");
      return;
    }
  if (agent_name != NULL)
    {
      to_agent = rd_store_account_lookup (server->store, agent_name, NULL);
      if (to_agent == NULL || !rd_role_is_staff (to_agent->role) || to_agent->id == self->account->id)
        {
          rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no other support staff of that name");
          return;
        }
    }
  if (topic_name != NULL && (to_topic = rd_store_topic_lookup (server->store, topic_name, NULL)) == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such topic");
      return;
    }
  /* Not its agent's to pass on, or not active: a supervisor's reassignment. */
  if (request->agent_id != self->account->id || request->state != RD_REQUEST_ACTIVE)
    {
      _rd_relay_reassign_request (self, id, request, to_agent, to_topic, note);
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_transfer (server->store, request->id, self->account->id, to_agent ? to_agent->id : 0,
                                  to_topic ? to_topic->id : 0, g_get_real_time (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "only an active request can be transferred");
      return;
    }
  step.target_id = to_agent ? to_agent->id : 0;
  step.topic_id = to_topic ? to_topic->id : 0;
  if (!_rd_relay_queue_record_step (server, request->id, &step, &error) ||
      (*note != '\0' &&
       !rd_store_request_add_note (server->store, request->id, self->account->id, note, g_get_real_time (), &error)) ||
      !_rd_relay_queue_announce_transfer (server, request->id, "transferred", self->account->id, note, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}

/* ---- canned replies: every staff member reads them, supervisors edit ---- */

void
_rd_relay_handle_canned_list (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *replies;

  if (!_rd_relay_session_is_staff (self, id))
    return;
  pairs = rd_store_canned_list (self->server->store, &error);
  if (pairs == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  replies = json_array_new ();
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "title", g_ptr_array_index (pairs, i));
      json_object_set_string_member (item, "body", g_ptr_array_index (pairs, i + 1));
      json_array_add_object_element (replies, item);
    }
  reply = rd_frame_new (RD_FRAME_CANNED, id);
  json_object_set_array_member (reply, "replies", replies);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}

static void
change_canned (RdRelaySession *self,
               const char     *id,
               JsonObject     *frame,
               gboolean        remove)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  const char *title = rd_frame_get_string (frame, "title", "");
  gboolean done;

  if (!_rd_relay_session_is_supervisor (self, id))
    return;
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  done = remove ? rd_store_canned_delete (server->store, title, &error)
                : rd_store_canned_set (server->store, title, rd_frame_get_string (frame, "body", ""), &error);
  if (!done)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no canned reply of that title");
      else
        {
          _rd_relay_session_write_error (self, id, error);
        }
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}

void
_rd_relay_handle_canned_set (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_canned (s, id, frame, FALSE);
}

void
_rd_relay_handle_canned_delete (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_canned (s, id, frame, TRUE);
}

void
_rd_relay_handle_topic_add (RdRelaySession *self,
                            const char     *id,
                            JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  RdRouteStrategy strategy = RD_ROUTE_LEAST_BUSY;
  const char *name = rd_frame_get_string (frame, "name", "");

  if (!_rd_relay_session_is_supervisor (self, id))
    return;
  if (json_object_has_member (frame, "strategy") &&
      !rd_route_strategy_from_string (rd_frame_get_string (frame, "strategy", ""), &strategy))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE,
                                   "strategy is least-busy, longest-idle, skills or manual");
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (rd_store_topic_add (server->store, name, strategy, &error) == 0)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "there is already a topic of that name");
      else
        _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}
