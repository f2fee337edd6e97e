/* rd-ui-watchdog.c: a heartbeat source on the default main context and a
 * thread that reads it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rd-ui-watchdog.h"

static gint last_beat_s;   /* monotonic seconds of the last beat; atomic */
static gint limit_s;       /* set before the watcher starts */

static gint
now_s (void)
{
  return (gint) (g_get_monotonic_time () / G_USEC_PER_SEC);
}

static gboolean
beat_cb (gpointer data)
{
  g_atomic_int_set (&last_beat_s, now_s ());
  return G_SOURCE_CONTINUE;
}

static void
print_backtraces (void)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  const char *argv[] = { gdb, "-p", pid, "-batch", "-ex", "thread apply all bt 30", NULL };

  if (gdb == NULL)
    {
      fprintf (stderr, "watchdog: no gdb here to show where it hangs\n");
      return;
    }
  /* gdb's output goes to our stdout and stderr, which the test log keeps. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, NULL, NULL);
}

static gpointer
watch (gpointer data)
{
  for (;;)
    {
      g_usleep (G_USEC_PER_SEC);
      if (now_s () - g_atomic_int_get (&last_beat_s) < limit_s)
        continue;
      fprintf (stderr, "watchdog: the test's main loop has not run for %d s; where each thread is:\n", limit_s);
      fflush (stderr);
      print_backtraces ();
      abort ();
    }
  return NULL;
}

void
rd_ui_watchdog_start (void)
{
  const char *limit = g_getenv ("RD_UI_WATCHDOG_S");

  limit_s = limit ? MAX (1, atoi (limit)) : RD_UI_WATCHDOG_S;
  g_atomic_int_set (&last_beat_s, now_s ());
  g_timeout_add_seconds (1, beat_cb, NULL);
  g_thread_unref (g_thread_new ("ui-watchdog", watch, NULL));
}
