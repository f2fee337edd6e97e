/* test-history-cache.c: the local FTS5 history: storing, updating, searching. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-history-cache.h"

static RdMessage *
stored (const char *uuid, const char *from, const char *to, const char *body, gint64 ts, gint64 mid)
{
  RdMessage *message = rd_message_new (uuid, from, to, body, g_str_equal (from, "alice"));

  _rd_message_set_stored (message, mid, ts);
  return message;
}

static char *
temp_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-cache-XXXXXX", NULL);

  return g_build_filename (dir, "alice.db", NULL);
}

static GPtrArray *
search (RdHistoryCache *cache, const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = rd_history_cache_search_sync (cache, query, 50, &error);

  g_assert_no_error (error);
  return hits;
}

static void
test_query_building (void)
{
  g_autofree char *simple = rd_history_cache_build_query ("vpn  reset");
  g_autofree char *hostile = rd_history_cache_build_query ("a\"b OR NEAR(x) *");
  g_autofree char *empty = rd_history_cache_build_query ("   ");

  g_assert_cmpstr (simple, ==, "\"vpn\"* \"reset\"*");
  g_assert_cmpstr (hostile, ==, "\"a\"\"b\"* \"OR\"* \"NEAR(x)\"* \"*\"*");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_store_and_search (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdHistoryCache) cache = rd_history_cache_open (path, &error);
  g_autoptr(GPtrArray) vpn = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GPtrArray) accent = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) hostile = NULL;
  RdMessage *messages[] = {
    stored ("00000000-0000-4000-8000-000000000001", "bob", "alice", "The VPN fails since <Monday>", 1000, 1),
    stored ("00000000-0000-4000-8000-000000000002", "alice", "bob", "Renew the VPN certificate", 2000, 2),
    stored ("00000000-0000-4000-8000-000000000003", "dave", "alice", "Printer on floor 3 is jammed", 3000, 3),
    stored ("00000000-0000-4000-8000-000000000004", "dave", "alice", "Le café est fermé", 4000, 4),
  };
  RdSearchHit *hit;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    rd_history_cache_add (cache, messages[i]);
  /* Adding again (an ack after the event) keeps one copy. */
  rd_history_cache_add (cache, messages[0]);
  rd_history_cache_flush (cache);

  vpn = search (cache, "vp");
  g_assert_cmpuint (vpn->len, ==, 2);
  hit = g_ptr_array_index (vpn, 0);           /* newest first */
  g_assert_cmpstr (hit->peer, ==, "bob");
  g_assert_cmpstr (hit->from, ==, "alice");
  g_assert_cmpint (hit->mid, ==, 2);
  hit = g_ptr_array_index (vpn, 1);
  g_assert_cmpstr (hit->peer, ==, "bob");
  /* The body is escaped; only the match is marked. */
  g_assert_cmpstr (hit->snippet, ==, "The <b>VPN</b> fails since &lt;Monday&gt;");

  both = search (cache, "vpn certif");
  g_assert_cmpuint (both->len, ==, 1);
  accent = search (cache, "cafe");
  g_assert_cmpuint (accent->len, ==, 1);
  g_assert_cmpstr (((RdSearchHit *) g_ptr_array_index (accent, 0))->peer, ==, "dave");
  none = search (cache, "nothing-like-this");
  g_assert_cmpuint (none->len, ==, 0);
  hostile = search (cache, "\" OR * NEAR(");
  g_assert_cmpuint (hostile->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    g_object_unref (messages[i]);
}

static void
test_pending_not_stored_and_reopen (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdHistoryCache) cache = rd_history_cache_open (path, &error);
  g_autoptr(RdMessage) pending = rd_message_new ("00000000-0000-4000-8000-00000000000a", "alice", "bob",
                                                 "not yet stored anywhere", TRUE);
  g_autoptr(RdMessage) kept = stored ("00000000-0000-4000-8000-00000000000b", "bob", "alice", "kept forever", 5, 5);
  g_autoptr(GPtrArray) after = NULL;

  rd_history_cache_add (cache, pending);
  rd_history_cache_add (cache, kept);
  rd_history_cache_flush (cache);
  g_clear_object (&cache);

  cache = rd_history_cache_open (path, &error);
  g_assert_no_error (error);
  after = search (cache, "stored kept");
  g_assert_cmpuint (after->len, ==, 0);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = search (cache, "kept");
  g_assert_cmpuint (after->len, ==, 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = search (cache, "stored");
  g_assert_cmpuint (after->len, ==, 0);
}

static void
test_unwritable_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdHistoryCache) cache = rd_history_cache_open ("/proc/no/such/place/cache.db", &error);

  g_assert_null (cache);
  g_assert_nonnull (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history-cache/query-building", test_query_building);
  g_test_add_func ("/history-cache/store-and-search", test_store_and_search);
  g_test_add_func ("/history-cache/pending-and-reopen", test_pending_not_stored_and_reopen);
  g_test_add_func ("/history-cache/unwritable-path", test_unwritable_path);
  return g_test_run ();
}
