/* test-store-syncer.c: the store's writer thread, raced by the thread that
 * commits. Tickets are handed out in order, a ticket is reported flushed
 * only after a flush that started after it was asked for, many commits
 * share one flush, the wake function runs on the writer thread, stopping
 * flushes what was asked, and a failed flush fails every later ticket. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rd-store-syncer.h"

typedef struct {
  GThread *main_thread;
  gint     wakes;
  gint     wakes_elsewhere;
  gpointer done_seen;       /* atomically: done as the last wake saw it */
  RdStoreSyncer *syncer;
} Watch;

static void
watch_wake (gpointer data)
{
  Watch *watch = data;

  g_atomic_int_inc (&watch->wakes);
  if (g_thread_self () != watch->main_thread)
    g_atomic_int_inc (&watch->wakes_elsewhere);
  g_atomic_pointer_set (&watch->done_seen,
                        GSIZE_TO_POINTER ((gsize) rd_store_syncer_done (watch->syncer, NULL, NULL)));
}

static int
temp_log (char **out_path)
{
  GError *error = NULL;
  int fd = g_file_open_tmp ("rd-syncer-XXXXXX", out_path, &error);

  g_assert_no_error (error);
  return fd;
}

static void
test_groups_in_order (void)
{
  Watch watch = { g_thread_self () };
  g_autofree char *path = NULL;
  int fd = temp_log (&path);
  char line[64] = { 0 };
  guint64 last_done = 0;
  const guint commits = 3000;

  watch.syncer = rd_store_syncer_new (fd, watch_wake, &watch, NULL);
  g_assert_nonnull (watch.syncer);
  for (guint i = 1; i <= commits; i++)
    {
      guint64 failed_from = 1;
      guint64 done;

      /* A commit: bytes into the page cache, then a ticket for them. */
      g_assert_cmpint (write (fd, line, sizeof line), ==, sizeof line);
      g_assert_cmpuint (rd_store_syncer_request (watch.syncer), ==, i);
      done = rd_store_syncer_done (watch.syncer, &failed_from, NULL);
      g_assert_cmpuint (failed_from, ==, 0);
      g_assert_cmpuint (done, >=, last_done);
      g_assert_cmpuint (done, <=, i);
      last_done = done;
      if (i % 500 == 0)
        {
          rd_store_syncer_wait (watch.syncer, i);
          g_assert_cmpuint (rd_store_syncer_done (watch.syncer, NULL, NULL), ==, i);
        }
    }
  rd_store_syncer_wait (watch.syncer, commits);
  g_assert_cmpuint (rd_store_syncer_done (watch.syncer, NULL, NULL), ==, commits);
  /* Group commit: the thread flushed far fewer times than it was asked. */
  g_test_message ("%u commits, %" G_GUINT64_FORMAT " flushes", commits, rd_store_syncer_flushes (watch.syncer));
  g_assert_cmpuint (rd_store_syncer_flushes (watch.syncer), >=, 1);
  g_assert_cmpuint (rd_store_syncer_flushes (watch.syncer), <, commits);
  rd_store_syncer_free (watch.syncer);
  g_assert_cmpint (g_atomic_int_get (&watch.wakes), >=, 1);
  g_assert_cmpint (g_atomic_int_get (&watch.wakes_elsewhere), ==, g_atomic_int_get (&watch.wakes));
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_atomic_pointer_get (&watch.done_seen)), ==, commits);
  close (fd);
  g_unlink (path);
}

static void
test_free_flushes_what_was_asked (void)
{
  Watch watch = { g_thread_self () };
  g_autofree char *path = NULL;
  int fd = temp_log (&path);

  watch.syncer = rd_store_syncer_new (fd, watch_wake, &watch, NULL);
  for (guint i = 0; i < 5; i++)
    rd_store_syncer_request (watch.syncer);
  rd_store_syncer_free (watch.syncer);
  g_assert_cmpuint (GPOINTER_TO_SIZE (g_atomic_pointer_get (&watch.done_seen)), ==, 5);
  close (fd);
  g_unlink (path);
}

static void
test_failure_is_final (void)
{
  Watch watch = { g_thread_self () };
  int pipe_fds[2];
  guint64 failed_from = 0;
  int err = 0;

  /* A pipe cannot be flushed: fdatasync says EINVAL. */
  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  watch.syncer = rd_store_syncer_new (pipe_fds[1], watch_wake, &watch, NULL);
  rd_store_syncer_wait (watch.syncer, rd_store_syncer_request (watch.syncer));
  g_assert_cmpuint (rd_store_syncer_done (watch.syncer, &failed_from, &err), ==, 1);
  g_assert_cmpuint (failed_from, ==, 1);
  g_assert_cmpint (err, ==, EINVAL);

  /* Nothing after it is ever reported flushed. */
  rd_store_syncer_wait (watch.syncer, rd_store_syncer_request (watch.syncer));
  g_assert_cmpuint (rd_store_syncer_done (watch.syncer, &failed_from, &err), ==, 2);
  g_assert_cmpuint (failed_from, ==, 1);
  g_assert_cmpint (err, ==, EINVAL);
  rd_store_syncer_free (watch.syncer);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
}

static void
test_bad_descriptor_refused (void)
{
  g_autoptr(GError) error = NULL;
  Watch watch = { g_thread_self () };

  g_assert_null (rd_store_syncer_new (-1, watch_wake, &watch, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "cannot keep the store's log open"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-syncer/groups-in-order", test_groups_in_order);
  g_test_add_func ("/store-syncer/free-flushes-what-was-asked", test_free_flushes_what_was_asked);
  g_test_add_func ("/store-syncer/failure-is-final", test_failure_is_final);
  g_test_add_func ("/store-syncer/bad-descriptor-refused", test_bad_descriptor_refused);
  return g_test_run ();
}
