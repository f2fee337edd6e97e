/* rd-history-cache.h: the client's local copy of message history, with an
 * SQLite FTS5 index for search across all conversations. Writes go to a
 * writer thread and searches run in a thread: callers never block on disk. */
#pragma once

#include <gio/gio.h>

#include "rd-message.h"

G_BEGIN_DECLS

typedef struct {
  char   *uuid;
  char   *peer;      /* the conversation it belongs to */
  char   *from;
  char   *snippet;   /* Pango markup, the match in <b> */
  gint64  ts;
  gint64  mid;
} RdSearchHit;

void rd_search_hit_free (RdSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSearchHit, rd_search_hit_free)

#define RD_TYPE_HISTORY_CACHE (rd_history_cache_get_type ())
G_DECLARE_FINAL_TYPE (RdHistoryCache, rd_history_cache, RD, HISTORY_CACHE, GObject)

RdHistoryCache *rd_history_cache_open         (const char *path, GError **error);
/* Stores (or updates) a message that the relay has stored; pending and failed ones are skipped. */
void            rd_history_cache_add          (RdHistoryCache *self, RdMessage *message);
/* Waits until everything added so far is on disk (tests, shutdown). */
void            rd_history_cache_flush        (RdHistoryCache *self);
/* Words of @query match as prefixes, all of them; newest hits first. */
void            rd_history_cache_search_async (RdHistoryCache *self, const char *query, guint limit,
                                               GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data);
/* A GPtrArray of RdSearchHit. */
GPtrArray      *rd_history_cache_search_finish (RdHistoryCache *self, GAsyncResult *result, GError **error);
/* The same, blocking: for benchmarks and tests. */
GPtrArray      *rd_history_cache_search_sync  (RdHistoryCache *self, const char *query, guint limit,
                                               GError **error);
/* FTS5 query text for what a user typed (exposed for tests). */
char           *rd_history_cache_build_query  (const char *text);

G_END_DECLS
