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
/* Agents in wrap-up at @now_us (they resolved a request of a topic with a
 * wrap-up time less than that long ago): agent id, until (µs) pairs. */
GArray    *rd_store_wrap_ups         (RdStore *store, gint64 now_us, GError **error);

G_END_DECLS
