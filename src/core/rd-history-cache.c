/* rd-history-cache.c: one SQLite file per account (WAL). A writer thread
 * takes batches of messages from a queue and commits each batch at once;
 * searches open their own read connection in a worker thread. */
#define G_LOG_DOMAIN "rd-history-cache"

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-history-cache.h"

#define SNIPPET_TOKENS 12

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "CREATE TABLE IF NOT EXISTS messages ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  peer TEXT NOT NULL,"
  "  sender TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  ts INTEGER NOT NULL,"
  "  mid INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS messages_by_peer ON messages (peer, ts);"
  "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5("
  "  body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
  "CREATE TRIGGER IF NOT EXISTS messages_ai AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body); END;"
  "CREATE TRIGGER IF NOT EXISTS messages_ad AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body); END;";

typedef struct {
  char   *uuid;
  char   *peer;
  char   *from;
  char   *body;
  gint64  ts;
  gint64  mid;
} Row;

static void
row_free (Row *row)
{
  g_free (row->uuid);
  g_free (row->peer);
  g_free (row->from);
  g_free (row->body);
  g_free (row);
}

struct _RdHistoryCache
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;          /* the writer thread's */
  GThread     *writer;
  GAsyncQueue *queue;       /* Row, or the stop/flush markers */
  GMutex       flush_lock;
  GCond        flush_cond;
  guint64      queued;
  guint64      written;
};

G_DEFINE_FINAL_TYPE (RdHistoryCache, rd_history_cache, G_TYPE_OBJECT)

static Row stop_marker;

void
rd_search_hit_free (RdSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->uuid);
  g_free (hit->peer);
  g_free (hit->from);
  g_free (hit->snippet);
  g_free (hit);
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "history cache: %s", message ? message : "error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_db (const char  *path,
         int          flags,
         sqlite3    **out,
         GError     **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open the history cache %s: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);
  *out = db;
  return TRUE;
}

static void
write_batch (RdHistoryCache *self,
             GPtrArray      *rows)
{
  sqlite3_stmt *upsert = NULL;
  /* The row id follows the relay's time, so FTS5 can hand out the newest
   * matches first without sorting them all (ids of same-millisecond
   * messages are told apart by the relay's message id). */
  const char *sql =
    "INSERT INTO messages (id, uuid, peer, sender, body, ts, mid) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (uuid) DO UPDATE SET ts = excluded.ts, mid = MAX (mid, excluded.mid)";

  if (!exec (self->db, "BEGIN", NULL))
    return;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &upsert, NULL) == SQLITE_OK)
    {
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = g_ptr_array_index (rows, i);

          int rc;

          sqlite3_bind_int64 (upsert, 1, row->ts * 1000 + row->mid % 1000);
          sqlite3_bind_text (upsert, 2, row->uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (upsert, 3, row->peer, -1, SQLITE_STATIC);
          sqlite3_bind_text (upsert, 4, row->from, -1, SQLITE_STATIC);
          sqlite3_bind_text (upsert, 5, row->body, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (upsert, 6, row->ts);
          sqlite3_bind_int64 (upsert, 7, row->mid);
          rc = sqlite3_step (upsert);
          if (rc == SQLITE_CONSTRAINT)
            {
              /* Two messages on one id: let SQLite pick the second one's. */
              sqlite3_reset (upsert);
              sqlite3_bind_null (upsert, 1);
              rc = sqlite3_step (upsert);
            }
          if (rc != SQLITE_DONE)
            g_warning ("history cache: %s", sqlite3_errmsg (self->db));
          sqlite3_reset (upsert);
        }
    }
  sqlite3_finalize (upsert);
  /* A cache: on failure (a full disk) drop the batch, the relay still has it. */
  if (!exec (self->db, "COMMIT", NULL))
    exec (self->db, "ROLLBACK", NULL);
}

static gpointer
writer_thread (gpointer data)
{
  RdHistoryCache *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
      Row *row = g_async_queue_pop (self->queue);
      guint count = 0;

      /* Take what is waiting too, so one commit covers many messages. */
      while (row != NULL)
        {
          if (row == &stop_marker)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (rows, row);
          count++;
          row = count < 5000 ? g_async_queue_try_pop (self->queue) : NULL;
        }
      if (rows->len > 0)
        write_batch (self, rows);
      g_mutex_lock (&self->flush_lock);
      self->written += count;
      g_cond_broadcast (&self->flush_cond);
      g_mutex_unlock (&self->flush_lock);
    }
  return NULL;
}

RdHistoryCache *
rd_history_cache_open (const char  *path,
                       GError     **error)
{
  g_autoptr(RdHistoryCache) self = g_object_new (RD_TYPE_HISTORY_CACHE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (path != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot create %s: %s", dir,
                   g_strerror (errno));
      return NULL;
    }
  self->path = g_strdup (path);
  if (!open_db (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &self->db, error) ||
      !exec (self->db, schema, error) ||
      !exec (self->db, "PRAGMA synchronous=NORMAL", error))
    return NULL;
  self->queue = g_async_queue_new ();
  self->writer = g_thread_new ("rd-history-cache", writer_thread, self);
  return g_steal_pointer (&self);
}

void
rd_history_cache_add (RdHistoryCache *self,
                      RdMessage      *message)
{
  Row *row;

  g_return_if_fail (RD_IS_HISTORY_CACHE (self));
  g_return_if_fail (RD_IS_MESSAGE (message));

  /* Only what the relay has stored: it is the history everyone agrees on. */
  if (rd_message_get_state (message) == RD_MESSAGE_PENDING || rd_message_get_state (message) == RD_MESSAGE_FAILED)
    return;
  row = g_new0 (Row, 1);
  row->uuid = g_strdup (rd_message_get_uuid (message));
  row->peer = g_strdup (rd_message_get_outgoing (message) ? rd_message_get_to (message)
                                                            : rd_message_get_from (message));
  row->from = g_strdup (rd_message_get_from (message));
  row->body = g_strdup (rd_message_get_body (message));
  row->ts = rd_message_get_ts (message);
  row->mid = rd_message_get_mid (message);
  g_mutex_lock (&self->flush_lock);
  self->queued++;
  g_mutex_unlock (&self->flush_lock);
  g_async_queue_push (self->queue, row);
}

void
rd_history_cache_flush (RdHistoryCache *self)
{
  g_return_if_fail (RD_IS_HISTORY_CACHE (self));

  g_mutex_lock (&self->flush_lock);
  while (self->written < self->queued)
    g_cond_wait (&self->flush_cond, &self->flush_lock);
  g_mutex_unlock (&self->flush_lock);
}

char *
rd_history_cache_build_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *copy = g_strdup (text ? text : "");

  /* Every word becomes a quoted prefix term: no FTS5 syntax gets through. */
  g_strdelimit (copy, "\t\n\r", ' ');
  words = g_strsplit (copy, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (query->len)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GPtrArray *
rd_history_cache_search_sync (RdHistoryCache  *self,
                              const char      *text,
                              guint            limit,
                              GError         **error)
{
  g_autofree char *query = rd_history_cache_build_query (text);
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_search_hit_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf (
    "SELECT m.uuid, m.peer, m.sender, f.snip, m.ts, m.mid FROM "
    "  (SELECT rowid, snippet (messages_fts, 0, '\x01', '\x02', '…', %d) AS snip FROM messages_fts "
    "   WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f "
    "JOIN messages m ON m.id = f.rowid ORDER BY m.id DESC", SNIPPET_TOKENS);
  int rc;

  g_return_val_if_fail (RD_IS_HISTORY_CACHE (self), NULL);

  if (*query == '\0')
    return hits;
  if (!open_db (self->path, SQLITE_OPEN_READONLY, &db, error))
    {
      g_ptr_array_unref (hits);
      return NULL;
    }
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "history search: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      g_ptr_array_unref (hits);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MAX (limit, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdSearchHit *hit = g_new0 (RdSearchHit, 1);
      g_autofree char *escaped = g_markup_escape_text ((const char *) sqlite3_column_text (stmt, 3), -1);
      g_autoptr(GString) snippet = g_string_new (escaped);

      hit->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->peer = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->from = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      /* Escaping turned the match markers into character references. */
      g_string_replace (snippet, "&#x1;", "<b>", 0);
      g_string_replace (snippet, "&#x2;", "</b>", 0);
      hit->snippet = g_string_free (g_steal_pointer (&snippet), FALSE);
      hit->ts = sqlite3_column_int64 (stmt, 4);
      hit->mid = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "history search: %s", sqlite3_errmsg (db));
      g_clear_pointer (&hits, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return hits;
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  const char *query = task_data;
  GPtrArray *hits = rd_history_cache_search_sync (source, query, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "limit")), &error);

  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

void
rd_history_cache_search_async (RdHistoryCache      *self,
                               const char          *query,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_HISTORY_CACHE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_history_cache_search_async);
  g_task_set_task_data (task, g_strdup (query ? query : ""), g_free);
  g_object_set_data (G_OBJECT (task), "limit", GUINT_TO_POINTER (limit));
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
rd_history_cache_search_finish (RdHistoryCache  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rd_history_cache_finalize (GObject *object)
{
  RdHistoryCache *self = RD_HISTORY_CACHE (object);

  if (self->writer)
    {
      g_async_queue_push (self->queue, &stop_marker);
      g_thread_join (self->writer);
    }
  if (self->queue)
    g_async_queue_unref (self->queue);
  if (self->db)
    sqlite3_close (self->db);
  g_mutex_clear (&self->flush_lock);
  g_cond_clear (&self->flush_cond);
  g_free (self->path);
  G_OBJECT_CLASS (rd_history_cache_parent_class)->finalize (object);
}

static void
rd_history_cache_class_init (RdHistoryCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_history_cache_finalize;
}

static void
rd_history_cache_init (RdHistoryCache *self)
{
  g_mutex_init (&self->flush_lock);
  g_cond_init (&self->flush_cond);
}
