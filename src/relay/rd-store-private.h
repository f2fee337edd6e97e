/* rd-store-private.h: what the store's other files share with rd-store-sqlite.c. */
#pragma once

#include <sqlite3.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* A cached prepared statement, reset and unbound. */
sqlite3_stmt *_rd_store_prepare   (RdStore *store, const char *sql, GError **error);
/* Steps a statement that returns no rows. */
gboolean      _rd_store_step_done (RdStore *store, sqlite3_stmt *stmt, const char *what, GError **error);
/* Sets @error from the database's last error; always FALSE. */
gboolean      _rd_store_fail      (RdStore *store, int rc, const char *what, GError **error);
sqlite3      *_rd_store_get_db    (RdStore *store);

/* Tables of the support queue (schema 2), created by rd_store_open. */
extern const char _rd_store_queue_schema[];
/* Files kept for offline recipients (schema 3). */
extern const char _rd_store_files_schema[];

G_END_DECLS
