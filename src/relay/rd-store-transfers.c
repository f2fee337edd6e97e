/* rd-store-transfers.c: live file transfers and their one-time proxy
 * tickets (schema 4).
 *
 * They are in the store rather than in one relay's memory so that every
 * relay sharing a database knows them: the two parties may be signed in on
 * different relays, and a ticket asked of one relay may be used on another
 * (a load balancer sends each connection where it likes). A transfer's
 * "host" is the relay the two proxy connections meet on (PostgreSQL only).
 * The same SQL serves both engines. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"

const char _rd_store_transfers_schema[] =
  "CREATE TABLE IF NOT EXISTS file_transfers ("
  "  id TEXT PRIMARY KEY,"
  "  sender_id BIGINT NOT NULL,"
  "  recipient_id BIGINT NOT NULL,"
  "  accepted BIGINT NOT NULL DEFAULT 0,"
  "  created BIGINT NOT NULL,"
  "  host TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX IF NOT EXISTS file_transfers_by_sender ON file_transfers(sender_id);"
  "CREATE INDEX IF NOT EXISTS file_transfers_by_created ON file_transfers(created);"
  "CREATE TABLE IF NOT EXISTS file_tickets ("
  "  secret_hash TEXT PRIMARY KEY,"
  "  transfer_id TEXT NOT NULL,"
  "  kind BIGINT NOT NULL,"
  "  expires BIGINT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS file_tickets_by_expiry ON file_tickets(expires);";

void
rd_live_transfer_free (RdLiveTransfer *transfer)
{
  if (transfer == NULL)
    return;
  g_free (transfer->id);
  g_free (transfer->host);
  g_free (transfer);
}

gboolean
rd_store_transfer_add (RdStore               *store,
                       const RdLiveTransfer  *transfer,
                       GError               **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO file_transfers (id, sender_id, recipient_id, created) VALUES (?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, transfer->id);
  rd_sql_bind_int64 (stmt, 2, transfer->sender_id);
  rd_sql_bind_int64 (stmt, 3, transfer->recipient_id);
  rd_sql_bind_int64 (stmt, 4, transfer->created);
  return _rd_store_insert_new (store, stmt, "start a file transfer", error);
}

RdLiveTransfer *
rd_store_transfer_get (RdStore     *store,
                       const char  *id,
                       GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT id, sender_id, recipient_id, accepted, created, host FROM file_transfers WHERE id = ?", error);
  RdLiveTransfer *transfer;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, id);
  rc = rd_sql_step (stmt);
  if (rc != RD_SQL_ROW)
    {
      rd_sql_reset (stmt);
      if (rc != RD_SQL_DONE)
        _rd_store_fail (store, "read a file transfer", error);
      else
        g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such transfer");
      return NULL;
    }
  transfer = g_new0 (RdLiveTransfer, 1);
  transfer->id = g_strdup (rd_sql_column_text (stmt, 0));
  transfer->sender_id = rd_sql_column_int64 (stmt, 1);
  transfer->recipient_id = rd_sql_column_int64 (stmt, 2);
  transfer->accepted = rd_sql_column_int64 (stmt, 3) != 0;
  transfer->created = rd_sql_column_int64 (stmt, 4);
  transfer->host = g_strdup (rd_sql_column_text (stmt, 5));
  rd_sql_reset (stmt);
  return transfer;
}

/* Steps @sql, which returns no rows, with ?1 bound to @text, or to
 * @number when @text is NULL. */
static gboolean
run (RdStore     *store,
     const char  *sql,
     const char  *text,
     gint64       number,
     const char  *what,
     GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    rd_sql_bind_text (stmt, 1, text);
  else
    rd_sql_bind_int64 (stmt, 1, number);
  return _rd_store_step_done (store, stmt, what, error);
}

gboolean
rd_store_transfer_accept (RdStore     *store,
                          const char  *id,
                          GError     **error)
{
  return run (store, "UPDATE file_transfers SET accepted = 1 WHERE id = ?1", id, 0, "accept a file transfer", error);
}

gboolean
rd_store_transfer_remove (RdStore     *store,
                          const char  *id,
                          GError     **error)
{
  return run (store, "DELETE FROM file_tickets WHERE transfer_id = ?1", id, 0, "forget a transfer's tickets", error) &&
         run (store, "DELETE FROM file_transfers WHERE id = ?1", id, 0, "forget a file transfer", error);
}

gint64
rd_store_transfers_count_of (RdStore     *store,
                             gint64       sender_id,
                             GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT count(*) FROM file_transfers WHERE sender_id = ?", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  rd_sql_bind_int64 (stmt, 1, sender_id);
  if (rd_sql_step (stmt) == RD_SQL_ROW)
    n = rd_sql_column_int64 (stmt, 0);
  rd_sql_reset (stmt);
  if (n < 0)
    _rd_store_fail (store, "count file transfers", error);
  return n;
}

gboolean
rd_store_transfers_expire (RdStore     *store,
                           gint64       created_before,
                           gint64       now,
                           GError     **error)
{
  return run (store, "DELETE FROM file_tickets WHERE expires < ?1", NULL, now, "expire tickets", error) &&
         run (store, "DELETE FROM file_transfers WHERE created < ?1", NULL, created_before,
              "expire file transfers", error);
}

gboolean
rd_store_ticket_add (RdStore     *store,
                     const char  *secret_hash,
                     const char  *transfer_id,
                     int          kind,
                     gint64       expires,
                     GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO file_tickets (secret_hash, transfer_id, kind, expires) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, secret_hash);
  rd_sql_bind_text (stmt, 2, transfer_id);
  rd_sql_bind_int64 (stmt, 3, kind);
  rd_sql_bind_int64 (stmt, 4, expires);
  return _rd_store_step_done (store, stmt, "give a file ticket", error);
}

gboolean
rd_store_ticket_take (RdStore     *store,
                      const char  *secret_hash,
                      gint64       now,
                      char       **out_transfer_id,
                      int         *out_kind,
                      GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "DELETE FROM file_tickets WHERE secret_hash = ? RETURNING transfer_id, kind, expires", error);
  gboolean valid = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, secret_hash);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW && rd_sql_column_int64 (stmt, 2) >= now)
    {
      *out_transfer_id = g_strdup (rd_sql_column_text (stmt, 0));
      *out_kind = (int) rd_sql_column_int64 (stmt, 1);
      valid = TRUE;
    }
  if (rc == RD_SQL_ROW)
    rc = rd_sql_step (stmt);
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    return _rd_store_fail (store, "take a file ticket", error);
  if (!valid)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "unknown or expired ticket");
  return valid;
}

char *
rd_store_transfer_claim_host (RdStore     *store,
                              const char  *id,
                              const char  *relay_id,
                              char       **out_url,
                              GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "UPDATE file_transfers SET host = ?2 WHERE id = ?1 AND host NOT IN (SELECT id FROM relays)", error);
  char *host = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, id);
  rd_sql_bind_text (stmt, 2, relay_id);
  if (!_rd_store_step_done (store, stmt, "choose a transfer's relay", error))
    return NULL;
  stmt = _rd_store_prepare (store,
    "SELECT t.host, r.url FROM file_transfers t JOIN relays r ON r.id = t.host WHERE t.id = ?", error);
  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    {
      host = g_strdup (rd_sql_column_text (stmt, 0));
      *out_url = g_strdup (rd_sql_column_text (stmt, 1));
    }
  rd_sql_reset (stmt);
  if (rc == RD_SQL_ERROR)
    _rd_store_fail (store, "read a transfer's relay", error);
  else if (host == NULL)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such transfer");
  return host;
}
