/* rd-store-queue.c: topics, agent profiles and support requests in SQLite. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"
#include "rd-request-changes.h"
#include "rd-store-queue.h"

#define DEFAULT_CAPACITY 3

const char _rd_store_queue_schema[] =
  "CREATE TABLE IF NOT EXISTS topics ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  strategy TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS agent_profiles ("
  "  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
  "  capacity INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS agent_skills ("
  "  account_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  topic_id INTEGER NOT NULL REFERENCES topics(id),"
  "  PRIMARY KEY (account_id, topic_id)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS requests ("
  "  id INTEGER PRIMARY KEY,"
  "  requester_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  topic_id INTEGER NOT NULL REFERENCES topics(id),"
  "  summary TEXT NOT NULL,"
  "  details TEXT NOT NULL DEFAULT '',"
  "  priority INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL,"
  "  agent_id INTEGER,"
  "  at_head INTEGER NOT NULL DEFAULT 0,"
  "  queued_at INTEGER NOT NULL,"
  "  offered_at INTEGER NOT NULL DEFAULT 0,"
  "  accepted_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS requests_by_state ON requests(state);"
  /* The waiting requests in queue order (RD_QUEUE_ORDER_SQL) and who asked about what, without a sort or a row read. */
  "CREATE INDEX IF NOT EXISTS requests_in_queue_order ON requests(state, priority DESC, at_head DESC, queued_at, id, requester_id, topic_id);"
  "CREATE INDEX IF NOT EXISTS requests_by_agent ON requests(agent_id, state);"
  "CREATE INDEX IF NOT EXISTS requests_by_requester ON requests(requester_id, state);"
  "CREATE TABLE IF NOT EXISTS request_ratings ("
  "  request_id INTEGER PRIMARY KEY REFERENCES requests(id),"
  "  rating INTEGER NOT NULL,"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  rated_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS canned_replies ("
  "  title TEXT PRIMARY KEY,"
  "  body TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS request_notes ("
  "  id INTEGER PRIMARY KEY,"
  "  request_id INTEGER NOT NULL REFERENCES requests(id),"
  "  author_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  text TEXT NOT NULL,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS request_declines ("
  "  request_id INTEGER NOT NULL REFERENCES requests(id),"
  "  agent_id INTEGER NOT NULL,"
  "  PRIMARY KEY (request_id, agent_id)) WITHOUT ROWID;";

static RdRequestState
state_from_string (const char *text)
{
  RdRequestState state;

  if (rd_request_state_from_string (text, &state))
    return state;
  g_warning ("unknown request state \"%s\" in the store", text);
  return RD_REQUEST_QUEUED;
}

void
rd_stored_topic_free (RdStoredTopic *topic)
{
  if (topic == NULL)
    return;
  g_free (topic->name);
  g_free (topic);
}

void
rd_stored_request_free (RdStoredRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->summary);
  g_free (request->details);
  g_free (request);
}

/* Runs a one-row UPDATE; CONFLICT when it matched no row. */
static gboolean
change_one (RdStore       *store,
            RdSqlStmt     *stmt,
            const char    *what,
            GError       **error)
{
  if (!_rd_store_step_done (store, stmt, what, error))
    return FALSE;
  if (rd_sql_changes (stmt) != 1)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT, "%s: the request is not in that state", what);
      return FALSE;
    }
  return TRUE;
}

/* Prepares @sql, binds @params (in order, as ?1, ?2, ...) and runs it as a
 * one-row change (CONFLICT when it matched no row). */
/* One row of the table of changes, on one request. */
static gboolean
change_request_row (RdStore          *store,
                    RdRequestChange   change,
                    const gint64     *params,
                    guint             n_params,
                    GError          **error)
{
  const RdRequestChangeRule *rule = rd_request_change_rule (change);
  RdSqlStmt *stmt = _rd_store_prepare (store, rule->sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_params; i++)
    rd_sql_bind_int64 (stmt, (int) i + 1, params[i]);
  return change_one (store, stmt, rule->name, error);
}

/* ---- topics ---- */

gint64
rd_store_topic_add (RdStore          *store,
                    const char       *name,
                    RdRouteStrategy   strategy,
                    GError          **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "INSERT INTO topics (name, strategy) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id", error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_text (stmt, 1, name);
  rd_sql_bind_text (stmt, 2, rd_route_strategy_to_string (strategy));
  return _rd_store_insert_id (store, stmt, "add topic", error);
}

static RdStoredTopic *
topic_from_row (RdSqlStmt *stmt)
{
  RdStoredTopic *topic = g_new0 (RdStoredTopic, 1);

  topic->id = rd_sql_column_int64 (stmt, 0);
  topic->name = g_strdup (rd_sql_column_text (stmt, 1));
  if (!rd_route_strategy_from_string (rd_sql_column_text (stmt, 2), &topic->strategy))
    topic->strategy = RD_ROUTE_MANUAL;
  return topic;
}

GPtrArray *
rd_store_topic_list (RdStore  *store,
                     GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT id, name, strategy FROM topics ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) topic_from_row, (GDestroyNotify) rd_stored_topic_free,
                            "list topics", error);
}

RdStoredTopic *
rd_store_topic_lookup (RdStore     *store,
                       const char  *name,
                       GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT id, name, strategy FROM topics WHERE name = ?", error);
  RdStoredTopic *topic = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, name);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    topic = topic_from_row (stmt);
  rd_sql_reset (stmt);
  if (rc == RD_SQL_DONE)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no topic \"%s\"", name);
  else if (rc != RD_SQL_ROW)
    _rd_store_fail (store, "look up topic", error);
  return topic;
}

RdStoredTopic *
rd_store_topic_by_id (RdStore  *store,
                      gint64    topic_id,
                      GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT id, name, strategy FROM topics WHERE id = ?", error);
  RdStoredTopic *topic = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, topic_id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    topic = topic_from_row (stmt);
  rd_sql_reset (stmt);
  if (rc == RD_SQL_DONE)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no topic %" G_GINT64_FORMAT, topic_id);
  else if (rc != RD_SQL_ROW)
    _rd_store_fail (store, "look up topic", error);
  return topic;
}

/* ---- agents ---- */

gboolean
rd_store_agent_set_capacity (RdStore  *store,
                             gint64    account_id,
                             guint     capacity,
                             GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO agent_profiles (account_id, capacity) VALUES (?, ?) "
    "ON CONFLICT (account_id) DO UPDATE SET capacity = excluded.capacity", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, (int) capacity);
  return _rd_store_step_done (store, stmt, "set capacity", error);
}

guint
rd_store_agent_get_capacity (RdStore  *store,
                             gint64    account_id,
                             GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT capacity FROM agent_profiles WHERE account_id = ?", error);
  guint capacity = DEFAULT_CAPACITY;
  int rc;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    capacity = (guint) rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW && rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "read capacity", error);
      return 0;
    }
  return capacity;
}

gboolean
rd_store_agent_set_skill (RdStore  *store,
                          gint64    account_id,
                          gint64    topic_id,
                          gboolean  serves,
                          GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, serves
    ? "INSERT INTO agent_skills (account_id, topic_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
    : "DELETE FROM agent_skills WHERE account_id = ? AND topic_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, account_id);
  rd_sql_bind_int64 (stmt, 2, topic_id);
  return _rd_store_step_done (store, stmt, "set skill", error);
}

GArray *
rd_store_agent_skills (RdStore  *store,
                       gint64    account_id,
                       GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT topic_id FROM agent_skills WHERE account_id = ? ORDER BY topic_id", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, account_id);
  return _rd_store_collect_ids (store, stmt, "list skills", error);
}

/* Steps a bound "SELECT count(*) ..." statement. */
static guint
count_rows (RdStore       *store,
            RdSqlStmt     *stmt,
            const char    *what,
            GError       **error)
{
  guint count = 0;
  int rc = rd_sql_step (stmt);

  if (rc == RD_SQL_ROW)
    count = (guint) rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW)
    _rd_store_fail (store, what, error);
  return count;
}

guint
rd_store_agent_load (RdStore  *store,
                     gint64    agent_id,
                     GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT count(*) FROM requests WHERE agent_id = ? AND state IN ('offered', 'active')", error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, agent_id);
  return count_rows (store, stmt, "count load", error);
}

GArray *
rd_store_agent_requests (RdStore  *store,
                         gint64    agent_id,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT id FROM requests WHERE agent_id = ? AND state IN ('offered', 'active') ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, agent_id);
  return _rd_store_collect_ids (store, stmt, "list agent requests", error);
}

GArray *
rd_store_agents_holding_requests (RdStore  *store,
                                  GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT DISTINCT agent_id FROM requests WHERE state = 'active' ORDER BY agent_id", error);

  if (stmt == NULL)
    return NULL;
  return _rd_store_collect_ids (store, stmt, "list agents", error);
}

GArray *
rd_store_offers_older_than (RdStore  *store,
                            gint64    offered_before_us,
                            GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT id, agent_id FROM requests WHERE state = 'offered' AND offered_at < ? ORDER BY id", error);

  G_STATIC_ASSERT (sizeof (RdStoredOffer) == 2 * sizeof (gint64));
  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, offered_before_us);
  return _rd_store_collect_ints (store, stmt, 2, "list old offers", error);
}

gint
rd_store_requeue_offers (RdStore  *store,
                         GError  **error)
{
  const RdRequestChangeRule *rule = rd_request_change_rule (RD_CHANGE_REQUEUE_OFFERS);
  RdSqlStmt *stmt = _rd_store_prepare (store, rule->sql, error);

  if (stmt == NULL || !_rd_store_step_done (store, stmt, rule->name, error))
    return -1;
  return rd_sql_changes (stmt);
}

/* ---- requests ---- */

gint64
rd_store_request_create (RdStore     *store,
                         gint64       requester_id,
                         gint64       topic_id,
                         const char  *summary,
                         const char  *details,
                         gint         priority,
                         gint64       now_us,
                         GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO requests (requester_id, topic_id, summary, details, priority, state, queued_at) "
    "VALUES (?, ?, ?, ?, ?, 'queued', ?) RETURNING id", error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, requester_id);
  rd_sql_bind_int64 (stmt, 2, topic_id);
  rd_sql_bind_text (stmt, 3, summary);
  rd_sql_bind_text (stmt, 4, details ? details : "");
  rd_sql_bind_int64 (stmt, 5, priority);
  rd_sql_bind_int64 (stmt, 6, now_us);
  return _rd_store_insert_id (store, stmt, "create request", error);
}

#define REQUEST_COLUMNS \
  "id, requester_id, topic_id, summary, details, priority, state, coalesce (agent_id, 0), at_head, queued_at, " \
  "offered_at, accepted_at, finished_at"

static RdStoredRequest *
request_from_row (RdSqlStmt *stmt)
{
  RdStoredRequest *request = g_new0 (RdStoredRequest, 1);

  request->id = rd_sql_column_int64 (stmt, 0);
  request->requester_id = rd_sql_column_int64 (stmt, 1);
  request->topic_id = rd_sql_column_int64 (stmt, 2);
  request->summary = g_strdup (rd_sql_column_text (stmt, 3));
  request->details = g_strdup (rd_sql_column_text (stmt, 4));
  request->priority = rd_sql_column_int64 (stmt, 5);
  request->state = state_from_string (rd_sql_column_text (stmt, 6));
  request->agent_id = rd_sql_column_int64 (stmt, 7);
  request->at_head = rd_sql_column_int64 (stmt, 8) != 0;
  request->queued_at = rd_sql_column_int64 (stmt, 9);
  request->offered_at = rd_sql_column_int64 (stmt, 10);
  request->accepted_at = rd_sql_column_int64 (stmt, 11);
  request->finished_at = rd_sql_column_int64 (stmt, 12);
  return request;
}

RdStoredRequest *
rd_store_request_get (RdStore  *store,
                      gint64    request_id,
                      GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT " REQUEST_COLUMNS " FROM requests WHERE id = ?", error);
  RdStoredRequest *request = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    request = request_from_row (stmt);
  rd_sql_reset (stmt);
  if (rc == RD_SQL_DONE)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no request %" G_GINT64_FORMAT, request_id);
  else if (rc != RD_SQL_ROW)
    _rd_store_fail (store, "read request", error);
  return request;
}

GPtrArray *
rd_store_requests_of (RdStore  *store,
                      gint64    requester_id,
                      guint     limit,
                      GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT " REQUEST_COLUMNS " FROM requests WHERE requester_id = ? ORDER BY id DESC LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, requester_id);
  rd_sql_bind_int64 (stmt, 2, limit);
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) request_from_row, (GDestroyNotify) rd_stored_request_free,
                            "list a requester's requests", error);
}

gint
rd_store_request_rating (RdStore  *store,
                         gint64    request_id,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT rating FROM request_ratings WHERE request_id = ?", error);
  gint rating = 0;
  RdSqlStep rc;

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    rating = (gint) rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW && rc != RD_SQL_DONE)
    _rd_store_fail (store, "read rating", error);
  return rating;
}

GPtrArray *
rd_store_held_requests (RdStore  *store,
                        GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT " REQUEST_COLUMNS " FROM requests WHERE state IN ('offered', 'active') ORDER BY queued_at, id", error);

  if (stmt == NULL)
    return NULL;
  return _rd_store_collect (store, stmt, (RdStoreRowFunc) request_from_row, (GDestroyNotify) rd_stored_request_free,
                            "list held requests", error);
}

gboolean
rd_store_request_offer (RdStore  *store,
                        gint64    request_id,
                        gint64    agent_id,
                        gint64    now_us,
                        GError  **error)
{
  /* The one atomic step: only a queued request becomes offered. */
  const gint64 params[] = { agent_id, now_us, request_id };

  return change_request_row (store, RD_CHANGE_OFFER, params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_accept (RdStore  *store,
                         gint64    request_id,
                         gint64    agent_id,
                         gint64    now_us,
                         GError  **error)
{
  const gint64 params[] = { now_us, request_id, agent_id };

  return change_request_row (store, RD_CHANGE_ACCEPT, params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_decline (RdStore  *store,
                          gint64    request_id,
                          gint64    agent_id,
                          GError  **error)
{
  const gint64 params[] = { request_id, agent_id };

  if (!change_request_row (store, RD_CHANGE_DECLINE, params, G_N_ELEMENTS (params), error))
    return FALSE;
  {
    RdSqlStmt *stmt = _rd_store_prepare (store,
      "INSERT INTO request_declines (request_id, agent_id) VALUES (?, ?) ON CONFLICT DO NOTHING", error);

    if (stmt == NULL)
      return FALSE;
    rd_sql_bind_int64 (stmt, 1, request_id);
    rd_sql_bind_int64 (stmt, 2, agent_id);
    return _rd_store_step_done (store, stmt, "remember decline", error);
  }
}

gboolean
rd_store_request_finish (RdStore         *store,
                         gint64           request_id,
                         RdRequestState   final_state,
                         gint64           now_us,
                         GError         **error)
{
  const gint64 params[] = { now_us, request_id };

  g_return_val_if_fail (final_state == RD_REQUEST_RESOLVED || final_state == RD_REQUEST_CANCELLED, FALSE);

  return change_request_row (store, final_state == RD_REQUEST_RESOLVED ? RD_CHANGE_RESOLVE : RD_CHANGE_CANCEL,
                             params, G_N_ELEMENTS (params), error);
}

gint
rd_store_requeue_agent (RdStore  *store,
                        gint64    agent_id,
                        GError  **error)
{
  const RdRequestChangeRule *rule = rd_request_change_rule (RD_CHANGE_REQUEUE_AGENT);
  RdSqlStmt *stmt = _rd_store_prepare (store, rule->sql, error);

  if (stmt == NULL)
    return -1;
  rd_sql_bind_int64 (stmt, 1, agent_id);
  if (!_rd_store_step_done (store, stmt, rule->name, error))
    return -1;
  return rd_sql_changes (stmt);
}

GPtrArray *
rd_store_queue_for_routing (RdStore  *store,
                            GError  **error)
{
  /* Manual-only topics are never offered: the router need not see them.
   * In id order: the router puts them in queue order itself. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id, r.topic_id, t.strategy, r.priority, r.at_head, r.queued_at "
    "FROM requests r JOIN topics t ON t.id = r.topic_id WHERE r.state = 'queued' AND t.strategy != 'manual' "
    "ORDER BY r.id",
    error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *queue;
  int rc;

  if (stmt == NULL)
    return NULL;
  queue = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_request_free);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdRouteRequest *request = rd_route_request_new ();

      request->id = rd_sql_column_int64 (stmt, 0);
      request->topic_id = rd_sql_column_int64 (stmt, 1);
      if (!rd_route_strategy_from_string (rd_sql_column_text (stmt, 2), &request->strategy))
        request->strategy = RD_ROUTE_MANUAL;
      request->priority = rd_sql_column_int64 (stmt, 3);
      request->at_head = rd_sql_column_int64 (stmt, 4) != 0;
      request->queued_at = rd_sql_column_int64 (stmt, 5);
      g_ptr_array_add (queue, request);
      g_hash_table_insert (by_id, &request->id, request);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (queue);
      _rd_store_fail (store, "read queue", error);
      return NULL;
    }

  /* Every decline of a waiting request, in one pass. */
  stmt = _rd_store_prepare (store,
    "SELECT d.request_id, d.agent_id FROM request_declines d JOIN requests r ON r.id = d.request_id "
    "WHERE r.state = 'queued' ORDER BY d.request_id, d.agent_id", error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (queue);
      return NULL;
    }
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      gint64 request_id = rd_sql_column_int64 (stmt, 0);
      gint64 agent_id = rd_sql_column_int64 (stmt, 1);
      RdRouteRequest *request = g_hash_table_lookup (by_id, &request_id);

      if (request != NULL)
        g_array_append_val (request->declined, agent_id);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (queue);
      _rd_store_fail (store, "read declines", error);
      return NULL;
    }
  return queue;
}

guint
rd_store_request_position (RdStore  *store,
                           gint64    request_id,
                           GError  **error)
{
  /* How many waiting requests come no later than it in queue order (one
   * pass, no sort); none when it does not wait. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT count(*) FROM requests q, requests r WHERE r.id = ?1 AND r.state = 'queued' AND q.state = 'queued' "
    "AND " RD_QUEUE_KEY_SQL ("q") " >= " RD_QUEUE_KEY_SQL ("r"),
    error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, request_id);
  return count_rows (store, stmt, "queue position", error);
}

gboolean
rd_store_request_take (RdStore  *store,
                       gint64    request_id,
                       gint64    agent_id,
                       gint64    now_us,
                       GError  **error)
{
  /* Manual pick-up: queued straight to active, in one conditional step. */
  const gint64 params[] = { agent_id, now_us, request_id };

  return change_request_row (store, RD_CHANGE_TAKE, params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_rate (RdStore     *store,
                       gint64       request_id,
                       gint64       requester_id,
                       gint         rating,
                       const char  *comment,
                       gint64       now_us,
                       GError     **error)
{
  /* Once, by its requester, after it was resolved. */
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO request_ratings (request_id, rating, comment, rated_at) "
    "SELECT id, CAST(? AS BIGINT), ?, CAST(? AS BIGINT) FROM requests "
    "WHERE id = ? AND requester_id = ? AND state = 'resolved' "
    "ON CONFLICT (request_id) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, rating);
  rd_sql_bind_text (stmt, 2, comment ? comment : "");
  rd_sql_bind_int64 (stmt, 3, now_us);
  rd_sql_bind_int64 (stmt, 4, request_id);
  rd_sql_bind_int64 (stmt, 5, requester_id);
  return change_one (store, stmt, "rate request", error);
}

GArray *
rd_store_queue_places (RdStore  *store,
                       GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id, r.requester_id, r.topic_id FROM requests r WHERE r.state = 'queued' ORDER BY " RD_QUEUE_ORDER_SQL,
    error);

  G_STATIC_ASSERT (sizeof (RdQueuePlace) == 3 * sizeof (gint64));
  return stmt ? _rd_store_collect_ints (store, stmt, 3, "read queue places", error) : NULL;
}

GPtrArray *
rd_store_queue_list (RdStore  *store,
                     GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT r.id, r.requester_id, r.topic_id, r.summary, r.details, r.priority, r.at_head, r.queued_at "
    "FROM requests r WHERE r.state = 'queued' ORDER BY " RD_QUEUE_ORDER_SQL, error);
  GPtrArray *waiting;
  int rc;

  if (stmt == NULL)
    return NULL;
  waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_request_free);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdStoredRequest *request = g_new0 (RdStoredRequest, 1);

      request->id = rd_sql_column_int64 (stmt, 0);
      request->requester_id = rd_sql_column_int64 (stmt, 1);
      request->topic_id = rd_sql_column_int64 (stmt, 2);
      request->summary = g_strdup (rd_sql_column_text (stmt, 3));
      request->details = g_strdup (rd_sql_column_text (stmt, 4));
      request->priority = rd_sql_column_int64 (stmt, 5);
      request->at_head = rd_sql_column_int64 (stmt, 6) != 0;
      request->queued_at = rd_sql_column_int64 (stmt, 7);
      request->state = RD_REQUEST_QUEUED;
      g_ptr_array_add (waiting, request);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (waiting);
      _rd_store_fail (store, "list queue", error);
      return NULL;
    }
  return waiting;
}

guint
rd_store_requester_waiting (RdStore  *store,
                            gint64    requester_id,
                            GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT count(*) FROM requests WHERE requester_id = ? AND state = 'queued'", error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, requester_id);
  return count_rows (store, stmt, "count own requests", error);
}

guint
rd_store_queue_waiting_count (RdStore  *store,
                              GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT count(*) FROM requests WHERE state = 'queued'", error);

  return stmt ? count_rows (store, stmt, "count queue", error) : 0;
}

gboolean
rd_store_queue_stats (RdStore       *store,
                      gint64         since_us,
                      gint64         now_us,
                      RdQueueStats  *stats,
                      GError       **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT"
    " (SELECT count(*) FROM requests WHERE state = 'queued'),"
    " (SELECT coalesce (max (?2 - queued_at), 0) FROM requests WHERE state = 'queued'),"
    " (SELECT coalesce (avg (accepted_at - queued_at), 0) FROM requests WHERE accepted_at >= ?1),"
    " (SELECT coalesce (avg (finished_at - accepted_at), 0) FROM requests WHERE state = 'resolved' AND finished_at >= ?1),"
    " (SELECT count(*) FROM requests WHERE state = 'resolved' AND finished_at >= ?1),"
    " (SELECT coalesce (avg (rating), 0) FROM request_ratings WHERE rated_at >= ?1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, since_us);
  rd_sql_bind_int64 (stmt, 2, now_us);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    {
      stats->waiting = (guint) rd_sql_column_int64 (stmt, 0);
      stats->longest_wait_us = rd_sql_column_int64 (stmt, 1);
      stats->average_wait_us = (gint64) rd_sql_column_double (stmt, 2);
      stats->average_handle_us = (gint64) rd_sql_column_double (stmt, 3);
      stats->resolved = (guint) rd_sql_column_int64 (stmt, 4);
      stats->average_rating = rd_sql_column_double (stmt, 5);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_ROW)
    return _rd_store_fail (store, "queue statistics", error);
  return TRUE;
}

GArray *
rd_store_topic_times (RdStore  *store,
                      gint64    since_us,
                      GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT topic_id,"
    " coalesce (avg (CASE WHEN accepted_at >= ?1 THEN accepted_at - queued_at END), 0),"
    " coalesce (avg (CASE WHEN state = 'resolved' AND finished_at >= ?1 THEN finished_at - accepted_at END), 0) "
    "FROM requests WHERE accepted_at >= ?1 GROUP BY topic_id ORDER BY topic_id", error);
  GArray *times;
  RdSqlStep rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, since_us);
  times = g_array_new (FALSE, FALSE, sizeof (RdTopicTimes));
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdTopicTimes row = { rd_sql_column_int64 (stmt, 0), (gint64) rd_sql_column_double (stmt, 1),
                           (gint64) rd_sql_column_double (stmt, 2) };

      g_array_append_val (times, row);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_array_unref (times);
      _rd_store_fail (store, "topic times", error);
      return NULL;
    }
  return times;
}

static void
request_count_clear (gpointer data)
{
  g_free (((RdRequestCount *) data)->topic);
}

GArray *
rd_store_request_counts (RdStore  *store,
                         GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT t.name, r.state, count(*) FROM requests r JOIN topics t ON t.id = r.topic_id "
    "WHERE r.state IN ('queued', 'offered', 'active') GROUP BY t.name, r.state ORDER BY t.name, r.state", error);
  GArray *counts;
  RdSqlStep rc;

  if (stmt == NULL)
    return NULL;
  counts = g_array_new (FALSE, FALSE, sizeof (RdRequestCount));
  g_array_set_clear_func (counts, request_count_clear);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdRequestCount row = { g_strdup (rd_sql_column_text (stmt, 0)), state_from_string (rd_sql_column_text (stmt, 1)),
                             (guint) rd_sql_column_int64 (stmt, 2) };

      g_array_append_val (counts, row);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_array_unref (counts);
      _rd_store_fail (store, "count requests", error);
      return NULL;
    }
  return counts;
}

gint64
rd_store_request_add_note (RdStore     *store,
                           gint64       request_id,
                           gint64       author_id,
                           const char  *text,
                           gint64       now_us,
                           GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO request_notes (request_id, author_id, text, created) VALUES (?, ?, ?, ?) RETURNING id", error);

  if (stmt == NULL)
    return 0;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rd_sql_bind_int64 (stmt, 2, author_id);
  rd_sql_bind_text (stmt, 3, text);
  rd_sql_bind_int64 (stmt, 4, now_us);
  return _rd_store_insert_id (store, stmt, "add note", error);
}

gboolean
rd_store_request_transfer (RdStore  *store,
                           gint64    request_id,
                           gint64    from_agent_id,
                           gint64    to_agent_id,
                           gint64    to_topic_id,
                           gint64    now_us,
                           GError  **error)
{
  /* To an agent: offered to them (they may decline). To a topic: back to
   * the head of the queue there. Either way only from its current agent. */
  const gint64 params[] = { to_agent_id, to_topic_id, now_us, request_id, from_agent_id };

  return change_request_row (store, to_agent_id != 0 ? RD_CHANGE_TRANSFER_TO_AGENT : RD_CHANGE_TRANSFER_TO_TOPIC,
                             params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_take_over (RdStore  *store,
                            gint64    request_id,
                            gint64    supervisor_id,
                            gint64    now_us,
                            GError  **error)
{
  const gint64 params[] = { supervisor_id, now_us, request_id };

  return change_request_row (store, RD_CHANGE_TAKE_OVER, params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_reassign (RdStore  *store,
                           gint64    request_id,
                           gint64    to_agent_id,
                           gint64    to_topic_id,
                           gint64    now_us,
                           GError  **error)
{
  const gint64 params[] = { to_agent_id, to_topic_id, now_us, request_id };

  return change_request_row (store, to_agent_id != 0 ? RD_CHANGE_REASSIGN_TO_AGENT : RD_CHANGE_REASSIGN_TO_TOPIC,
                             params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_request_close (RdStore         *store,
                        gint64           request_id,
                        RdRequestState   final_state,
                        gint64           now_us,
                        GError         **error)
{
  const gint64 params[] = { now_us, request_id };

  g_return_val_if_fail (final_state == RD_REQUEST_RESOLVED || final_state == RD_REQUEST_CANCELLED, FALSE);

  return change_request_row (store, final_state == RD_REQUEST_RESOLVED ? RD_CHANGE_CLOSE_RESOLVED
                                                                       : RD_CHANGE_CLOSE_CANCELLED,
                             params, G_N_ELEMENTS (params), error);
}

gboolean
rd_store_canned_set (RdStore     *store,
                     const char  *title,
                     const char  *body,
                     GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO canned_replies (title, body) VALUES (?, ?) ON CONFLICT (title) DO UPDATE SET body = excluded.body",
    error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, title);
  rd_sql_bind_text (stmt, 2, body);
  return _rd_store_step_done (store, stmt, "save canned reply", error);
}

gboolean
rd_store_canned_delete (RdStore     *store,
                        const char  *title,
                        GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "DELETE FROM canned_replies WHERE title = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, title);
  if (!_rd_store_step_done (store, stmt, "delete canned reply", error))
    return FALSE;
  if (rd_sql_changes (stmt) == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no canned reply \"%s\"", title);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
rd_store_canned_list (RdStore  *store,
                      GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT title, body FROM canned_replies ORDER BY title", error);
  GPtrArray *pairs;
  int rc;

  if (stmt == NULL)
    return NULL;
  pairs = g_ptr_array_new_with_free_func (g_free);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      g_ptr_array_add (pairs, g_strdup (rd_sql_column_text (stmt, 0)));
      g_ptr_array_add (pairs, g_strdup (rd_sql_column_text (stmt, 1)));
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (pairs);
      _rd_store_fail (store, "list canned replies", error);
      return NULL;
    }
  return pairs;
}
