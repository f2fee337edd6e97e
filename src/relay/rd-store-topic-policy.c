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
  "  wrap_up_s BIGINT NOT NULL DEFAULT 0);"
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
  return policy;
}

GPtrArray *
rd_store_topic_policies (RdStore  *store,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT topic_id, first_response_s, time_zone, hours, closed_days, wrap_up_s FROM topic_policies ORDER BY topic_id",
    error);

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
    "INSERT INTO topic_policies (topic_id, first_response_s, time_zone, hours, closed_days, wrap_up_s) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (topic_id) DO UPDATE SET first_response_s = excluded.first_response_s, "
    "time_zone = excluded.time_zone, hours = excluded.hours, closed_days = excluded.closed_days, "
    "wrap_up_s = excluded.wrap_up_s", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, policy->topic_id);
  rd_sql_bind_int64 (stmt, 2, policy->first_response_s);
  rd_sql_bind_text (stmt, 3, policy->time_zone ? policy->time_zone : "");
  rd_sql_bind_text (stmt, 4, policy->hours ? policy->hours : "");
  rd_sql_bind_text (stmt, 5, policy->closed_days ? policy->closed_days : "");
  rd_sql_bind_int64 (stmt, 6, policy->wrap_up_s);
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
  GArray *pairs;
  RdSqlStep rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, now_us);
  pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    for (int column = 0; column < 2; column++)
      {
        gint64 value = rd_sql_column_int64 (stmt, column);

        g_array_append_val (pairs, value);
      }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_array_unref (pairs);
      _rd_store_fail (store, "list wrap-ups", error);
      return NULL;
    }
  return pairs;
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
