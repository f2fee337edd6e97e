/* rd-sql.c: picks the driver for a database and passes each call to it. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <libpq-fe.h>

#include "rd-sql-private.h"

#define DRIVER_OF_STMT(stmt) (((RdSqlStmtHead *) (stmt))->sql->driver)

gboolean
rd_sql_is_postgresql_url (const char *where)
{
  return where != NULL && (g_str_has_prefix (where, "postgresql://") || g_str_has_prefix (where, "postgres://"));
}

char *
rd_sql_describe (const char *where)
{
  PQconninfoOption *options;
  const char *database = NULL;
  const char *host = NULL;
  char *described;

  if (!rd_sql_is_postgresql_url (where))
    return g_strdup (where);
  options = PQconninfoParse (where, NULL);
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "dbname"))
        database = o->val;
      else if (g_str_equal (o->keyword, "host"))
        host = o->val;
    }
  described = g_strdup_printf ("PostgreSQL %s on %s", database ? database : "(default database)",
                               host ? host : "the local socket");
  PQconninfoFree (options);
  return described;
}

RdSql *
rd_sql_open (const char  *where,
             GError     **error)
{
  if (rd_sql_is_postgresql_url (where))
    return _rd_sql_postgresql_open (where, error);
  return _rd_sql_sqlite_open (where, error);
}

void
rd_sql_close (RdSql *sql)
{
  if (sql != NULL)
    sql->driver->close (sql);
}

RdSqlEngine
rd_sql_engine (RdSql *sql)
{
  return sql->driver->engine;
}

gboolean
rd_sql_exec (RdSql       *sql,
             const char  *script,
             GError     **error)
{
  return sql->driver->exec (sql, script, error);
}

gboolean
rd_sql_begin (RdSql   *sql,
              GError **error)
{
  return sql->driver->begin (sql, NULL, error);
}

gboolean
rd_sql_begin_with (RdSql       *sql,
                   const char  *then,
                   GError     **error)
{
  return sql->driver->begin (sql, then, error);
}

void
rd_sql_notify_at_commit (RdSql      *sql,
                         const char *channel,
                         const char *payload)
{
  if (sql->driver->notify_at_commit != NULL)
    sql->driver->notify_at_commit (sql, channel, payload);
}

void
rd_sql_set_application_name (RdSql      *sql,
                             const char *name)
{
  if (sql->driver->set_application_name != NULL)
    sql->driver->set_application_name (sql, name);
}

gboolean
rd_sql_commit (RdSql   *sql,
               GError **error)
{
  return sql->driver->commit (sql, error);
}

void
rd_sql_rollback (RdSql *sql)
{
  sql->driver->rollback (sql);
}

RdSqlStmt *
rd_sql_prepare (RdSql       *sql,
                const char  *text,
                GError     **error)
{
  return sql->driver->prepare (sql, text, error);
}

void
rd_sql_bind_int64 (RdSqlStmt *stmt,
                   int        index,
                   gint64     value)
{
  DRIVER_OF_STMT (stmt)->bind_int64 (stmt, index, value);
}

void
rd_sql_bind_text (RdSqlStmt  *stmt,
                  int         index,
                  const char *value)
{
  DRIVER_OF_STMT (stmt)->bind_text (stmt, index, value);
}

RdSqlStep
rd_sql_step (RdSqlStmt *stmt)
{
  return DRIVER_OF_STMT (stmt)->step (stmt);
}

void
rd_sql_reset (RdSqlStmt *stmt)
{
  DRIVER_OF_STMT (stmt)->reset (stmt);
}

gint64
rd_sql_column_int64 (RdSqlStmt *stmt,
                     int        column)
{
  return DRIVER_OF_STMT (stmt)->column_int64 (stmt, column);
}

double
rd_sql_column_double (RdSqlStmt *stmt,
                      int        column)
{
  return DRIVER_OF_STMT (stmt)->column_double (stmt, column);
}

const char *
rd_sql_column_text (RdSqlStmt *stmt,
                    int        column)
{
  return DRIVER_OF_STMT (stmt)->column_text (stmt, column);
}

gint64
rd_sql_changes (RdSqlStmt *stmt)
{
  return DRIVER_OF_STMT (stmt)->changes (stmt);
}

gboolean
rd_sql_fail (RdSql       *sql,
             const char  *what,
             GError     **error)
{
  return sql->driver->fail (sql, what, error);
}

int
rd_sql_log_fd (RdSql *sql)
{
  return sql->driver->log_fd (sql);
}

gboolean
rd_sql_backup (RdSql       *sql,
               const char  *dest_path,
               GError     **error)
{
  return sql->driver->backup (sql, dest_path, error);
}
