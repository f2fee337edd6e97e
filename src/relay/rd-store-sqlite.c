/* rd-store-sqlite.c: the embedded SQLite implementation of RdStore.
 *
 * WAL mode. A commit writes its pages to the log (the -wal file) and is then
 * visible; it is on disk once the log is flushed with fdatasync, which
 * rd_store_commit does before it returns and the relay's syncer thread does
 * for rd_store_commit_visible. SQLite's own synchronous=NORMAL keeps the log
 * and the database consistent at checkpoints, so that flush of the log is
 * all a commit needs (it is what synchronous=FULL would do in place). The
 * server batches many requests into one transaction (group commit), so the
 * flush is shared. Prepared statements are cached by their SQL text.
 */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "rd-store-private.h"

/* 2: the support queue (topics, agent profiles, requests), added tables only. */
#define SCHEMA_VERSION 3

struct _RdStore {
  sqlite3    *db;
  GHashTable *statements;  /* const char *sql -> sqlite3_stmt * */
  gboolean    in_transaction;
  int         log_fd;      /* the -wal file, whose flush makes commits durable */
};

static const char *schema_sql =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  last_seq INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  token_hash TEXT PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  device TEXT NOT NULL DEFAULT '',"
  "  created INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);"
  "CREATE TABLE IF NOT EXISTS contacts ("
  "  owner_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  contact_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  grp TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (owner_id, contact_id)) WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS contacts_by_contact ON contacts(contact_id);"
  "CREATE TABLE IF NOT EXISTS messages ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL,"
  "  sender_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  recipient_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  pair_lo INTEGER NOT NULL,"
  "  pair_hi INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  ts INTEGER NOT NULL,"
  "  delivered_ts INTEGER NOT NULL DEFAULT 0,"
  "  read_ts INTEGER NOT NULL DEFAULT 0,"
  "  sender_seq INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (sender_id, uuid));"
  "CREATE INDEX IF NOT EXISTS messages_by_pair ON messages(pair_lo, pair_hi, id);"
  "CREATE INDEX IF NOT EXISTS messages_by_recipient ON messages(recipient_id, uuid);"
  "CREATE TABLE IF NOT EXISTS events ("
  "  account_id INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  ts INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, seq)) WITHOUT ROWID;";

G_DEFINE_QUARK (rd-store-error-quark, rd_store_error)

static const char * const role_names[] = { "requester", "agent", "supervisor", "admin" };

const char *
rd_role_to_string (RdRole role)
{
  g_return_val_if_fail (role <= RD_ROLE_ADMIN, "requester");
  return role_names[role];
}

gboolean
rd_role_from_string (const char *str,
                     RdRole     *out_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (str != NULL && g_str_equal (str, role_names[i]))
        {
          *out_role = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
rd_account_free (RdAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  g_free (account->display_name);
  g_free (account->password_hash);
  g_free (account);
}

void
rd_stored_message_free (RdStoredMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->uuid);
  g_free (message->sender);
  g_free (message->recipient);
  g_free (message->body);
  g_free (message);
}

void
rd_stored_event_free (RdStoredEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->data);
  g_free (event);
}

void
rd_stored_contact_free (RdStoredContact *contact)
{
  if (contact == NULL)
    return;
  rd_account_free (contact->account);
  g_free (contact->group);
  g_free (contact);
}

static gboolean
set_sqlite_error (RdStore     *store,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  int code = RD_STORE_ERROR_FAILED;

  if (rc == SQLITE_CONSTRAINT)
    code = RD_STORE_ERROR_EXISTS;
  g_set_error (error, RD_STORE_ERROR, code, "%s: %s (SQLite %d)", what, sqlite3_errmsg (store->db),
               sqlite3_extended_errcode (store->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (RdStore     *store,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (store, rc, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (store->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (RdStore       *store,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (store, rc, what, error);
  return TRUE;
}

sqlite3_stmt *
_rd_store_prepare (RdStore     *store,
                   const char  *sql,
                   GError     **error)
{
  return prepare (store, sql, error);
}

gboolean
_rd_store_step_done (RdStore       *store,
                     sqlite3_stmt  *stmt,
                     const char    *what,
                     GError       **error)
{
  return step_done (store, stmt, what, error);
}

gboolean
_rd_store_fail (RdStore     *store,
                int          rc,
                const char  *what,
                GError     **error)
{
  return set_sqlite_error (store, rc, what, error);
}

sqlite3 *
_rd_store_get_db (RdStore *store)
{
  return store->db;
}

static gboolean
exec_sql (RdStore     *store,
          const char  *sql,
          GError     **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "%s", errmsg ? errmsg : "sqlite error");
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static gboolean
check_schema_version (RdStore  *store,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;
  gint64 version = 0;

  stmt = prepare (store, "SELECT value FROM meta WHERE key = 'schema_version'", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (store, rc, "read schema version", error);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_VERSION,
                   "the database was written by a newer relaydeskd (schema %" G_GINT64_FORMAT
                   ", this one knows %d); refusing to open it", version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version < SCHEMA_VERSION)
    {
      /* New databases, and older ones whose new tables were just created. */
      g_autofree char *sql = g_strdup_printf (
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '%d')", SCHEMA_VERSION);
      return exec_sql (store, sql, error);
    }
  return TRUE;
}

/* The log exists from the schema's commit on, and SQLite keeps it (same
 * file, reset in place) while any connection is open. */
static gboolean
open_log (RdStore     *store,
          const char  *path,
          GError     **error)
{
  g_autofree char *log_path = g_strconcat (path, "-wal", NULL);

  store->log_fd = open (log_path, O_RDONLY | O_CLOEXEC);
  if (store->log_fd < 0)
    {
      int saved = errno;

      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot open %s: %s",
                   log_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

int
rd_store_flush_log_fd (int fd)
{
  while (fdatasync (fd) != 0)
    if (errno != EINTR)
      return errno;
  return 0;
}

void
rd_store_set_flush_error (GError **error,
                          int      err)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
               "could not flush the store's log to disk: %s", g_strerror (err));
}

static gboolean
flush_log (RdStore  *store,
           GError  **error)
{
  int err = rd_store_flush_log_fd (store->log_fd);

  if (err != 0)
    rd_store_set_flush_error (error, err);
  return err == 0;
}

RdStore *
rd_store_open (const char  *path,
               GError     **error)
{
  RdStore *store;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  store = g_new0 (RdStore, 1);
  store->log_fd = -1;
  store->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                             (GDestroyNotify) sqlite3_finalize);
  rc = sqlite3_open_v2 (path, &store->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot open %s: %s",
                   path, store->db ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc));
      rd_store_close (store);
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  sqlite3_extended_result_codes (store->db, 0);

  if (!exec_sql (store,
                 "PRAGMA journal_mode=WAL;"
                 "PRAGMA synchronous=NORMAL;"
                 "PRAGMA foreign_keys=ON;"
                 "PRAGMA temp_store=MEMORY;"
                 /* 16 MiB of pages (2 MiB by default): under load the relay
                  * otherwise reads the same pages back with pread again and again. */
                 "PRAGMA cache_size=-16384;", error) ||
      !exec_sql (store, "BEGIN IMMEDIATE;", error))
    {
      g_prefix_error (error, "%s: ", path);
      rd_store_close (store);
      return NULL;
    }
  if (!exec_sql (store, schema_sql, error) ||
      !exec_sql (store, _rd_store_queue_schema, error) ||
      !exec_sql (store, _rd_store_files_schema, error) ||
      !check_schema_version (store, error) ||
      !exec_sql (store, "COMMIT;", error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite3_exec (store->db, "ROLLBACK;", NULL, NULL, NULL);
      rd_store_close (store);
      return NULL;
    }
  if (!open_log (store, path, error) || !flush_log (store, error))
    {
      rd_store_close (store);
      return NULL;
    }
  return store;
}

void
rd_store_close (RdStore *store)
{
  if (store == NULL)
    return;
  g_clear_pointer (&store->statements, g_hash_table_destroy);
  if (store->db)
    sqlite3_close_v2 (store->db);
  /* After SQLite's close: a close of another descriptor of a file would
   * drop the locks this process holds on it. */
  if (store->log_fd >= 0)
    close (store->log_fd);
  g_free (store);
}

gboolean
rd_store_backup (RdStore     *store,
                 const char  *dest_path,
                 GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open (dest_path, &dest);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot open %s", dest_path);
      sqlite3_close (dest);
      return FALSE;
    }
  backup = sqlite3_backup_init (dest, "main", store->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "backup: %s", sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "backup: %s", sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }
  sqlite3_close (dest);
  return TRUE;
}

gboolean
rd_store_begin (RdStore  *store,
                GError  **error)
{
  g_return_val_if_fail (!store->in_transaction, FALSE);

  if (!exec_sql (store, "BEGIN IMMEDIATE;", error))
    return FALSE;
  store->in_transaction = TRUE;
  return TRUE;
}

gboolean
rd_store_commit_visible (RdStore  *store,
                         GError  **error)
{
  g_return_val_if_fail (store->in_transaction, FALSE);

  if (!exec_sql (store, "COMMIT;", error))
    {
      rd_store_rollback (store);
      return FALSE;
    }
  store->in_transaction = FALSE;
  return TRUE;
}

gboolean
rd_store_commit (RdStore  *store,
                 GError  **error)
{
  return rd_store_commit_visible (store, error) && flush_log (store, error);
}

int
rd_store_log_fd (RdStore *store)
{
  return store->log_fd;
}

void
rd_store_rollback (RdStore *store)
{
  /* SQLite may already have rolled back by itself (SQLITE_FULL, IOERR). */
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK;", NULL, NULL, NULL);
  store->in_transaction = FALSE;
}

gboolean
rd_store_in_transaction (RdStore *store)
{
  return store->in_transaction;
}

/* ---- accounts ---- */

#define ACCOUNT_COLUMNS "id, username, display_name, role, password_hash, disabled, created, last_seq"

static RdAccount *
account_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  RdAccount *account = g_new0 (RdAccount, 1);

  account->id = sqlite3_column_int64 (stmt, first + 0);
  account->username = g_strdup ((const char *) sqlite3_column_text (stmt, first + 1));
  account->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, first + 2));
  if (!rd_role_from_string ((const char *) sqlite3_column_text (stmt, first + 3), &account->role))
    account->role = RD_ROLE_REQUESTER;
  account->password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, first + 4));
  account->disabled = sqlite3_column_int (stmt, first + 5) != 0;
  account->created = sqlite3_column_int64 (stmt, first + 6);
  account->last_seq = sqlite3_column_int64 (stmt, first + 7);
  return account;
}

/* Runs a query whose rows are accounts starting at column @first. */
static GPtrArray *
collect_accounts (RdStore       *store,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_account_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, account_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "read accounts", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static RdAccount *
single_account (RdStore       *store,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) rows = collect_accounts (store, stmt, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such account");
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
rd_store_account_add (RdStore     *store,
                      const char  *username,
                      const char  *display_name,
                      RdRole       role,
                      const char  *password_hash,
                      GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "INSERT INTO accounts (username, display_name, role, password_hash, created) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rd_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now_ms ());
  if (!step_done (store, stmt, "add account", error))
    {
      if (g_error_matches (*error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        {
          g_clear_error (error);
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS, "user %s already exists", username);
        }
      return FALSE;
    }
  return TRUE;
}

RdAccount *
rd_store_account_lookup (RdStore     *store,
                         const char  *username,
                         GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE username = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  return single_account (store, stmt, error);
}

RdAccount *
rd_store_account_by_id (RdStore  *store,
                        gint64    id,
                        GError  **error)
{
  sqlite3_stmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return single_account (store, stmt, error);
}

GPtrArray *
rd_store_account_list (RdStore  *store,
                       GError  **error)
{
  sqlite3_stmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY username", error);

  if (stmt == NULL)
    return NULL;
  return collect_accounts (store, stmt, error);
}

GPtrArray *
rd_store_account_search (RdStore     *store,
                         const char  *query,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GString) pattern = g_string_new ("%");
  sqlite3_stmt *stmt = prepare (store,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE disabled = 0 AND "
    "(username LIKE ?1 ESCAPE '\\' OR display_name LIKE ?1 ESCAPE '\\') ORDER BY username LIMIT ?2",
    error);

  if (stmt == NULL)
    return NULL;
  for (const char *p = query; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  sqlite3_bind_text (stmt, 1, pattern->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  return collect_accounts (store, stmt, error);
}

gboolean
rd_store_account_set_password (RdStore     *store,
                               gint64       id,
                               const char  *password_hash,
                               GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, "UPDATE accounts SET password_hash = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  return step_done (store, stmt, "set password", error);
}

gboolean
rd_store_account_set_disabled (RdStore  *store,
                               gint64    id,
                               gboolean  disabled,
                               GError  **error)
{
  sqlite3_stmt *stmt = prepare (store, "UPDATE accounts SET disabled = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, disabled ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  return step_done (store, stmt, "set disabled", error);
}

/* ---- sessions ---- */

gboolean
rd_store_session_add (RdStore     *store,
                      gint64       account_id,
                      const char  *token_hash,
                      const char  *device,
                      GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "INSERT INTO sessions (token_hash, account_id, device, created) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_text (stmt, 3, device ? device : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now_ms ());
  return step_done (store, stmt, "add session", error);
}

gint64
rd_store_session_lookup (RdStore     *store,
                         const char  *token_hash,
                         GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "SELECT account_id FROM sessions WHERE token_hash = ? AND revoked = 0", error);
  gint64 account_id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such session");
  else if (rc != SQLITE_ROW)
    set_sqlite_error (store, rc, "look up session", error);
  return account_id;
}

gboolean
rd_store_session_revoke (RdStore     *store,
                         const char  *token_hash,
                         GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, "revoke session", error);
}

gboolean
rd_store_session_revoke_all (RdStore  *store,
                             gint64    account_id,
                             GError  **error)
{
  sqlite3_stmt *stmt = prepare (store, "UPDATE sessions SET revoked = 1 WHERE account_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  return step_done (store, stmt, "revoke sessions", error);
}

/* ---- contacts ---- */

gboolean
rd_store_contact_add (RdStore     *store,
                      gint64       owner_id,
                      gint64       contact_id,
                      const char  *group,
                      GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "INSERT INTO contacts (owner_id, contact_id, grp) VALUES (?, ?, ?) "
    "ON CONFLICT (owner_id, contact_id) DO UPDATE SET grp = excluded.grp", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner_id);
  sqlite3_bind_int64 (stmt, 2, contact_id);
  sqlite3_bind_text (stmt, 3, group ? group : "", -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, "add contact", error);
}

gboolean
rd_store_contact_remove (RdStore  *store,
                         gint64    owner_id,
                         gint64    contact_id,
                         GError  **error)
{
  sqlite3_stmt *stmt = prepare (store, "DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, owner_id);
  sqlite3_bind_int64 (stmt, 2, contact_id);
  if (!step_done (store, stmt, "remove contact", error))
    return FALSE;
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "not a contact");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
rd_store_contact_list (RdStore  *store,
                       gint64    owner_id,
                       GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_contact_free);
  sqlite3_stmt *stmt = prepare (store,
    "SELECT a.id, a.username, a.display_name, a.role, a.password_hash, a.disabled, a.created, a.last_seq, c.grp "
    "FROM contacts c JOIN accounts a ON a.id = c.contact_id WHERE c.owner_id = ? ORDER BY c.grp, a.username",
    error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, owner_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdStoredContact *contact = g_new0 (RdStoredContact, 1);

      contact->account = account_from_row (stmt, 0);
      contact->group = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      g_clear_pointer (&contact->account->password_hash, g_free);
      g_ptr_array_add (result, contact);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "list contacts", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

GArray *
rd_store_contact_watchers (RdStore  *store,
                           gint64    contact_id,
                           GError  **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = prepare (store, "SELECT owner_id FROM contacts WHERE contact_id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, contact_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 owner = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (result, owner);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "list watchers", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* ---- messages ---- */

#define MESSAGE_COLUMNS \
  "m.id, m.uuid, m.sender_id, m.recipient_id, s.username, r.username, m.body, m.ts, m.delivered_ts, m.read_ts, m.sender_seq"
#define MESSAGE_FROM \
  " FROM messages m JOIN accounts s ON s.id = m.sender_id JOIN accounts r ON r.id = m.recipient_id "

static RdStoredMessage *
message_from_row (sqlite3_stmt *stmt)
{
  RdStoredMessage *message = g_new0 (RdStoredMessage, 1);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  message->sender_id = sqlite3_column_int64 (stmt, 2);
  message->recipient_id = sqlite3_column_int64 (stmt, 3);
  message->sender = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  message->recipient = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  message->body = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  message->ts = sqlite3_column_int64 (stmt, 7);
  message->delivered_ts = sqlite3_column_int64 (stmt, 8);
  message->read_ts = sqlite3_column_int64 (stmt, 9);
  message->sender_seq = sqlite3_column_int64 (stmt, 10);
  return message;
}

static GPtrArray *
collect_messages (RdStore       *store,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_message_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, message_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "read messages", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* NULL without error: no such message. */
static RdStoredMessage *
optional_message (RdStore       *store,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) rows = collect_messages (store, stmt, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

RdStoredMessage *
rd_store_message_find (RdStore     *store,
                       gint64       sender_id,
                       const char  *uuid,
                       GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM "WHERE m.sender_id = ? AND m.uuid = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sender_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  return optional_message (store, stmt, error);
}

RdStoredMessage *
rd_store_message_find_received (RdStore     *store,
                                gint64       recipient_id,
                                const char  *uuid,
                                GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM "WHERE m.recipient_id = ? AND m.uuid = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, recipient_id);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  return optional_message (store, stmt, error);
}

gboolean
rd_store_message_insert (RdStore          *store,
                         RdStoredMessage  *message,
                         GError          **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "INSERT INTO messages (uuid, sender_id, recipient_id, pair_lo, pair_hi, body, ts, sender_seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, message->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, message->sender_id);
  sqlite3_bind_int64 (stmt, 3, message->recipient_id);
  sqlite3_bind_int64 (stmt, 4, MIN (message->sender_id, message->recipient_id));
  sqlite3_bind_int64 (stmt, 5, MAX (message->sender_id, message->recipient_id));
  sqlite3_bind_text (stmt, 6, message->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, message->ts);
  sqlite3_bind_int64 (stmt, 8, message->sender_seq);
  if (!step_done (store, stmt, "store message", error))
    return FALSE;
  message->id = sqlite3_last_insert_rowid (store->db);
  return TRUE;
}

gboolean
rd_store_message_mark (RdStore  *store,
                       gint64    message_id,
                       gboolean  read,
                       gint64    ts,
                       GError  **error)
{
  /* Read implies delivered; neither ever moves back. */
  sqlite3_stmt *stmt = read
    ? prepare (store,
               "UPDATE messages SET read_ts = ?1, delivered_ts = CASE WHEN delivered_ts = 0 THEN ?1 "
               "ELSE delivered_ts END WHERE id = ?2 AND read_ts = 0", error)
    : prepare (store, "UPDATE messages SET delivered_ts = ?1 WHERE id = ?2 AND delivered_ts = 0", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ts);
  sqlite3_bind_int64 (stmt, 2, message_id);
  return step_done (store, stmt, "mark message", error);
}

GPtrArray *
rd_store_history (RdStore  *store,
                  gint64    account_a,
                  gint64    account_b,
                  gint64    before_id,
                  guint     limit,
                  GError  **error)
{
  GPtrArray *rows;
  sqlite3_stmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
    "WHERE m.pair_lo = ? AND m.pair_hi = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MIN (account_a, account_b));
  sqlite3_bind_int64 (stmt, 2, MAX (account_a, account_b));
  sqlite3_bind_int64 (stmt, 3, before_id > 0 ? before_id : G_MAXINT64);
  sqlite3_bind_int (stmt, 4, limit);
  rows = collect_messages (store, stmt, error);
  if (rows != NULL)
    {
      /* Oldest first, as a conversation reads. */
      for (guint i = 0; i < rows->len / 2; i++)
        {
          gpointer tmp = rows->pdata[i];
          rows->pdata[i] = rows->pdata[rows->len - 1 - i];
          rows->pdata[rows->len - 1 - i] = tmp;
        }
    }
  return rows;
}

/* ---- events ---- */

gint64
rd_store_next_seq (RdStore  *store,
                   gint64    account_id,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  int rc;

  stmt = prepare (store, "UPDATE accounts SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  /* Step to completion so the UPDATE is finished before anything else. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "next sequence number", error);
      return 0;
    }
  if (seq == 0)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such account");
  return seq;
}

gboolean
rd_store_event_insert (RdStore     *store,
                       gint64       account_id,
                       gint64       seq,
                       const char  *kind,
                       const char  *data,
                       gint64       ts,
                       GError     **error)
{
  sqlite3_stmt *stmt = prepare (store,
    "INSERT INTO events (account_id, seq, ts, kind, data) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_int64 (stmt, 3, ts);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, "append event", error);
}

gint64
rd_store_event_append (RdStore     *store,
                       gint64       account_id,
                       const char  *kind,
                       const char  *data,
                       gint64       ts,
                       GError     **error)
{
  gint64 seq = rd_store_next_seq (store, account_id, error);

  if (seq == 0 || !rd_store_event_insert (store, account_id, seq, kind, data, ts, error))
    return 0;
  return seq;
}

GPtrArray *
rd_store_events_since (RdStore  *store,
                       gint64    account_id,
                       gint64    since,
                       guint     limit,
                       GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_event_free);
  sqlite3_stmt *stmt = prepare (store,
    "SELECT seq, ts, kind, data FROM events WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdStoredEvent *event = g_new0 (RdStoredEvent, 1);

      event->seq = sqlite3_column_int64 (stmt, 0);
      event->ts = sqlite3_column_int64 (stmt, 1);
      event->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      event->data = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (result, event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store, rc, "read events", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}
