/* rd-request-changes.c: the table. The statements' WHERE clauses carry the
 * "from" states and their SET the "to" state; test-request-changes checks
 * that each statement says what its row says. */
#define G_LOG_DOMAIN "rd-request-changes"

#include "config.h"

#include "rd-request-changes.h"

#define QUEUED    RD_STATE_BIT (RD_REQUEST_QUEUED)
#define OFFERED   RD_STATE_BIT (RD_REQUEST_OFFERED)
#define ACTIVE    RD_STATE_BIT (RD_REQUEST_ACTIVE)
#define OPEN      (QUEUED | OFFERED | ACTIVE)

static const RdRequestChangeRule rules[RD_N_CHANGES] = {
  /* ?1 agent, ?2 now (µs), ?3 request */
  { RD_CHANGE_OFFER, "offer request", QUEUED, RD_REQUEST_OFFERED,
    "UPDATE requests SET state = 'offered', agent_id = ?1, offered_at = ?2 WHERE id = ?3 AND state = 'queued'" },
  /* ?1 now, ?2 request, ?3 the agent it is offered to */
  { RD_CHANGE_ACCEPT, "accept request", OFFERED, RD_REQUEST_ACTIVE,
    "UPDATE requests SET state = 'active', accepted_at = ?1, at_head = 0 "
    "WHERE id = ?2 AND state = 'offered' AND agent_id = ?3" },
  /* ?1 request, ?2 the agent it is offered to */
  { RD_CHANGE_DECLINE, "decline request", OFFERED, RD_REQUEST_QUEUED,
    "UPDATE requests SET state = 'queued', agent_id = NULL, offered_at = 0 "
    "WHERE id = ?1 AND state = 'offered' AND agent_id = ?2" },
  /* ?1 agent, ?2 now, ?3 request */
  { RD_CHANGE_TAKE, "take request", QUEUED, RD_REQUEST_ACTIVE,
    "UPDATE requests SET state = 'active', agent_id = ?1, accepted_at = ?2, at_head = 0 "
    "WHERE id = ?3 AND state = 'queued'" },
  /* ?1 new agent, ?2 new topic (0: same), ?3 now, ?4 request, ?5 its agent */
  { RD_CHANGE_TRANSFER_TO_AGENT, "transfer request", ACTIVE, RD_REQUEST_OFFERED,
    "UPDATE requests SET state = 'offered', agent_id = ?1, offered_at = ?3, "
    "topic_id = coalesce (nullif (?2, 0), topic_id) WHERE id = ?4 AND state = 'active' AND agent_id = ?5" },
  /* the same parameters; ?1 and ?3 unused */
  { RD_CHANGE_TRANSFER_TO_TOPIC, "transfer request", ACTIVE, RD_REQUEST_QUEUED,
    "UPDATE requests SET state = 'queued', agent_id = NULL, offered_at = 0, at_head = 1, "
    "topic_id = coalesce (nullif (?2, 0), topic_id) WHERE id = ?4 AND state = 'active' AND agent_id = ?5" },
  /* ?1 now, ?2 request */
  { RD_CHANGE_RESOLVE, "resolve request", ACTIVE, RD_REQUEST_RESOLVED,
    "UPDATE requests SET state = 'resolved', finished_at = ?1 WHERE id = ?2 AND state = 'active'" },
  /* ?1 now, ?2 request */
  { RD_CHANGE_CANCEL, "cancel request", QUEUED | OFFERED, RD_REQUEST_CANCELLED,
    "UPDATE requests SET state = 'cancelled', agent_id = NULL, finished_at = ?1 "
    "WHERE id = ?2 AND state IN ('queued', 'offered')" },
  /* ?1 the agent who left; every request they hold */
  { RD_CHANGE_REQUEUE_AGENT, "requeue", OFFERED | ACTIVE, RD_REQUEST_QUEUED,
    "UPDATE requests SET state = 'queued', agent_id = NULL, offered_at = 0, at_head = 1 "
    "WHERE agent_id = ?1 AND state IN ('offered', 'active')" },
  /* no parameters; every offer in flight */
  { RD_CHANGE_REQUEUE_OFFERS, "requeue offers", OFFERED, RD_REQUEST_QUEUED,
    "UPDATE requests SET state = 'queued', agent_id = NULL, offered_at = 0, at_head = 1 WHERE state = 'offered'" },
  /* ?1 the supervisor, ?2 now, ?3 request; the first acceptance time stays */
  { RD_CHANGE_TAKE_OVER, "take over request", OPEN, RD_REQUEST_ACTIVE,
    "UPDATE requests SET state = 'active', agent_id = ?1, offered_at = 0, at_head = 0, "
    "accepted_at = CASE WHEN accepted_at = 0 THEN ?2 ELSE accepted_at END "
    "WHERE id = ?3 AND state IN ('queued', 'offered', 'active')" },
  /* ?1 new agent, ?2 new topic (0: same), ?3 now, ?4 request */
  { RD_CHANGE_REASSIGN_TO_AGENT, "reassign request", OPEN, RD_REQUEST_OFFERED,
    "UPDATE requests SET state = 'offered', agent_id = ?1, offered_at = ?3, "
    "topic_id = coalesce (nullif (?2, 0), topic_id) WHERE id = ?4 AND state IN ('queued', 'offered', 'active')" },
  /* the same parameters; ?1 and ?3 unused */
  { RD_CHANGE_REASSIGN_TO_TOPIC, "reassign request", OPEN, RD_REQUEST_QUEUED,
    "UPDATE requests SET state = 'queued', agent_id = NULL, offered_at = 0, at_head = 1, "
    "topic_id = coalesce (nullif (?2, 0), topic_id) WHERE id = ?4 AND state IN ('queued', 'offered', 'active')" },
  /* ?1 now, ?2 request */
  { RD_CHANGE_CLOSE_RESOLVED, "resolve request", OPEN, RD_REQUEST_RESOLVED,
    "UPDATE requests SET state = 'resolved', finished_at = ?1 WHERE id = ?2 AND state IN ('queued', 'offered', 'active')" },
  /* ?1 now, ?2 request */
  { RD_CHANGE_CLOSE_CANCELLED, "cancel request", OPEN, RD_REQUEST_CANCELLED,
    "UPDATE requests SET state = 'cancelled', agent_id = NULL, finished_at = ?1 "
    "WHERE id = ?2 AND state IN ('queued', 'offered', 'active')" },
};

const RdRequestChangeRule *
rd_request_change_rule (RdRequestChange change)
{
  g_return_val_if_fail (change < RD_N_CHANGES, NULL);
  g_assert (rules[change].change == change);
  return &rules[change];
}

gboolean
rd_request_change_allowed (RdRequestChange change,
                           RdRequestState  state)
{
  return (rd_request_change_rule (change)->from & RD_STATE_BIT (state)) != 0;
}
