/* rd-topic.h: a support topic and how its requests are routed. */
#pragma once

#include <glib-object.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

#define RD_TYPE_TOPIC (rd_topic_get_type ())
G_DECLARE_FINAL_TYPE (RdTopic, rd_topic, RD, TOPIC, GObject)

RdTopic         *rd_topic_new          (const char *name, RdRouteStrategy strategy);
const char      *rd_topic_get_name     (RdTopic *self);
RdRouteStrategy  rd_topic_get_strategy (RdTopic *self);

G_END_DECLS
