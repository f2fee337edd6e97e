/* rd-store-webhooks.c: the webhooks' outbox. One row an event and a URL,
 * written in the transaction of the change it tells of, deleted once the
 * receiver answered 2xx. A relay claims a row for a while (a lease) before
 * it sends it, so relays sharing a database do not send it together, and a
 * relay that died mid-send leaves it to be sent again once the lease ends. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"
#include "rd-store-webhooks.h"

const char _rd_store_webhooks_schema[] =
  "CREATE TABLE IF NOT EXISTS webhook_outbox ("
  "  event_id TEXT NOT NULL,"
  "  url TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  attempts BIGINT NOT NULL DEFAULT 0,"
  "  next_at BIGINT NOT NULL,"
  "  claimed_until BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (event_id, url));"
  "CREATE INDEX IF NOT EXISTS webhook_outbox_by_time ON webhook_outbox(next_at);";

void
rd_webhook_delivery_free (RdWebhookDelivery *delivery)
{
  if (delivery == NULL)
    return;
  g_free (delivery->event_id);
  g_free (delivery->url);
  g_free (delivery->body);
  g_free (delivery);
}

gboolean
rd_store_webhook_add (RdStore     *store,
                      const char  *event_id,
                      const char  *url,
                      const char  *body,
                      gint64       now_us,
                      GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO webhook_outbox (event_id, url, body, next_at) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, event_id);
  rd_sql_bind_text (stmt, 2, url);
  rd_sql_bind_text (stmt, 3, body);
  rd_sql_bind_int64 (stmt, 4, now_us);
  return _rd_store_step_done (store, stmt, "add a webhook delivery", error);
}

static gpointer
delivery_from_row (RdSqlStmt *stmt)
{
  RdWebhookDelivery *delivery = g_new0 (RdWebhookDelivery, 1);

  delivery->event_id = g_strdup (rd_sql_column_text (stmt, 0));
  delivery->url = g_strdup (rd_sql_column_text (stmt, 1));
  delivery->body = g_strdup (rd_sql_column_text (stmt, 2));
  delivery->attempts = rd_sql_column_int64 (stmt, 3);
  return delivery;
}

GPtrArray *
rd_store_webhooks_due (RdStore  *store,
                       gint64    now_us,
                       guint     limit,
                       GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT event_id, url, body, attempts FROM webhook_outbox WHERE next_at <= ? AND claimed_until <= ? "
    "ORDER BY next_at, event_id LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, now_us);
  rd_sql_bind_int64 (stmt, 2, now_us);
  rd_sql_bind_int64 (stmt, 3, limit);
  return _rd_store_collect (store, stmt, delivery_from_row, (GDestroyNotify) rd_webhook_delivery_free,
                            "read due webhook deliveries", error);
}

/* A one-row change to @delivery's row; FALSE with no error when it
 * matched none (gone, or claimed by another relay). */
static gboolean
change_row (RdStore            *store,
            RdSqlStmt          *stmt,
            int                 first_key,
            RdWebhookDelivery  *delivery,
            const char         *what,
            gboolean           *changed,
            GError            **error)
{
  rd_sql_bind_text (stmt, first_key, delivery->event_id);
  rd_sql_bind_text (stmt, first_key + 1, delivery->url);
  if (!_rd_store_step_done (store, stmt, what, error))
    return FALSE;
  *changed = rd_sql_changes (stmt) == 1;
  return TRUE;
}

gboolean
rd_store_webhook_claim (RdStore            *store,
                        RdWebhookDelivery  *delivery,
                        gint64              now_us,
                        gint64              until_us,
                        gboolean           *claimed,
                        GError            **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "UPDATE webhook_outbox SET claimed_until = ? WHERE claimed_until <= ? AND event_id = ? AND url = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, until_us);
  rd_sql_bind_int64 (stmt, 2, now_us);
  return change_row (store, stmt, 3, delivery, "claim a webhook delivery", claimed, error);
}

gboolean
rd_store_webhook_delivered (RdStore            *store,
                            RdWebhookDelivery  *delivery,
                            GError            **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "DELETE FROM webhook_outbox WHERE event_id = ? AND url = ?", error);
  gboolean changed;

  return stmt != NULL && change_row (store, stmt, 1, delivery, "forget a delivered webhook", &changed, error);
}

gboolean
rd_store_webhook_retry (RdStore            *store,
                        RdWebhookDelivery  *delivery,
                        gint64              next_at_us,
                        GError            **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "UPDATE webhook_outbox SET attempts = attempts + 1, next_at = ?, claimed_until = 0 "
    "WHERE event_id = ? AND url = ?", error);
  gboolean changed;

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_int64 (stmt, 1, next_at_us);
  return change_row (store, stmt, 2, delivery, "retry a webhook delivery later", &changed, error);
}

gint64
rd_store_webhook_backlog (RdStore  *store,
                          GError  **error)
{
  return _rd_store_count_rows (store, "webhook_outbox", error);
}
