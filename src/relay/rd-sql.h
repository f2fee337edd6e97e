/* rd-sql.h: one connection to the relay's database, SQLite or PostgreSQL.
 *
 * The store (rd-store-*.c) writes its queries once, in the SQL both
 * engines understand, with parameters as "?" or "?N" (numbered from 1, as
 * SQLite numbers them); each driver runs them its own way: rd-sql-sqlite.c
 * with SQLite's prepared statements, rd-sql-pg.c with libpq's (the
 * parameters become $N). Statements are prepared once and cached by the
 * address of their text, which must therefore be a string constant.
 *
 * Nothing above the store sees this interface but the relay's LISTEN
 * connection (rd-relay-cluster.c), which runs no SQL of its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RD_SQL_SQLITE,
  RD_SQL_POSTGRESQL,
} RdSqlEngine;

/* What rd_sql_step returns. */
typedef enum {
  RD_SQL_ERROR,
  RD_SQL_ROW,
  RD_SQL_DONE,
} RdSqlStep;

typedef struct _RdSql     RdSql;
typedef struct _RdSqlStmt RdSqlStmt;

/* @where is a file path (SQLite) or a postgresql:// or postgres:// URL. */
gboolean     rd_sql_is_postgresql_url (const char *where);
/* For logs and errors: the file, or the database and host of a URL (never
 * its password). */
char        *rd_sql_describe      (const char *where);
RdSql       *rd_sql_open          (const char *where, GError **error);
void         rd_sql_close         (RdSql *sql);
RdSqlEngine  rd_sql_engine        (RdSql *sql);

/* Runs statements without parameters or results (a schema, a pragma). */
gboolean     rd_sql_exec          (RdSql *sql, const char *script, GError **error);

/* Transactions. A failed statement inside one leaves it to be rolled back. */
gboolean     rd_sql_begin         (RdSql *sql, GError **error);
/* BEGIN, then @then (statements without parameters or results), in one
 * round trip to the server where the engine has one. */
gboolean     rd_sql_begin_with    (RdSql *sql, const char *then, GError **error);
/* PostgreSQL: NOTIFY @channel with @payload when the open transaction
 * commits, sent along with the COMMIT (no round trip of its own); a
 * rollback forgets it. Nothing on SQLite. */
void         rd_sql_notify_at_commit (RdSql *sql, const char *channel, const char *payload);
gboolean     rd_sql_commit        (RdSql *sql, GError **error);
/* PostgreSQL: the name this connection, and every one after it, shows in
 * pg_stat_activity ("relaydeskd" until set). Nothing on SQLite. */
void         rd_sql_set_application_name (RdSql *sql, const char *name);
void         rd_sql_rollback      (RdSql *sql);

/* The cached statement for @text (a string constant), reset and unbound. */
RdSqlStmt   *rd_sql_prepare       (RdSql *sql, const char *text, GError **error);
void         rd_sql_bind_int64    (RdSqlStmt *stmt, int index, gint64 value);
/* @value is copied; NULL binds NULL. */
void         rd_sql_bind_text     (RdSqlStmt *stmt, int index, const char *value);
/* The first call runs the statement; each returns ROW while there is one. */
RdSqlStep    rd_sql_step          (RdSqlStmt *stmt);
/* Forgets the rows; the bindings stay until the next rd_sql_prepare. */
void         rd_sql_reset         (RdSqlStmt *stmt);
gint64       rd_sql_column_int64  (RdSqlStmt *stmt, int column);
double       rd_sql_column_double (RdSqlStmt *stmt, int column);
/* NULL for NULL; valid until the next step or reset. */
const char  *rd_sql_column_text   (RdSqlStmt *stmt, int column);
/* Rows inserted, changed or deleted by the statement's last run. */
gint64       rd_sql_changes       (RdSqlStmt *stmt);

/* SQLite: the write-ahead log, opened once the schema is committed, whose
 * flush makes the commits before it durable. -1 when a commit is durable
 * once it returns (PostgreSQL). */
int          rd_sql_log_fd        (RdSql *sql);
/* A consistent copy into a new SQLite file (SQLite only). */
gboolean     rd_sql_backup        (RdSql *sql, const char *dest_path, GError **error);

/* Sets @error (RD_STORE_ERROR: EXISTS for a unique key already taken,
 * FAILED otherwise) from the connection's last failure; always FALSE. */
gboolean     rd_sql_fail          (RdSql *sql, const char *what, GError **error);

/* A connection of its own that LISTENs on @channels (PostgreSQL only),
 * watched by the thread-default main context: @func gets each NOTIFY.
 * When the connection drops, @func gets channel NULL and payload "lost",
 * and the listener connects again every second; once back, @func gets
 * channel NULL and payload "back": anything may have been missed. */
typedef void (*RdSqlNotifyFunc) (const char *channel, const char *payload, gpointer data);
typedef struct _RdSqlListener RdSqlListener;

RdSqlListener *rd_sql_listener_new          (const char *url, const char *application_name,
                                             const char * const *channels, RdSqlNotifyFunc func,
                                             gpointer data, GError **error);
gboolean       rd_sql_listener_is_connected (RdSqlListener *listener);
/* Takes the advisory lock @key for as long as this connection lives
 * (pg_try_advisory_lock): TRUE if this connection holds it now. */
gboolean       rd_sql_listener_try_lock     (RdSqlListener *listener, gint64 key);
/* Asks the server something trivial: FALSE (and the connection lost, with
 * "lost" told) when it does not answer in 3 s. try_lock probes so too. */
gboolean       rd_sql_listener_probe        (RdSqlListener *listener);
void           rd_sql_listener_free         (RdSqlListener *listener);

G_END_DECLS
