/* rd-relay-queue.c: support requests in the relay. Requesters create and
 * cancel them; a routing round (at most one per main-loop turn) offers
 * waiting requests to available agents through rd-router; agents accept,
 * decline or let the offer time out, and resolve. Every change is a store
 * write inside the group commit with events for the people involved, so a
 * client learns of it live or at its next sync. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"
#include "rd-router.h"
#include "rd-store-history.h"
#include "rd-store-queue.h"


static gint64
now_us (void)
{
  return g_get_real_time ();
}

/* ---- events ---- */

void
_rd_relay_set_person (RdRelayServer *self,
                      JsonObject    *data,
                      const char    *field,
                      gint64         account_id)
{
  g_autoptr(RdAccount) account = account_id ? rd_store_account_by_id (self->store, account_id, NULL) : NULL;
  g_autofree char *name_field = g_strconcat (field, "_name", NULL);

  json_object_set_string_member (data, field, account ? account->username : "");
  json_object_set_string_member (data, name_field, account ? account->display_name : "");
}

JsonObject *
_rd_relay_queue_request_json (RdRelayServer   *self,
                              RdStoredRequest *request,
                              const char      *note)
{
  JsonObject *data = json_object_new ();
  g_autoptr(RdStoredTopic) topic = rd_store_topic_by_id (self->store, request->topic_id, NULL);
  json_object_set_int_member (data, "request", request->id);
  json_object_set_string_member (data, "state", rd_request_state_to_string (request->state));
  json_object_set_string_member (data, "topic", topic ? topic->name : "");
  json_object_set_string_member (data, "summary", request->summary);
  json_object_set_string_member (data, "details", request->details);
  json_object_set_int_member (data, "priority", request->priority);
  _rd_relay_set_person (self, data, "requester", request->requester_id);
  _rd_relay_set_person (self, data, "agent", request->agent_id);
  if (note != NULL)
    json_object_set_string_member (data, "note", note);
  return data;
}

/* Tells the requester, and the agent (if any), where @request_id stands now. */
gboolean
_rd_relay_queue_announce (RdRelayServer  *self,
                          gint64          request_id,
                          const char     *note,
                          gint64          also_tell,
                          GError        **error)
{
  g_autoptr(RdStoredRequest) request = rd_store_request_get (self->store, request_id, error);
  g_autoptr(JsonObject) data = NULL;
  gint64 now = _rd_relay_now_ms ();

  if (request == NULL)
    return FALSE;
  self->queue_version++;
  data = _rd_relay_queue_request_json (self, request, note);
  if (!_rd_relay_server_append_event (self, request->requester_id, "request", data, now, error))
    return FALSE;
  if (request->agent_id != 0 && !_rd_relay_server_append_event (self, request->agent_id, "request", data, now, error))
    return FALSE;
  if (also_tell != 0 && also_tell != request->agent_id &&
      !_rd_relay_server_append_event (self, also_tell, "request", data, now, error))
    return FALSE;
  return TRUE;
}

/* ---- history ---- */

gboolean
_rd_relay_queue_record_step (RdRelayServer  *self,
                             gint64          request_id,
                             RdRequestStep  *step,
                             GError        **error)
{
  if (step->at_us == 0)
    step->at_us = now_us ();
  return rd_store_history_add (self->store, request_id, step, error) &&
         _rd_relay_webhooks_add (self, request_id, step, error);
}

gboolean
_rd_relay_queue_record (RdRelayServer  *self,
                        gint64          request_id,
                        const char     *what,
                        gint64          actor_id,
                        gint64          target_id,
                        GError        **error)
{
  RdRequestStep step = { .what = (char *) what, .actor_id = actor_id, .target_id = target_id };

  return _rd_relay_queue_record_step (self, request_id, &step, error);
}

/* ---- offers ---- */

void
_rd_relay_queue_stop_offer (RdRelayServer *self,
                            gint64         request_id)
{
  g_hash_table_remove (self->offer_timers, &request_id);
}

typedef struct {
  RdRelayServer *server;
  gint64         request_id;
  gint64         agent_id;
} OfferTimer;

/* The offer of @request_id to @agent_id was not answered in time: the
 * request moves on (nothing happens if it was answered meanwhile). */
static void
expire_offer (RdRelayServer *self,
              gint64         request_id,
              gint64         agent_id)
{
  g_autoptr(GError) error = NULL;

  if (!_rd_relay_server_write_begin (self, &error) ||
      !rd_store_request_decline (self->store, request_id, agent_id, &error) ||
      !_rd_relay_queue_record (self, request_id, "offer_timed_out", 0, agent_id, &error) ||
      !_rd_relay_queue_announce (self, request_id, "offer_timed_out", agent_id, &error))
    {
      if (!g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT))
        {
          g_warning ("offer of request %" G_GINT64_FORMAT " did not time out cleanly: %s", request_id, error->message);
          _rd_relay_server_write_failed (self, error);
        }
    }
  else
    {
      g_info ("offer of request %" G_GINT64_FORMAT " timed out; moving on", request_id);
      self->metrics.offers_timed_out++;
      rd_histogram_observe (&self->metrics.offer_seconds, self->config->offer_timeout_s);
    }
  _rd_relay_queue_schedule_route (self);
}

static gboolean
offer_timeout_cb (gpointer data)
{
  OfferTimer *timer = data;
  RdRelayServer *self = timer->server;
  gint64 request_id = timer->request_id;
  gint64 agent_id = timer->agent_id;

  /* Removing the entry destroys @timer; the source ends by returning REMOVE. */
  g_hash_table_steal (self->offer_timers, &request_id);
  expire_offer (self, request_id, agent_id);
  return G_SOURCE_REMOVE;
}

static void
start_offer_timer (RdRelayServer *self,
                   gint64         request_id,
                   gint64         agent_id)
{
  OfferTimer *timer;
  guint source;

  /* Elsewhere the router's sweep times it out. */
  if (!_rd_relay_cluster_is_leader (self))
    return;
  timer = g_new0 (OfferTimer, 1);
  timer->server = self;
  timer->request_id = request_id;
  timer->agent_id = agent_id;
  source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->config->offer_timeout_s, offer_timeout_cb,
                                       timer, g_free);
  g_hash_table_insert (self->offer_timers, g_memdup2 (&request_id, sizeof request_id), GUINT_TO_POINTER (source));
}

gboolean
_rd_relay_queue_announce_transfer (RdRelayServer  *self,
                                   gint64          request_id,
                                   const char     *why,
                                   gint64          from_agent,
                                   const char     *note,
                                   GError        **error)
{
  g_autoptr(RdStoredRequest) request = NULL;
  g_autoptr(JsonObject) offer = NULL;

  _rd_relay_queue_stop_offer (self, request_id);
  if (!_rd_relay_queue_announce (self, request_id, why, from_agent, error) ||
      (request = rd_store_request_get (self->store, request_id, error)) == NULL)
    return FALSE;
  if (request->state == RD_REQUEST_OFFERED)
    {
      offer = _rd_relay_queue_request_json (self, request, why);
      json_object_set_int_member (offer, "expires_in", self->config->offer_timeout_s);
      json_object_set_string_member (offer, "transfer_note", note ? note : "");
      if (!_rd_relay_server_append_event (self, request->agent_id, "offer", offer, _rd_relay_now_ms (), error))
        return FALSE;
      start_offer_timer (self, request_id, request->agent_id);
    }
  _rd_relay_queue_schedule_route (self);
  return TRUE;
}

/* ---- routing ---- */

static gboolean
agent_available (RdRelayServer *self,
                 gint64         account_id)
{
  const char *status = _rd_relay_presence_of (self, account_id, NULL, NULL);

  return g_strcmp0 (status, "available") == 0;
}

GPtrArray *
_rd_relay_queue_agents (RdRelayServer  *self,
                        GError        **error)
{
  GPtrArray *agents = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_agent_free);

  g_autoptr(GArray) online = _rd_relay_online_staff (self, error);

  if (online == NULL)
    {
      g_ptr_array_unref (agents);
      return NULL;
    }
  for (guint i = 0; i < online->len; i++)
    {
      gint64 account_id = g_array_index (online, gint64, i);
      RdRouteAgent *agent;
      gint64 *free_since;

      agent = rd_route_agent_new (account_id);
      agent->available = agent_available (self, account_id);
      agent->capacity = rd_store_agent_get_capacity (self->store, account_id, error);
      agent->load = rd_store_agent_load (self->store, account_id, error);
      g_array_unref (agent->skills);
      agent->skills = rd_store_agent_skills (self->store, account_id, error);
      free_since = g_hash_table_lookup (self->agent_free_since, &account_id);
      agent->free_since = free_since ? *free_since : 0;
      g_ptr_array_add (agents, agent);
      if (agent->skills == NULL)
        {
          agent->skills = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_unref (agents);
          return NULL;
        }
    }
  return agents;
}

static void
route (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GArray) offers = NULL;
  g_autoptr(GHashTable) topics = NULL;
  gint64 now = now_us ();

  if (!_rd_relay_cluster_is_leader (self))
    return;
  if (!_rd_relay_server_write_begin (self, &error) ||
      (queue = rd_store_queue_for_routing (self->store, &error)) == NULL ||
      (topics = _rd_relay_topic_states (self, now, &error)) == NULL)
    goto failed;
  /* Requests of a closed topic wait for it to open. */
  for (guint i = queue->len; i > 0; i--)
    if (!_rd_relay_topic_state_open (topics, ((RdRouteRequest *) g_ptr_array_index (queue, i - 1))->topic_id))
      g_ptr_array_remove_index (queue, i - 1);
  _rd_relay_topics_wake_at_opening (self, topics, now);
  /* Nothing waiting: no need to look at the agents at all. */
  if (queue->len == 0)
    return;
  if ((agents = _rd_relay_queue_agents (self, &error)) == NULL ||
      !_rd_relay_agents_wrap_up (self, agents, now, &error))
    goto failed;
  offers = rd_route_round (queue, agents, now);
  for (guint i = 0; i < offers->len; i++)
    {
      RdRouteOffer *offer = &g_array_index (offers, RdRouteOffer, i);
      g_autoptr(RdStoredRequest) request = NULL;
      g_autoptr(JsonObject) data = NULL;
      g_autoptr(JsonObject) told = NULL;

      if (!rd_store_request_offer (self->store, offer->request_id, offer->agent_id, now, &error) ||
          !_rd_relay_queue_record (self, offer->request_id, "offered", 0, offer->agent_id, &error) ||
          (request = rd_store_request_get (self->store, offer->request_id, &error)) == NULL)
        goto failed;
      data = _rd_relay_queue_request_json (self, request, NULL);
      json_object_set_int_member (data, "expires_in", self->config->offer_timeout_s);
      /* Passed on to its topic with a note: whoever is offered it reads it. */
      if (request->at_head)
        {
          g_autofree char *note = rd_store_history_handover_note (self->store, request->id, &error);

          if (error != NULL)
            goto failed;
          if (note != NULL)
            json_object_set_string_member (data, "transfer_note", note);
        }
      /* Its requester hears of every change of state (docs/protocol.md),
       * without what is for staff only. */
      told = _rd_relay_queue_request_json (self, request, NULL);
      if (!_rd_relay_server_append_event (self, offer->agent_id, "offer", data, _rd_relay_now_ms (), &error) ||
          !_rd_relay_server_append_event (self, request->requester_id, "request", told, _rd_relay_now_ms (), &error))
        goto failed;
      g_hash_table_insert (self->agent_free_since, g_memdup2 (&offer->agent_id, sizeof (gint64)),
                           g_memdup2 (&now, sizeof now));
      start_offer_timer (self, offer->request_id, offer->agent_id);
      g_info ("request %" G_GINT64_FORMAT " offered to agent %" G_GINT64_FORMAT, offer->request_id, offer->agent_id);
    }
  return;

failed:
  g_warning ("routing failed: %s", error->message);
  _rd_relay_server_write_failed (self, error);
}

/* Staff see the queue live: a nudge (not stored) whenever a request changed;
 * their queue views ask for the list again. */
static void
push_queue_changed (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = NULL;
  guint waiting;

  if (self->queue_version == self->queue_version_pushed)
    return;
  self->queue_version_pushed = self->queue_version;
  _rd_relay_send_positions (self, 0);
  waiting = rd_store_queue_waiting_count (self->store, &error);
  if (error != NULL)
    {
      g_warning ("cannot count the queue: %s", error->message);
      return;
    }
  frame = rd_frame_new (RD_FRAME_QUEUE_CHANGED, NULL);
  json_object_set_int_member (frame, "waiting", waiting);
  _rd_relay_send_to_staff (self, frame, FALSE);
}

void
_rd_relay_send_to_staff (RdRelayServer *self,
                         JsonObject    *frame,
                         gboolean       supervisors_only)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions_by_account);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *sessions = value;

      for (guint i = 0; i < sessions->len; i++)
        {
          RdRelaySession *session = g_ptr_array_index (sessions, i);
          RdRole role = session->account->role;

          if (session->live && (supervisors_only ? rd_role_is_supervisor (role)
                                                 : rd_role_is_staff (role) && session->watches_queue))
            rd_relay_session_send (session, frame);
        }
    }
}

/* Places and nudges tell what the store holds: they go out after the acks
 * of the writes they reflect, once those are on disk. */
static void
queue_changed_commit_cb (RdRelayServer *self,
                         const GError  *error,
                         gpointer       data)
{
  if (self->queue_version != self->queue_version_pushed)
    _rd_relay_cluster_queue_changed (self);
  push_queue_changed (self);
}

static void
changed_elsewhere_commit_cb (RdRelayServer *self,
                             const GError  *error,
                             gpointer       data)
{
  self->queue_version++;
  push_queue_changed (self);
  _rd_relay_queue_schedule_route (self);   /* a new request, an agent free again: the router looks */
}

void
_rd_relay_queue_changed_elsewhere (RdRelayServer *self)
{
  /* After the open transaction, if any: the reads must not show its writes
   * before they are committed. */
  if (rd_store_in_transaction (self->store))
    _rd_relay_server_after_commit (self, changed_elsewhere_commit_cb, NULL, NULL);
  else
    changed_elsewhere_commit_cb (self, NULL, NULL);
}

static void
positions_commit_cb (RdRelayServer *self,
                     const GError  *error,
                     gpointer       data)
{
  _rd_relay_send_positions (self, *(gint64 *) data);
}

static gboolean
route_cb (gpointer data)
{
  RdRelayServer *self = data;

  self->route_source = 0;
  route (self);
  _rd_relay_server_after_commit (self, queue_changed_commit_cb, NULL, NULL);
  return G_SOURCE_REMOVE;
}

void
_rd_relay_queue_schedule_route (RdRelayServer *self)
{
  /* Before the group commit's idle (same priority, added earlier), so one
   * transaction carries a change and the offers it leads to. */
  if (self->route_source == 0)
    self->route_source = g_idle_add_full (G_PRIORITY_DEFAULT, route_cb, self, NULL);
}

/* ---- agents coming and going ---- */

typedef struct {
  RdRelayServer *server;
  gint64         agent_id;
} GraceTimer;

void
_rd_relay_queue_requeue_agent (RdRelayServer *self,
                               gint64         agent_id,
                               const char    *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) held = NULL;
  gint requeued;

  g_hash_table_remove (self->grace_timers, &agent_id);
  /* Who to tell: the requesters of what this agent held. */
  if (!_rd_relay_server_write_begin (self, &error) ||
      (held = rd_store_agent_requests (self->store, agent_id, &error)) == NULL ||
      (requeued = rd_store_requeue_agent (self->store, agent_id, &error)) < 0)
    goto failed;
  for (guint i = 0; i < held->len; i++)
    {
      gint64 request_id = g_array_index (held, gint64, i);

      _rd_relay_queue_stop_offer (self, request_id);
      if (!_rd_relay_queue_record (self, request_id, why, 0, agent_id, &error) ||
          !_rd_relay_queue_announce (self, request_id, why, agent_id, &error))
        goto failed;
    }
  if (requeued > 0)
    g_info ("agent %" G_GINT64_FORMAT " %s: %d requests back at the head of the queue",
            agent_id, g_str_equal (why, "agent_left") ? "gone past the grace period" : "disabled", requeued);
  _rd_relay_queue_schedule_route (self);
  return;

failed:
  g_warning ("cannot requeue the requests of agent %" G_GINT64_FORMAT ": %s", agent_id, error->message);
  _rd_relay_server_write_failed (self, error);
}

static gboolean
grace_expired_cb (gpointer data)
{
  GraceTimer *timer = data;
  RdRelayServer *self = timer->server;
  gint64 agent_id = timer->agent_id;

  g_hash_table_steal (self->grace_timers, &agent_id);
  _rd_relay_queue_requeue_agent (self, agent_id, "agent_left");
  return G_SOURCE_REMOVE;
}

static void
start_grace_timer (RdRelayServer *self,
                   gint64         agent_id)
{
  GraceTimer *timer;
  guint source;

  if (g_hash_table_contains (self->grace_timers, &agent_id) || !_rd_relay_cluster_is_leader (self))
    return;
  timer = g_new0 (GraceTimer, 1);
  timer->server = self;
  timer->agent_id = agent_id;
  source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->config->agent_grace_s, grace_expired_cb,
                                       timer, g_free);
  g_hash_table_insert (self->grace_timers, g_memdup2 (&agent_id, sizeof agent_id), GUINT_TO_POINTER (source));
}

void
_rd_relay_queue_presence_changed (RdRelayServer *self,
                                  gint64         account_id)
{
  g_autoptr(RdAccount) account = NULL;

  /* On this relay or another. */
  if (g_strcmp0 (_rd_relay_presence_of (self, account_id, NULL, NULL), "offline") != 0)
    {
      g_hash_table_remove (self->grace_timers, &account_id);
      account = rd_store_account_by_id (self->store, account_id, NULL);
      if (account && rd_role_is_staff (account->role))
        _rd_relay_queue_schedule_route (self);   /* an agent came or changed status: offers may go out */
      else if (_rd_relay_server_sessions_of (self, account_id) != NULL &&
               rd_store_requester_waiting (self->store, account_id, NULL) > 0)
        /* a requester came back: where they stand */
        _rd_relay_server_after_commit (self, positions_commit_cb,
                                       g_memdup2 (&account_id, sizeof account_id), g_free);
    }
  /* Gone: nothing can be offered to them; what they hold waits out the grace period. */
  else if (rd_store_agent_load (self->store, account_id, NULL) > 0)
    start_grace_timer (self, account_id);
}

/* Offers in flight back to the queue; agents away with requests get the
 * grace period to return. */
static gboolean
requeue_in_flight (RdRelayServer  *self,
                   GError        **error)
{
  g_autoptr(GArray) holders = NULL;
  g_autoptr(GArray) offers = NULL;
  gint requeued;

  if (!_rd_relay_server_write_begin (self, error) ||
      (offers = rd_store_offers_older_than (self->store, G_MAXINT64, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < offers->len; i++)
    if (!_rd_relay_queue_record (self, g_array_index (offers, RdStoredOffer, i).request_id, "requeued", 0,
                                 g_array_index (offers, RdStoredOffer, i).agent_id, error))
      return FALSE;
  if ((requeued = rd_store_requeue_offers (self->store, error)) < 0 ||
      (holders = rd_store_agents_holding_requests (self->store, error)) == NULL)
    return FALSE;
  if (requeued > 0)
    g_info ("%d offers in flight are back in the queue", requeued);
  _rd_relay_requeue_disabled_holders (self);
  for (guint i = 0; i < holders->len; i++)
    {
      gint64 agent_id = g_array_index (holders, gint64, i);

      if (g_strcmp0 (_rd_relay_presence_of (self, agent_id, NULL, NULL), "offline") == 0)
        start_grace_timer (self, agent_id);
    }
  _rd_relay_queue_schedule_route (self);
  return TRUE;
}

gboolean
_rd_relay_queue_recover (RdRelayServer  *self,
                         GError        **error)
{
  /* Nobody is connected yet: each holder gets the grace period. */
  return requeue_in_flight (self, error) && _rd_relay_server_flush (self, error);
}

void
_rd_relay_queue_take_over (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;

  if (!requeue_in_flight (self, &error))
    {
      g_warning ("cannot take over the support queue: %s", error->message);
      _rd_relay_server_write_failed (self, error);
    }
}

void
_rd_relay_queue_step_down (RdRelayServer *self)
{
  g_hash_table_remove_all (self->offer_timers);
  g_hash_table_remove_all (self->grace_timers);
}

void
_rd_relay_queue_sweep (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) late = NULL;
  g_autoptr(GArray) holders = NULL;
  /* A second's slack for the offers this relay times out itself. */
  gint64 before = now_us () - ((gint64) self->config->offer_timeout_s + 1) * G_USEC_PER_SEC;

  late = rd_store_offers_older_than (self->store, before, &error);
  holders = late ? rd_store_agents_holding_requests (self->store, &error) : NULL;
  if (holders == NULL)
    {
      g_warning ("cannot look at the support queue: %s", error->message);
      return;
    }
  for (guint i = 0; i < late->len; i++)
    {
      RdStoredOffer *offer = &g_array_index (late, RdStoredOffer, i);

      _rd_relay_queue_stop_offer (self, offer->request_id);
      expire_offer (self, offer->request_id, offer->agent_id);
    }
  for (guint i = 0; i < holders->len; i++)
    {
      gint64 agent_id = g_array_index (holders, gint64, i);

      if (g_strcmp0 (_rd_relay_presence_of (self, agent_id, NULL, NULL), "offline") == 0)
        start_grace_timer (self, agent_id);
    }
}

/* ---- handlers ---- */

RdStoredRequest *
_rd_relay_request_for (RdRelaySession *self,
                       const char     *id,
                       JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  RdStoredRequest *request = rd_store_request_get (self->server->store, rd_frame_get_int (frame, "request", 0),
                                                    &error);

  if (request == NULL)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such request");
      else
        _rd_relay_session_store_error (self, id, error);
    }
  return request;
}

/* The facts the requester agreed to send, as they came (checked by the
 * frame's decoding). */
static gboolean
keep_facts (RdRelayServer  *server,
            gint64          request_id,
            JsonObject     *frame,
            GError        **error)
{
  g_autofree char *text = NULL;

  if (!json_object_has_member (frame, "facts"))
    return TRUE;
  text = json_to_string (json_object_get_member (frame, "facts"), FALSE);
  return rd_store_request_set_facts (server->store, request_id, text, error);
}

void
_rd_relay_handle_request_create (RdRelaySession *self,
                                 const char     *id,
                                 JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredTopic) topic = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gint64 request_id;
  gint64 closed_until = 0;
  guint position;

  topic = rd_store_topic_lookup (server->store, rd_frame_get_string (frame, "topic", ""), &error);
  if (topic == NULL)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such topic");
      else
        _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  request_id = rd_store_request_create (server->store, self->account->id, topic->id,
                                        rd_frame_get_string (frame, "summary", ""),
                                        rd_frame_get_string (frame, "details", ""),
                                        (gint) rd_frame_get_int (frame, "priority", 0), now_us (), &error);
  if (request_id == 0 ||
      !keep_facts (server, request_id, frame, &error) ||
      !_rd_relay_queue_record (server, request_id, "created", self->account->id, 0, &error) ||
      (closed_until = _rd_relay_topic_closed_until (server, topic->id, &error)) < 0 ||
      !_rd_relay_queue_announce (server, request_id,
                                 closed_until > 0 ? "desk_closed"
                                 : _rd_relay_topic_is_served (server, topic) ? NULL : "no_agent_online", 0, &error) ||
      (position = rd_store_request_position (server->store, request_id, &error)) == 0)
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_REQUEST_CREATED, id);
  json_object_set_int_member (reply, "request", request_id);
  json_object_set_int_member (reply, "position", position);
  if (closed_until > 0)
    json_object_set_int_member (reply, "opens_at", closed_until / 1000);
  _rd_relay_session_reply_after_commit (self, id, reply);
  _rd_relay_queue_schedule_route (server);
}

typedef enum { CANCEL, ACCEPT, DECLINE, RESOLVE } Change;

static const char * const change_words[] = { "cancelled", "accepted", "declined", "resolved" };

/* For /metrics: how long the offer waited for its answer, and, once
 * accepted, the requester for an agent. */
static void
count_answer (RdRelayServer   *server,
              RdStoredRequest *request,
              Change           change)
{
  gint64 now = now_us ();

  if (change != ACCEPT && change != DECLINE)
    return;
  if (request->offered_at > 0)
    rd_histogram_observe (&server->metrics.offer_seconds, (now - request->offered_at) / 1e6);
  if (change == DECLINE)
    {
      server->metrics.offers_declined++;
      return;
    }
  server->metrics.offers_accepted++;
  rd_histogram_observe (&server->metrics.wait_seconds, (now - request->queued_at) / 1e6);
}

static void
change_request (RdRelaySession *self,
                const char     *id,
                JsonObject     *frame,
                Change          change)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = _rd_relay_request_for (self, id, frame);
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  gint64 me = self->account->id;
  gboolean done;
  gint64 tell = 0;

  if (request == NULL)
    return;
  /* Only the requester cancels; only the agent it is offered to or held by
   * acts on it; a supervisor resolves or cancels any open request. */
  if ((change == CANCEL && request->requester_id != me) ||
      (change != CANCEL && request->agent_id != me))
    {
      if ((change == CANCEL || change == RESOLVE) && rd_role_is_supervisor (self->account->role))
        _rd_relay_close_request (self, id, request, change == RESOLVE ? RD_REQUEST_RESOLVED : RD_REQUEST_CANCELLED);
      else
        rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "this request is not yours to change");
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  switch (change)
    {
    case CANCEL:
      tell = request->agent_id;
      done = rd_store_request_finish (server->store, request->id, RD_REQUEST_CANCELLED, now_us (), &error);
      break;
    case ACCEPT:
      done = rd_store_request_accept (server->store, request->id, me, now_us (), &error);
      break;
    case DECLINE:
      tell = me;
      done = rd_store_request_decline (server->store, request->id, me, &error);
      break;
    case RESOLVE:
    default:
      done = rd_store_request_finish (server->store, request->id, RD_REQUEST_RESOLVED, now_us (), &error);
      break;
    }
  if (!done && g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "the request is no longer in that state");
      return;
    }
  if (!done || !_rd_relay_queue_record (server, request->id, change_words[change], me, 0, &error) ||
      !_rd_relay_queue_announce (server, request->id, NULL, tell, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  if (change != RESOLVE)
    _rd_relay_queue_stop_offer (server, request->id);
  count_answer (server, request, change);
  _rd_relay_session_reply_after_commit (self, id, ok);
  _rd_relay_queue_schedule_route (server);
}

void
_rd_relay_handle_request_cancel (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_request (s, id, frame, CANCEL);
}

void
_rd_relay_handle_offer_accept (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_request (s, id, frame, ACCEPT);
}

void
_rd_relay_handle_offer_decline (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_request (s, id, frame, DECLINE);
}

void
_rd_relay_handle_request_resolve (RdRelaySession *s, const char *id, JsonObject *frame)
{
  change_request (s, id, frame, RESOLVE);
}

void
_rd_relay_handle_request_take (RdRelaySession *self,
                               const char     *id,
                               JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  g_autoptr(RdStoredRequest) taken = NULL;
  gint64 request_id = rd_frame_get_int (frame, "request", 0);

  if (!_rd_relay_session_is_staff (self, id))
    return;
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_take (server->store, request_id, self->account->id, now_us (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "the request is not waiting (any more)");
      return;
    }
  if (!_rd_relay_queue_record (server, request_id, "taken", self->account->id, 0, &error) ||
      !_rd_relay_queue_announce (server, request_id, NULL, 0, &error) ||
      (taken = rd_store_request_get (server->store, request_id, &error)) == NULL)
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  /* For /metrics: taken by hand is a first response too. */
  rd_histogram_observe (&server->metrics.wait_seconds, (now_us () - taken->queued_at) / 1e6);
  _rd_relay_session_reply_after_commit (self, id, ok);
  _rd_relay_queue_schedule_route (server);
}

void
_rd_relay_handle_request_rate (RdRelaySession *self,
                               const char     *id,
                               JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);
  g_autoptr(RdStoredRequest) request = _rd_relay_request_for (self, id, frame);
  RdRequestStep step = { 0 };

  if (request == NULL)
    return;
  /* Someone else's request is not a state problem but not theirs. */
  if (request->requester_id != self->account->id)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "only its requester rates a request");
      return;
    }
  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (!rd_store_request_rate (server->store, rd_frame_get_int (frame, "request", 0), self->account->id,
                              (gint) rd_frame_get_int (frame, "rating", 0), rd_frame_get_string (frame, "comment", ""),
                              now_us (), &error))
    {
      _rd_relay_session_change_error (self, id, error, "only your own resolved requests can be rated, once");
      return;
    }
  step.what = (char *) "rated";
  step.actor_id = self->account->id;
  step.rating = (gint) rd_frame_get_int (frame, "rating", 0);
  step.text = (char *) rd_frame_get_string (frame, "comment", "");
  if (!_rd_relay_queue_record_step (server, request->id, &step, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}

void
_rd_relay_handle_queue_list (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GHashTable) topics = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *array;
  gint64 now = now_us ();

  if (!_rd_relay_session_is_staff (self, id))
    return;
  self->watches_queue = TRUE;
  waiting = rd_store_queue_list (server->store, &error);
  topics = waiting ? _rd_relay_topic_states (server, now, &error) : NULL;
  if (topics == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    {
      RdStoredRequest *request = g_ptr_array_index (waiting, i);
      JsonObject *item = _rd_relay_queue_request_json (server, request, NULL);

      RdTopicState *topic = g_hash_table_lookup (topics, &request->topic_id);

      json_object_set_int_member (item, "position", i + 1);
      json_object_set_int_member (item, "waiting_s", MAX (0, now - request->queued_at) / G_USEC_PER_SEC);
      /* Seconds left to its topic's first-response target; below 0 once missed. */
      if (topic != NULL && topic->first_response_s > 0)
        json_object_set_int_member (item, "respond_in_s",
                                    (request->queued_at + topic->first_response_s * G_USEC_PER_SEC - now) / G_USEC_PER_SEC);
      json_array_add_object_element (array, item);
    }
  reply = rd_frame_new (RD_FRAME_QUEUE, id);
  json_object_set_array_member (reply, "requests", array);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* ---- life ---- */

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

void
_rd_relay_queue_init (RdRelayServer *self)
{
  self->offer_timers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, remove_source);
  self->grace_timers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, remove_source);
  self->agent_free_since = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

void
_rd_relay_queue_clear (RdRelayServer *self)
{
  g_clear_handle_id (&self->route_source, g_source_remove);
  g_clear_handle_id (&self->opening_source, g_source_remove);
  g_clear_handle_id (&self->wrap_up_source, g_source_remove);
  g_clear_pointer (&self->offer_timers, g_hash_table_unref);
  g_clear_pointer (&self->grace_timers, g_hash_table_unref);
  g_clear_pointer (&self->agent_free_since, g_hash_table_unref);
}
