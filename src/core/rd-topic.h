/* rd-topic.h: a support topic: how its requests are routed, its opening
 * hours, first-response target and limits for quiet requesters, and whether it is open now (as the
 * relay last said; properties notify when that changes). */
#pragma once

#include <glib-object.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

#define RD_TYPE_TOPIC (rd_topic_get_type ())
G_DECLARE_FINAL_TYPE (RdTopic, rd_topic, RD, TOPIC, GObject)

RdTopic         *rd_topic_new          (const char *name, RdRouteStrategy strategy);
const char      *rd_topic_get_name     (RdTopic *self);
RdRouteStrategy  rd_topic_get_strategy (RdTopic *self);
/* Seconds a waiting request may wait for an agent; 0: no target. */
guint            rd_topic_get_first_response_s (RdTopic *self);
/* Opening hours as set ("mon-fri 09:00-17:00"), "" for always open; their
 * time zone; closed days ("2026-12-25,..."). */
const char      *rd_topic_get_hours       (RdTopic *self);
const char      *rd_topic_get_time_zone   (RdTopic *self);
const char      *rd_topic_get_closed_days (RdTopic *self);
gboolean         rd_topic_is_open         (RdTopic *self);
/* Seconds after resolving one of its requests an agent gets no new offer. */
guint            rd_topic_get_wrap_up_s   (RdTopic *self);
/* A quiet requester: seconds without a word to the agent before the
 * reminder, and after it before the request is closed (0: never). */
guint            rd_topic_get_idle_warn_s  (RdTopic *self);
guint            rd_topic_get_idle_close_s (RdTopic *self);
/* When closed: when it opens next (wall-clock µs), 0 if not known. */
gint64           rd_topic_get_opens_at    (RdTopic *self);

G_END_DECLS
