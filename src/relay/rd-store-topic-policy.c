/* rd-store-topic-policy.c: topic policies and first-response breaches
 * (schema 5; the same text on both engines). */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"
#include "rd-store-topic-policy.h"

const char _rd_store_topic_policy_schema[] =
  "CREATE TABLE IF NOT EXISTS topic_policies ("
  "  topic_id BIGINT PRIMARY KEY REFERENCES topics(id),"
  "  first_response_s BIGINT NOT NULL DEFAULT 0,"
  "  time_zone TEXT NOT NULL DEFAULT '',"
  "  hours TEXT NOT NULL DEFAULT '',"
  "  closed_days TEXT NOT NULL DEFAULT '',"
  "  wrap_up_s BIGINT NOT NULL DEFAULT 0,"
  "  idle_warn_s BIGINT NOT NULL DEFAULT 0,"
  "  idle_close_s BIGINT NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS requests_by_finish ON requests(finished_at);"
  "CREATE TABLE IF NOT EXISTS request_breaches ("
  "  request_id BIGINT PRIMARY KEY REFERENCES requests(id),"
  "  at BIGINT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS request_breaches_by_time ON request_breaches(at);";

void
rd_topic_policy_free (RdTopicPolicy *policy)
{
  if (policy == NULL)
    return;
  g_free (policy->time_zone);
  g_free (policy->hours);
  g_free (policy->closed_days);
  g_free (policy);
}

static RdTopicPolicy *
policy_from_row (RdSqlStmt *stmt)
{
  RdTopicPolicy *policy = g_new0 (RdTopicPolicy, 1);

  policy->topic_id = rd_sql_column_int64 (stmt, 0);
  policy->first_response_s = (guint) rd_sql_column_int64 (stmt, 1);
  policy->time_zone = g_strdup (rd_sql_column_text (stmt, 2));
  policy->hours = g_strdup (rd_sql_column_text (stmt, 3));
  policy->closed_days = g_strdup (rd_sql_column_text (stmt, 4));
  policy->wrap_up_s = (guint) rd_sql_column_int64 (stmt, 5);
  policy->idle_warn_s = (guint) rd_sql_column_int64 (stmt, 6);
  policy->idle_close_s = (guint) rd_sql_column_int64 (stmt, 7);
  return policy;
}

GPtrArray *
rd_store_topic_policies (RdStore  *store,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT topic_id, first_response_s, time_zone, hours, closed_days, wrap_up_s, idle_warn_s, idle_close_s "
    "FROM topic_policies ORDER BY topic_id", error);

  if (stmt == NULL)
    return NULL;
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) policy_from_row, (GDestroyNotify) rd_topic_policy_free,
                            "list topic policies", error);
}

gboolean
rd_store_topic_policy_set (RdStore              *store,
                           const RdTopicPolicy  *policy,
                           GError              **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO topic_policies (topic_id, first_response_s, time_zone, hours, closed_days, wrap_up_s, idle_warn_s, "
    "idle_close_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (topic_id) DO UPDATE SET first_response_s = excluded.first_response_s, "
    "time_zone = excluded.time_zone, hours = excluded.hours, closed_days = excluded.closed_days, "
    "wrap_up_s = excluded.wrap_up_s, idle_warn_s = excluded.idle_warn_s, idle_close_s = excluded.idle_close_s",
    error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, policy->topic_id);
  rd_sql_bind_int64 (stmt, 2, policy->first_response_s);
  rd_sql_bind_text (stmt, 3, policy->time_zone ? policy->time_zone : "");
  rd_sql_bind_text (stmt, 4, policy->hours ? policy->hours : "");
  rd_sql_bind_text (stmt, 5, policy->closed_days ? policy->closed_days : "");
  rd_sql_bind_int64 (stmt, 6, policy->wrap_up_s);
  rd_sql_bind_int64 (stmt, 7, policy->idle_warn_s);
  rd_sql_bind_int64 (stmt, 8, policy->idle_close_s);
  return _rd_store_step_done (store, stmt, "set topic policy", error);
}

GArray *
rd_store_breaches_due (RdStore  *store,
                       gint64    now_us,
                       GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id FROM requests r JOIN topic_policies p ON p.topic_id = r.topic_id "
    "WHERE r.state IN ('queued', 'offered') AND p.first_response_s > 0 "
    "AND r.queued_at + p.first_response_s * 1000000 <= ? "
    "AND NOT EXISTS (SELECT 1 FROM request_breaches b WHERE b.request_id = r.id) ORDER BY r.id", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, now_us);
  return _rd_store_collect_ids (store, stmt, "list breaches due", error);
}

gboolean
rd_store_breach_add (RdStore  *store,
                     gint64    request_id,
                     gint64    at_us,
                     GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO request_breaches (request_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rd_sql_bind_int64 (stmt, 2, at_us);
  return _rd_store_step_done (store, stmt, "record breach", error);
}

static RdQuietRequest *
quiet_from_row (RdSqlStmt *stmt)
{
  RdQuietRequest *quiet = g_new0 (RdQuietRequest, 1);

  quiet->request_id = rd_sql_column_int64 (stmt, 0);
  quiet->agent_id = rd_sql_column_int64 (stmt, 1);
  quiet->requester_id = rd_sql_column_int64 (stmt, 2);
  quiet->idle_warn_s = (guint) rd_sql_column_int64 (stmt, 3);
  quiet->idle_close_s = (guint) rd_sql_column_int64 (stmt, 4);
  quiet->quiet_since_us = MAX (rd_sql_column_int64 (stmt, 5), rd_sql_column_int64 (stmt, 6) * 1000);
  quiet->warned_at_us = rd_sql_column_int64 (stmt, 7);
  return quiet;
}

GPtrArray *
rd_store_quiet_requests (RdStore  *store,
                         GError  **error)
{
  /* Active requests of topics with an idle limit, with when their
   * requester last wrote to the agent holding them (or it was accepted)
   * and when the last warning went out. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id, r.agent_id, r.requester_id, p.idle_warn_s, p.idle_close_s, r.accepted_at,"
    " coalesce ((SELECT max (m.ts) FROM messages m"
    "   WHERE m.pair_lo = CASE WHEN r.requester_id < r.agent_id THEN r.requester_id ELSE r.agent_id END"
    "   AND m.pair_hi = CASE WHEN r.requester_id < r.agent_id THEN r.agent_id ELSE r.requester_id END"
    "   AND m.sender_id = r.requester_id), 0),"
    " coalesce ((SELECT max (h.at) FROM request_history h WHERE h.request_id = r.id AND h.what = 'idle_warning'), 0) "
    "FROM requests r JOIN topic_policies p ON p.topic_id = r.topic_id "
    "WHERE r.state = 'active' AND p.idle_warn_s > 0 ORDER BY r.id", error);

  if (stmt == NULL)
    return NULL;
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) quiet_from_row, g_free, "list quiet requests", error);
}

gint64
rd_store_idle_closed_to_reopen (RdStore  *store,
                                gint64    requester_id,
                                gint64    agent_id,
                                gint64    since_us,
                                GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id FROM requests r WHERE r.requester_id = ?1 AND r.agent_id = ?2 AND r.state = 'resolved' "
    "AND r.id = (SELECT max (l.id) FROM requests l WHERE l.requester_id = ?1) "
    "AND EXISTS (SELECT 1 FROM request_history h WHERE h.request_id = r.id AND h.what = 'closed_idle' AND h.at > ?3) "
    "AND NOT EXISTS (SELECT 1 FROM requests o WHERE o.requester_id = ?1 AND o.state IN ('queued', 'offered', 'active'))",
    error);
  gint64 id = 0;
  RdSqlStep rc;

  if (stmt == NULL)
    return -1;
  rd_sql_bind_int64 (stmt, 1, requester_id);
  rd_sql_bind_int64 (stmt, 2, agent_id);
  rd_sql_bind_int64 (stmt, 3, since_us);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    id = rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW && rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "look for a request to reopen", error);
      return -1;
    }
  return id;
}

GArray *
rd_store_wrap_ups (RdStore  *store,
                   gint64    now_us,
                   GError  **error)
{
  /* Wrap-up times are an hour at most: only what was resolved since. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.agent_id, max (r.finished_at + p.wrap_up_s * 1000000) FROM requests r "
    "JOIN topic_policies p ON p.topic_id = r.topic_id "
    "WHERE r.finished_at > ?1 - 3600000000 AND r.state = 'resolved' AND p.wrap_up_s > 0 AND r.agent_id IS NOT NULL "
    "GROUP BY r.agent_id HAVING max (r.finished_at + p.wrap_up_s * 1000000) > ?1", error);

  G_STATIC_ASSERT (sizeof (RdStoredWrapUp) == 2 * sizeof (gint64));
  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, now_us);
  return _rd_store_collect_ints (store, stmt, 2, "list wrap-ups", error);
}

guint
rd_store_breaches_since (RdStore  *store,
                         gint64    since_us,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT count(*) FROM request_breaches WHERE at >= ?", error);
  guint count = 0;
  RdSqlStep rc;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, since_us);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    count = (guint) rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW)
    _rd_store_fail (store, "count breaches", error);
  return count;
}
