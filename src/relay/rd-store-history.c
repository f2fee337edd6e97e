/* rd-store-history.c: each support request's history and the account
 * notices admin commands leave for running relays (schema 5). */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-history.h"
#include "rd-store-private.h"

/* SQLite's; PostgreSQL's twin, with identity ids, is in rd-store-pg-schema.c. */
const char _rd_store_history_schema[] =
  "CREATE TABLE IF NOT EXISTS request_history ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES requests(id),"
  "  at INTEGER NOT NULL,"
  "  what TEXT NOT NULL,"
  "  actor_id INTEGER NOT NULL DEFAULT 0,"
  "  target_id INTEGER NOT NULL DEFAULT 0,"
  "  topic_id INTEGER NOT NULL DEFAULT 0,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  rating INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS request_history_by_request ON request_history(request_id, id);"
  "CREATE TABLE IF NOT EXISTS account_notices ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  notice INTEGER NOT NULL,"
  "  at INTEGER NOT NULL);";

void
rd_request_step_free (RdRequestStep *step)
{
  if (step == NULL)
    return;
  g_free (step->what);
  g_free (step->text);
  g_free (step);
}

gboolean
rd_store_history_add (RdStore              *store,
                      gint64                request_id,
                      const RdRequestStep  *step,
                      GError              **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO request_history (request_id, at, what, actor_id, target_id, topic_id, text, rating) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rd_sql_bind_int64 (stmt, 2, step->at_us);
  rd_sql_bind_text (stmt, 3, step->what);
  rd_sql_bind_int64 (stmt, 4, step->actor_id);
  rd_sql_bind_int64 (stmt, 5, step->target_id);
  rd_sql_bind_int64 (stmt, 6, step->topic_id);
  rd_sql_bind_text (stmt, 7, step->text ? step->text : "");
  rd_sql_bind_int64 (stmt, 8, step->rating);
  return _rd_store_step_done (store, stmt, "record request history", error);
}

static RdRequestStep *
step_from_row (RdSqlStmt *stmt)
{
  RdRequestStep *step = g_new0 (RdRequestStep, 1);

  step->at_us = rd_sql_column_int64 (stmt, 0);
  step->what = g_strdup (rd_sql_column_text (stmt, 1));
  step->actor_id = rd_sql_column_int64 (stmt, 2);
  step->target_id = rd_sql_column_int64 (stmt, 3);
  step->topic_id = rd_sql_column_int64 (stmt, 4);
  step->text = g_strdup (rd_sql_column_text (stmt, 5));
  step->rating = (gint) rd_sql_column_int64 (stmt, 6);
  return step;
}

GPtrArray *
rd_store_history_list (RdStore  *store,
                       gint64    request_id,
                       GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT at, what, actor_id, target_id, topic_id, text, rating FROM request_history "
    "WHERE request_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, request_id);
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) step_from_row, (GDestroyNotify) rd_request_step_free,
                            "read request history", error);
}

char *
rd_store_history_handover_note (RdStore  *store,
                                gint64    request_id,
                                GError  **error)
{
  /* The latest step that gave the request to someone or passed it on. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT what, target_id, text FROM request_history WHERE request_id = ? "
    "AND what IN ('accepted', 'taken', 'taken_over', 'transferred', 'reassigned') ORDER BY id DESC LIMIT 1", error);
  char *note = NULL;
  RdSqlStep rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW && rd_sql_column_int64 (stmt, 1) == 0 && *rd_sql_column_text (stmt, 2) != '\0' &&
      (g_str_equal (rd_sql_column_text (stmt, 0), "transferred") ||
       g_str_equal (rd_sql_column_text (stmt, 0), "reassigned")))
    note = g_strdup (rd_sql_column_text (stmt, 2));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW && rc != RD_SQL_DONE)
    _rd_store_fail (store, "read handover note", error);
  return note;
}

GArray *
rd_store_history_holders (RdStore  *store,
                          gint64    request_id,
                          GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT actor_id FROM request_history WHERE request_id = ? AND what IN ('accepted', 'taken', 'taken_over') "
    "GROUP BY actor_id ORDER BY min (id)", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, request_id);
  return _rd_store_collect_ids (store, stmt, "list holders", error);
}

gint64
rd_store_last_message_between (RdStore  *store,
                               gint64    requester_id,
                               gint64    agent_id,
                               gint64    since_ms,
                               GError  **error)
{
  /* The pair's index, newest first: the first row from the requester. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT ts FROM messages WHERE pair_lo = ?1 AND pair_hi = ?2 AND sender_id = ?3 AND ts >= ?4 "
    "ORDER BY id DESC LIMIT 1", error);
  gint64 ts = 0;
  RdSqlStep rc;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, MIN (requester_id, agent_id));
  rd_sql_bind_int64 (stmt, 2, MAX (requester_id, agent_id));
  rd_sql_bind_int64 (stmt, 3, requester_id);
  rd_sql_bind_int64 (stmt, 4, since_ms);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    ts = rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW && rc != RD_SQL_DONE)
    _rd_store_fail (store, "read last message", error);
  return ts;
}

gboolean
rd_store_account_notice_add (RdStore          *store,
                             gint64            account_id,
                             RdAccountNotice   notice,
                             GError          **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO account_notices (account_id, notice, at) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, notice);
  rd_sql_bind_int64 (stmt, 3, g_get_real_time ());
  return _rd_store_step_done (store, stmt, "leave account notice", error);
}

GArray *
rd_store_account_notices_since (RdStore  *store,
                                gint64    after_id,
                                gint64   *last_id,
                                GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT id, account_id, notice FROM account_notices WHERE id > ? ORDER BY id", error);
  GArray *notices;

  G_STATIC_ASSERT (sizeof (RdStoredNotice) == 3 * sizeof (gint64));
  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, after_id);
  notices = _rd_store_collect_ints (store, stmt, 3, "read account notices", error);
  if (notices != NULL && notices->len > 0)
    *last_id = g_array_index (notices, RdStoredNotice, notices->len - 1).id;
  return notices;
}

GArray *
rd_store_disabled_holders (RdStore  *store,
                           GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT DISTINCT r.agent_id FROM requests r JOIN accounts a ON a.id = r.agent_id "
    "WHERE r.state IN ('offered', 'active') AND a.disabled <> 0 ORDER BY r.agent_id", error);

  return stmt ? _rd_store_collect_ids (store, stmt, "list disabled holders", error) : NULL;
}
