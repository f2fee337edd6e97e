/* rd-store-topic-policy.h: what a supervisor sets per topic beyond its
 * routing — opening hours (a time zone, weekly hours, closed days) and a
 * first-response target — and the requests that missed that target. */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  topic_id;
  guint   first_response_s;   /* 0: no target */
  char   *time_zone;          /* "" with no hours: always open */
  char   *hours;              /* rd-opening-hours.h's text, "" for none */
  char   *closed_days;        /* "YYYY-MM-DD,..." in the topic's time zone */
  guint   wrap_up_s;          /* after resolving one, its agent gets no offer this long */
  guint   idle_warn_s;        /* an active request whose requester is quiet this long is warned */
  guint   idle_close_s;       /* and resolved this long after the warning (0: never) */
} RdTopicPolicy;

void rd_topic_policy_free (RdTopicPolicy *policy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTopicPolicy, rd_topic_policy_free)

/* Every topic's policy (topics without one left out), by topic id. */
GPtrArray *rd_store_topic_policies   (RdStore *store, GError **error);
gboolean   rd_store_topic_policy_set (RdStore *store, const RdTopicPolicy *policy, GError **error);

/* Waiting (queued or offered) requests past their topic's first-response
 * target at @now_us and not yet recorded as breaches: request ids. */
GArray    *rd_store_breaches_due     (RdStore *store, gint64 now_us, GError **error);
gboolean   rd_store_breach_add       (RdStore *store, gint64 request_id, gint64 at_us, GError **error);
guint      rd_store_breaches_since   (RdStore *store, gint64 since_us, GError **error);
/* An active request of a topic with an idle limit, and how quiet it is. */
typedef struct {
  gint64 request_id;
  gint64 agent_id;
  gint64 requester_id;
  guint  idle_warn_s;
  guint  idle_close_s;
  gint64 quiet_since_us;   /* the requester's last message to its agent, or its acceptance */
  gint64 warned_at_us;     /* the last idle warning, 0 if none */
} RdQuietRequest;
GPtrArray *rd_store_quiet_requests   (RdStore *store, GError **error);   /* RdQuietRequest */
/* The requester's latest request if it was closed for silence by
 * @agent_id's side after @since_us and nothing of theirs is open now: its
 * id; 0 if none; -1 with @error. */
gint64     rd_store_idle_closed_to_reopen (RdStore *store, gint64 requester_id, gint64 agent_id, gint64 since_us,
                                           GError **error);

/* Agents in wrap-up at @now_us (they resolved a request of a topic with a
 * wrap-up time less than that long ago), each once (RdStoredWrapUp). */
typedef struct {
  gint64 agent_id;
  gint64 until_us;
} RdStoredWrapUp;
GArray    *rd_store_wrap_ups         (RdStore *store, gint64 now_us, GError **error);

G_END_DECLS
