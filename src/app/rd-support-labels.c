/* rd-support-labels.c: the translated names of support values. */
#define G_LOG_DOMAIN "rd-support-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-support-labels.h"

const char *
rd_priority_label (RdPriority priority)
{
  switch (priority)
    {
    case RD_PRIORITY_URGENT: return _("Urgent");
    case RD_PRIORITY_HIGH: return _("High");
    case RD_PRIORITY_NORMAL:
    default: return _("Normal");
    }
}

const char *
rd_route_strategy_label (RdRouteStrategy strategy)
{
  switch (strategy)
    {
    case RD_ROUTE_LONGEST_IDLE: return _("Longest idle (round robin)");
    case RD_ROUTE_SKILLS: return _("Skills");
    case RD_ROUTE_MANUAL: return _("Manual only");
    case RD_ROUTE_LEAST_BUSY:
    default: return _("Least busy");
    }
}

gint64
rd_minutes_since (gint64 real_time_us)
{
  if (real_time_us <= 0)
    return 0;
  return MAX (0, g_get_real_time () - real_time_us) / (60 * G_USEC_PER_SEC);
}
