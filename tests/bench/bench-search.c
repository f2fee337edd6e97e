/* bench-search.c: message search in the local FTS5 history.
 *
 * Fills a throw-away cache with N synthetic messages (a vocabulary of a few
 * thousand words, Zipf-like), then times searches of one, two and three
 * prefixes and prints p50/p99 and the file size.
 *
 *   _build/tests/bench/bench-search --messages 1000000
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include "bench-stats.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rd-history-cache.h"

static const char *syllables[] = {
  "ka", "to", "ri", "ne", "mo", "sa", "lu", "vi", "de", "po", "an", "er", "is", "ul", "or", "en",
};

static char *
word (guint index)
{
  GString *w = g_string_new (NULL);

  do
    {
      g_string_append (w, syllables[index % G_N_ELEMENTS (syllables)]);
      index /= G_N_ELEMENTS (syllables);
    }
  while (index > 0);
  return g_string_free (w, FALSE);
}

static guint
zipf_index (GRand *rand, guint vocabulary)
{
  /* Squaring a uniform number favours small indexes: common words are common. */
  double u = g_rand_double (rand);

  return (guint) (u * u * u * vocabulary);
}

int
main (int argc, char *argv[])
{
  gint n_messages = 1000000, n_queries = 200;
  GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &n_messages, "Messages in the cache (1000000)", "N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Searches to time (200)", "Q" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- local message search benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-bench-search-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(RdHistoryCache) cache = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const guint vocabulary = 4000;
  GArray *times[3];
  gint64 t0;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_messages < 1 || n_queries < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--messages and --queries must be positive");
      return 2;
    }
  cache = rd_history_cache_open (path, &error);
  g_assert_no_error (error);

  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < n_messages; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *uuid = g_uuid_string_random ();
      guint words = 4 + g_rand_int_range (rand, 0, 16);
      g_autoptr(RdMessage) message = NULL;

      for (guint w = 0; w < words; w++)
        {
          g_autofree char *text = word (zipf_index (rand, vocabulary));
          g_string_append_printf (body, "%s%s", w ? " " : "", text);
        }
      message = rd_message_new (uuid, i % 2 ? "bob" : "alice", i % 2 ? "alice" : "bob", body->str, i % 2 == 0);
      _rd_message_set_stored (message, i + 1, 1700000000000 + i);
      rd_history_cache_add (cache, message);
    }
  rd_history_cache_flush (cache);
  g_stat (path, &st);
  printf ("cache:    %d messages written in %.1f s, %.0f MiB on disk\n", n_messages,
          (g_get_monotonic_time () - t0) / 1e6, st.st_size / 1048576.0);

  for (guint k = 0; k < 3; k++)
    times[k] = g_array_new (FALSE, FALSE, sizeof (double));
  for (gint q = 0; q < n_queries; q++)
    for (guint k = 0; k < 3; k++)
      {
        g_autoptr(GString) query = g_string_new (NULL);
        g_autoptr(GPtrArray) hits = NULL;
        double ms;

        for (guint w = 0; w <= k; w++)
          {
            /* Mid-frequency words, typed as a prefix. */
            g_autofree char *text = word (40 + g_rand_int_range (rand, 0, 400));
            text[MAX (2, (int) strlen (text) - 1)] = '\0';
            g_string_append_printf (query, "%s%s", w ? " " : "", text);
          }
        t0 = g_get_monotonic_time ();
        hits = rd_history_cache_search_sync (cache, query->str, 100, &error);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_assert_no_error (error);
        g_array_append_val (times[k], ms);
      }
  for (guint k = 0; k < 3; k++)
    {
      printf ("search:   %u word%s, newest 100 hits: p50 %.2f ms, p99 %.2f ms (%d queries)\n", k + 1,
              k ? "s" : " ", bench_percentile (times[k], 0.5), bench_percentile (times[k], 0.99), n_queries);
      g_array_unref (times[k]);
    }
  g_clear_object (&cache);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
