/* rd-support-labels.h: how the app names the support desk's values (no
 * widgets): one place for each translated name. */
#pragma once

#include "rd-support-request.h"
#include "rd-support-step.h"
#include "rd-topic.h"
#include "rd-support-types.h"

G_BEGIN_DECLS

/* "Normal", "High", "Urgent". */
const char *rd_priority_label       (RdPriority priority);
/* "Least busy", "Longest idle (round robin)", "Skills", "Manual only". */
const char *rd_route_strategy_label (RdRouteStrategy strategy);
/* Minutes, rounded down, for "waiting 3 min". */
gint64      rd_minutes_since        (gint64 real_time_us);
/* A waiting request against its first-response target: none, in time,
 * close to it (the last fifth), missed. @respond_by 0: no target. */
typedef enum { RD_TARGET_NONE, RD_TARGET_IN_TIME, RD_TARGET_CLOSE, RD_TARGET_MISSED } RdTargetState;
RdTargetState rd_target_state     (gint64 queued_at_us, gint64 respond_by_us);
/* "respond within 4 min", "target missed 2 min ago"; NULL without one. */
char       *rd_target_text          (gint64 queued_at_us, gint64 respond_by_us);
/* For a closed topic, when it opens and that a request will wait; NULL
 * while it is open. */
char       *rd_topic_opening_text   (RdTopic *topic);
/* "at 09:00" today, "tomorrow at 09:00", "on Monday at 09:00", or with a
 * date further ahead; local time. */
char       *rd_when_text            (gint64 real_time_us);
/* "Hardware · resolved by Sam Supervisor · rated 4 of 5 · 1 Dec 2026". */
char       *rd_support_request_outcome_text (RdSupportRequest *request);
/* One step of a request's history in words: "Sam took it over from Alice". */
char       *rd_support_step_describe (const RdSupportStep *step);

G_END_DECLS
