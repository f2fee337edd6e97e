/* rd-store-history.h: what happened to each support request, who did it
 * and when (created, offered, declined, accepted, transferred, taken over,
 * resolved, rated...), kept with the request for staff to read; and the
 * account notices an admin command leaves for running relays (an account
 * disabled or signed out while they hold it). */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  at_us;
  char   *what;        /* docs/protocol.md lists the words */
  gint64  actor_id;    /* who did it; 0 for the relay itself */
  gint64  target_id;   /* the other person it concerns (offered to, taken from...), or 0 */
  gint64  topic_id;    /* a topic it went to, or 0 */
  char   *text;        /* a transfer's note, a rating's comment... */
  gint    rating;      /* "rated" only */
} RdRequestStep;

void rd_request_step_free (RdRequestStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRequestStep, rd_request_step_free)

gboolean   rd_store_history_add  (RdStore *store, gint64 request_id, const RdRequestStep *step, GError **error);
/* Oldest first (RdRequestStep). */
GPtrArray *rd_store_history_list (RdStore *store, gint64 request_id, GError **error);

/* The note of the transfer to a topic that put the request back in the
 * queue since anyone last held it, or NULL: for the agents offered it next. */
char      *rd_store_history_handover_note (RdStore *store, gint64 request_id, GError **error);

/* Who held the request at some time (accepted, took or took it over):
 * account ids, in the order they first did. */
GArray    *rd_store_history_holders (RdStore *store, gint64 request_id, GError **error);

/* When @requester_id last wrote to @agent_id since @since_ms (ms), 0 if not. */
gint64     rd_store_last_message_between (RdStore *store, gint64 requester_id, gint64 agent_id, gint64 since_ms,
                                          GError **error);

/* Account notices, numbered in the order they were left. */
typedef enum {
  RD_ACCOUNT_NOTICE_DISABLED,    /* no longer signs in; what it holds goes back to the queue */
  RD_ACCOUNT_NOTICE_SIGNED_OUT,  /* its sessions were revoked (a new password) */
} RdAccountNotice;

gboolean   rd_store_account_notice_add (RdStore *store, gint64 account_id, RdAccountNotice notice, GError **error);
/* The notices after @after_id, oldest first (RdStoredNotice); the last
 * notice's id is in @last_id (kept when there is none). */
typedef struct {
  gint64 id;
  gint64 account_id;
  gint64 notice;     /* an RdAccountNotice */
} RdStoredNotice;
GArray    *rd_store_account_notices_since (RdStore *store, gint64 after_id, gint64 *last_id, GError **error);

/* Accounts disabled while holding offered or active requests. */
GArray    *rd_store_disabled_holders (RdStore *store, GError **error);

G_END_DECLS
