/* rd-support-types.c: each enum's names are its GEnum value nicks, so the
 * wire, the store, properties and the tests share one table per enum. */
#define G_LOG_DOMAIN "rd-support-types"

#include "config.h"

#include "rd-support-types.h"

G_DEFINE_ENUM_TYPE (RdRole, rd_role,
  G_DEFINE_ENUM_VALUE (RD_ROLE_REQUESTER, "requester"),
  G_DEFINE_ENUM_VALUE (RD_ROLE_AGENT, "agent"),
  G_DEFINE_ENUM_VALUE (RD_ROLE_SUPERVISOR, "supervisor"),
  G_DEFINE_ENUM_VALUE (RD_ROLE_ADMIN, "admin"))

G_DEFINE_ENUM_TYPE (RdRequestState, rd_request_state,
  G_DEFINE_ENUM_VALUE (RD_REQUEST_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (RD_REQUEST_OFFERED, "offered"),
  G_DEFINE_ENUM_VALUE (RD_REQUEST_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (RD_REQUEST_RESOLVED, "resolved"),
  G_DEFINE_ENUM_VALUE (RD_REQUEST_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (RdRouteStrategy, rd_route_strategy,
  G_DEFINE_ENUM_VALUE (RD_ROUTE_LEAST_BUSY, "least-busy"),
  G_DEFINE_ENUM_VALUE (RD_ROUTE_LONGEST_IDLE, "longest-idle"),
  G_DEFINE_ENUM_VALUE (RD_ROUTE_SKILLS, "skills"),
  G_DEFINE_ENUM_VALUE (RD_ROUTE_MANUAL, "manual"))

G_DEFINE_ENUM_TYPE (RdPriority, rd_priority,
  G_DEFINE_ENUM_VALUE (RD_PRIORITY_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (RD_PRIORITY_HIGH, "high"),
  G_DEFINE_ENUM_VALUE (RD_PRIORITY_URGENT, "urgent"))

/* A class, once made, is kept for the life of the process (one reference,
 * never dropped): these are asked often, from any thread. */
static GEnumClass *
enum_class (GType type)
{
  gpointer klass = g_type_class_peek (type);

  return klass ? klass : g_type_class_ref (type);
}

static const char *
nick_of (GType       type,
         int         value,
         const char *fallback)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  g_return_val_if_fail (found != NULL, fallback);
  return found->value_nick;
}

static gboolean
value_of (GType       type,
          const char *nick,
          int        *out_value)
{
  GEnumValue *found = nick ? g_enum_get_value_by_nick (enum_class (type), nick) : NULL;

  if (found == NULL)
    return FALSE;
  *out_value = found->value;
  return TRUE;
}

const char *
rd_role_to_string (RdRole role)
{
  return nick_of (RD_TYPE_ROLE, role, "requester");
}

gboolean
rd_role_from_string (const char *text,
                     RdRole     *out_role)
{
  int value;

  if (!value_of (RD_TYPE_ROLE, text, &value))
    return FALSE;
  *out_role = value;
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
  return nick_of (RD_TYPE_REQUEST_STATE, state, "queued");
}

gboolean
rd_request_state_from_string (const char     *text,
                              RdRequestState *out_state)
{
  int value;

  if (!value_of (RD_TYPE_REQUEST_STATE, text, &value))
    return FALSE;
  *out_state = value;
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
  return nick_of (RD_TYPE_ROUTE_STRATEGY, strategy, NULL);
}

gboolean
rd_route_strategy_from_string (const char      *text,
                               RdRouteStrategy *out_strategy)
{
  int value;

  if (!value_of (RD_TYPE_ROUTE_STRATEGY, text, &value))
    return FALSE;
  *out_strategy = value;
  return TRUE;
}

const char *
rd_priority_to_string (RdPriority priority)
{
  return nick_of (RD_TYPE_PRIORITY, priority, "normal");
}

gboolean
rd_priority_from_string (const char *text,
                         RdPriority *out_priority)
{
  int value;

  if (!value_of (RD_TYPE_PRIORITY, text, &value))
    return FALSE;
  *out_priority = value;
  return TRUE;
}
