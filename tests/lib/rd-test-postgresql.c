/* rd-test-postgresql.c: a throw-away PostgreSQL server for a test program. */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "rd-test-postgresql.h"

static char *bin_dir;
static char *base_dir;    /* the socket's folder; the data is in base_dir/data */
static char *data_dir;
static char *start_args;  /* pg_ctl's, to start it again */
static guint n_databases;
static gboolean use_fsync;

gboolean
rd_test_postgresql_wanted (void)
{
  return g_strcmp0 (g_getenv ("RD_TEST_STORE_ENGINE"), "postgresql") == 0;
}

static char *
find_bin_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  const char *name;
  char *best = NULL;
  int best_version = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int version = atoi (name);
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (best);
          best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
          best_version = version;
        }
    }
  return best;
}

char *
rd_test_postgresql_missing (void)
{
  g_autofree char *found = find_bin_dir ();

  if (found == NULL)
    return g_strdup ("PostgreSQL's server is not installed (postgresql-15: no /usr/lib/postgresql/*/bin/initdb)");
  if (geteuid () == 0 && getpwnam ("postgres") == NULL)
    return g_strdup ("running as root without a \"postgres\" user to run the server as");
  return NULL;
}

/* Runs a server program, as the "postgres" user when this is root. */
static void
run_server_tool (const char *tool,
                 const char *args)
{
  g_autofree char *path = g_build_filename (bin_dir, tool, NULL);
  g_autofree char *line = geteuid () == 0 ? g_strdup_printf ("runuser -u postgres -- %s %s", path, args)
                                          : g_strdup_printf ("%s %s", path, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_command_line_sync (line, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s\n%s", line, out, err);
}

/* Stops the server and removes its folder once this process is gone,
 * however it ends (an assertion aborts without atexit handlers). */
static void
watch_over_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pg_ctl = g_build_filename (bin_dir, "pg_ctl", NULL);
  g_autofree char *script = g_strdup_printf (
    "while kill -0 %d 2>/dev/null; do sleep 0.2; done; "
    "%s %s stop -D %s -m immediate -s; rm -rf %s",
    (int) getpid (), geteuid () == 0 ? "runuser -u postgres --" : "", pg_ctl, data_dir, base_dir);
  const char *argv[] = { "/bin/sh", "-c", script, NULL };

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
                 NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *initdb_args = NULL;
  g_autofree char *missing = rd_test_postgresql_missing ();

  g_assert_null (missing);
  bin_dir = find_bin_dir ();
  base_dir = g_dir_make_tmp ("rd-pg-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (base_dir, "data", NULL);
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      g_assert_cmpint (chown (base_dir, pw->pw_uid, pw->pw_gid), ==, 0);
    }
  initdb_args = g_strdup_printf ("-D %s -A trust -U postgres -E UTF8 --locale=C --no-sync --no-instructions",
                                 data_dir);
  run_server_tool ("initdb", initdb_args);
  /* Only a Unix socket, in the throw-away folder; no fsync (a test's
   * data) unless asked. */
  start_args = g_strdup_printf ("start -D %s -w -s -l %s/server.log -o \"-c listen_addresses='' -k %s%s\"",
                                data_dir, base_dir, base_dir,
                                use_fsync ? "" : " -c fsync=off -c full_page_writes=off");
  run_server_tool ("pg_ctl", start_args);
  watch_over_server ();
}

void
rd_test_postgresql_start (void)
{
  run_server_tool ("pg_ctl", start_args);
}

GArray *
rd_test_postgresql_pids (void)
{
  g_autofree char *pid_path = g_build_filename (data_dir, "postmaster.pid", NULL);
  g_autofree char *pid_file = NULL;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  const char *entry;
  pid_t postmaster;

  g_assert_true (g_file_get_contents (pid_path, &pid_file, NULL, NULL));
  postmaster = (pid_t) atoi (pid_file);
  g_assert_cmpint (postmaster, >, 0);
  while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", entry);
      g_autofree char *stat = NULL;
      const char *after_name;
      int parent = 0;
      pid_t child;

      if (!g_ascii_isdigit (entry[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
          (after_name = strrchr (stat, ')')) == NULL || sscanf (after_name + 2, "%*c %d", &parent) != 1)
        continue;
      child = (pid_t) atoi (entry);
      if (parent == postmaster)
        g_array_append_val (pids, child);
    }
  g_array_append_val (pids, postmaster);
  return pids;
}

void
rd_test_postgresql_signal (int signo)
{
  g_autoptr(GArray) pids = rd_test_postgresql_pids ();

  /* Its children first (the postmaster is last), so that a stopped
   * postmaster starts none anew. */
  for (guint i = 0; i + 1 < pids->len; i++)
    kill (g_array_index (pids, pid_t, i), signo);
  g_assert_cmpint (kill (g_array_index (pids, pid_t, pids->len - 1), signo), ==, 0);
}

void
rd_test_postgresql_use_fsync (void)
{
  use_fsync = TRUE;
}

const char *
rd_test_postgresql_data_dir (void)
{
  return data_dir;
}

void
rd_test_postgresql_ctl (const char *args)
{
  g_autofree char *line = g_strdup_printf ("%s -D %s -w -s -l %s/server.log", args, data_dir, base_dir);

  run_server_tool ("pg_ctl", line);
}

void
rd_test_postgresql_exec (const char *url,
                         const char *sql)
{
  PGconn *conn = PQconnectdb (url);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", url, PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

GPtrArray *
rd_test_postgresql_rows (const char *url,
                         const char *sql)
{
  PGconn *conn = PQconnectdb (url);
  PGresult *result;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", url, PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, PQnfields (result) + 1);

      for (int c = 0; c < PQnfields (result); c++)
        row[c] = g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  PQclear (result);
  PQfinish (conn);
  return rows;
}

static char *
url_of (const char *database)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=postgres", database, base_dir);
}

char *
rd_test_postgresql_new_database (void)
{
  g_autofree char *admin_url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *create = NULL;

  if (base_dir == NULL)
    start_server ();
  admin_url = url_of ("postgres");
  name = g_strdup_printf ("relaydesk_%u", ++n_databases);
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  rd_test_postgresql_exec (admin_url, create);
  return url_of (name);
}
