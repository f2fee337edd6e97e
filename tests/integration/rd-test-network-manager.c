/* rd-test-network-manager.c: starting the stand-in NetworkManager and
 * waiting for its "ready" line. */
#include "config.h"

#include "rd-test-network-manager.h"

GSubprocess *
rd_test_network_manager_start (void)
{
  const char *script = g_getenv ("RD_NM_STAND_IN");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  if (script == NULL)
    return NULL;
  /* Python and its D-Bus bindings load the system's GLib, not one a
   * sanitizer run puts first (its ThreadSanitizer runtime cannot be loaded
   * into Python). */
  g_subprocess_launcher_unsetenv (launcher, "LD_LIBRARY_PATH");
  g_subprocess_launcher_unsetenv (launcher, "LD_PRELOAD");
  process = g_subprocess_launcher_spawn (launcher, &error, script, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    {
      g_subprocess_wait (process, NULL, NULL);
      if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 77)
        g_error ("the stand-in NetworkManager ended before it was ready");
      return NULL;
    }
  g_assert_cmpstr (line, ==, "ready");
  return g_steal_pointer (&process);
}
