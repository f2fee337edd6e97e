/* rd-store-private.h: what the store's files share with rd-store.c. */
#pragma once

#include "rd-sql.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* A cached prepared statement, reset and unbound. */
RdSqlStmt *_rd_store_prepare   (RdStore *store, const char *sql, GError **error);
/* Steps a statement that returns no rows. */
gboolean   _rd_store_step_done (RdStore *store, RdSqlStmt *stmt, const char *what, GError **error);
/* Steps an INSERT ... ON CONFLICT DO NOTHING RETURNING id: the new row's
 * id; 0 with EXISTS when the row was there, or with another error.
 * (PostgreSQL aborts a transaction at any failed statement, so a key
 * already taken must not be one.) */
gint64     _rd_store_insert_id (RdStore *store, RdSqlStmt *stmt, const char *what, GError **error);
/* Steps an INSERT ... ON CONFLICT DO NOTHING: EXISTS when it added nothing. */
gboolean   _rd_store_insert_new (RdStore *store, RdSqlStmt *stmt, const char *what, GError **error);
/* Sets @error from the database's last error; always FALSE. */
gboolean   _rd_store_fail      (RdStore *store, const char *what, GError **error);
RdSql     *_rd_store_get_sql   (RdStore *store);
/* The rows of @table, or -1 and @error. */
gint64     _rd_store_count_rows (RdStore *store, const char *table, GError **error);
/* Steps a bound query to its end: one item per row, made by @from_row
 * (freed with @free_func); NULL and @error if it failed. */
typedef gpointer (*RdStoreRowFunc) (RdSqlStmt *stmt);
GPtrArray *_rd_store_collect   (RdStore *store, RdSqlStmt *stmt, RdStoreRowFunc from_row, GDestroyNotify free_func,
                                const char *what, GError **error);
/* The same for a query of @n_columns integer columns: one element a row,
 * its values side by side (a struct of @n_columns gint64s reads it);
 * _ids for one column. */
GArray    *_rd_store_collect_ints (RdStore *store, RdSqlStmt *stmt, guint n_columns, const char *what, GError **error);
GArray    *_rd_store_collect_ids (RdStore *store, RdSqlStmt *stmt, const char *what, GError **error);

/* Tables of the support queue (schema 2), created by rd_store_open on SQLite. */
extern const char _rd_store_queue_schema[];
/* Files kept for offline recipients (schema 3), on SQLite. */
extern const char _rd_store_files_schema[];
/* Live file transfers and tickets (schema 4), on both engines. */
extern const char _rd_store_transfers_schema[];
/* Request history and account notices (schema 5), on SQLite. */
extern const char _rd_store_history_schema[];
/* Topic policies and first-response breaches (schema 5), on both engines. */
extern const char _rd_store_topic_policy_schema[];
/* Facts about requesters' computers and the webhooks' outbox (schema 6),
 * on both engines. */
extern const char _rd_store_facts_schema[];
extern const char _rd_store_webhooks_schema[];
/* Every other table, on PostgreSQL (rd-store-pg-schema.c). */
extern const char _rd_store_pg_schema[];

G_END_DECLS
