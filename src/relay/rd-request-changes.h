/* rd-request-changes.h: the one table of a support request's allowed
 * changes of state. Each change is one conditional UPDATE: it applies only
 * from the states the table names, so two agents never hold one request
 * and a change that lost a race changes nothing (the caller answers
 * "conflict"). The store runs these statements; nothing else writes a
 * request's state. docs/protocol.md describes the same table. */
#pragma once

#include "rd-support-types.h"

G_BEGIN_DECLS

typedef enum {
  RD_CHANGE_OFFER,              /* queued -> offered, to the agent routing chose */
  RD_CHANGE_ACCEPT,             /* offered -> active, by the agent it is offered to */
  RD_CHANGE_DECLINE,            /* offered -> queued, by that agent (or the offer timed out) */
  RD_CHANGE_TAKE,               /* queued -> active, staff picking it up by hand */
  RD_CHANGE_TRANSFER_TO_AGENT,  /* active -> offered, to another agent, by its agent */
  RD_CHANGE_TRANSFER_TO_TOPIC,  /* active -> queued at the head, by its agent */
  RD_CHANGE_RESOLVE,            /* active -> resolved, by its agent */
  RD_CHANGE_CANCEL,             /* queued or offered -> cancelled, by its requester */
  RD_CHANGE_REQUEUE_AGENT,      /* offered or active -> queued at the head: its agent left past the grace period */
  RD_CHANGE_REQUEUE_OFFERS,     /* offered -> queued at the head: the relay restarted with offers in flight */
  /* A supervisor can always act, whoever holds the request: */
  RD_CHANGE_TAKE_OVER,          /* queued, offered or active -> active, held by the supervisor */
  RD_CHANGE_REASSIGN_TO_AGENT,  /* queued, offered or active -> offered, to the agent named */
  RD_CHANGE_REASSIGN_TO_TOPIC,  /* queued, offered or active -> queued at the head (of another topic) */
  RD_CHANGE_CLOSE_RESOLVED,     /* queued, offered or active -> resolved */
  RD_CHANGE_CLOSE_CANCELLED,    /* queued, offered or active -> cancelled */
  RD_N_CHANGES
} RdRequestChange;

typedef struct {
  RdRequestChange  change;
  const char      *name;    /* for logs and errors */
  guint            from;    /* bit mask: 1 << RdRequestState */
  RdRequestState   to;
  /* The statement; its parameters are listed with it in the table. */
  const char      *sql;
} RdRequestChangeRule;

#define RD_STATE_BIT(state) (1u << (state))

const RdRequestChangeRule *rd_request_change_rule    (RdRequestChange change);
/* Whether @change may apply to a request in @state. */
gboolean                   rd_request_change_allowed (RdRequestChange change, RdRequestState state);

G_END_DECLS
