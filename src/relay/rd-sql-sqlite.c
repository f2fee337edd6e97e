/* rd-sql-sqlite.c: the SQLite driver of rd-sql.h, the embedded default.
 *
 * WAL mode. A commit writes its pages to the log (the -wal file) and is then
 * visible; it is on disk once the log is flushed with fdatasync (the store
 * does it, or the relay's writer thread for a group commit). SQLite's own
 * synchronous=NORMAL keeps the log and the database consistent at
 * checkpoints, so that flush of the log is all a commit needs (it is what
 * synchronous=FULL would do in place).
 */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rd-sql-private.h"
#include "rd-store.h"

struct _RdSqlStmt {
  RdSql        *sql;
  sqlite3_stmt *stmt;
};

typedef struct {
  RdSql       base;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* const char *text -> RdSqlStmt * */
  int         last_rc;
  int         log_fd;
} RdSqlSqlite;

#define SELF(sql) ((RdSqlSqlite *) (sql))

static void
stmt_free (RdSqlStmt *stmt)
{
  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

static gboolean
exec_script (RdSqlSqlite  *self,
             const char   *script,
             GError      **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (self->db, script, NULL, NULL, &errmsg);

  self->last_rc = rc;
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "%s", errmsg ? errmsg : sqlite3_errstr (rc));
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

static void
sqlite_close (RdSql *sql)
{
  RdSqlSqlite *self = SELF (sql);

  g_clear_pointer (&self->statements, g_hash_table_destroy);
  if (self->db)
    sqlite3_close_v2 (self->db);
  /* After SQLite's close: a close of another descriptor of a file would
   * drop the locks this process holds on it. */
  if (self->log_fd >= 0)
    close (self->log_fd);
  g_free (self->path);
  g_free (self);
}

static gboolean
sqlite_exec (RdSql       *sql,
             const char  *script,
             GError     **error)
{
  return exec_script (SELF (sql), script, error);
}

static gboolean
sqlite_begin (RdSql       *sql,
              const char  *then,
              GError     **error)
{
  if (!exec_script (SELF (sql), "BEGIN IMMEDIATE;", error))
    return FALSE;
  return then == NULL || exec_script (SELF (sql), then, error);
}

static gboolean
sqlite_commit (RdSql   *sql,
               GError **error)
{
  return exec_script (SELF (sql), "COMMIT;", error);
}

static void
sqlite_rollback (RdSql *sql)
{
  /* SQLite may already have rolled back by itself (SQLITE_FULL, IOERR). */
  if (!sqlite3_get_autocommit (SELF (sql)->db))
    sqlite3_exec (SELF (sql)->db, "ROLLBACK;", NULL, NULL, NULL);
}

static RdSqlStmt *
sqlite_prepare (RdSql       *sql,
                const char  *text,
                GError     **error)
{
  RdSqlSqlite *self = SELF (sql);
  RdSqlStmt *stmt = g_hash_table_lookup (self->statements, text);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt->stmt);
      sqlite3_clear_bindings (stmt->stmt);
      return stmt;
    }
  stmt = g_new0 (RdSqlStmt, 1);
  stmt->sql = sql;
  rc = sqlite3_prepare_v3 (self->db, text, -1, SQLITE_PREPARE_PERSISTENT, &stmt->stmt, NULL);
  self->last_rc = rc;
  if (rc != SQLITE_OK)
    {
      g_free (stmt);
      rd_sql_fail (sql, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) text, stmt);
  return stmt;
}

static void
sqlite_bind_int64 (RdSqlStmt *stmt,
                   int        index,
                   gint64     value)
{
  sqlite3_bind_int64 (stmt->stmt, index, value);
}

static void
sqlite_bind_text (RdSqlStmt  *stmt,
                  int         index,
                  const char *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt->stmt, index);
  else
    sqlite3_bind_text (stmt->stmt, index, value, -1, SQLITE_TRANSIENT);
}

static RdSqlStep
sqlite_step (RdSqlStmt *stmt)
{
  int rc = sqlite3_step (stmt->stmt);

  SELF (stmt->sql)->last_rc = rc;
  if (rc == SQLITE_ROW)
    return RD_SQL_ROW;
  if (rc == SQLITE_DONE)
    return RD_SQL_DONE;
  return RD_SQL_ERROR;
}

static void
sqlite_reset (RdSqlStmt *stmt)
{
  sqlite3_reset (stmt->stmt);
}

static gint64
sqlite_column_int64 (RdSqlStmt *stmt,
                     int        column)
{
  return sqlite3_column_int64 (stmt->stmt, column);
}

static double
sqlite_column_double (RdSqlStmt *stmt,
                      int        column)
{
  return sqlite3_column_double (stmt->stmt, column);
}

static const char *
sqlite_column_text (RdSqlStmt *stmt,
                    int        column)
{
  return (const char *) sqlite3_column_text (stmt->stmt, column);
}

static gint64
sqlite_changes (RdSqlStmt *stmt)
{
  return sqlite3_changes (SELF (stmt->sql)->db);
}

static gboolean
sqlite_fail (RdSql       *sql,
             const char  *what,
             GError     **error)
{
  RdSqlSqlite *self = SELF (sql);
  int code = (self->last_rc & 0xff) == SQLITE_CONSTRAINT ? RD_STORE_ERROR_EXISTS : RD_STORE_ERROR_FAILED;

  g_set_error (error, RD_STORE_ERROR, code, "%s: %s (SQLite %d)", what, sqlite3_errmsg (self->db),
               sqlite3_extended_errcode (self->db));
  return FALSE;
}

/* The log exists from the first commit on, and SQLite keeps it (same file,
 * reset in place) while any connection is open. */
static int
sqlite_log_fd (RdSql *sql)
{
  RdSqlSqlite *self = SELF (sql);

  if (self->log_fd < 0)
    {
      g_autofree char *log_path = g_strconcat (self->path, "-wal", NULL);

      /* -1 and errno when it cannot be opened. */
      self->log_fd = open (log_path, O_RDONLY | O_CLOEXEC);
    }
  return self->log_fd;
}

static gboolean
sqlite_backup (RdSql       *sql,
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
  backup = sqlite3_backup_init (dest, "main", SELF (sql)->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "backup: %s", sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  sqlite3_close (dest);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "backup: %s", sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static const RdSqlDriver sqlite_driver = {
  .engine = RD_SQL_SQLITE,
  .close = sqlite_close,
  .exec = sqlite_exec,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .prepare = sqlite_prepare,
  .bind_int64 = sqlite_bind_int64,
  .bind_text = sqlite_bind_text,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
  .changes = sqlite_changes,
  .fail = sqlite_fail,
  .log_fd = sqlite_log_fd,
  .backup = sqlite_backup,
};

RdSql *
_rd_sql_sqlite_open (const char  *path,
                     GError     **error)
{
  RdSqlSqlite *self = g_new0 (RdSqlSqlite, 1);
  int rc;

  self->base.driver = &sqlite_driver;
  self->path = g_strdup (path);
  self->log_fd = -1;
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) stmt_free);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot open %s: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite_close (&self->base);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 0);
  if (!exec_script (self,
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY;"
                    /* 16 MiB of pages (2 MiB by default): under load the relay
                     * otherwise reads the same pages back with pread again and again. */
                    "PRAGMA cache_size=-16384;", error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite_close (&self->base);
      return NULL;
    }
  return &self->base;
}
