/* rd-test-haproxy.c: a real HAProxy in front of a test's relays. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "rd-test-haproxy.h"
#include "rd-test-relay.h"

struct _RdTestHaproxy {
  char        *dir;
  char        *url;
  GSubprocess *process;
};

char *
rd_test_haproxy_missing (void)
{
  g_autofree char *path = g_find_program_in_path ("haproxy");

  if (path == NULL && !g_file_test ("/usr/sbin/haproxy", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("HAProxy is not installed (Debian package haproxy)");
  return NULL;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

RdTestHaproxy *
rd_test_haproxy_new (const guint16 *ports,
                     guint          n_ports)
{
  RdTestHaproxy *self = g_new0 (RdTestHaproxy, 1);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GString) config = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  guint16 front = free_port ();
  const char *binary = g_file_test ("/usr/sbin/haproxy", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/sbin/haproxy" : "haproxy";

  self->dir = g_dir_make_tmp ("rd-haproxy-XXXXXX", &error);
  g_assert_no_error (error);
  /* What docs/admin.md gives, with quicker checks for a test. */
  g_string_append_printf (config,
    "global\n"
    "  maxconn 4096\n"
    "defaults\n"
    "  mode http\n"
    "  timeout connect 2s\n"
    "  timeout client 90s\n"
    "  timeout server 90s\n"
    "  timeout tunnel 1h\n"
    "  option redispatch\n"
    "  retries 3\n"
    "frontend relays\n"
    "  bind 127.0.0.1:%u\n"
    "  default_backend relaydesk\n"
    "backend relaydesk\n"
    "  balance leastconn\n"
    "  option httpchk GET /health\n"
    "  http-check expect status 200\n"
    "  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions\n", front);
  for (guint i = 0; i < n_ports; i++)
    g_string_append_printf (config, "  server relay%u 127.0.0.1:%u check\n", i, ports[i]);
  config_path = g_build_filename (self->dir, "haproxy.cfg", NULL);
  g_assert_true (g_file_set_contents (config_path, config->str, -1, NULL));

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "-db", "-q", "-f", config_path, NULL);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("ws://127.0.0.1:%u/ws", front);
  /* Ready once it accepts connections. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    gboolean up = FALSE;

    while (!up && g_get_monotonic_time () < end)
      {
        g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1", front,
                                                                                 NULL, NULL);
        up = connection != NULL;
        if (!up)
          g_usleep (50000);
      }
    g_assert_true (up);
  }
  return self;
}

const char *
rd_test_haproxy_url (RdTestHaproxy *self)
{
  return self->url;
}

void
rd_test_haproxy_free (RdTestHaproxy *self)
{
  g_autofree char *config_path = NULL;

  if (self == NULL)
    return;
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_object_unref (self->process);
  config_path = g_build_filename (self->dir, "haproxy.cfg", NULL);
  g_remove (config_path);
  g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self);
}
