/* rd-support-types.c: each enum's names in one table, looked up both ways. */
#define G_LOG_DOMAIN "rd-support-types"

#include "config.h"

#include "rd-support-types.h"

static const char * const role_names[] = {
  [RD_ROLE_REQUESTER] = "requester",
  [RD_ROLE_AGENT] = "agent",
  [RD_ROLE_SUPERVISOR] = "supervisor",
  [RD_ROLE_ADMIN] = "admin",
};

static const char * const state_names[] = {
  [RD_REQUEST_QUEUED] = "queued",
  [RD_REQUEST_OFFERED] = "offered",
  [RD_REQUEST_ACTIVE] = "active",
  [RD_REQUEST_RESOLVED] = "resolved",
  [RD_REQUEST_CANCELLED] = "cancelled",
};

static const char * const strategy_names[] = {
  [RD_ROUTE_LEAST_BUSY] = "least-busy",
  [RD_ROUTE_LONGEST_IDLE] = "longest-idle",
  [RD_ROUTE_SKILLS] = "skills",
  [RD_ROUTE_MANUAL] = "manual",
};

static const char * const priority_names[] = {
  [RD_PRIORITY_NORMAL] = "normal",
  [RD_PRIORITY_HIGH] = "high",
  [RD_PRIORITY_URGENT] = "urgent",
};

static gboolean
lookup (const char * const *names,
        guint               n_names,
        const char         *text,
        guint              *out_index)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        {
          *out_index = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rd_role_to_string (RdRole role)
{
  g_return_val_if_fail (role <= RD_ROLE_ADMIN, "requester");
  return role_names[role];
}

gboolean
rd_role_from_string (const char *text,
                     RdRole     *out_role)
{
  guint i;

  if (!lookup (role_names, G_N_ELEMENTS (role_names), text, &i))
    return FALSE;
  *out_role = (RdRole) i;
  return TRUE;
}

gboolean
rd_role_is_staff (RdRole role)
{
  return role != RD_ROLE_REQUESTER;
}

gboolean
rd_role_is_supervisor (RdRole role)
{
  return role == RD_ROLE_SUPERVISOR || role == RD_ROLE_ADMIN;
}

const char *
rd_request_state_to_string (RdRequestState state)
{
  g_return_val_if_fail (state <= RD_REQUEST_CANCELLED, "queued");
  return state_names[state];
}

gboolean
rd_request_state_from_string (const char     *text,
                              RdRequestState *out_state)
{
  guint i;

  if (!lookup (state_names, G_N_ELEMENTS (state_names), text, &i))
    return FALSE;
  *out_state = (RdRequestState) i;
  return TRUE;
}

gboolean
rd_request_state_is_waiting (RdRequestState state)
{
  return state == RD_REQUEST_QUEUED || state == RD_REQUEST_OFFERED;
}

gboolean
rd_request_state_is_closed (RdRequestState state)
{
  return state == RD_REQUEST_RESOLVED || state == RD_REQUEST_CANCELLED;
}

const char *
rd_route_strategy_to_string (RdRouteStrategy strategy)
{
  g_return_val_if_fail (strategy <= RD_ROUTE_MANUAL, NULL);
  return strategy_names[strategy];
}

gboolean
rd_route_strategy_from_string (const char      *text,
                               RdRouteStrategy *out_strategy)
{
  guint i;

  if (!lookup (strategy_names, G_N_ELEMENTS (strategy_names), text, &i))
    return FALSE;
  *out_strategy = (RdRouteStrategy) i;
  return TRUE;
}

const char *
rd_priority_to_string (RdPriority priority)
{
  g_return_val_if_fail (priority <= RD_PRIORITY_URGENT, "normal");
  return priority_names[priority];
}

gboolean
rd_priority_from_string (const char *text,
                         RdPriority *out_priority)
{
  guint i;

  if (!lookup (priority_names, G_N_ELEMENTS (priority_names), text, &i))
    return FALSE;
  *out_priority = (RdPriority) i;
  return TRUE;
}
