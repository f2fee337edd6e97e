/* rd-sql-pg.c: the PostgreSQL driver of rd-sql.h, on libpq.
 *
 * Each statement is prepared on the server once per connection (named
 * rd_1, rd_2, ...), its "?"/"?N" parameters turned into $N; parameters go
 * as text and PostgreSQL infers their types from where they stand. A
 * statement's rows are all fetched when it runs. A commit is durable when
 * COMMIT returns (synchronous_commit, PostgreSQL's default).
 *
 * A statement that fails inside a transaction aborts the whole transaction
 * in PostgreSQL (SQLite only undoes the statement); the store therefore
 * writes its expected failures (a name already taken) as statements that
 * cannot fail (ON CONFLICT DO NOTHING) and anything else fails the batch.
 * When the server goes away, the next transaction connects again.
 */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "rd-sql-private.h"
#include "rd-store.h"

#define TEXT_OID 25
/* A request unanswered this long: the server is taken for gone (a host
 * that vanished, or a server stopped or hung), the connection dropped. */
#define REQUEST_TIMEOUT_MS 5000
/* Every session: a relay that stopped inside a transaction (SIGSTOP, a
 * hung machine) must not hold the writer's turn for the others forever. */
#define SESSION_SETUP "SET synchronous_commit = on; SET client_min_messages = warning; " \
                      "SET idle_in_transaction_session_timeout = '10s'"

struct _RdSqlStmt {
  RdSql      *sql;
  char       *text;        /* with $N parameters */
  char        name[24];
  guint       generation;  /* of the connection it was prepared on; 0: not yet */
  int         n_params;
  char      **values;      /* n_params, NULL for NULL */
  Oid        *types;       /* 0 (inferred) for a parameter used, text for one not */
  PGresult   *result;
  int         next_row;
  gint64      changes;
};

typedef struct {
  RdSql       base;
  char       *url;
  char       *application_name;
  PGconn     *conn;        /* NULL after a request timed out, until the next connection */
  gint64      retry_after; /* monotonic µs: no new connection tried before */
  guint       generation;  /* goes up at every new connection */
  guint       next_name;
  GHashTable *statements;  /* const char *text -> RdSqlStmt * */
  char       *last_error;
  char        last_state[6];
  gboolean    last_unavailable; /* the last failure was the connection's, not the SQL's */
  gboolean    in_transaction;
  gboolean    aborted;     /* a statement of the open transaction failed */
  GString    *at_commit;   /* "SELECT pg_notify (...);" to send with the COMMIT */
} RdSqlPg;

#define SELF(sql) ((RdSqlPg *) (sql))

/* "?" and "?N" outside quotes to "$N", numbered as SQLite numbers them: a
 * bare "?" takes one more than the largest number so far. */
static char *
translate_parameters (const char  *text,
                      int         *out_n_params,
                      GArray      *used)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  gboolean quoted = FALSE;
  int largest = 0;

  for (const char *p = text; *p; p++)
    {
      int index;

      if (*p == '\'')
        quoted = !quoted;
      if (quoted || *p != '?')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (g_ascii_isdigit (p[1]))
        {
          char *end;

          index = (int) strtol (p + 1, &end, 10);
          p = end - 1;
        }
      else
        index = largest + 1;
      largest = MAX (largest, index);
      if ((guint) index > used->len)
        g_array_set_size (used, index);
      g_array_index (used, gboolean, index - 1) = TRUE;
      g_string_append_printf (out, "$%d", index);
    }
  *out_n_params = largest;
  return g_string_free (out, FALSE);
}

static void
remember_error (RdSqlPg        *self,
                const PGresult *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result ? PQresultErrorMessage (result) : NULL;

  if (result == NULL && self->conn == NULL)
    return;   /* dropped after a timeout, which said why */

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  g_free (self->last_error);
  self->last_error = g_strstrip (g_strdup (message && *message ? message : "unknown error"));
  g_strlcpy (self->last_state, state ? state : "", sizeof self->last_state);
  /* 08: connection exception; 57: the server shutting down or starting. */
  self->last_unavailable = PQstatus (self->conn) != CONNECTION_OK ||
                           g_str_has_prefix (self->last_state, "08") || g_str_has_prefix (self->last_state, "57");
  if (PQtransactionStatus (self->conn) == PQTRANS_INERROR)
    self->aborted = TRUE;
}

static void
ignore_notice (void       *data,
               const char *message)
{
  /* "relation ... already exists, skipping" and the like. */
  g_debug ("PostgreSQL: %s", message);
}

static void
drop_connection (RdSqlPg    *self,
                 const char *why)
{
  g_free (self->last_error);
  self->last_error = g_strdup (why);
  self->last_state[0] = '\0';
  self->last_unavailable = TRUE;
  g_clear_pointer (&self->conn, PQfinish);
}

/* Waits until @conn's socket is ready for @events or @deadline (monotonic
 * µs) passes: FALSE then. */
static gboolean
wait_socket (PGconn *conn,
             short   events,
             gint64  deadline)
{
  for (;;)
    {
      struct pollfd ready = { .fd = PQsocket (conn), .events = events };
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      int n = left_ms > 0 ? poll (&ready, 1, (int) left_ms) : 0;

      if (n < 0 && errno == EINTR)
        continue;
      return n > 0;
    }
}

PGresult *
_rd_sql_pg_await (PGconn   *conn,
                  guint     timeout_ms,
                  gboolean *out_timed_out)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  PGresult *kept = NULL;
  PGresult *next;
  int flushed;

  *out_timed_out = FALSE;
  /* A non-blocking connection may still hold some of the request. */
  while ((flushed = PQflush (conn)) == 1)
    if (!wait_socket (conn, POLLOUT, deadline))
      {
        *out_timed_out = TRUE;
        return NULL;
      }
  for (;;)
    {
      while (flushed == 0 && PQisBusy (conn))
        {
          if (!wait_socket (conn, POLLIN, deadline))
            {
              g_clear_pointer (&kept, PQclear);
              *out_timed_out = TRUE;
              return NULL;
            }
          if (!PQconsumeInput (conn))
            break;   /* the connection broke: PQgetResult says so */
        }
      next = PQgetResult (conn);
      if (next == NULL)
        return kept;
      if (kept != NULL && PQresultStatus (kept) == PGRES_FATAL_ERROR)
        PQclear (next);
      else
        {
          PQclear (kept);
          kept = next;
        }
    }
}

/* The answer to what was just sent on the relay's connection, or NULL
 * with the connection dropped when there was none in time. */
static PGresult *
await_result (RdSqlPg *self)
{
  gboolean timed_out;
  PGresult *result = _rd_sql_pg_await (self->conn, REQUEST_TIMEOUT_MS, &timed_out);

  if (timed_out)
    drop_connection (self, "PostgreSQL did not answer within 5 s");
  return result;
}

/* Sent with @sent (0: could not be sent), then awaited. */
static PGresult *
request (RdSqlPg *self,
         int      sent)
{
  if (!sent)
    return NULL;
  return await_result (self);
}

static gboolean run_script (RdSqlPg *self, const char *script, GError **error);

/* A new connection, set up as every session of the relay is. */
/* After a failed attempt, requests fail at once for this long rather than
 * each wait for another (up to connect_timeout, 3 s, on a server that
 * does not answer). */
#define RECONNECT_PAUSE_US (2 * G_USEC_PER_SEC)

static gboolean
connect_session (RdSqlPg  *self,
                 GError  **error)
{
  g_clear_pointer (&self->conn, PQfinish);
  if (g_get_monotonic_time () < self->retry_after)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNAVAILABLE,
                   "cannot reach PostgreSQL: %s (trying again in a moment)", self->last_error);
      return FALSE;
    }
  self->conn = _rd_sql_pg_connect (self->url, self->application_name);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_free (self->last_error);
      self->last_error = g_strstrip (g_strdup (PQerrorMessage (self->conn)));
      self->last_unavailable = TRUE;
      self->retry_after = g_get_monotonic_time () + RECONNECT_PAUSE_US;
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNAVAILABLE, "cannot reach PostgreSQL: %s",
                   self->last_error);
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }
  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);
  self->generation++;
  if (PQsetClientEncoding (self->conn, "UTF8") != 0 || !run_script (self, SESSION_SETUP, error))
    {
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_connected (RdSqlPg  *self,
                  GError  **error)
{
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  if (self->in_transaction)
    {
      /* A new connection would run the rest outside the transaction. */
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNAVAILABLE, "lost the connection to PostgreSQL");
      return FALSE;
    }
  return connect_session (self, error);
}

/* Runs @script (no parameters) with the simple query protocol. */
static gboolean
run_script (RdSqlPg     *self,
            const char  *script,
            GError     **error)
{
  PGresult *result = self->conn ? request (self, PQsendQuery (self->conn, script)) : NULL;
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    {
      remember_error (self, result);
      g_set_error (error, RD_STORE_ERROR,
                   self->last_unavailable ? RD_STORE_ERROR_UNAVAILABLE : RD_STORE_ERROR_FAILED,
                   "%s", self->last_error);
    }
  PQclear (result);
  return ok;
}

static void
stmt_clear_values (RdSqlStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->values[i], g_free);
}

static void
stmt_reset (RdSqlStmt *stmt)
{
  g_clear_pointer (&stmt->result, PQclear);
  stmt->next_row = 0;
}

static void
stmt_free (RdSqlStmt *stmt)
{
  stmt_reset (stmt);
  stmt_clear_values (stmt);
  g_free (stmt->values);
  g_free (stmt->types);
  g_free (stmt->text);
  g_free (stmt);
}

static void
pg_close (RdSql *sql)
{
  RdSqlPg *self = SELF (sql);

  g_clear_pointer (&self->statements, g_hash_table_destroy);
  g_string_free (self->at_commit, TRUE);
  g_free (self->url);
  g_free (self->application_name);
  if (self->conn)
    PQfinish (self->conn);
  g_free (self->last_error);
  g_free (self);
}

static gboolean
pg_exec (RdSql       *sql,
         const char  *script,
         GError     **error)
{
  return ensure_connected (SELF (sql), error) && run_script (SELF (sql), script, error);
}

static gboolean
pg_begin (RdSql       *sql,
          const char  *then,
          GError     **error)
{
  RdSqlPg *self = SELF (sql);
  g_autofree char *script = g_strconcat ("BEGIN", then ? "; " : NULL, then, NULL);

  self->aborted = FALSE;
  g_string_truncate (self->at_commit, 0);
  if (!ensure_connected (self, error))
    return FALSE;
  if (!run_script (self, script, error))
    {
      /* BEGIN went through but @then failed: the transaction is open, aborted. */
      if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
        run_script (self, "ROLLBACK", NULL);
      return FALSE;
    }
  self->in_transaction = TRUE;
  return TRUE;
}

static void
pg_notify_at_commit (RdSql      *sql,
                     const char *channel,
                     const char *payload)
{
  RdSqlPg *self = SELF (sql);
  char *channel_literal = PQescapeLiteral (self->conn, channel, strlen (channel));
  char *payload_literal = PQescapeLiteral (self->conn, payload, strlen (payload));

  /* NULL only when out of memory or with an invalid encoding. */
  if (channel_literal != NULL && payload_literal != NULL)
    g_string_append_printf (self->at_commit, "SELECT pg_notify (%s, %s); ", channel_literal, payload_literal);
  else
    g_warning ("cannot quote a notification for PostgreSQL: %s", PQerrorMessage (self->conn));
  PQfreemem (channel_literal);
  PQfreemem (payload_literal);
}

static void
pg_set_application_name (RdSql      *sql,
                         const char *name)
{
  RdSqlPg *self = SELF (sql);
  g_autofree char *given = g_steal_pointer (&self->application_name);
  g_autofree char *set = NULL;
  char *literal;

  self->application_name = g_strdup (name);
  /* The open connection too, unless the URL named it (the URL wins, as
   * when connecting); a later one is opened with it. */
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK || self->in_transaction ||
      g_strcmp0 (PQparameterStatus (self->conn, "application_name"), given) != 0)
    return;
  literal = PQescapeLiteral (self->conn, name, strlen (name));
  if (literal == NULL)
    return;
  set = g_strdup_printf ("SET application_name TO %s", literal);
  PQfreemem (literal);
  run_script (self, set, NULL);
}

static gboolean
pg_commit (RdSql   *sql,
           GError **error)
{
  RdSqlPg *self = SELF (sql);
  PGresult *result;
  gboolean ok;

  self->in_transaction = FALSE;
  if (self->aborted)
    {
      /* PostgreSQL would answer COMMIT with ROLLBACK. */
      g_string_truncate (self->at_commit, 0);
      run_script (self, "ROLLBACK", NULL);
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "the transaction was rolled back after an error: %s", self->last_error);
      return FALSE;
    }
  g_string_append (self->at_commit, "COMMIT");
  result = self->conn ? request (self, PQsendQuery (self->conn, self->at_commit->str)) : NULL;
  g_string_truncate (self->at_commit, 0);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK && g_strcmp0 (PQcmdStatus (result), "COMMIT") == 0;
  if (!ok)
    {
      remember_error (self, result);
      g_set_error (error, RD_STORE_ERROR,
                   self->last_unavailable ? RD_STORE_ERROR_UNAVAILABLE : RD_STORE_ERROR_FAILED,
                   "commit: %s", self->last_error);
    }
  PQclear (result);
  return ok;
}

static void
pg_rollback (RdSql *sql)
{
  RdSqlPg *self = SELF (sql);

  g_string_truncate (self->at_commit, 0);
  if (PQstatus (self->conn) == CONNECTION_OK && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    run_script (self, "ROLLBACK", NULL);
  self->in_transaction = FALSE;
  self->aborted = FALSE;
}

static RdSqlStmt *
pg_prepare (RdSql       *sql,
            const char  *text,
            GError     **error)
{
  RdSqlPg *self = SELF (sql);
  RdSqlStmt *stmt = g_hash_table_lookup (self->statements, text);

  if (stmt == NULL)
    {
      g_autoptr(GArray) used = g_array_new (FALSE, TRUE, sizeof (gboolean));

      stmt = g_new0 (RdSqlStmt, 1);
      stmt->sql = sql;
      stmt->text = translate_parameters (text, &stmt->n_params, used);
      stmt->values = g_new0 (char *, stmt->n_params + 1);
      stmt->types = g_new0 (Oid, stmt->n_params + 1);
      for (int i = 0; i < stmt->n_params; i++)
        stmt->types[i] = g_array_index (used, gboolean, i) ? 0 : TEXT_OID;
      g_snprintf (stmt->name, sizeof stmt->name, "rd_%u", ++self->next_name);
      g_hash_table_insert (self->statements, (gpointer) text, stmt);
    }
  stmt_reset (stmt);
  stmt_clear_values (stmt);
  if (!ensure_connected (self, error))
    return NULL;
  if (stmt->generation != self->generation)
    {
      PGresult *result = request (self, PQsendPrepare (self->conn, stmt->name, stmt->text, stmt->n_params,
                                                       stmt->types));
      gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK;

      if (!ok)
        remember_error (self, result);
      PQclear (result);
      if (!ok)
        {
          rd_sql_fail (sql, "prepare", error);
          return NULL;
        }
      stmt->generation = self->generation;
    }
  return stmt;
}

static void
pg_bind_int64 (RdSqlStmt *stmt,
               int        index,
               gint64     value)
{
  if (index < 1 || index > stmt->n_params)
    return;
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static void
pg_bind_text (RdSqlStmt  *stmt,
              int         index,
              const char *value)
{
  if (index < 1 || index > stmt->n_params)
    return;
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = g_strdup (value);
}

static RdSqlStep
pg_step (RdSqlStmt *stmt)
{
  RdSqlPg *self = SELF (stmt->sql);

  if (stmt->result == NULL)
    {
      ExecStatusType status;

      if (self->aborted)
        return RD_SQL_ERROR;
      if (!ensure_connected (self, NULL))
        return RD_SQL_ERROR;
      stmt->result = request (self, PQsendQueryPrepared (self->conn, stmt->name, stmt->n_params,
                                                         (const char * const *) stmt->values, NULL, NULL, 0));
      status = PQresultStatus (stmt->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          remember_error (self, stmt->result);
          stmt_reset (stmt);
          return RD_SQL_ERROR;
        }
      stmt->changes = g_ascii_strtoll (PQcmdTuples (stmt->result), NULL, 10);
      stmt->next_row = 0;
    }
  if (stmt->next_row < PQntuples (stmt->result))
    {
      stmt->next_row++;
      return RD_SQL_ROW;
    }
  return RD_SQL_DONE;
}

static const char *
pg_column_text (RdSqlStmt *stmt,
                int        column)
{
  int row = stmt->next_row - 1;

  if (stmt->result == NULL || row < 0 || PQgetisnull (stmt->result, row, column))
    return NULL;
  return PQgetvalue (stmt->result, row, column);
}

static gint64
pg_column_int64 (RdSqlStmt *stmt,
                 int        column)
{
  const char *text = pg_column_text (stmt, column);

  /* avg() and the like come back as numeric: "12.50". */
  return text ? (gint64) g_ascii_strtod (text, NULL) : 0;
}

static double
pg_column_double (RdSqlStmt *stmt,
                  int        column)
{
  const char *text = pg_column_text (stmt, column);

  return text ? g_ascii_strtod (text, NULL) : 0.0;
}

static gint64
pg_changes (RdSqlStmt *stmt)
{
  return stmt->changes;
}

static gboolean
pg_fail (RdSql       *sql,
         const char  *what,
         GError     **error)
{
  RdSqlPg *self = SELF (sql);
  /* 23505: unique_violation. */
  int code = self->last_unavailable ? RD_STORE_ERROR_UNAVAILABLE
           : g_str_equal (self->last_state, "23505") ? RD_STORE_ERROR_EXISTS : RD_STORE_ERROR_FAILED;

  g_set_error (error, RD_STORE_ERROR, code, "%s: %s (PostgreSQL %s)", what,
               self->last_error ? self->last_error : "unknown error", self->last_state);
  return FALSE;
}

static int
pg_log_fd (RdSql *sql)
{
  return -1;
}

static gboolean
pg_backup (RdSql       *sql,
           const char  *dest_path,
           GError     **error)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
               "the store is on PostgreSQL: back it up with pg_dump (docs/admin.md)");
  return FALSE;
}

static const RdSqlDriver pg_driver = {
  .engine = RD_SQL_POSTGRESQL,
  .close = pg_close,
  .exec = pg_exec,
  .begin = pg_begin,
  .commit = pg_commit,
  .notify_at_commit = pg_notify_at_commit,
  .set_application_name = pg_set_application_name,
  .rollback = pg_rollback,
  .prepare = pg_prepare,
  .bind_int64 = pg_bind_int64,
  .bind_text = pg_bind_text,
  .step = pg_step,
  .reset = stmt_reset,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
  .changes = pg_changes,
  .fail = pg_fail,
  .log_fd = pg_log_fd,
  .backup = pg_backup,
};

PGconn *
_rd_sql_pg_connect (const char *url,
                    const char *application_name)
{
  /* The URL last: what it says wins. A host that vanished (no reset, no
   * answer) would otherwise hold the relay for the kernel's retransmission
   * timeout, many minutes; with these it is 3 s to connect and 5 s for an
   * unanswered request, then the relay says "unavailable" and tries again. */
  const char *keywords[] = { "connect_timeout", "tcp_user_timeout", "keepalives_idle", "keepalives_interval",
                             "keepalives_count", "application_name", "dbname", NULL };
  const char *values[] = { "3", "5000", "5", "2", "2", application_name, url, NULL };

  return PQconnectdbParams (keywords, values, 1);
}

RdSql *
_rd_sql_postgresql_open (const char  *url,
                         GError     **error)
{
  RdSqlPg *self = g_new0 (RdSqlPg, 1);

  self->base.driver = &pg_driver;
  self->at_commit = g_string_new (NULL);
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) stmt_free);
  self->url = g_strdup (url);
  self->application_name = g_strdup ("relaydeskd");
  if (!connect_session (self, error))
    {
      g_prefix_error (error, "at start: ");
      pg_close (&self->base);
      return NULL;
    }
  return &self->base;
}
