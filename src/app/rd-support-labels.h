/* rd-support-labels.h: how the app names the support desk's values (no
 * widgets): one place for each translated name. */
#pragma once

#include "rd-support-step.h"
#include "rd-support-types.h"

G_BEGIN_DECLS

/* "Normal", "High", "Urgent". */
const char *rd_priority_label       (RdPriority priority);
/* "Least busy", "Longest idle (round robin)", "Skills", "Manual only". */
const char *rd_route_strategy_label (RdRouteStrategy strategy);
/* Minutes, rounded down, for "waiting 3 min". */
gint64      rd_minutes_since        (gint64 real_time_us);
/* One step of a request's history in words: "Sam took it over from Alice". */
char       *rd_support_step_describe (const RdSupportStep *step);

G_END_DECLS
