/* rd-store-files.c: files kept for recipients who were offline (schema 3).
 * The bytes live in the data folder; this is what is known of them. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include "rd-store-private.h"

const char _rd_store_files_schema[] =
  "CREATE TABLE IF NOT EXISTS stored_files ("
  "  id TEXT PRIMARY KEY,"
  "  sender_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  recipient_id INTEGER NOT NULL REFERENCES accounts(id),"
  "  name TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  mime TEXT NOT NULL DEFAULT '',"
  "  sha256 TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  complete INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX IF NOT EXISTS stored_files_by_created ON stored_files(created);";

void
rd_stored_file_free (RdStoredFile *file)
{
  if (file == NULL)
    return;
  g_free (file->id);
  g_free (file->name);
  g_free (file->mime);
  g_free (file->sha256);
  g_free (file);
}

gboolean
rd_store_file_add (RdStore       *store,
                   RdStoredFile  *file,
                   GError       **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "INSERT INTO stored_files (id, sender_id, recipient_id, name, size, mime, sha256, created) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, file->id);
  rd_sql_bind_int64 (stmt, 2, file->sender_id);
  rd_sql_bind_int64 (stmt, 3, file->recipient_id);
  rd_sql_bind_text (stmt, 4, file->name);
  rd_sql_bind_int64 (stmt, 5, file->size);
  rd_sql_bind_text (stmt, 6, file->mime ? file->mime : "");
  rd_sql_bind_text (stmt, 7, file->sha256);
  rd_sql_bind_int64 (stmt, 8, file->created);
  if (!_rd_store_insert_new (store, stmt, "keep a file", error))
    {
      if (error != NULL && g_error_matches (*error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        {
          g_clear_error (error);
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS, "a file with this id is kept already");
        }
      return FALSE;
    }
  return TRUE;
}

static RdStoredFile *
file_from_row (RdSqlStmt *stmt)
{
  RdStoredFile *file = g_new0 (RdStoredFile, 1);

  file->id = g_strdup (rd_sql_column_text (stmt, 0));
  file->sender_id = rd_sql_column_int64 (stmt, 1);
  file->recipient_id = rd_sql_column_int64 (stmt, 2);
  file->name = g_strdup (rd_sql_column_text (stmt, 3));
  file->size = rd_sql_column_int64 (stmt, 4);
  file->mime = g_strdup (rd_sql_column_text (stmt, 5));
  file->sha256 = g_strdup (rd_sql_column_text (stmt, 6));
  file->created = rd_sql_column_int64 (stmt, 7);
  file->complete = rd_sql_column_int64 (stmt, 8) != 0;
  return file;
}

#define FILE_COLUMNS "id, sender_id, recipient_id, name, size, mime, sha256, created, complete"

RdStoredFile *
rd_store_file_get (RdStore     *store,
                   const char  *id,
                   GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "SELECT " FILE_COLUMNS " FROM stored_files WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_text (stmt, 1, id);
  rc = rd_sql_step (stmt);
  if (rc == RD_SQL_ROW)
    {
      RdStoredFile *file = file_from_row (stmt);

      rd_sql_reset (stmt);
      return file;
    }
  if (rc != RD_SQL_DONE)
    {
      _rd_store_fail (store, "read a kept file", error);
      return NULL;
    }
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "no such file");
  return NULL;
}

gboolean
rd_store_file_set_complete (RdStore     *store,
                            const char  *id,
                            GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "UPDATE stored_files SET complete = 1 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, id);
  return _rd_store_step_done (store, stmt, "complete a kept file", error);
}

gboolean
rd_store_file_remove (RdStore     *store,
                      const char  *id,
                      GError     **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store, "DELETE FROM stored_files WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  rd_sql_bind_text (stmt, 1, id);
  return _rd_store_step_done (store, stmt, "forget a kept file", error);
}

GPtrArray *
rd_store_files_older_than (RdStore  *store,
                           gint64    created,
                           GError  **error)
{
  RdSqlStmt *stmt = _rd_store_prepare (store,
    "SELECT " FILE_COLUMNS " FROM stored_files WHERE created < ? ORDER BY created", error);
  GPtrArray *files;
  int rc;

  if (stmt == NULL)
    return NULL;
  rd_sql_bind_int64 (stmt, 1, created);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_stored_file_free);
  while ((rc = rd_sql_step (stmt)) == RD_SQL_ROW)
    g_ptr_array_add (files, file_from_row (stmt));
  rd_sql_reset (stmt);
  if (rc != RD_SQL_DONE)
    {
      g_ptr_array_unref (files);
      _rd_store_fail (store, "list kept files", error);
      return NULL;
    }
  return files;
}
