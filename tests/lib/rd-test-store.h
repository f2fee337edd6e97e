/* rd-test-store.h: one store test, on SQLite or (RD_TEST_STORE_ENGINE=
 * postgresql, as meson's *-postgresql tests set it) on PostgreSQL. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call first in main: with PostgreSQL wanted but no server here, prints
 * the TAP skip line with the reason and exits. */
void      rd_test_store_init           (void);
gboolean  rd_test_store_is_postgresql  (void);
/* Where a test's store lives: a new file in @dir, or a new database. */
char     *rd_test_store_where          (const char *dir);
/* Runs @sql on the store at @where with the engine's own client. */
void      rd_test_store_exec           (const char *where, const char *sql);

/* The rows of @sql (each a NULL-terminated array of its columns as text,
 * "" for NULL), read with the engine's own client. */
GPtrArray *rd_test_store_rows          (const char *where, const char *sql);

G_END_DECLS
