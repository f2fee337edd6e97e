/* rd-relay-private.h: what the relay's own files share with each other.
 *
 * The server (rd-relay-server.c) owns the store, the session registry and
 * the deadlines; rd-relay-commit.c the group commit. The session's
 * dispatcher (rd-relay-session.c) calls one handler a frame type:
 *
 *   rd-relay-auth.c         hello, login, resume, logout
 *   rd-relay-messaging.c    sync, message_send, history, receipt, typing
 *   rd-relay-presence.c     presence_set, directory and contacts; who is
 *                           online, and the one list of staff online
 *                           (_rd_relay_online_staff) that routing, queue
 *                           figures and the dashboard all count
 *   rd-relay-queue.c        the requester's and the agent's side of the
 *                           support queue, and routing
 *   rd-relay-positions.c    what waiting requesters are told: place,
 *                           agents for their topic, estimated wait
 *   rd-relay-supervision.c  dashboard, capacity, skills, notes, transfers,
 *                           canned replies, topics
 *   rd-relay-topic-policy.c opening hours and first-response targets of
 *                           topics; breaches
 *   rd-relay-request-context.c  a requester's earlier requests and a
 *                           request's transcript, for staff
 *   rd-relay-oversight.c    a supervisor's take-over, reassignment and
 *                           closing of any request; request history;
 *                           accounts disabled or signed out by an admin
 *   rd-relay-files.c        live file transfers and the proxy;
 *   rd-relay-file-store.c   files left with the relay
 *
 * The support desk's rules each have one home: the roles' powers in
 * rd-support-types.c (core, shared with clients), queue order in
 * rd-router.h (RD_QUEUE_ORDER_SQL and its comparison), a request's
 * allowed changes of state in rd-request-changes.c.
 */
#pragma once

#include <libsoup/soup.h>

#include "rd-protocol.h"
#include "rd-relay-config.h"
#include "rd-relay-connection.h"
#include "rd-relay-metrics.h"
#include "rd-relay-poller.h"
#include "rd-relay-server.h"
#include "rd-relay-session.h"
#include "rd-store.h"
#include "rd-store-history.h"
#include "rd-store-queue.h"
#include "rd-store-syncer.h"

G_BEGIN_DECLS

typedef struct _RdRelayCluster RdRelayCluster;

typedef struct _RdRelayWebhooks RdRelayWebhooks;

struct _RdRelayServer {
  GObject        parent_instance;

  RdRelayConfig *config;
  RdStore       *store;
  SoupServer    *soup;
  char          *url;
  RdRelayPoller *poller;                /* every client socket, in one epoll set */
  RdRelayCluster *cluster;              /* the other relays on the database; NULL on SQLite */

  /* Deadlines (rd-relay-server.c): sessions not signed in, oldest first, and
   * signed-in sessions by their last frame, longest silent first; a session
   * moves to the tail with each frame, so a sweep looks only at the ones
   * that are due. */
  GQueue         unauthenticated;
  GQueue         signed_in;
  guint          sweep_source;
  guint          directory_check_source;  /* the periodic check of directory accounts */
  GCancellable  *directory_cancellable;
  gboolean       directory_check_running;
  GHashTable    *directory_found;         /* username -> a person a search found lately */

  GPtrArray     *sessions;              /* RdRelaySession *, owned */
  GHashTable    *sessions_by_account;   /* gint64 * -> GPtrArray of unowned sessions */
  GHashTable    *login_failures;        /* remote host -> LoginFailures * */
  GHashTable    *connections_by_host;   /* remote host -> open sessions (guint) */
  GHashTable    *presence_cache;        /* gint64 * -> last pushed "status\ntext" */
  GHashTable    *catch_up_again;        /* gint64 * accounts whose events could not be read */
  guint          catch_up_source;       /* reads them again */

  /* group commit (rd-relay-commit.c): writes of one main-loop turn share
   * one transaction; the writer thread flushes them to disk */
  GArray        *after_commit;          /* hooks of the transaction being built */
  guint          commit_source;
  guint          batch_writes;
  GQueue         in_flight;             /* committed batches, oldest first, not yet on disk */
  RdStoreSyncer *syncer;
  GSource       *durable_source;        /* woken by the writer thread */
  gboolean       log_failure_told;      /* a flush failed and the log says so */
  gboolean       commit_deferred;       /* the open transaction waits for the running flush */

  /* support queue (rd-relay-queue.c) */
  guint          route_source;
  GHashTable    *offer_timers;          /* gint64 * request id -> source id */
  GHashTable    *grace_timers;          /* gint64 * agent account id -> source id */
  GHashTable    *agent_free_since;      /* gint64 * agent account id -> gint64 * µs */
  guint          queue_version;         /* bumped by every change of a request */
  guint          queue_version_pushed;  /* what staff were last told */
  gint64         notices_seen;          /* the last account notice read; -1 before the first look */
  guint          opening_source;        /* wakes routing when a closed topic opens */
  guint          wrap_up_source;        /* wakes routing when an agent's wrap-up ends */

  RdRelayMetrics metrics;               /* rd-relay-metrics.c */

  /* file transfers (rd-relay-files.c) */
  GHashTable    *file_joins;            /* transfer id -> ProxyJoin, the transfers met on here */
  guint          file_expiry_source;    /* rd-relay-file-store.c */
  RdRelayWebhooks *webhooks;            /* rd-relay-webhooks.c; NULL: none configured */
};

struct _RdRelaySession {
  GObject                  parent_instance;

  RdRelayServer           *server;      /* unowned: the server outlives its sessions */
  RdRelayConnection       *connection;
  char                    *remote_host;
  GList                    deadline_link; /* in server->unauthenticated or ->signed_in */
  GQueue                  *deadline_queue;
  gint64                   quiet_since_us; /* monotonic: the socket's opening until it
                                            * signs in, then its last frame */

  RdAccount               *account;     /* NULL until logged in */
  char                    *token_hash;
  char                    *device;
  gboolean                 auth_pending;
  gboolean                 live;        /* events are pushed once it has synced */
  gboolean                 watches_queue; /* asked for the queue or dashboard: hears queue_changed */
  guint                    replies_waiting; /* replies held for a commit to reach the disk */
  gboolean                 replying;    /* sending a held reply: others may not overtake it */
  gint64                   sent_seq;

  char                    *status;      /* this device's presence */
  char                    *status_text;
  gint64                   status_since;

  double                   tokens;      /* frames it may send now (rate limit) */
  gint64                   tokens_at;   /* µs, when tokens was last topped up */
};

typedef void (*RdCommitFunc) (RdRelayServer *server,
                              const GError  *error,
                              gpointer       data);

/* Group commit (rd-relay-commit.c). Call write_begin before any store
 * write; after_commit hooks run, in order, once the transaction holding
 * those writes is durable (error NULL) or has failed (error set: nothing of
 * it stored, or its flush to disk failed). */
void     _rd_relay_server_commit_init  (RdRelayServer *self);
gboolean _rd_relay_server_commit_start (RdRelayServer *self, GError **error);
/* Settles what is pending, stops the writer thread. */
void     _rd_relay_server_commit_stop  (RdRelayServer *self);
gboolean _rd_relay_server_write_begin  (RdRelayServer *self, GError **error);
void     _rd_relay_server_after_commit (RdRelayServer *self, RdCommitFunc func,
                                        gpointer data, GDestroyNotify destroy);
void     _rd_relay_server_write_failed (RdRelayServer *self, const GError *error);
gboolean _rd_relay_server_flush        (RdRelayServer *self, GError **error);
/* Before a read: commits the writes pending, whatever becomes of them (their
 * writers hear it), and waits until what is committed is on disk, so the
 * read sees only what is durable and never fails for someone else's write,
 * e.g. on a full disk. */
void     _rd_relay_server_settle       (RdRelayServer *self);

/* Session registry and delivery */
/* A frame came from @session: it is not silent. */
void     _rd_relay_server_session_heard    (RdRelayServer *self, RdRelaySession *session);
void     _rd_relay_server_session_closed   (RdRelayServer *self, RdRelaySession *session);
void     _rd_relay_server_session_authenticated (RdRelayServer *self, RdRelaySession *session);
GPtrArray *_rd_relay_server_sessions_of    (RdRelayServer *self, gint64 account_id);
void     _rd_relay_server_push_event       (RdRelayServer *self, gint64 account_id, gint64 seq,
                                            gint64 ts, const char *kind, const char *data);
/* Pushes to @account_id's live sessions here what the store has after what
 * each was sent (once the open transaction, if any, is committed). */
void     _rd_relay_server_catch_up         (RdRelayServer *self, gint64 account_id);
/* Appends an event inside the current transaction and pushes it after commit. */
gint64   _rd_relay_server_append_event     (RdRelayServer *self, gint64 account_id, const char *kind,
                                            JsonObject *data, gint64 ts, GError **error);
void     _rd_relay_server_queue_push       (RdRelayServer *self, gint64 account_id, gint64 seq,
                                            gint64 ts, const char *kind, const char *data);

/* Sends a frame that is not stored to every device of @account_id, here
 * and on the other relays. */
void     _rd_relay_server_send_to_account  (RdRelayServer *self, gint64 account_id, JsonObject *frame);
/* ... and to its devices on this relay only. */
void     _rd_relay_server_send_here        (RdRelayServer *self, gint64 account_id, JsonObject *frame);
guint16  _rd_relay_server_port             (RdRelayServer *self);

/* Several relays on one database (rd-relay-cluster.c); each is a no-op
 * without one. */
gboolean _rd_relay_cluster_start           (RdRelayServer *self, GError **error);
void     _rd_relay_cluster_stop            (RdRelayServer *self);
/* FALSE while the relay cannot hear the database (/health says so). */
gboolean _rd_relay_cluster_is_ready        (RdRelayServer *self);
void     _rd_relay_cluster_send_frame      (RdRelayServer *self, gint64 account_id, JsonObject *frame);
/* This relay's part of @account_id's presence, if it changed. */
void     _rd_relay_cluster_publish_presence (RdRelayServer *self, gint64 account_id, const char *status,
                                             const char *text, gint64 since_ms);
/* relay id -> RdStoredPresence * of @account_id elsewhere, or NULL. */
GHashTable *_rd_relay_cluster_remote_presence (RdRelayServer *self, gint64 account_id);
void     _rd_relay_cluster_queue_changed   (RdRelayServer *self);
/* Adds (gint64 *) the accounts online on other relays to the set @accounts. */
void     _rd_relay_cluster_add_remote_accounts (RdRelayServer *self, GHashTable *accounts);
/* TRUE if this relay routes the support queue (always, without others). */
gboolean _rd_relay_cluster_is_leader       (RdRelayServer *self);
/* This relay's id among those on the database; NULL on SQLite. */
const char *_rd_relay_cluster_relay_id     (RdRelayServer *self);

/* Sends @frame to @session once the current transaction commits, or a
 * storage_error for request @id if it fails. */
void     _rd_relay_session_reply_after_commit (RdRelaySession *session, const char *id, JsonObject *frame);

/* Login slow-down */
guint    _rd_relay_server_login_delay_ms   (RdRelayServer *self, const char *remote_host);
void     _rd_relay_server_login_failed     (RdRelayServer *self, const char *remote_host);
void     _rd_relay_server_login_succeeded  (RdRelayServer *self, const char *remote_host);

/* Sign-in through the company directory (rd-relay-directory.c) */
typedef enum {
  RD_SIGN_IN_CHECK_LOCAL,      /* the local account's password decides */
  RD_SIGN_IN_DIRECTORY_OK,     /* the directory accepted the password */
  RD_SIGN_IN_REFUSED,          /* wrong password, or nobody of that name */
  RD_SIGN_IN_DISABLED,         /* disabled in the directory */
  RD_SIGN_IN_UNAVAILABLE,      /* the directory cannot be reached; no local account */
} RdSignInVerdict;

/* In a worker thread: what the directory says of this sign-in, given the
 * relay's account of that name (NULL if none). */
RdSignInVerdict _rd_relay_directory_check  (const RdDirectoryConfig *directory, const RdAccount *account,
                                            const char *username, const char *password,
                                            RdDirectoryPerson **out_person);
/* On the loop, in a write: the account @person signs in to, created or
 * brought up to date with the directory. */
RdAccount *_rd_relay_directory_account     (RdRelayServer *self, RdDirectoryPerson *person, GError **error);
/* Every sync_interval, the leader compares the directory accounts with the
 * directory: gone or disabled people are signed out everywhere, names and
 * roles follow. */
void     _rd_relay_directory_start         (RdRelayServer *self);
/* Adds what the company directory finds for @query to @users (the
 * accounts found) and answers @id with them, later; FALSE (nothing done)
 * without a directory or with an empty query. */
gboolean _rd_relay_directory_search        (RdRelaySession *self, const char *id, const char *query,
                                            guint limit, JsonArray *users);
/* A task for a worker thread that asks @directory (NULL: a plain task):
 * libldap can wait without end (a referral followed to a server that
 * never answers), so its cancellable is cancelled at the deadline, twice
 * the directory's timeout. The thread sets return-on-cancel around the
 * wait: the reply then goes without it, and its data must be the task's. */
GTask   *_rd_relay_directory_task_new      (gpointer source, const RdDirectoryConfig *directory,
                                            GAsyncReadyCallback callback);
guint    _rd_relay_directory_deadline_s    (const RdDirectoryConfig *directory);
/* Someone a search found in the last minutes, who may have no account yet. */
RdDirectoryPerson *_rd_relay_directory_recently_found (RdRelayServer *self, const char *username);
void     _rd_relay_directory_stop          (RdRelayServer *self);

/* Presence (rd-relay-presence.c) */
const char *_rd_relay_presence_of          (RdRelayServer *self, gint64 account_id,
                                            const char **out_text, gint64 *out_idle);
void     _rd_relay_presence_update         (RdRelayServer *self, gint64 account_id);
void     _rd_relay_presence_forget         (RdRelayServer *self, gint64 account_id);
/* Support staff signed in on this relay or another (gint64 account ids, in order). */
GArray  *_rd_relay_online_staff            (RdRelayServer *self, GError **error);
/* Pushes @account_id's presence to the watchers here if it changed (after
 * another relay told of a change). */
void     _rd_relay_presence_refresh        (RdRelayServer *self, gint64 account_id);

/* Handlers: each answers the frame (now or after commit) */
void     _rd_relay_handle_hello            (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_login            (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_resume           (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_logout           (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_sync             (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_message_send     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_history          (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_receipt          (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_typing           (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_presence_set     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_directory_search (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_contacts_list    (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_contact_add      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_contact_remove   (RdRelaySession *s, const char *id, JsonObject *frame);

/* File transfers (rd-relay-files.c) */
void     _rd_relay_files_init              (RdRelayServer *self);
void     _rd_relay_files_listen            (RdRelayServer *self);
void     _rd_relay_files_clear             (RdRelayServer *self);
/* A live transfer (both parties online) has this id. */
gboolean _rd_relay_files_is_live           (RdRelayServer *self, const char *transfer_id);
void     _rd_relay_handle_file_offer       (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_file_answer      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_file_signal      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_file_cancel      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_file_proxy       (RdRelaySession *s, const char *id, JsonObject *frame);

/* Files left for offline recipients (rd-relay-file-store.c). answer and
 * cancel return FALSE when the transfer is no kept file of the session's
 * account (then it is a live one, or none); may_connect says whether the
 * account may upload (the sender, until all bytes are there) or fetch (the
 * recipient, after); serve runs that on a proxy connection. */
void     _rd_relay_handle_file_store       (RdRelaySession *s, const char *id, JsonObject *frame);
gboolean _rd_relay_file_store_answer       (RdRelaySession *s, const char *id, JsonObject *frame);
gboolean _rd_relay_file_store_cancel       (RdRelaySession *s, const char *id, JsonObject *frame);
gboolean _rd_relay_file_store_may_connect  (RdRelayServer *self, gint64 account_id, const char *transfer_id,
                                            gboolean *out_upload);
void     _rd_relay_file_store_serve        (RdRelayServer *self, GIOStream *stream, const char *transfer_id,
                                            gboolean upload);
void     _rd_relay_file_store_start        (RdRelayServer *self);
void     _rd_relay_file_store_stop         (RdRelayServer *self);

/* Shared helpers */
/* The account @username if @s may talk to it (errors sent otherwise). */
RdAccount *_rd_relay_lookup_peer           (RdRelaySession *s, const char *id, const char *username);
gint64   _rd_relay_now_ms                  (void);
gboolean _rd_relay_role_is_staff           (RdRole role);
JsonObject *_rd_relay_account_to_json      (RdRelayServer *self, RdAccount *account, gboolean with_presence);
/* Sends the error for a store failure: storage_error, or @not_found_code. */
void     _rd_relay_session_store_error     (RdRelaySession *s, const char *id, const GError *error);
/* Whether the session's account is support staff (or a supervisor); if
 * not, @id is answered "forbidden". */
gboolean _rd_relay_session_is_staff        (RdRelaySession *s, const char *id);
gboolean _rd_relay_session_is_supervisor   (RdRelaySession *s, const char *id);
/* A write of the current batch failed: roll the batch back, answer @id. */
void     _rd_relay_session_write_error     (RdRelaySession *s, const char *id, const GError *error);
/* The same, except that a CONFLICT from the store (the row was not in the
 * state the change starts from) is answered as "conflict" with @message. */
void     _rd_relay_session_change_error    (RdRelaySession *s, const char *id, const GError *error,
                                            const char *message);

/* Support queue (rd-relay-queue.c) */
void     _rd_relay_queue_init              (RdRelayServer *self);
void     _rd_relay_queue_clear             (RdRelayServer *self);
/* After a restart: offers in flight go back to the queue, agents holding
 * requests get their grace period to come back. */
gboolean _rd_relay_queue_recover           (RdRelayServer *self, GError **error);
/* Someone signed in, left, or changed presence. */
void     _rd_relay_queue_presence_changed  (RdRelayServer *self, gint64 account_id);
/* Another relay changed the queue: staff and requesters here hear of it. */
void     _rd_relay_queue_changed_elsewhere (RdRelayServer *self);
/* This relay routes the queue from now on (at start, or after another
 * relay that did is gone): offers in flight go back to the queue, and
 * agents away with requests get their grace period. */
void     _rd_relay_queue_take_over         (RdRelayServer *self);
void     _rd_relay_queue_step_down         (RdRelayServer *self);
/* The router's look at the store (each heartbeat): offers made by any
 * relay that are past their time, agents gone with requests. */
void     _rd_relay_queue_sweep             (RdRelayServer *self);
/* After a transfer (@why "transferred") or a supervisor's reassignment
 * ("reassigned"): tells the requester and the previous agent, and offers it
 * to the new agent (with @note) or routes it again. */
gboolean _rd_relay_queue_announce_transfer (RdRelayServer *self, gint64 request_id, const char *why,
                                            gint64 from_agent, const char *note, GError **error);
/* The request named in @frame's "request", or NULL (the error sent). */
RdStoredRequest *_rd_relay_request_for     (RdRelaySession *s, const char *id, JsonObject *frame);
/* Sets @field to the account's user name and @field_name to its display
 * name (the other side is rarely in one's contacts), both "" for none. */
void     _rd_relay_set_person              (RdRelayServer *self, JsonObject *data, const char *field,
                                            gint64 account_id);
/* @frame to every live session here of a supervisor (@supervisors_only), or
 * of support staff who watch the queue (who asked for it or the dashboard:
 * a nudge to the others, who have no view to refresh, would only cost). */
void     _rd_relay_send_to_staff           (RdRelayServer *self, JsonObject *frame, gboolean supervisors_only);
/* A support request as events and lists carry it (docs/protocol.md). */
JsonObject *_rd_relay_queue_request_json   (RdRelayServer *self, RdStoredRequest *request, const char *note);
/* Tells the requester, the agent (if any) and @also_tell (if not 0) where
 * the request stands now, with @note saying why where that is not plain. */
gboolean _rd_relay_queue_announce          (RdRelayServer *self, gint64 request_id, const char *note,
                                            gint64 also_tell, GError **error);
/* A step of a request's history (rd-store-history.h): @what by @actor_id
 * (0: the relay) concerning @target_id (or 0), now. */
gboolean _rd_relay_queue_record            (RdRelayServer *self, gint64 request_id, const char *what,
                                            gint64 actor_id, gint64 target_id, GError **error);
gboolean _rd_relay_queue_record_step       (RdRelayServer *self, gint64 request_id, RdRequestStep *step,
                                            GError **error);
void     _rd_relay_queue_stop_offer        (RdRelayServer *self, gint64 request_id);
/* The support staff signed in (anywhere), as the router sees them. */
GPtrArray *_rd_relay_queue_agents          (RdRelayServer *self, GError **error);   /* RdRouteAgent */
/* Each waiting requester online (or just @only_account) hears their place,
 * the agents who can serve the topic, and an estimate (rd-relay-positions.c). */
void     _rd_relay_send_positions          (RdRelayServer *self, gint64 only_account);
/* Whether anyone can serve @topic now. */
gboolean _rd_relay_topic_is_served         (RdRelayServer *self, RdStoredTopic *topic);
/* A routing round at the next main-loop turn, in the same transaction. */
void     _rd_relay_queue_schedule_route    (RdRelayServer *self);
/* An agent gone (past the grace period, or disabled): what they hold goes
 * back to the head of the queue; @why is the requesters' note. */
void     _rd_relay_queue_requeue_agent     (RdRelayServer *self, gint64 agent_id, const char *why);
void     _rd_relay_handle_topics_list      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_create   (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_cancel   (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_offer_accept     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_offer_decline    (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_resolve  (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_take     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_rate     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_queue_list       (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_dashboard_get    (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_agent_capacity_set (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_agent_skill_set    (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_note     (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_transfer (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_canned_list      (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_canned_set       (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_canned_delete    (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_topic_add        (RdRelaySession *s, const char *id, JsonObject *frame);

/* Topic policies: opening hours, first-response targets (rd-relay-topic-policy.c) */
typedef struct {
  gint64   topic_id;
  guint    first_response_s;   /* 0: none */
  gboolean open;
  gint64   opens_at_us;        /* when closed: the next opening, 0 if none within a year */
} RdTopicState;
void        rd_topic_state_free              (RdTopicState *state);
/* topic id -> RdTopicState, for topics with a policy, at @now_us. */
GHashTable *_rd_relay_topic_states           (RdRelayServer *self, gint64 now_us, GError **error);
/* Whether the topic takes requests now (no policy: always). */
gboolean    _rd_relay_topic_state_open       (GHashTable *states, gint64 topic_id);
/* When a closed topic opens next (µs; far ahead if not within a year), 0
 * while it is open, -1 with @error. */
gint64      _rd_relay_topic_closed_until     (RdRelayServer *self, gint64 topic_id, GError **error);
/* Routing runs again when the first closed topic opens. */
void        _rd_relay_topics_wake_at_opening (RdRelayServer *self, GHashTable *states, gint64 now_us);
void        _rd_relay_handle_topic_policy_set (RdRelaySession *s, const char *id, JsonObject *frame);
/* Every topic with its strategy, hours, target and whether it is open now. */
JsonArray  *_rd_relay_topics_json            (RdRelayServer *self, GError **error);
/* Agents in wrap-up after resolving are not @agents' available now; TRUE
 * unless the store failed. */
gboolean    _rd_relay_agents_wrap_up         (RdRelayServer *self, GPtrArray *agents, gint64 now_us, GError **error);
/* Requests that go quiet (rd-relay-idle.c): warned, then closed (each sweep,
 * the router); a requester writing again within a day to the agent of a
 * request closed so reopens it as a follow-up (message_send). */
void        _rd_relay_check_quiet_requests   (RdRelayServer *self);
gboolean    _rd_relay_reopen_if_closed_idle  (RdRelayServer *self, gint64 requester_id, gint64 agent_id,
                                              GError **error);
/* Records waiting requests past their target and tells supervisors (each sweep, the router). */
void        _rd_relay_check_breaches         (RdRelayServer *self);

/* Stores @message (ids, names, body, ts filled in) with its events for
 * sender and recipient, as message_send does; inside a write. */
gboolean    _rd_relay_store_new_message      (RdRelayServer *self, RdStoredMessage *message, GError **error);
/* A message object (docs/protocol.md), with its receipts' times or not. */
JsonObject *_rd_relay_message_to_json        (RdStoredMessage *message, gboolean with_receipts);

/* What staff see around a request (rd-relay-request-context.c) */
void        _rd_relay_handle_requester_requests (RdRelaySession *s, const char *id, JsonObject *frame);
void        _rd_relay_handle_request_transcript (RdRelaySession *s, const char *id, JsonObject *frame);
void        _rd_relay_handle_request_facts      (RdRelaySession *s, const char *id, JsonObject *frame);
/* Webhooks (rd-relay-webhooks.c): the outbox rows of a recorded step, in
 * its transaction; the sender's start and stop; a body's signature
 * ("sha256=" and the HMAC-SHA256 in hex). */
gboolean    _rd_relay_webhooks_add   (RdRelayServer *server, gint64 request_id, RdRequestStep *step, GError **error);
void        _rd_relay_webhooks_start (RdRelayServer *server);
void        _rd_relay_webhooks_stop  (RdRelayServer *server);
char       *_rd_relay_webhooks_sign  (const char *secret, const char *body);
/* What the requester and each agent who held @request wrote while it was
 * open, oldest first (message objects). */
JsonArray  *_rd_relay_request_transcript        (RdRelayServer *server, RdStoredRequest *request, GError **error);
void        _rd_relay_handle_screenshot_ask     (RdRelaySession *s, const char *id, JsonObject *frame);
void        _rd_relay_handle_screenshot_answer  (RdRelaySession *s, const char *id, JsonObject *frame);

/* A supervisor's powers (rd-relay-oversight.c) */
void     _rd_relay_handle_request_takeover (RdRelaySession *s, const char *id, JsonObject *frame);
void     _rd_relay_handle_request_history  (RdRelaySession *s, const char *id, JsonObject *frame);
/* Resolves or cancels @request whoever holds it; answers @id. */
void     _rd_relay_close_request           (RdRelaySession *s, const char *id, RdStoredRequest *request,
                                            RdRequestState final_state);
/* Gives @request to @to_agent (offered) and/or @to_topic (queued at the
 * head), whoever holds it; answers @id. */
void     _rd_relay_reassign_request        (RdRelaySession *s, const char *id, RdStoredRequest *request,
                                            RdAccount *to_agent, RdStoredTopic *to_topic, const char *note);
/* Reads the notices admin commands left (each sweep): disabled accounts
 * and revoked sessions leave at once, what a disabled agent held goes back
 * to the queue. */
void     _rd_relay_account_notices_check   (RdRelayServer *self);
void     _rd_relay_requeue_disabled_holders (RdRelayServer *self);

/* rd-relay-metrics.c: GET /metrics, and its text (NULL if the store cannot
 * be read). */
void  _rd_relay_metrics_listen (RdRelayServer *server);
char *_rd_relay_metrics_render (RdRelayServer *server, GError **error);

G_END_DECLS
