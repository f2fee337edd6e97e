/* rd-support-types.h: the support desk's vocabulary, shared by the relay
 * and its clients. Each enum has one string form, the one on the wire and
 * in the store; docs/protocol.md lists them. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  RD_ROLE_REQUESTER,
  RD_ROLE_AGENT,
  RD_ROLE_SUPERVISOR,
  RD_ROLE_ADMIN,
} RdRole;

typedef enum {
  RD_REQUEST_QUEUED,
  RD_REQUEST_OFFERED,
  RD_REQUEST_ACTIVE,
  RD_REQUEST_RESOLVED,
  RD_REQUEST_CANCELLED,
} RdRequestState;

typedef enum {
  RD_ROUTE_LEAST_BUSY,     /* fewest active requests within capacity */
  RD_ROUTE_LONGEST_IDLE,   /* round robin: free the longest */
  RD_ROUTE_SKILLS,         /* only agents who serve the topic, then least busy */
  RD_ROUTE_MANUAL,         /* never offered: agents take it from the queue */
} RdRouteStrategy;

/* On the wire a priority is its number (0–2). */
typedef enum {
  RD_PRIORITY_NORMAL,
  RD_PRIORITY_HIGH,
  RD_PRIORITY_URGENT,
} RdPriority;

#define RD_TYPE_ROLE           (rd_role_get_type ())
#define RD_TYPE_REQUEST_STATE  (rd_request_state_get_type ())
#define RD_TYPE_ROUTE_STRATEGY (rd_route_strategy_get_type ())
#define RD_TYPE_PRIORITY       (rd_priority_get_type ())

/* The string forms are these types' value nicks. */
GType       rd_role_get_type              (void) G_GNUC_CONST;
GType       rd_request_state_get_type     (void) G_GNUC_CONST;
GType       rd_route_strategy_get_type    (void) G_GNUC_CONST;
GType       rd_priority_get_type          (void) G_GNUC_CONST;

const char *rd_role_to_string             (RdRole role);
gboolean    rd_role_from_string           (const char *text, RdRole *out_role);
/* Agents, supervisors and admins: who may see the queue and take requests. */
gboolean    rd_role_is_staff              (RdRole role);
/* Supervisors and admins: who may run the desk (dashboard, topics, capacity). */
gboolean    rd_role_is_supervisor         (RdRole role);

const char *rd_request_state_to_string    (RdRequestState state);
gboolean    rd_request_state_from_string  (const char *text, RdRequestState *out_state);
/* Queued or offered: nobody is helping yet, and the requester may cancel. */
gboolean    rd_request_state_is_waiting   (RdRequestState state);
/* Resolved or cancelled: nothing more happens to it. */
gboolean    rd_request_state_is_closed    (RdRequestState state);

const char *rd_route_strategy_to_string   (RdRouteStrategy strategy);
gboolean    rd_route_strategy_from_string (const char *text, RdRouteStrategy *out_strategy);

const char *rd_priority_to_string         (RdPriority priority);
gboolean    rd_priority_from_string       (const char *text, RdPriority *out_priority);

G_END_DECLS
