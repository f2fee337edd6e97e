/* rd-store-copy.c: every row of one store into another, empty one
 * (`relaydeskd migrate`): SQLite to PostgreSQL and back.
 *
 * The source is read in one transaction (a consistent snapshot, while a
 * relay may go on writing to it), the destination written in one, so a
 * copy that fails leaves the destination as it was. The tables go in the
 * order their foreign keys need, with their ids, and each table's rows are
 * counted on both sides afterwards. Not copied: the schema version (each
 * store has its own) and what relays sharing a PostgreSQL database tell
 * each other (heartbeats, presence), which is not data.
 */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"

typedef struct {
  const char *table;
  const char *columns;
  const char *order;
  gboolean    identity;   /* an id that PostgreSQL numbers itself */
} Table;

static const Table tables[] = {
  { "accounts", "id, username, display_name, role, password_hash, disabled, created, last_seq", "id", TRUE },
  { "sessions", "token_hash, account_id, device, created, revoked", "token_hash", FALSE },
  { "contacts", "owner_id, contact_id, grp", "owner_id, contact_id", FALSE },
  { "messages", "id, uuid, sender_id, recipient_id, pair_lo, pair_hi, body, ts, delivered_ts, read_ts, sender_seq",
    "id", TRUE },
  { "events", "account_id, seq, ts, kind, data", "account_id, seq", FALSE },
  { "topics", "id, name, strategy", "id", TRUE },
  { "agent_profiles", "account_id, capacity", "account_id", FALSE },
  { "agent_skills", "account_id, topic_id", "account_id, topic_id", FALSE },
  { "requests", "id, requester_id, topic_id, summary, details, priority, state, agent_id, at_head, queued_at, "
    "offered_at, accepted_at, finished_at", "id", TRUE },
  { "request_facts", "request_id, facts", "request_id", FALSE },
  { "webhook_outbox", "event_id, url, body, attempts, next_at, claimed_until", "event_id, url", FALSE },
  { "request_ratings", "request_id, rating, comment, rated_at", "request_id", FALSE },
  { "canned_replies", "title, body", "title", FALSE },
  { "request_notes", "id, request_id, author_id, text, created", "id", TRUE },
  { "request_declines", "request_id, agent_id", "request_id, agent_id", FALSE },
  { "request_history", "id, request_id, at, what, actor_id, target_id, topic_id, text, rating", "id", TRUE },
  { "account_notices", "id, account_id, notice, at", "id", TRUE },
  { "topic_policies", "topic_id, first_response_s, time_zone, hours, closed_days, wrap_up_s, idle_warn_s, "
    "idle_close_s", "topic_id", FALSE },
  { "request_breaches", "request_id, at", "request_id", FALSE },
  { "stored_files", "id, sender_id, recipient_id, name, size, mime, sha256, created, complete", "id", FALSE },
};

/* Statements are cached by the address of their text: interned, a text
 * made here is one address for the life of the process. */
static const char *
sql_text (const char *format,
          ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return g_intern_string (text);
}


static guint
n_columns (const Table *table)
{
  g_auto(GStrv) names = g_strsplit (table->columns, ",", -1);

  return g_strv_length (names);
}

static gboolean
copy_table (RdStore      *from,
            RdStore      *to,
            const Table  *table,
            GError      **error)
{
  guint n = n_columns (table);
  g_autoptr(GString) marks = g_string_new ("");
  RdSqlStmt *select;
  RdSqlStmt *insert;
  RdSqlStep rc;

  for (guint i = 0; i < n; i++)
    g_string_append (marks, i == 0 ? "?" : ", ?");
  select = _rd_store_prepare (from, sql_text ("SELECT %s FROM %s ORDER BY %s", table->columns, table->table,
                                              table->order), error);
  if (select == NULL)
    return FALSE;
  while ((rc = rd_sql_step (select)) == RD_SQL_ROW)
    {
      insert = _rd_store_prepare (to, sql_text ("INSERT INTO %s (%s) VALUES (%s)", table->table, table->columns,
                                                marks->str), error);
      if (insert == NULL)
        {
          rd_sql_reset (select);
          return FALSE;
        }
      /* As text: both engines turn it back into the column's type. */
      for (guint i = 0; i < n; i++)
        rd_sql_bind_text (insert, (int) i + 1, rd_sql_column_text (select, (int) i));
      if (!_rd_store_step_done (to, insert, table->table, error))
        {
          rd_sql_reset (select);
          return FALSE;
        }
    }
  rd_sql_reset (select);
  if (rc != RD_SQL_DONE)
    return _rd_store_fail (from, table->table, error);
  /* PostgreSQL numbers new rows from its own sequence: past the copied ids. */
  if (table->identity && rd_sql_engine (_rd_store_get_sql (to)) == RD_SQL_POSTGRESQL)
    {
      RdSqlStmt *stmt = _rd_store_prepare (to, sql_text (
        "SELECT setval (pg_get_serial_sequence ('%s', 'id'), coalesce ((SELECT max (id) FROM %s), 0) + 1, false)",
        table->table, table->table), error);

      if (stmt == NULL)
        return FALSE;
      rc = rd_sql_step (stmt);
      rd_sql_reset (stmt);
      if (rc != RD_SQL_ROW)
        return _rd_store_fail (to, "renumber", error);
    }
  return TRUE;
}

gboolean
rd_store_copy (RdStore              *from,
               RdStore              *to,
               RdStoreCopyProgress   progress,
               gpointer              data,
               GError              **error)
{
  gint64 there = _rd_store_count_rows (to, "accounts", error);

  if (there < 0)
    return FALSE;
  if (there > 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS,
                   "the destination already has %" G_GINT64_FORMAT " accounts: copy only into an empty database",
                   there);
      return FALSE;
    }
  if (!rd_store_begin (from, error))
    return FALSE;
  if (!rd_store_begin (to, error))
    {
      rd_store_rollback (from);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 rows_from, rows_to;

      if (!copy_table (from, to, &tables[i], error) ||
          (rows_from = _rd_store_count_rows (from, tables[i].table, error)) < 0 ||
          (rows_to = _rd_store_count_rows (to, tables[i].table, error)) < 0)
        goto failed;
      if (rows_from != rows_to)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                       "%s: %" G_GINT64_FORMAT " rows read but %" G_GINT64_FORMAT " there after the copy",
                       tables[i].table, rows_from, rows_to);
          goto failed;
        }
      if (progress != NULL)
        progress (tables[i].table, rows_to, data);
    }
  rd_store_rollback (from);   /* it only read */
  return rd_store_commit (to, error);

failed:
  rd_store_rollback (to);
  rd_store_rollback (from);
  return FALSE;
}
