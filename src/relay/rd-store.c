/* rd-store.c: the relay's durable state, on SQLite (the embedded default)
 * or PostgreSQL, through rd-sql.h.
 *
 * The server batches many requests into one transaction (group commit).
 * SQLite: a commit writes its pages to the write-ahead log and is then
 * visible; it is on disk once the log is flushed with fdatasync, which
 * rd_store_commit does before it returns and the relay's writer thread does
 * for rd_store_commit_visible. PostgreSQL: a commit is on disk when it
 * returns. Queries are written once for both (see rd-sql.h); only the
 * schemas differ (rd-store-pg-schema.c).
 */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "rd-store-private.h"

/* 2: the support queue (topics, agent profiles, requests), added tables only.
 * 3: files kept for offline recipients.
 * 4: live file transfers and their proxy tickets (shared by the relays). */
#define SCHEMA_VERSION 6

struct _RdStore {
  RdSql      *sql;
  gboolean    in_transaction;
  /* rd_store_notify_events: the accounts given events by the open
   * transaction, told to the other relays at its commit */
  char       *events_channel;
  char       *events_prefix;
  GHashTable *events_accounts;   /* gint64 * set */
};

#define NOTIFY_PAYLOAD_MAX 7900  /* PostgreSQL's limit is 8000 bytes */

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

gboolean
rd_account_is_directory (const RdAccount *account)
{
  return g_strcmp0 (account->password_hash, RD_DIRECTORY_PASSWORD_MARK) == 0;
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

RdSqlStmt *
_rd_store_prepare (RdStore     *store,
                   const char  *sql,
                   GError     **error)
{
  return rd_sql_prepare (store->sql, sql, error);
}

/* Runs a statement that returns no rows. */
gboolean
_rd_store_step_done (RdStore     *store,
                     RdSqlStmt      *stmt,
                     const char  *what,
                     GError     **error)
{
  RdSqlStep rc = rd_sql_step (stmt);

  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, what, error);
      rd_sql_reset (stmt);
      return FALSE;
    }
  rd_sql_reset (stmt);
  return TRUE;
}

static void
set_exists_error (const char  *what,
                  GError     **error)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS, "%s: already there", what);
}

gint64
_rd_store_insert_id (RdStore     *store,
                     RdSqlStmt   *stmt,
                     const char  *what,
                     GError     **error)
{
  gint64 id = 0;
  RdSqlStep rc = rd_sql_step (stmt);

  if (rc == RD_SQL_ROW)
    {
      id = rd_sql_column_int64 (stmt, 0);
      rc = rd_sql_step (stmt);
    }
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, what, error);
      id = 0;
    }
  else if (id == 0)
    set_exists_error (what, error);
  rd_sql_reset (stmt);
  return id;
}

gboolean
_rd_store_insert_new (RdStore     *store,
                      RdSqlStmt   *stmt,
                      const char  *what,
                      GError     **error)
{
  if (!_rd_store_step_done (store, stmt, what, error))
    return FALSE;
  if (rd_sql_changes (stmt) == 0)
    {
      set_exists_error (what, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_rd_store_fail (RdStore     *store,
                const char  *what,
                GError     **error)
{
  return rd_sql_fail (store->sql, what, error);
}

gint64
_rd_store_count_rows (RdStore     *store,
                      const char  *table,
                      GError     **error)
{
  /* Statements are cached by the address of their text: interned. */
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  RdSqlStmt *stmt = _rd_store_prepare (store, g_intern_string (sql), error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (rd_sql_step (stmt) == RD_SQL_ROW)
    count = rd_sql_column_int64 (stmt, 0);
  else
    _rd_store_fail (store, "count rows", error);
  rd_sql_reset (stmt);
  return count;
}

RdSql *
_rd_store_get_sql (RdStore *store)
{
  return store->sql;
}

GPtrArray *
_rd_store_collect (RdStore         *store,
                   RdSqlStmt       *stmt,
                   RdStoreRowFunc   from_row,
                   GDestroyNotify   free_func,
                   const char      *what,
                   GError         **error)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_func);
  RdSqlStep rc;

  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    g_ptr_array_add (rows, from_row (stmt));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (rows);
      _rd_store_fail (store, what, error);
      return NULL;
    }
  return rows;
}

GArray *
_rd_store_collect_ints (RdStore     *store,
                        RdSqlStmt   *stmt,
                        guint        n_columns,
                        const char  *what,
                        GError     **error)
{
  GArray *values = g_array_new (FALSE, FALSE, n_columns * sizeof (gint64));
  RdSqlStep rc;

  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      gint64 *row;

      g_array_set_size (values, values->len + 1);
      row = (gint64 *) (void *) values->data + (gsize) (values->len - 1) * n_columns;
      for (guint column = 0; column < n_columns; column++)
        row[column] = rd_sql_column_int64 (stmt, (int) column);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_array_unref (values);
      _rd_store_fail (store, what, error);
      return NULL;
    }
  return values;
}

GArray *
_rd_store_collect_ids (RdStore     *store,
                       RdSqlStmt   *stmt,
                       const char  *what,
                       GError     **error)
{
  return _rd_store_collect_ints (store, stmt, 1, what, error);
}

static RdSqlStmt *
prepare (RdStore     *store,
         const char  *sql,
         GError     **error)
{
  return rd_sql_prepare (store->sql, sql, error);
}

static gboolean
step_done (RdStore     *store,
           RdSqlStmt      *stmt,
           const char  *what,
           GError     **error)
{
  return _rd_store_step_done (store, stmt, what, error);
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
  RdSqlStmt *stmt;
  RdSqlStep rc;
  gint64 version = 0;

  stmt = prepare (store, "SELECT value FROM meta WHERE key = 'schema_version'", error);
  if (stmt == NULL)
    return FALSE;
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    version = g_ascii_strtoll (rd_sql_column_text (stmt, 0), NULL, 10);
  if (rc == RD_SQL_ERROR)
    _rd_store_fail (store, "read schema version", error);
  rd_sql_reset (stmt);
  if (rc == RD_SQL_ERROR)
    return FALSE;

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
      g_autofree char *text = g_strdup_printf ("%d", SCHEMA_VERSION);

      stmt = prepare (store,
                      "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
      if (stmt == NULL)
        return FALSE;
      rd_sql_bind_text (stmt, 1, text);
      return step_done (store, stmt, "write schema version", error);
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

/* Makes what is committed durable: a flush of SQLite's log; nothing to do
 * on PostgreSQL, whose commits are durable when they return. */
static gboolean
flush_log (RdStore  *store,
           GError  **error)
{
  int fd = rd_sql_log_fd (store->sql);
  int err;

  if (fd < 0)
    return TRUE;
  err = rd_store_flush_log_fd (fd);
  if (err != 0)
    rd_store_set_flush_error (error, err);
  return err == 0;
}

static gboolean
create_schema (RdStore  *store,
               GError  **error)
{
  if (rd_sql_engine (store->sql) == RD_SQL_POSTGRESQL)
    return rd_sql_exec (store->sql, _rd_store_pg_schema, error) &&
           rd_sql_exec (store->sql, _rd_store_transfers_schema, error) &&
           rd_sql_exec (store->sql, _rd_store_topic_policy_schema, error) &&
           rd_sql_exec (store->sql, _rd_store_facts_schema, error) &&
           rd_sql_exec (store->sql, _rd_store_webhooks_schema, error);
  return rd_sql_exec (store->sql, schema_sql, error) &&
         rd_sql_exec (store->sql, _rd_store_queue_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_files_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_history_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_topic_policy_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_transfers_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_facts_schema, error) &&
         rd_sql_exec (store->sql, _rd_store_webhooks_schema, error);
}

RdStore *
rd_store_open (const char  *where,
               GError     **error)
{
  RdStore *store = g_new0 (RdStore, 1);
  g_autofree char *described = rd_sql_describe (where);

  store->sql = rd_sql_open (where, error);
  if (store->sql == NULL)
    {
      g_free (store);
      return NULL;
    }
  if (!rd_sql_begin (store->sql, error))
    {
      g_prefix_error (error, "%s: ", described);
      rd_store_close (store);
      return NULL;
    }
  if (!create_schema (store, error) ||
      !check_schema_version (store, error) ||
      !rd_sql_commit (store->sql, error))
    {
      g_prefix_error (error, "%s: ", described);
      rd_sql_rollback (store->sql);
      rd_store_close (store);
      return NULL;
    }
  if (rd_sql_engine (store->sql) == RD_SQL_SQLITE && rd_sql_log_fd (store->sql) < 0)
    {
      int saved = errno;

      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot open %s-wal: %s",
                   where, g_strerror (saved));
      rd_store_close (store);
      return NULL;
    }
  if (!flush_log (store, error))
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
  rd_sql_close (store->sql);
  g_clear_pointer (&store->events_accounts, g_hash_table_unref);
  g_free (store->events_channel);
  g_free (store->events_prefix);
  g_free (store);
}

gboolean
rd_store_backup (RdStore     *store,
                 const char  *dest_path,
                 GError     **error)
{
  return rd_sql_backup (store->sql, dest_path, error);
}

/* PostgreSQL: one writing transaction at a time among the relays sharing
 * the database. A relay's transaction holds the writes of many requests
 * (group commit), which take row locks (an account's next sequence number,
 * a message's receipt) in whatever order the requests came; two relays
 * doing so at once could deadlock, and PostgreSQL would only say so after
 * deadlock_timeout, with both relays stopped meanwhile. In turns, the
 * sequence numbers of an account are also committed in their order. */
#define WRITER_TURN "SELECT pg_advisory_xact_lock (7465738)"

gboolean
rd_store_begin (RdStore  *store,
                GError  **error)
{
  gboolean postgresql = rd_sql_engine (store->sql) == RD_SQL_POSTGRESQL;

  g_return_val_if_fail (!store->in_transaction, FALSE);

  /* The turn is taken with the BEGIN: one round trip. */
  if (!rd_sql_begin_with (store->sql, postgresql ? WRITER_TURN : NULL, error))
    {
      g_prefix_error (error, "begin a transaction: ");
      return FALSE;
    }
  store->in_transaction = TRUE;
  return TRUE;
}

void
rd_store_notify_events (RdStore    *store,
                        const char *channel,
                        const char *prefix)
{
  g_free (store->events_channel);
  store->events_channel = g_strdup (channel);
  g_free (store->events_prefix);
  store->events_prefix = g_strdup (prefix);
  if (store->events_accounts == NULL)
    store->events_accounts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

void
rd_store_set_application_name (RdStore    *store,
                               const char *name)
{
  rd_sql_set_application_name (store->sql, name);
}

/* NOTIFYs, in the transaction about to commit, which accounts it gave
 * events to: as many notifications as the payload limit needs. */
static gboolean
notify_event_accounts (RdStore  *store,
                       GError  **error)
{
  g_autoptr(GString) payload = NULL;
  GHashTableIter iter;
  gpointer key;

  if (store->events_accounts == NULL || g_hash_table_size (store->events_accounts) == 0)
    return TRUE;
  payload = g_string_new (store->events_prefix);
  g_string_append_c (payload, '|');
  g_hash_table_iter_init (&iter, store->events_accounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (payload->len > NOTIFY_PAYLOAD_MAX)
        {
          g_string_truncate (payload, payload->len - 1);
          if (!rd_store_notify (store, store->events_channel, payload->str, error))
            return FALSE;
          g_string_printf (payload, "%s|", store->events_prefix);
        }
      g_string_append_printf (payload, "%" G_GINT64_FORMAT ",", *(gint64 *) key);
    }
  g_string_truncate (payload, payload->len - 1);
  g_hash_table_remove_all (store->events_accounts);
  return rd_store_notify (store, store->events_channel, payload->str, error);
}

gboolean
rd_store_commit_visible (RdStore  *store,
                         GError  **error)
{
  g_return_val_if_fail (store->in_transaction, FALSE);

  if (!notify_event_accounts (store, error) || !rd_sql_commit (store->sql, error))
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
  return rd_sql_log_fd (store->sql);
}

void
rd_store_rollback (RdStore *store)
{
  if (store->events_accounts != NULL)
    g_hash_table_remove_all (store->events_accounts);
  rd_sql_rollback (store->sql);
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
account_from_row (RdSqlStmt *stmt,
                  int           first)
{
  RdAccount *account = g_new0 (RdAccount, 1);

  account->id = rd_sql_column_int64 (stmt, first + 0);
  account->username = g_strdup (rd_sql_column_text (stmt, first + 1));
  account->display_name = g_strdup (rd_sql_column_text (stmt, first + 2));
  if (!rd_role_from_string (rd_sql_column_text (stmt, first + 3), &account->role))
    account->role = RD_ROLE_REQUESTER;
  account->password_hash = g_strdup (rd_sql_column_text (stmt, first + 4));
  account->disabled = rd_sql_column_int64 (stmt, first + 5) != 0;
  account->created = rd_sql_column_int64 (stmt, first + 6);
  account->last_seq = rd_sql_column_int64 (stmt, first + 7);
  return account;
}

/* Runs a query whose rows are accounts starting at column @first. */
static GPtrArray *
collect_accounts (RdStore       *store,
                  RdSqlStmt     *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_account_free);
  int rc;

  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    g_ptr_array_add (result, account_from_row (stmt, 0));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "read accounts", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static RdAccount *
single_account (RdStore       *store,
                RdSqlStmt     *stmt,
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
  RdSqlStmt *stmt = prepare (store,
    "INSERT INTO accounts (username, display_name, role, password_hash, created) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING",
    error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, username);
  rd_sql_bind_text (stmt, 2, display_name);
  rd_sql_bind_text (stmt, 3, rd_role_to_string (role));
  rd_sql_bind_text (stmt, 4, password_hash);
  rd_sql_bind_int64 (stmt, 5, now_ms ());
  if (!_rd_store_insert_new (store, stmt, "add account", error))
    {
      if (error != NULL && g_error_matches (*error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
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
  RdSqlStmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE username = ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, username);
  return single_account (store, stmt, error);
}

RdAccount *
rd_store_account_by_id (RdStore  *store,
                        gint64    id,
                        GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, id);
  return single_account (store, stmt, error);
}

GPtrArray *
rd_store_account_list (RdStore  *store,
                       GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY username", error);

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
  RdSqlStmt *stmt = prepare (store,
    "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE disabled = 0 AND "
    "(lower (username) LIKE lower (?1) ESCAPE '\\' OR lower (display_name) LIKE lower (?1) ESCAPE '\\') "
    "ORDER BY username LIMIT ?2",
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
  rd_sql_bind_text (stmt, 1, pattern->str);
  rd_sql_bind_int64 (stmt, 2, limit);
  return collect_accounts (store, stmt, error);
}

gboolean
rd_store_account_set_password (RdStore     *store,
                               gint64       id,
                               const char  *password_hash,
                               GError     **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE accounts SET password_hash = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, password_hash);
  rd_sql_bind_int64 (stmt, 2, id);
  return step_done (store, stmt, "set password", error);
}

gboolean
rd_store_account_set_disabled (RdStore  *store,
                               gint64    id,
                               gboolean  disabled,
                               GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE accounts SET disabled = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, disabled ? 1 : 0);
  rd_sql_bind_int64 (stmt, 2, id);
  return step_done (store, stmt, "set disabled", error);
}

gboolean
rd_store_account_set_profile (RdStore     *store,
                              gint64       id,
                              const char  *display_name,
                              RdRole       role,
                              GError     **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE accounts SET display_name = ?, role = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, display_name);
  rd_sql_bind_text (stmt, 2, rd_role_to_string (role));
  rd_sql_bind_int64 (stmt, 3, id);
  return step_done (store, stmt, "set profile", error);
}

/* ---- sessions ---- */

gboolean
rd_store_session_add (RdStore     *store,
                      gint64       account_id,
                      const char  *token_hash,
                      const char  *device,
                      GError     **error)
{
  RdSqlStmt *stmt = prepare (store,
    "INSERT INTO sessions (token_hash, account_id, device, created) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, token_hash);
  rd_sql_bind_int64 (stmt, 2, account_id);
  rd_sql_bind_text (stmt, 3, device ? device : "");
  rd_sql_bind_int64 (stmt, 4, now_ms ());
  return step_done (store, stmt, "add session", error);
}

gint64
rd_store_session_lookup (RdStore     *store,
                         const char  *token_hash,
                         GError     **error)
{
  RdSqlStmt *stmt = prepare (store,
    "SELECT account_id FROM sessions WHERE token_hash = ? AND revoked = 0", error);
  gint64 account_id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_text (stmt, 1, token_hash);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    account_id = rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc == RD_SQL_DONE)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such session");
  else if (rc != RD_SQL_ROW)
    _rd_store_fail (store, "look up session", error);
  return account_id;
}

gboolean
rd_store_session_revoke (RdStore     *store,
                         const char  *token_hash,
                         GError     **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, token_hash);
  return step_done (store, stmt, "revoke session", error);
}

gboolean
rd_store_session_revoke_all (RdStore  *store,
                             gint64    account_id,
                             GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE sessions SET revoked = 1 WHERE account_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, account_id);
  return step_done (store, stmt, "revoke sessions", error);
}

gint64
rd_store_sessions_active (RdStore  *store,
                          gint64    account_id,
                          GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "SELECT count(*) FROM sessions WHERE account_id = ? AND revoked = 0", error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  rd_sql_bind_int64 (stmt, 1, account_id);
  if (rd_sql_step (stmt) == RD_SQL_ROW)
    count = rd_sql_column_int64 (stmt, 0);
  else
    _rd_store_fail (store, "count sessions", error);
  rd_sql_reset (stmt);
  return count;
}

/* ---- contacts ---- */

gboolean
rd_store_contact_add (RdStore     *store,
                      gint64       owner_id,
                      gint64       contact_id,
                      const char  *group,
                      GError     **error)
{
  RdSqlStmt *stmt = prepare (store,
    "INSERT INTO contacts (owner_id, contact_id, grp) VALUES (?, ?, ?) "
    "ON CONFLICT (owner_id, contact_id) DO UPDATE SET grp = excluded.grp", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, owner_id);
  rd_sql_bind_int64 (stmt, 2, contact_id);
  rd_sql_bind_text (stmt, 3, group ? group : "");
  return step_done (store, stmt, "add contact", error);
}

gboolean
rd_store_contact_remove (RdStore  *store,
                         gint64    owner_id,
                         gint64    contact_id,
                         GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "DELETE FROM contacts WHERE owner_id = ? AND contact_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, owner_id);
  rd_sql_bind_int64 (stmt, 2, contact_id);
  if (!step_done (store, stmt, "remove contact", error))
    return FALSE;
  if (rd_sql_changes (stmt) == 0)
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
  RdSqlStmt *stmt = prepare (store,
    "SELECT a.id, a.username, a.display_name, a.role, a.password_hash, a.disabled, a.created, a.last_seq, c.grp "
    "FROM contacts c JOIN accounts a ON a.id = c.contact_id WHERE c.owner_id = ? ORDER BY c.grp, a.username",
    error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, owner_id);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdStoredContact *contact = g_new0 (RdStoredContact, 1);

      contact->account = account_from_row (stmt, 0);
      contact->group = g_strdup (rd_sql_column_text (stmt, 8));
      g_clear_pointer (&contact->account->password_hash, g_free);
      g_ptr_array_add (result, contact);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "list contacts", error);
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
  RdSqlStmt *stmt = prepare (store, "SELECT owner_id FROM contacts WHERE contact_id = ? ORDER BY owner_id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, contact_id);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      gint64 owner = rd_sql_column_int64 (stmt, 0);
      g_array_append_val (result, owner);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "list watchers", error);
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
message_from_row (RdSqlStmt *stmt)
{
  RdStoredMessage *message = g_new0 (RdStoredMessage, 1);

  message->id = rd_sql_column_int64 (stmt, 0);
  message->uuid = g_strdup (rd_sql_column_text (stmt, 1));
  message->sender_id = rd_sql_column_int64 (stmt, 2);
  message->recipient_id = rd_sql_column_int64 (stmt, 3);
  message->sender = g_strdup (rd_sql_column_text (stmt, 4));
  message->recipient = g_strdup (rd_sql_column_text (stmt, 5));
  message->body = g_strdup (rd_sql_column_text (stmt, 6));
  message->ts = rd_sql_column_int64 (stmt, 7);
  message->delivered_ts = rd_sql_column_int64 (stmt, 8);
  message->read_ts = rd_sql_column_int64 (stmt, 9);
  message->sender_seq = rd_sql_column_int64 (stmt, 10);
  return message;
}

static GPtrArray *
collect_messages (RdStore       *store,
                  RdSqlStmt     *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_message_free);
  int rc;

  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    g_ptr_array_add (result, message_from_row (stmt));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "read messages", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* NULL without error: no such message. */
static RdStoredMessage *
optional_message (RdStore       *store,
                  RdSqlStmt     *stmt,
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
  RdSqlStmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM "WHERE m.sender_id = ? AND m.uuid = ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, sender_id);
  rd_sql_bind_text (stmt, 2, uuid);
  return optional_message (store, stmt, error);
}

RdStoredMessage *
rd_store_message_find_received (RdStore     *store,
                                gint64       recipient_id,
                                const char  *uuid,
                                GError     **error)
{
  RdSqlStmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM "WHERE m.recipient_id = ? AND m.uuid = ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, recipient_id);
  rd_sql_bind_text (stmt, 2, uuid);
  return optional_message (store, stmt, error);
}

gboolean
rd_store_message_insert (RdStore          *store,
                         RdStoredMessage  *message,
                         GError          **error)
{
  RdSqlStmt *stmt = prepare (store,
    "INSERT INTO messages (uuid, sender_id, recipient_id, pair_lo, pair_hi, body, ts, sender_seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, message->uuid);
  rd_sql_bind_int64 (stmt, 2, message->sender_id);
  rd_sql_bind_int64 (stmt, 3, message->recipient_id);
  rd_sql_bind_int64 (stmt, 4, MIN (message->sender_id, message->recipient_id));
  rd_sql_bind_int64 (stmt, 5, MAX (message->sender_id, message->recipient_id));
  rd_sql_bind_text (stmt, 6, message->body);
  rd_sql_bind_int64 (stmt, 7, message->ts);
  rd_sql_bind_int64 (stmt, 8, message->sender_seq);
  message->id = _rd_store_insert_id (store, stmt, "store message", error);
  return message->id != 0;
}

gboolean
rd_store_message_mark (RdStore  *store,
                       gint64    message_id,
                       gboolean  read,
                       gint64    ts,
                       GError  **error)
{
  /* Read implies delivered; neither ever moves back. */
  RdSqlStmt *stmt = read
    ? prepare (store,
               "UPDATE messages SET read_ts = ?1, delivered_ts = CASE WHEN delivered_ts = 0 THEN ?1 "
               "ELSE delivered_ts END WHERE id = ?2 AND read_ts = 0", error)
    : prepare (store, "UPDATE messages SET delivered_ts = ?1 WHERE id = ?2 AND delivered_ts = 0", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, ts);
  rd_sql_bind_int64 (stmt, 2, message_id);
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
  RdSqlStmt *stmt = prepare (store,
    "SELECT " MESSAGE_COLUMNS MESSAGE_FROM
    "WHERE m.pair_lo = ? AND m.pair_hi = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, MIN (account_a, account_b));
  rd_sql_bind_int64 (stmt, 2, MAX (account_a, account_b));
  rd_sql_bind_int64 (stmt, 3, before_id > 0 ? before_id : G_MAXINT64);
  rd_sql_bind_int64 (stmt, 4, limit);
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

/* Steps @stmt, which returns one account's new sequence number (or no
 * row: no such account), to its end. */
static gint64
step_for_seq (RdStore     *store,
              RdSqlStmt   *stmt,
              const char  *what,
              GError     **error)
{
  gint64 seq = 0;
  int rc = rd_sql_step (stmt);

  if (rc == RD_SQL_ROW)
    seq = rd_sql_column_int64 (stmt, 0);
  /* Step to completion so the UPDATE is finished before anything else. */
  while (rc == RD_SQL_ROW)
    rc = rd_sql_step (stmt);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, what, error);
      return 0;
    }
  if (seq == 0)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such account");
  return seq;
}

gint64
rd_store_next_seq (RdStore  *store,
                   gint64    account_id,
                   GError  **error)
{
  RdSqlStmt *stmt = prepare (store, "UPDATE accounts SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
                             error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, account_id);
  return step_for_seq (store, stmt, "next sequence number", error);
}

/* The open transaction gave @account_id an event: the other relays are
 * told at its commit. */
static void
note_event_account (RdStore *store,
                    gint64   account_id)
{
  if (store->events_accounts != NULL)
    g_hash_table_add (store->events_accounts, g_memdup2 (&account_id, sizeof account_id));
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
  RdSqlStmt *stmt = prepare (store,
    "INSERT INTO events (account_id, seq, ts, kind, data) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, seq);
  rd_sql_bind_int64 (stmt, 3, ts);
  rd_sql_bind_text (stmt, 4, kind);
  rd_sql_bind_text (stmt, 5, data);
  if (!step_done (store, stmt, "append event", error))
    return FALSE;
  note_event_account (store, account_id);
  return TRUE;
}

/* PostgreSQL: the next number and the event in one statement, so one
 * round trip to the server rather than two. */
static gint64
append_in_one_statement (RdStore     *store,
                         gint64       account_id,
                         const char  *kind,
                         const char  *data,
                         gint64       ts,
                         GError     **error)
{
  RdSqlStmt *stmt = prepare (store,
    "WITH next AS (UPDATE accounts SET last_seq = last_seq + 1 WHERE id = ?1 RETURNING last_seq) "
    "INSERT INTO events (account_id, seq, ts, kind, data) "
    "SELECT ?1, last_seq, ?2::bigint, ?3::text, ?4::text FROM next RETURNING seq", error);
  gint64 seq;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, ts);
  rd_sql_bind_text (stmt, 3, kind);
  rd_sql_bind_text (stmt, 4, data);
  seq = step_for_seq (store, stmt, "append event", error);
  if (seq != 0)
    note_event_account (store, account_id);
  return seq;
}

gint64
rd_store_event_append (RdStore     *store,
                       gint64       account_id,
                       const char  *kind,
                       const char  *data,
                       gint64       ts,
                       GError     **error)
{
  gint64 seq;

  if (rd_sql_engine (store->sql) == RD_SQL_POSTGRESQL)
    return append_in_one_statement (store, account_id, kind, data, ts, error);
  seq = rd_store_next_seq (store, account_id, error);

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
  RdSqlStmt *stmt = prepare (store,
    "SELECT seq, ts, kind, data FROM events WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, since);
  rd_sql_bind_int64 (stmt, 3, limit);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdStoredEvent *event = g_new0 (RdStoredEvent, 1);

      event->seq = rd_sql_column_int64 (stmt, 0);
      event->ts = rd_sql_column_int64 (stmt, 1);
      event->kind = g_strdup (rd_sql_column_text (stmt, 2));
      event->data = g_strdup (rd_sql_column_text (stmt, 3));
      g_ptr_array_add (result, event);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "read events", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}
