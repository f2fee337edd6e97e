/* rd-sql-private.h: what a driver of rd-sql.h provides. */
#pragma once

#include "rd-sql.h"

G_BEGIN_DECLS

typedef struct {
  RdSqlEngine engine;
  void        (*close)         (RdSql *sql);
  gboolean    (*exec)          (RdSql *sql, const char *script, GError **error);
  gboolean    (*begin)         (RdSql *sql, const char *then, GError **error);
  gboolean    (*commit)        (RdSql *sql, GError **error);
  void        (*rollback)      (RdSql *sql);
  RdSqlStmt  *(*prepare)       (RdSql *sql, const char *text, GError **error);
  void        (*bind_int64)    (RdSqlStmt *stmt, int index, gint64 value);
  void        (*bind_text)     (RdSqlStmt *stmt, int index, const char *value);
  RdSqlStep   (*step)          (RdSqlStmt *stmt);
  void        (*reset)         (RdSqlStmt *stmt);
  gint64      (*column_int64)  (RdSqlStmt *stmt, int column);
  double      (*column_double) (RdSqlStmt *stmt, int column);
  const char *(*column_text)   (RdSqlStmt *stmt, int column);
  gint64      (*changes)       (RdSqlStmt *stmt);
  gboolean    (*fail)          (RdSql *sql, const char *what, GError **error);
  int         (*log_fd)        (RdSql *sql);
  gboolean    (*backup)        (RdSql *sql, const char *dest_path, GError **error);
  void        (*notify_at_commit) (RdSql *sql, const char *channel, const char *payload);   /* may be NULL */
  void        (*set_application_name) (RdSql *sql, const char *name);                          /* may be NULL */
} RdSqlDriver;

/* Every connection starts with this; its statements start with their
 * connection (so that one dispatch serves both). */
struct _RdSql {
  const RdSqlDriver *driver;
};

typedef struct {
  RdSql *sql;
} RdSqlStmtHead;

RdSql *_rd_sql_sqlite_open     (const char *path, GError **error);

#ifdef LIBPQ_FE_H
/* Connects to @url with bounds on how long the relay may wait for a server
 * that is gone without a word (connecting, and a sent request unanswered),
 * unless the URL says otherwise. */
PGconn *_rd_sql_pg_connect     (const char *url, const char *application_name);
/* The whole answer to what was just sent on @conn (its first error, or the
 * last result of a script), waiting @timeout_ms at most; NULL with
 * *@out_timed_out set when there was none in time. */
PGresult *_rd_sql_pg_await     (PGconn *conn, guint timeout_ms, gboolean *out_timed_out);
#endif
RdSql *_rd_sql_postgresql_open (const char *url, GError **error);

G_END_DECLS
