/* rd-router.h: who gets the next support request. Pure decisions on plain
 * data with the clock passed in, so every strategy is tested on a
 * deterministic clock; the server applies each decision in one store
 * transaction. */
#pragma once

#include <glib.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  gboolean  available;    /* status available and connected */
  guint     capacity;     /* most requests at once (offered + active) */
  guint     load;         /* requests offered to or active with them now */
  gint64    free_since;   /* µs: when they last got an offer or went free (round robin) */
  GArray   *skills;       /* gint64 topic ids they serve; NULL or empty: none */
} RdRouteAgent;

typedef struct {
  gint64           id;
  gint64           topic_id;
  RdRouteStrategy  strategy;   /* the topic's */
  gint             priority;   /* higher first */
  gboolean         at_head;    /* requeued after an agent dropped: before its peers */
  gint64           queued_at;  /* when it (first) entered the queue */
  GArray          *declined;   /* gint64 agent ids who declined or let it time out */
} RdRouteRequest;

typedef struct {
  gint64 request_id;
  gint64 agent_id;
} RdRouteOffer;

/* With empty skill / decline arrays. */
RdRouteAgent   *rd_route_agent_new    (gint64 id);
void            rd_route_agent_free   (RdRouteAgent *agent);
RdRouteRequest *rd_route_request_new  (void);
void            rd_route_request_free (RdRouteRequest *request);

/* Queue order, the one definition: priority (high first), then requeued
 * after its agent left, then oldest, then by id. The store sorts waiting
 * requests (table alias r) by RD_QUEUE_ORDER_SQL and the router by
 * rd_route_compare_requests; test-store-queue checks they agree. */
#define RD_QUEUE_ORDER_SQL "r.priority DESC, r.at_head DESC, r.queued_at, r.id"
/* The same order as a key that falls along the queue: request q comes no
 * later than r when RD_QUEUE_KEY_SQL ("q") >= RD_QUEUE_KEY_SQL ("r"). */
#define RD_QUEUE_KEY_SQL(t) "(" t ".priority, " t ".at_head, -" t ".queued_at, -" t ".id)"
gint    rd_route_compare_requests (const RdRouteRequest *a, const RdRouteRequest *b);
/* Whether @agent may be offered @request now. */
gboolean rd_route_agent_eligible  (const RdRouteAgent *agent, const RdRouteRequest *request);
/* The agent @request should go to, or NULL (none eligible, or manual). */
RdRouteAgent *rd_route_pick_agent (const RdRouteRequest *request, GPtrArray *agents);
/* One routing round at @now (µs): walks @requests (RdRouteRequest) in queue order and
 * offers each to an agent, counting every offer against the agent's load
 * (so one round never exceeds a capacity). Returns an array of RdRouteOffer;
 * the caller applies them. @agents' loads are updated. */
GArray  *rd_route_round           (GPtrArray *requests, GPtrArray *agents, gint64 now);
/* Position (1-based) of @request_id among @requests in queue order, 0 if absent. */
guint    rd_route_position        (GPtrArray *requests, gint64 request_id);

/* Who can serve a topic of @strategy (@topic_id): agents available, taking
 * requests at all (capacity above 0) and, for topics routed by skills,
 * serving it; for manual topics every such agent (they take by hand).
 * Returns how many; @slots gets their capacities summed, @free_slots what
 * of it is free now. */
guint    rd_route_serving_agents  (GPtrArray *agents, gint64 topic_id, RdRouteStrategy strategy,
                                   guint *slots, guint *free_slots);
/* The wait to tell a requester with @ahead requests of the same topic
 * before theirs: none while a free slot is left for it but the topic's
 * usual pick-up time (@pickup_s, queued to accepted); otherwise one
 * handling time (@handle_s) for each time all @slots must turn over first.
 * 0 when nobody serves the topic (@slots 0). */
guint    rd_route_estimate_wait_s (guint ahead, guint slots, guint free_slots, guint handle_s, guint pickup_s);

G_END_DECLS
