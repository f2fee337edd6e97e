/* rd-store.h: durable state of the relay.
 *
 * This is the only interface above which nothing talks SQL. The embedded
 * implementation is SQLite (rd-store-sqlite.c); a PostgreSQL one can sit
 * behind the same calls later. Writes happen inside an explicit transaction
 * that the server groups across many requests (group commit).
 */
#pragma once

#include <glib.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

#define RD_STORE_ERROR (rd_store_error_quark ())
GQuark rd_store_error_quark (void);

typedef enum {
  RD_STORE_ERROR_FAILED,      /* the database said no (I/O, full disk, corrupt) */
  RD_STORE_ERROR_EXISTS,      /* unique key already taken */
  RD_STORE_ERROR_NOT_FOUND,
  RD_STORE_ERROR_VERSION,     /* written by a newer relay */
  RD_STORE_ERROR_CONFLICT,    /* the row is not in the state the change starts from */
  RD_STORE_ERROR_UNAVAILABLE, /* the database cannot be reached, or went away mid-way */
} RdStoreError;

typedef struct {
  gint64  id;
  char   *username;
  char   *display_name;
  RdRole  role;
  char   *password_hash;
  gboolean disabled;
  gint64  created;
  gint64  last_seq;
} RdAccount;

typedef struct {
  gint64  id;           /* relay-wide message id, used for history paging */
  char   *uuid;
  gint64  sender_id;
  gint64  recipient_id;
  char   *sender;       /* usernames, filled by reads */
  char   *recipient;
  char   *body;
  gint64  ts;           /* ms since the epoch */
  gint64  delivered_ts; /* 0 when not yet */
  gint64  read_ts;
  gint64  sender_seq;   /* the sequence number of the sender's own copy */
} RdStoredMessage;

typedef struct {
  gint64  seq;
  gint64  ts;
  char   *kind;
  char   *data;         /* JSON text */
} RdStoredEvent;

typedef struct {
  RdAccount *account;
  char      *group;
} RdStoredContact;

/* A file kept for a recipient who was offline; complete once all its
 * bytes are there and match its SHA-256. */
typedef struct {
  char    *id;
  gint64   sender_id;
  gint64   recipient_id;
  char    *name;
  gint64   size;
  char    *mime;
  char    *sha256;
  gint64   created;      /* ms since the epoch */
  gboolean complete;
} RdStoredFile;

typedef struct _RdStore RdStore;

void             rd_account_free          (RdAccount *account);
/* The password_hash of an account that only the company directory signs
 * in: no password matches it, as it is no argon2 string. */
#define RD_DIRECTORY_PASSWORD_MARK "!directory"
gboolean         rd_account_is_directory  (const RdAccount *account);
void             rd_stored_message_free   (RdStoredMessage *message);
void             rd_stored_event_free     (RdStoredEvent *event);
void             rd_stored_contact_free   (RdStoredContact *contact);
void             rd_stored_file_free      (RdStoredFile *file);

RdStore         *rd_store_open            (const char *path, GError **error);
void             rd_store_close           (RdStore *store);
gboolean         rd_store_backup          (RdStore *store, const char *dest_path, GError **error);

/* Transactions: writes below must run between begin and commit.
 * rd_store_commit returns once the transaction is on disk.
 * rd_store_commit_visible returns once it is visible to reads (and would
 * survive this process crashing): it is on disk after the log behind
 * rd_store_log_fd is flushed, which the relay's RdStoreSyncer does off its
 * main loop (group commit). */
gboolean         rd_store_begin           (RdStore *store, GError **error);
gboolean         rd_store_commit          (RdStore *store, GError **error);
gboolean         rd_store_commit_visible  (RdStore *store, GError **error);
int              rd_store_log_fd          (RdStore *store);
/* fdatasync of a log descriptor, again after EINTR: 0, or the errno. */
int              rd_store_flush_log_fd    (int fd);
/* The error of a log flush that failed with @err. */
void             rd_store_set_flush_error (GError **error, int err);
void             rd_store_rollback        (RdStore *store);
gboolean         rd_store_in_transaction  (RdStore *store);

/* Accounts */
gboolean         rd_store_account_add     (RdStore *store, const char *username, const char *display_name,
                                           RdRole role, const char *password_hash, GError **error);
RdAccount       *rd_store_account_lookup  (RdStore *store, const char *username, GError **error);
RdAccount       *rd_store_account_by_id   (RdStore *store, gint64 id, GError **error);
GPtrArray       *rd_store_account_list    (RdStore *store, GError **error);
GPtrArray       *rd_store_account_search  (RdStore *store, const char *query, guint limit, GError **error);
gboolean         rd_store_account_set_password (RdStore *store, gint64 id, const char *password_hash, GError **error);
gboolean         rd_store_account_set_disabled (RdStore *store, gint64 id, gboolean disabled, GError **error);
/* The name and role the company directory gives the account. */
gboolean         rd_store_account_set_profile (RdStore *store, gint64 id, const char *display_name, RdRole role,
                                               GError **error);

/* Sessions: only a hash of the token is kept. */
gboolean         rd_store_session_add     (RdStore *store, gint64 account_id, const char *token_hash,
                                           const char *device, GError **error);
gint64           rd_store_session_lookup  (RdStore *store, const char *token_hash, GError **error);
gboolean         rd_store_session_revoke  (RdStore *store, const char *token_hash, GError **error);
gboolean         rd_store_session_revoke_all (RdStore *store, gint64 account_id, GError **error);
/* The account's sessions not revoked; -1 on error. */
gint64           rd_store_sessions_active (RdStore *store, gint64 account_id, GError **error);

/* Contacts */
gboolean         rd_store_contact_add     (RdStore *store, gint64 owner_id, gint64 contact_id,
                                           const char *group, GError **error);
gboolean         rd_store_contact_remove  (RdStore *store, gint64 owner_id, gint64 contact_id, GError **error);
GPtrArray       *rd_store_contact_list    (RdStore *store, gint64 owner_id, GError **error);
GArray          *rd_store_contact_watchers (RdStore *store, gint64 contact_id, GError **error);

/* Messages */
RdStoredMessage *rd_store_message_find    (RdStore *store, gint64 sender_id, const char *uuid, GError **error);
RdStoredMessage *rd_store_message_find_received (RdStore *store, gint64 recipient_id, const char *uuid,
                                                 GError **error);
gboolean         rd_store_message_insert  (RdStore *store, RdStoredMessage *message, GError **error);
gboolean         rd_store_message_mark    (RdStore *store, gint64 message_id, gboolean read,
                                           gint64 ts, GError **error);
GPtrArray       *rd_store_history         (RdStore *store, gint64 account_a, gint64 account_b,
                                           gint64 before_id, guint limit, GError **error);

/* Per-account event stream. next_seq reserves a number that the caller then
 * inserts; event_append does both. Both return 0 on error. */
gint64           rd_store_next_seq        (RdStore *store, gint64 account_id, GError **error);
gboolean         rd_store_event_insert    (RdStore *store, gint64 account_id, gint64 seq, const char *kind,
                                           const char *data, gint64 ts, GError **error);
gint64           rd_store_event_append    (RdStore *store, gint64 account_id, const char *kind,
                                           const char *data, gint64 ts, GError **error);
GPtrArray       *rd_store_events_since    (RdStore *store, gint64 account_id, gint64 since,
                                           guint limit, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAccount, rd_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStoredMessage, rd_stored_message_free)

/* Files kept for offline recipients (rd-store-files.c). */
gboolean         rd_store_file_add        (RdStore *store, RdStoredFile *file, GError **error);
RdStoredFile    *rd_store_file_get        (RdStore *store, const char *id, GError **error);
gboolean         rd_store_file_set_complete (RdStore *store, const char *id, GError **error);
gboolean         rd_store_file_remove     (RdStore *store, const char *id, GError **error);
GPtrArray       *rd_store_files_older_than (RdStore *store, gint64 created, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStoredFile, rd_stored_file_free)

/* Live file transfers and their proxy tickets (rd-store-transfers.c). */
typedef struct {
  char    *id;
  gint64   sender_id;
  gint64   recipient_id;
  gboolean accepted;
  gint64   created;      /* ms since the epoch */
  char    *host;         /* the relay its proxy connections meet on; "" none yet */
} RdLiveTransfer;

void             rd_live_transfer_free    (RdLiveTransfer *transfer);
/* EXISTS when a transfer has this id. */
gboolean         rd_store_transfer_add    (RdStore *store, const RdLiveTransfer *transfer, GError **error);
/* NOT_FOUND when there is none. */
RdLiveTransfer  *rd_store_transfer_get    (RdStore *store, const char *id, GError **error);
gboolean         rd_store_transfer_accept (RdStore *store, const char *id, GError **error);
/* The transfer and its tickets. */
gboolean         rd_store_transfer_remove (RdStore *store, const char *id, GError **error);
gint64           rd_store_transfers_count_of (RdStore *store, gint64 sender_id, GError **error);
/* Transfers created before @created_before, tickets expired at @now. */
gboolean         rd_store_transfers_expire (RdStore *store, gint64 created_before, gint64 now, GError **error);
/* A one-time ticket (its hash is kept) for @transfer_id, of @kind (the
 * relay's to say), usable until @expires (ms). */
gboolean         rd_store_ticket_add      (RdStore *store, const char *secret_hash, const char *transfer_id,
                                           int kind, gint64 expires, GError **error);
/* Uses up a ticket: its transfer and kind; NOT_FOUND when it is unknown,
 * used or expired (an expired one is removed too). */
gboolean         rd_store_ticket_take     (RdStore *store, const char *secret_hash, gint64 now,
                                           char **out_transfer_id, int *out_kind, GError **error);
/* PostgreSQL: the relay @id's proxy connections meet on, @relay_id unless
 * another living relay has it already; its URL in @out_url. */
char            *rd_store_transfer_claim_host (RdStore *store, const char *id, const char *relay_id,
                                               char **out_url, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdLiveTransfer, rd_live_transfer_free)

/* Copies every row of @from into @to, an empty store (rd-store-copy.c),
 * checking each table's count; @progress (may be NULL) hears of each
 * table done. On failure @to is as it was. */
typedef void (*RdStoreCopyProgress) (const char *table, gint64 rows, gpointer data);
gboolean         rd_store_copy            (RdStore *from, RdStore *to, RdStoreCopyProgress progress,
                                           gpointer data, GError **error);

/* Relays sharing one database (rd-store-cluster.c; PostgreSQL only). */
typedef struct {
  char   *relay_id;
  gint64  account_id;
  char   *status;      /* the account's best status among its devices there */
  char   *text;
  gint64  since;       /* ms since the epoch: when "away" began */
} RdStoredPresence;

void             rd_stored_presence_free  (RdStoredPresence *presence);
/* A relay says it is alive (and where clients reach it). */
gboolean         rd_store_relay_beat      (RdStore *store, const char *relay_id, const char *url,
                                           gint64 now_ms, GError **error);
/* Removes the relays silent since @silent_since_ms and their presence;
 * returns their ids. */
GPtrArray       *rd_store_relays_expire   (RdStore *store, gint64 silent_since_ms, GError **error);
gboolean         rd_store_presence_forget_relay (RdStore *store, const char *relay_id, GError **error);
/* Status "offline" removes the row. */
gboolean         rd_store_presence_publish (RdStore *store, RdStoredPresence *presence, GError **error);
GPtrArray       *rd_store_presence_list   (RdStore *store, GError **error);
/* NOTIFY @channel: at the commit of the open transaction, or at once
 * outside one. Nothing on SQLite (one relay). */
gboolean         rd_store_notify          (RdStore *store, const char *channel, const char *payload,
                                           GError **error);
/* From now on each commit that appended events NOTIFYs @channel with
 * "@prefix|id,id,..." (the accounts that have new events). */
void             rd_store_notify_events   (RdStore *store, const char *channel, const char *prefix);
/* PostgreSQL: what the store's connection is called in pg_stat_activity. */
void             rd_store_set_application_name (RdStore *store, const char *name);

G_END_DECLS
