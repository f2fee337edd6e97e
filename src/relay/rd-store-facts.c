/* rd-store-facts.c: the facts about a requester's computer sent with a
 * request (docs/protocol.md, "Computer facts"), kept as the JSON text the
 * relay checked, one row a request. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"
#include "rd-store-queue.h"

const char _rd_store_facts_schema[] =
  "CREATE TABLE IF NOT EXISTS request_facts ("
  "  request_id BIGINT PRIMARY KEY REFERENCES requests(id),"
  "  facts TEXT NOT NULL);";

gboolean
rd_store_request_set_facts (RdStore     *store,
                            gint64       request_id,
                            const char  *facts,
                            GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO request_facts (request_id, facts) VALUES (?, ?) "
    "ON CONFLICT (request_id) DO UPDATE SET facts = excluded.facts", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, request_id);
  rd_sql_bind_text (stmt, 2, facts);
  return _rd_store_step_done (store, stmt, "keep request facts", error);
}

char *
rd_store_request_facts (RdStore  *store,
                        gint64    request_id,
                        GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT facts FROM request_facts WHERE request_id = ?", error);
  char *facts = NULL;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, request_id);
  switch (rd_sql_step (stmt))
    {
    case RD_SQL_ROW:
      facts = g_strdup (rd_sql_column_text (stmt, 0));
      break;
    case RD_SQL_DONE:
      facts = g_strdup ("");
      break;
    default:
      _rd_store_fail (store, "read request facts", error);
    }
  rd_sql_reset (stmt);
  return facts;
}
