/* rd-relay-positions.c: what a waiting requester is told — their place in
 * the queue, how many agents can serve their topic, and an estimate drawn
 * from that topic's recent times (rd_route_estimate_wait_s). */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"

#define DEFAULT_HANDLE_S 300   /* before a topic has a resolved request of the last day */
#define DEFAULT_PICKUP_S 30

/* One topic as its requesters see it. */
typedef struct {
  gint64 topic_id;   /* the key */
  guint  serving;    /* agents who can serve it now */
  guint  slots;
  guint  free_slots;
  guint  handle_s;
  guint  pickup_s;
  guint  ahead;      /* its requests met so far in queue order */
} TopicView;

static void
apply_times (TopicView *view,
             GArray    *times)
{
  view->handle_s = DEFAULT_HANDLE_S;
  view->pickup_s = DEFAULT_PICKUP_S;
  for (guint i = 0; i < times->len; i++)
    {
      RdTopicTimes *row = &g_array_index (times, RdTopicTimes, i);

      if (row->topic_id != view->topic_id)
        continue;
      if (row->average_handle_us > 0)
        view->handle_s = MAX (1, row->average_handle_us / G_USEC_PER_SEC);
      if (row->average_wait_us > 0)
        view->pickup_s = MAX (1, row->average_wait_us / G_USEC_PER_SEC);
    }
}

/* topic id -> TopicView, for every topic, from @agents and the last day. */
static GHashTable *
topic_views (RdRelayServer  *self,
             GPtrArray      *agents,
             GError        **error)
{
  g_autoptr(GPtrArray) topics = rd_store_topic_list (self->store, error);
  g_autoptr(GArray) times = NULL;
  GHashTable *views;

  if (topics == NULL ||
      (times = rd_store_topic_times (self->store, g_get_real_time () - G_TIME_SPAN_DAY, error)) == NULL)
    return NULL;
  views = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < topics->len; i++)
    {
      RdStoredTopic *topic = g_ptr_array_index (topics, i);
      TopicView *view = g_new0 (TopicView, 1);

      view->topic_id = topic->id;
      view->serving = rd_route_serving_agents (agents, topic->id, topic->strategy, &view->slots, &view->free_slots);
      apply_times (view, times);
      g_hash_table_insert (views, &view->topic_id, view);
    }
  return views;
}

static gboolean
any_online (RdRelayServer *self,
            GArray        *waiting,
            gint64         only_account)
{
  for (guint i = 0; i < waiting->len; i++)
    {
      RdQueuePlace *place = &g_array_index (waiting, RdQueuePlace, i);

      if ((only_account == 0 || place->requester_id == only_account) &&
          _rd_relay_server_sessions_of (self, place->requester_id) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
_rd_relay_send_positions (RdRelayServer *self,
                          gint64         only_account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) waiting = rd_store_queue_places (self->store, &error);
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GHashTable) views = NULL;

  if (waiting == NULL)
    goto failed;
  /* Who can serve costs reads for every agent: only when someone listens. */
  if (!any_online (self, waiting, only_account))
    return;
  if ((agents = _rd_relay_queue_agents (self, &error)) == NULL || (views = topic_views (self, agents, &error)) == NULL)
    goto failed;
  for (guint i = 0; i < waiting->len; i++)
    {
      RdQueuePlace *place = &g_array_index (waiting, RdQueuePlace, i);
      TopicView *view = g_hash_table_lookup (views, &place->topic_id);
      GPtrArray *sessions = _rd_relay_server_sessions_of (self, place->requester_id);
      g_autoptr(JsonObject) frame = NULL;
      guint ahead;

      if (view == NULL)
        continue;
      ahead = view->ahead++;
      if (sessions == NULL || (only_account != 0 && place->requester_id != only_account))
        continue;
      frame = rd_frame_new (RD_FRAME_REQUEST_POSITION, NULL);
      json_object_set_int_member (frame, "request", place->id);
      json_object_set_int_member (frame, "position", i + 1);
      json_object_set_int_member (frame, "estimated_wait_s",
                                  rd_route_estimate_wait_s (ahead, view->slots, view->free_slots, view->handle_s,
                                                            view->pickup_s));
      json_object_set_int_member (frame, "agents_available", view->serving);
      for (guint k = 0; k < sessions->len; k++)
        {
          RdRelaySession *session = g_ptr_array_index (sessions, k);

          if (session->live)
            rd_relay_session_send (session, frame);
        }
    }
  return;

failed:
  g_warning ("cannot tell requesters their place: %s", error->message);
}

gboolean
_rd_relay_topic_is_served (RdRelayServer *self,
                           RdStoredTopic *topic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = _rd_relay_queue_agents (self, &error);
  guint slots, free_slots;

  if (agents == NULL)
    {
      g_warning ("cannot count the agents for a topic: %s", error->message);
      return FALSE;
    }
  return rd_route_serving_agents (agents, topic->id, topic->strategy, &slots, &free_slots) > 0;
}
