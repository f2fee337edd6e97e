/* rd-test-postgresql.h: a throw-away PostgreSQL server for a test program.
 *
 * The first call starts a real server from Debian's packages (initdb and
 * pg_ctl, found under /usr/lib/postgresql/N/bin) in a new folder under
 * /tmp, listening on a Unix socket in that folder only; it is stopped and
 * the folder removed when the program exits. Run as root (as CI does), the
 * server runs as the "postgres" user, since PostgreSQL refuses root.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when a test run with RD_TEST_STORE_ENGINE=postgresql. */
gboolean  rd_test_postgresql_wanted        (void);
/* NULL when a server can be started here, else why not (for a skip). */
char     *rd_test_postgresql_missing       (void);
/* The URL of a new, empty database on the server (started if need be). */
char     *rd_test_postgresql_new_database  (void);
/* Runs @sql on the database at @url; aborts the test on failure. */
void      rd_test_postgresql_exec          (const char *url, const char *sql);
/* The rows of @sql at @url (GStrv each, "" for NULL). */
GPtrArray  *rd_test_postgresql_rows        (const char *url, const char *sql);
/* The data folder of the running server (its pg_ctl -D). */
const char *rd_test_postgresql_data_dir    (void);
/* The server started next flushes its log to disk at each commit, as in
 * production (a benchmark's); by default a test's server does not. */
void      rd_test_postgresql_use_fsync     (void);
/* Starts the server again after "stop" (rd_test_postgresql_ctl). */
void      rd_test_postgresql_start         (void);
/* The running server's processes (pid_t): every child, then the
 * postmaster. */
GArray     *rd_test_postgresql_pids        (void);
/* Sends @signo to the server and every process of it (SIGSTOP: a server
 * that hangs; SIGCONT: it goes on). */
void      rd_test_postgresql_signal        (int signo);
/* pg_ctl with @args ("restart -m fast", ...) on the running server. */
void      rd_test_postgresql_ctl           (const char *args);

G_END_DECLS
