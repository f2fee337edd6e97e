/* main.c: relaydeskd, the Relaydesk relay, and its admin commands. */
#define G_LOG_DOMAIN "relaydeskd"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>

#include "rd-credentials.h"
#include "rd-fd-limit.h"
#include "rd-relay-admin.h"
#include "rd-relay-config.h"
#include "rd-sql.h"
#include "rd-relay-log.h"
#include "rd-relay-server.h"

typedef struct {
  GMainLoop     *loop;
  RdRelayServer *server;
  gboolean       stopping;
} Daemon;

static gboolean
stop_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer data)
{
  Daemon *daemon = data;

  if (!daemon->stopping)
    {
      daemon->stopping = TRUE;
      g_info ("signal received, shutting down");
      rd_relay_server_shutdown (daemon->server);
      /* Let the close frames go out before the process ends. */
      g_timeout_add (200, stop_loop_cb, daemon->loop);
    }
  return G_SOURCE_CONTINUE;
}

static int
run_daemon (RdRelayConfig *config,
            RdStore       *store)
{
  g_autoptr(GError) error = NULL;
  Daemon daemon = { 0 };

  rd_raise_fd_limit ();
  /* Whoever reads our first line may close the pipe afterwards. */
  signal (SIGPIPE, SIG_IGN);
  daemon.loop = g_main_loop_new (NULL, FALSE);
  /* Handlers first: a signal sent right after the first line must still
   * end in a clean shutdown. */
  g_unix_signal_add (SIGTERM, signal_cb, &daemon);
  g_unix_signal_add (SIGINT, signal_cb, &daemon);
  daemon.server = rd_relay_server_new (config, store);
  if (!rd_relay_server_start (daemon.server, &error))
    {
      g_printerr ("relaydeskd: %s\n", error->message);
      g_object_unref (daemon.server);
      g_main_loop_unref (daemon.loop);
      return 1;
    }
  /* One line on stdout for whoever started us (tests, scripts) to read. */
  printf ("relaydeskd: listening on %s\n", rd_relay_server_get_url (daemon.server));
  fflush (stdout);

  g_main_loop_run (daemon.loop);

  g_clear_object (&daemon.server);
  g_main_loop_unref (daemon.loop);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRelayConfig) config = rd_relay_config_new_default ();
  g_autofree char *config_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean allow_insecure = FALSE;
  gboolean version = FALSE;
  RdAdminOptions admin = { 0 };
  RdStore *store;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default " RD_RELAY_DEFAULT_LISTEN ")", "HOST:PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder for the database", "DIR" },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure, "Allow plain ws:// on a non-loopback address", NULL },
    { "role", 0, 0, G_OPTION_ARG_STRING, &admin.role, "user add: requester, agent, supervisor or admin", "ROLE" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &admin.display_name, "user add: full name", "TEXT" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &admin.password_stdin, "user add/passwd: read the password from stdin", NULL },
    { "strategy", 0, 0, G_OPTION_ARG_STRING, &admin.strategy, "topic add: least-busy, longest-idle, skills or manual", "NAME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &admin.migrate_to, "migrate: the database to copy into", "URL|FILE" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "[user|backup ...]" },
    { NULL }
  };

  context = g_option_context_new ("- Relaydesk relay server");
  g_option_context_set_summary (context,
    "Without a command, runs the relay. Commands:\n"
    "  user add|import|list|passwd|disable|enable ...\n"
    "  contact add ...\n"
    "  topic add|list ..., agent capacity|skill|unskill ...\n"
    "  backup FILE\n"
    "  migrate --to postgresql://...|FILE");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("relaydeskd: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("relaydeskd %s (protocol %d)\n", PACKAGE_VERSION, RD_PROTOCOL_VERSION);
      return 0;
    }

  if (!rd_credentials_init ())
    {
      g_printerr ("relaydeskd: libsodium failed to initialise\n");
      return 1;
    }

  {
    g_autofree char *path = config_path ? g_strdup (config_path) : rd_relay_config_default_path ();

    if (!rd_relay_config_load_file (config, path, config_path != NULL, &error))
      {
        g_printerr ("relaydeskd: %s\n", error->message);
        return 1;
      }
  }
  if (listen)
    {
      g_free (config->listen);
      config->listen = g_steal_pointer (&listen);
    }
  if (data_dir)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (allow_insecure)
    config->allow_insecure = TRUE;

  rd_relay_log_init (config->log_level);

  if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
    {
      g_printerr ("relaydeskd: cannot create data folder %s: %s\n", config->data_dir, g_strerror (errno));
      return 1;
    }
  db_path = rd_relay_config_database_path (config);
  store = rd_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("relaydeskd: %s\n", error->message);
      return 1;
    }

  if (rest != NULL && rest[0] != NULL)
    {
      int status = rd_relay_admin_run (store, config, &admin, rest);
      rd_store_close (store);
      return status;
    }

  {
    g_autofree char *described = rd_sql_describe (db_path);

    g_info ("relaydeskd %s starting; database %s", PACKAGE_VERSION, described);
  }
  return run_daemon (config, store);
}
