/* rd-store-queue.h: the support queue's durable state. Every change of a
 * request's state is one conditional UPDATE, so a request is never given to
 * two agents and never lost, whatever happens around it. */
#pragma once

#include "rd-router.h"
#include "rd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64           id;
  char            *name;
  RdRouteStrategy  strategy;
} RdStoredTopic;

void rd_stored_topic_free (RdStoredTopic *topic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStoredTopic, rd_stored_topic_free)

typedef struct {
  gint64          id;
  gint64          requester_id;
  gint64          topic_id;
  char           *summary;
  char           *details;
  gint            priority;
  RdRequestState  state;
  gint64          agent_id;     /* 0 unless offered or active */
  gboolean        at_head;
  gint64          queued_at;    /* µs */
  gint64          offered_at;
  gint64          accepted_at;  /* 0 until someone took it */
  gint64          finished_at;  /* 0 while open */
} RdStoredRequest;

void rd_stored_request_free (RdStoredRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStoredRequest, rd_stored_request_free)

/* Topics */
gint64      rd_store_topic_add       (RdStore *store, const char *name, RdRouteStrategy strategy, GError **error);
GPtrArray  *rd_store_topic_list      (RdStore *store, GError **error);   /* RdStoredTopic, by name */
RdStoredTopic    *rd_store_topic_lookup    (RdStore *store, const char *name, GError **error);
RdStoredTopic    *rd_store_topic_by_id     (RdStore *store, gint64 topic_id, GError **error);

/* Agents: capacity (set by a supervisor) and the topics they serve. */
gboolean    rd_store_agent_set_capacity (RdStore *store, gint64 account_id, guint capacity, GError **error);
guint       rd_store_agent_get_capacity (RdStore *store, gint64 account_id, GError **error);
gboolean    rd_store_agent_set_skill    (RdStore *store, gint64 account_id, gint64 topic_id, gboolean serves,
                                         GError **error);
GArray     *rd_store_agent_skills       (RdStore *store, gint64 account_id, GError **error);  /* gint64 */

/* Requests. Each state change fails with RD_STORE_ERROR_CONFLICT when the
 * request is not in the state the change starts from. */
gint64      rd_store_request_create  (RdStore *store, gint64 requester_id, gint64 topic_id, const char *summary,
                                      const char *details, gint priority, gint64 now_us, GError **error);
RdStoredRequest *rd_store_request_get (RdStore *store, gint64 request_id, GError **error);
/* @requester_id's requests, newest first, at most @limit (RdStoredRequest). */
GPtrArray  *rd_store_requests_of     (RdStore *store, gint64 requester_id, guint limit, GError **error);
/* The facts sent with a request (checked JSON text), kept or read back;
 * "" when it came with none. */
gboolean    rd_store_request_set_facts (RdStore *store, gint64 request_id, const char *facts, GError **error);
char       *rd_store_request_facts   (RdStore *store, gint64 request_id, GError **error);
/* A resolved request's rating (1-5), 0 when none. */
gint        rd_store_request_rating  (RdStore *store, gint64 request_id, GError **error);
/* The offered and active requests (RdStoredRequest), oldest first. */
GPtrArray  *rd_store_held_requests   (RdStore *store, GError **error);
gboolean    rd_store_request_offer   (RdStore *store, gint64 request_id, gint64 agent_id, gint64 now_us,
                                      GError **error);
gboolean    rd_store_request_accept  (RdStore *store, gint64 request_id, gint64 agent_id, gint64 now_us,
                                      GError **error);
/* A decline or an offer timeout: back to the queue, never offered to @agent_id again. */
gboolean    rd_store_request_decline (RdStore *store, gint64 request_id, gint64 agent_id, GError **error);
gboolean    rd_store_request_finish  (RdStore *store, gint64 request_id, RdRequestState final_state,
                                      gint64 now_us, GError **error);
/* An agent gone past the grace period: their offered and active requests go
 * back to the head of the queue. Returns how many. */
gint        rd_store_requeue_agent   (RdStore *store, gint64 agent_id, GError **error);
/* The waiting requests the router may offer (RdRouteRequest, declines filled
 * in); manual-only topics are left out. */
GPtrArray  *rd_store_queue_for_routing (RdStore *store, GError **error);
/* Manual pick-up by an agent: queued to active. */
gboolean    rd_store_request_take    (RdStore *store, gint64 request_id, gint64 agent_id, gint64 now_us,
                                      GError **error);
/* 1 to 5 and a comment, once, by its requester, once resolved. */
gboolean    rd_store_request_rate    (RdStore *store, gint64 request_id, gint64 requester_id, gint rating,
                                      const char *comment, gint64 now_us, GError **error);
guint       rd_store_queue_waiting_count (RdStore *store, GError **error);
/* How many of @requester_id's requests wait in the queue. */
guint       rd_store_requester_waiting (RdStore *store, gint64 requester_id, GError **error);
/* Every waiting request (RdStoredRequest), in queue order. */
GPtrArray  *rd_store_queue_list      (RdStore *store, GError **error);
/* Every waiting request's place, in queue order, as three numbers each:
 * id, requester, topic (what a requester's position needs, no more). */
typedef struct {
  gint64 id;
  gint64 requester_id;
  gint64 topic_id;
} RdQueuePlace;
GArray     *rd_store_queue_places    (RdStore *store, GError **error);   /* RdQueuePlace */
/* Place of a waiting request in queue order (1 first), 0 if not waiting. */
guint       rd_store_request_position (RdStore *store, gint64 request_id, GError **error);
/* Requests offered to or active with @agent_id: how many, which. */
guint       rd_store_agent_load      (RdStore *store, gint64 agent_id, GError **error);
GArray     *rd_store_agent_requests  (RdStore *store, gint64 agent_id, GError **error);   /* gint64 */
/* Offers made before @offered_before_us still unanswered (RdStoredOffer). */
typedef struct {
  gint64 request_id;
  gint64 agent_id;
} RdStoredOffer;
GArray     *rd_store_offers_older_than (RdStore *store, gint64 offered_before_us, GError **error);
/* After a restart: every offered request back to the head of the queue (returns how many). */
gint        rd_store_requeue_offers  (RdStore *store, GError **error);
/* Agents holding active requests (gint64 account ids). */
GArray     *rd_store_agents_holding_requests (RdStore *store, GError **error);

/* Canned replies, kept on the relay: title -> body. The list is title, body, title, body, ... */
gboolean    rd_store_canned_set      (RdStore *store, const char *title, const char *body, GError **error);
gboolean    rd_store_canned_delete   (RdStore *store, const char *title, GError **error);
GPtrArray  *rd_store_canned_list     (RdStore *store, GError **error);

/* The supervisor's view of the queue since @since_us (e.g. today's midnight). */
typedef struct {
  guint   waiting;
  gint64  longest_wait_us;
  gint64  average_wait_us;     /* queued to accepted */
  gint64  average_handle_us;   /* accepted to resolved */
  guint   resolved;
  double  average_rating;      /* 0 when none */
} RdQueueStats;

gboolean    rd_store_queue_stats     (RdStore *store, gint64 since_us, gint64 now_us, RdQueueStats *stats,
                                      GError **error);
/* Each topic's recent times since @since_us: queued to accepted, accepted
 * to resolved (0 when none), for topics with any. */
typedef struct {
  gint64 topic_id;
  gint64 average_wait_us;
  gint64 average_handle_us;
} RdTopicTimes;
GArray     *rd_store_topic_times     (RdStore *store, gint64 since_us, GError **error);   /* RdTopicTimes */
/* Open requests (queued, offered, active), counted by topic and state. */
typedef struct {
  char           *topic;
  RdRequestState  state;
  guint           count;
} RdRequestCount;
GArray     *rd_store_request_counts  (RdStore *store, GError **error);   /* RdRequestCount, by topic */
/* Internal notes: for staff only, never sent to the requester. */
gint64      rd_store_request_add_note (RdStore *store, gint64 request_id, gint64 author_id, const char *text,
                                       gint64 now_us, GError **error);
/* From its active agent to another agent (offered to them) and/or another
 * topic (0 keeps it); without an agent it goes back to the head of the queue. */
gboolean    rd_store_request_transfer (RdStore *store, gint64 request_id, gint64 from_agent_id,
                                       gint64 to_agent_id, gint64 to_topic_id, gint64 now_us, GError **error);
/* A supervisor, whoever holds it, from any open state (queued, offered,
 * active): take it over (active, held by @supervisor_id); reassign it to
 * an agent (offered to them) and/or a topic (0 keeps it; without an agent,
 * back to the head of the queue); close it as resolved or cancelled. */
gboolean    rd_store_request_take_over (RdStore *store, gint64 request_id, gint64 supervisor_id, gint64 now_us,
                                        GError **error);
gboolean    rd_store_request_reassign  (RdStore *store, gint64 request_id, gint64 to_agent_id, gint64 to_topic_id,
                                        gint64 now_us, GError **error);
gboolean    rd_store_request_close     (RdStore *store, gint64 request_id, RdRequestState final_state, gint64 now_us,
                                        GError **error);

G_END_DECLS
