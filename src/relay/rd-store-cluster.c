/* rd-store-cluster.c: what the relays sharing one PostgreSQL database tell
 * each other through it: which relays are alive (heartbeats), who is
 * online on which relay, and notifications (NOTIFY) of what changed. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"

void
rd_stored_presence_free (RdStoredPresence *presence)
{
  if (presence == NULL)
    return;
  g_free (presence->relay_id);
  g_free (presence->status);
  g_free (presence->text);
  g_free (presence);
}

gboolean
rd_store_relay_beat (RdStore     *store,
                     const char  *relay_id,
                     const char  *url,
                     gint64       now_ms,
                     GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO relays (id, url, heartbeat) VALUES (?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET url = excluded.url, heartbeat = excluded.heartbeat", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, relay_id);
  rd_sql_bind_text (stmt, 2, url);
  rd_sql_bind_int64 (stmt, 3, now_ms);
  return _rd_store_step_done (store, stmt, "relay heartbeat", error);
}

/* Runs a statement whose rows are one text column. */
static GPtrArray *
collect_texts (RdStore     *store,
               RdSqlStmt   *stmt,
               const char  *what,
               GError     **error)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  RdSqlStep rc;

  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    g_ptr_array_add (texts, g_strdup (rd_sql_column_text (stmt, 0)));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (texts);
      _rd_store_fail (store, what, error);
      return NULL;
    }
  return texts;
}

GPtrArray *
rd_store_relays_expire (RdStore  *store,
                        gint64    silent_since_ms,
                        GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "DELETE FROM relays WHERE heartbeat < ? RETURNING id", error);
  g_autoptr(GPtrArray) gone = NULL;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, silent_since_ms);
  gone = collect_texts (store, stmt, "expire relays", error);
  for (guint i = 0; gone != NULL && i < gone->len; i++)
    if (!rd_store_presence_forget_relay (store, g_ptr_array_index (gone, i), error))
      return NULL;
  return g_steal_pointer (&gone);
}

gboolean
rd_store_presence_forget_relay (RdStore     *store,
                                const char  *relay_id,
                                GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "DELETE FROM presence WHERE relay_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, relay_id);
  return _rd_store_step_done (store, stmt, "forget a relay's presence", error);
}

gboolean
rd_store_presence_publish (RdStore           *store,
                           RdStoredPresence  *presence,
                           GError           **error)
{
  gboolean offline = g_strcmp0 (presence->status, "offline") == 0;
  RdSqlStmt *stmt = _rd_store_prepare (store, offline
    ? "DELETE FROM presence WHERE relay_id = ?1 AND account_id = ?2"
    : "INSERT INTO presence (relay_id, account_id, status, text, since) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (relay_id, account_id) DO UPDATE SET status = excluded.status, text = excluded.text, "
      "since = excluded.since", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, presence->relay_id);
  rd_sql_bind_int64 (stmt, 2, presence->account_id);
  rd_sql_bind_text (stmt, 3, presence->status);
  rd_sql_bind_text (stmt, 4, presence->text ? presence->text : "");
  rd_sql_bind_int64 (stmt, 5, presence->since);
  return _rd_store_step_done (store, stmt, "publish presence", error);
}

GPtrArray *
rd_store_presence_list (RdStore  *store,
                        GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT relay_id, account_id, status, text, since FROM presence ORDER BY relay_id, account_id", error);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_presence_free);
  RdSqlStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    {
      RdStoredPresence *presence = g_new0 (RdStoredPresence, 1);

      presence->relay_id = g_strdup (rd_sql_column_text (stmt, 0));
      presence->account_id = rd_sql_column_int64 (stmt, 1);
      presence->status = g_strdup (rd_sql_column_text (stmt, 2));
      presence->text = g_strdup (rd_sql_column_text (stmt, 3));
      presence->since = rd_sql_column_int64 (stmt, 4);
      g_ptr_array_add (result, presence);
    }
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "list presence", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
rd_store_notify (RdStore     *store,
                 const char  *channel,
                 const char  *payload,
                 GError     **error)
{
  RdSqlStmt *stmt;

  if (rd_sql_engine (_rd_store_get_sql (store)) != RD_SQL_POSTGRESQL)
    return TRUE;
  if (rd_store_in_transaction (store))
    {
      rd_sql_notify_at_commit (_rd_store_get_sql (store), channel, payload);
      return TRUE;
    }
  stmt = _rd_store_prepare (store, "SELECT pg_notify (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, channel);
  rd_sql_bind_text (stmt, 2, payload);
  if (rd_sql_step (stmt) != RD_SQL_ROW)
    {
      rd_sql_reset (stmt);
      return _rd_store_fail (store, "notify", error);
    }
  rd_sql_reset (stmt);
  return TRUE;
}
