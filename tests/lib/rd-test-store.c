/* rd-test-store.c: a store test's database, on either engine. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "rd-test-postgresql.h"
#include "rd-test-store.h"

void
rd_test_store_init (void)
{
  g_autofree char *missing = NULL;

  if (!rd_test_postgresql_wanted ())
    return;
  missing = rd_test_postgresql_missing ();
  if (missing != NULL)
    {
      printf ("1..0 # SKIP %s\n", missing);
      exit (0);
    }
}

gboolean
rd_test_store_is_postgresql (void)
{
  return rd_test_postgresql_wanted ();
}

char *
rd_test_store_where (const char *dir)
{
  if (rd_test_postgresql_wanted ())
    return rd_test_postgresql_new_database ();
  return g_build_filename (dir, "relaydesk.db", NULL);
}

void
rd_test_store_exec (const char *where,
                    const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (g_str_has_prefix (where, "postgresql://"))
    {
      rd_test_postgresql_exec (where, sql);
      return;
    }
  g_assert_cmpint (sqlite3_open (where, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

GPtrArray *
rd_test_store_rows (const char *where,
                    const char *sql)
{
  GPtrArray *rows;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (g_str_has_prefix (where, "postgresql://"))
    return rd_test_postgresql_rows (where, sql);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_assert_cmpint (sqlite3_open_v2 (where, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int c = 0; c < n; c++)
        row[c] = g_strdup (sqlite3_column_text (stmt, c) ? (const char *) sqlite3_column_text (stmt, c) : "");
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}
