/* rd-relay-topic-policy.c: each topic's opening hours and first-response
 * target. Requests of a closed topic are kept and wait; routing leaves
 * them until the topic opens (a timer wakes it then). Waiting requests that
 * pass their topic's target are recorded once as breaches, in their
 * history, and supervisors signed in are told (sla_breach). */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-opening-hours.h"
#include "rd-relay-private.h"
#include "rd-store-topic-policy.h"

void
rd_topic_state_free (RdTopicState *state)
{
  g_free (state);
}

GHashTable *
_rd_relay_topic_states (RdRelayServer  *self,
                        gint64          now_us,
                        GError        **error)
{
  g_autoptr(GPtrArray) policies = rd_store_topic_policies (self->store, error);
  GHashTable *states;

  if (policies == NULL)
    return NULL;
  states = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) rd_topic_state_free);
  for (guint i = 0; i < policies->len; i++)
    {
      RdTopicPolicy *policy = g_ptr_array_index (policies, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(RdOpeningHours) hours = rd_opening_hours_parse (policy->time_zone, policy->hours,
                                                                policy->closed_days, &local_error);
      RdTopicState *state = g_new0 (RdTopicState, 1);

      state->topic_id = policy->topic_id;
      state->first_response_s = policy->first_response_s;
      /* Stored hours were checked when set; a time zone gone from the
       * system since leaves the topic open rather than closed for good. */
      state->open = hours == NULL || rd_opening_hours_is_open (hours, now_us);
      state->opens_at_us = state->open ? 0 : rd_opening_hours_next_open (hours, now_us);
      if (hours == NULL)
        g_warning ("topic %" G_GINT64_FORMAT "'s hours no longer read: %s", policy->topic_id, local_error->message);
      g_hash_table_insert (states, &state->topic_id, state);
    }
  return states;
}

gboolean
_rd_relay_topic_state_open (GHashTable *states,
                            gint64      topic_id)
{
  RdTopicState *state = states ? g_hash_table_lookup (states, &topic_id) : NULL;

  return state == NULL || state->open;
}

gint64
_rd_relay_topic_closed_until (RdRelayServer  *self,
                              gint64          topic_id,
                              GError        **error)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GHashTable) states = _rd_relay_topic_states (self, now, error);
  RdTopicState *state;

  if (states == NULL)
    return -1;
  state = g_hash_table_lookup (states, &topic_id);
  if (state == NULL || state->open)
    return 0;
  /* Closed with no opening within a year: it still waits, "later". */
  return state->opens_at_us > 0 ? state->opens_at_us : G_MAXINT64 / 2;
}

/* ---- the topics as everyone reads them ---- */

static void
add_policy (JsonObject    *item,
            RdTopicPolicy *policy,
            RdTopicState  *state)
{
  json_object_set_int_member (item, "first_response_s", policy ? policy->first_response_s : 0);
  json_object_set_string_member (item, "time_zone", policy ? policy->time_zone : "");
  json_object_set_string_member (item, "hours", policy ? policy->hours : "");
  json_object_set_string_member (item, "closed_days", policy ? policy->closed_days : "");
  json_object_set_int_member (item, "wrap_up_s", policy ? policy->wrap_up_s : 0);
  json_object_set_int_member (item, "idle_warn_s", policy ? policy->idle_warn_s : 0);
  json_object_set_int_member (item, "idle_close_s", policy ? policy->idle_close_s : 0);
  json_object_set_boolean_member (item, "open", state == NULL || state->open);
  json_object_set_int_member (item, "opens_at", state && !state->open ? state->opens_at_us / 1000 : 0);
}

JsonArray *
_rd_relay_topics_json (RdRelayServer  *server,
                       GError        **error)
{
  g_autoptr(GPtrArray) topics = rd_store_topic_list (server->store, error);
  g_autoptr(GPtrArray) policies = topics ? rd_store_topic_policies (server->store, error) : NULL;
  g_autoptr(GHashTable) states = policies ? _rd_relay_topic_states (server, g_get_real_time (), error) : NULL;
  JsonArray *array;

  if (states == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < topics->len; i++)
    {
      RdStoredTopic *topic = g_ptr_array_index (topics, i);
      RdTopicPolicy *policy = NULL;
      JsonObject *item = json_object_new ();

      for (guint j = 0; j < policies->len; j++)
        if (((RdTopicPolicy *) g_ptr_array_index (policies, j))->topic_id == topic->id)
          policy = g_ptr_array_index (policies, j);
      json_object_set_string_member (item, "name", topic->name);
      json_object_set_string_member (item, "strategy", rd_route_strategy_to_string (topic->strategy));
      add_policy (item, policy, g_hash_table_lookup (states, &topic->id));
      json_array_add_object_element (array, item);
    }
  return array;
}

void
_rd_relay_handle_topics_list (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  JsonArray *array = _rd_relay_topics_json (self->server, &error);
  g_autoptr(JsonObject) reply = NULL;

  if (array == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_TOPICS, id);
  json_object_set_array_member (reply, "topics", array);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* ---- waking routing when a topic opens ---- */

static gboolean
opening_cb (gpointer data)
{
  RdRelayServer *self = data;

  self->opening_source = 0;
  g_info ("a topic opens: routing its waiting requests");
  _rd_relay_queue_changed_elsewhere (self);
  return G_SOURCE_REMOVE;
}

void
_rd_relay_topics_wake_at_opening (RdRelayServer *self,
                                  GHashTable    *states,
                                  gint64         now_us)
{
  GHashTableIter iter;
  gpointer value;
  gint64 first = 0;

  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RdTopicState *state = value;

      if (!state->open && state->opens_at_us > 0 && (first == 0 || state->opens_at_us < first))
        first = state->opens_at_us;
    }
  g_clear_handle_id (&self->opening_source, g_source_remove);
  if (first > 0)
    self->opening_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                       (guint) MIN ((first - now_us) / G_USEC_PER_SEC + 1, G_MAXINT),
                                                       opening_cb, self, NULL);
}

/* ---- wrap-up after resolving ---- */

static gboolean
wrap_up_over_cb (gpointer data)
{
  RdRelayServer *self = data;

  self->wrap_up_source = 0;
  _rd_relay_queue_schedule_route (self);
  return G_SOURCE_REMOVE;
}

gboolean
_rd_relay_agents_wrap_up (RdRelayServer  *self,
                          GPtrArray      *agents,
                          gint64          now_us,
                          GError        **error)
{
  g_autoptr(GArray) wrap_ups = rd_store_wrap_ups (self->store, now_us, error);
  gint64 first = 0;

  if (wrap_ups == NULL)
    return FALSE;
  for (guint i = 0; i < wrap_ups->len; i++)
    {
      gint64 agent_id = g_array_index (wrap_ups, RdStoredWrapUp, i).agent_id;
      gint64 until = g_array_index (wrap_ups, RdStoredWrapUp, i).until_us;

      for (guint j = 0; j < agents->len; j++)
        {
          RdRouteAgent *agent = g_ptr_array_index (agents, j);

          if (agent->id == agent_id)
            agent->available = FALSE;
        }
      if (first == 0 || until < first)
        first = until;
    }
  /* Routing looks again when the first wrap-up ends. */
  g_clear_handle_id (&self->wrap_up_source, g_source_remove);
  if (first > 0)
    self->wrap_up_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((first - now_us) / 1000 + 1),
                                               wrap_up_over_cb, self, NULL);
  return TRUE;
}

/* ---- setting a policy ---- */

static void
merge_string (char **field, JsonObject *frame, const char *member)
{
  if (json_object_has_member (frame, member))
    {
      g_free (*field);
      *field = g_strstrip (g_strdup (rd_frame_get_string (frame, member, "")));
    }
}

void
_rd_relay_handle_topic_policy_set (RdRelaySession *self,
                                   const char     *id,
                                   JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredTopic) topic = NULL;
  g_autoptr(GPtrArray) policies = NULL;
  g_autoptr(RdOpeningHours) hours = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  RdTopicPolicy policy = { 0 };

  if (!_rd_relay_session_is_supervisor (self, id))
    return;
  if ((topic = rd_store_topic_lookup (server->store, rd_frame_get_string (frame, "topic", ""), NULL)) == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such topic");
      return;
    }
  if ((policies = rd_store_topic_policies (server->store, &error)) == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  /* What the frame does not name stays as it was. */
  policy.topic_id = topic->id;
  for (guint i = 0; i < policies->len; i++)
    {
      RdTopicPolicy *old = g_ptr_array_index (policies, i);

      if (old->topic_id == topic->id)
        {
          policy.first_response_s = old->first_response_s;
          policy.time_zone = g_strdup (old->time_zone);
          policy.hours = g_strdup (old->hours);
          policy.closed_days = g_strdup (old->closed_days);
          policy.wrap_up_s = old->wrap_up_s;
          policy.idle_warn_s = old->idle_warn_s;
          policy.idle_close_s = old->idle_close_s;
        }
    }
  if (json_object_has_member (frame, "first_response_s"))
    policy.first_response_s = (guint) rd_frame_get_int (frame, "first_response_s", 0);
  if (json_object_has_member (frame, "wrap_up_s"))
    policy.wrap_up_s = (guint) rd_frame_get_int (frame, "wrap_up_s", 0);
  if (json_object_has_member (frame, "idle_warn_s"))
    policy.idle_warn_s = (guint) rd_frame_get_int (frame, "idle_warn_s", 0);
  if (json_object_has_member (frame, "idle_close_s"))
    policy.idle_close_s = (guint) rd_frame_get_int (frame, "idle_close_s", 0);
  merge_string (&policy.time_zone, frame, "time_zone");
  merge_string (&policy.hours, frame, "hours");
  merge_string (&policy.closed_days, frame, "closed_days");
  if ((hours = rd_opening_hours_parse (policy.time_zone, policy.hours, policy.closed_days, &error)) == NULL)
    rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, error->message);
  else if (!_rd_relay_server_write_begin (server, &error) || !rd_store_topic_policy_set (server->store, &policy, &error))
    _rd_relay_session_write_error (self, id, error);
  else
    {
      _rd_relay_session_reply_after_commit (self, id, ok);
      /* Opened or closed: routing, places and views follow. */
      server->queue_version++;
      _rd_relay_queue_schedule_route (server);
      _rd_relay_cluster_queue_changed (server);
    }
  g_free (policy.time_zone);
  g_free (policy.hours);
  g_free (policy.closed_days);
}

/* ---- first-response breaches ---- */

void
_rd_relay_check_breaches (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = NULL;
  gint64 now = g_get_real_time ();

  if (!_rd_relay_cluster_is_leader (self))
    return;
  /* A failed read is only logged: it has nothing of anyone's to undo. */
  if ((due = rd_store_breaches_due (self->store, now, &error)) == NULL)
    {
      g_warning ("cannot check first-response targets: %s", error->message);
      return;
    }
  if (due->len == 0)
    return;
  if (!_rd_relay_server_write_begin (self, &error))
    goto failed;
  for (guint i = 0; i < due->len; i++)
    {
      gint64 request_id = g_array_index (due, gint64, i);
      g_autoptr(RdStoredRequest) request = NULL;
      g_autoptr(JsonObject) frame = NULL;

      if (!rd_store_breach_add (self->store, request_id, now, &error) ||
          !_rd_relay_queue_record (self, request_id, "target_missed", 0, 0, &error) ||
          (request = rd_store_request_get (self->store, request_id, &error)) == NULL)
        goto failed;
      g_info ("request %" G_GINT64_FORMAT " waits past its first-response target", request_id);
      frame = rd_frame_new (RD_FRAME_SLA_BREACH, NULL);
      json_object_set_object_member (frame, "request", _rd_relay_queue_request_json (self, request, NULL));
      _rd_relay_send_to_staff (self, frame, TRUE);
    }
  self->queue_version++;
  _rd_relay_queue_schedule_route (self);
  return;

failed:
  g_warning ("cannot check first-response targets: %s", error->message);
  _rd_relay_server_write_failed (self, error);
}
