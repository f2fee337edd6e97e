/* bench-relay.c: load generator for relaydeskd.
 *
 * Starts a real relay in a throw-away folder (or uses --url), and splits N
 * RdClients over --procs worker processes (this program again, --worker),
 * so that no single generator loop holds thousands of sockets. Clients sign
 * in and form pairs (with --active A only the first A send; the others only
 * keep alive, in processes of their own); then, as asked:
 *
 *   --rate R / --window W   each pair exchanges messages, at R a second in
 *                           all or W in flight per client (R = 0): messages
 *                           a second stored and delivered, latency from the
 *                           send call to the recipient's message-received;
 *   --idle S                nobody sends for S seconds: what keep-alives cost;
 *   --storm                 every client leaves, the relay restarts, and all
 *                           resume with their tokens and sync at once
 *                           (--spread MS: each at a random moment within MS,
 *                           as the app does after a wake-up or a network
 *                           change);
 *   --slow-readers K        K clients stop reading (a stalled network) while
 *                           their peers write to them (all the offered
 *                           rate goes to them): the relay's memory.
 *
 * For each phase it prints the CPU time the relay and the generator spent
 * (from /proc, every thread), so a reader sees which one was the limit.
 *
 * --postgresql starts a throw-away PostgreSQL server for the relay's store
 * (and counts its CPU time too); --relays N starts N relays on it, client
 * i on relay i mod N, so that the two of each pair are on different relays
 * and every message crosses from one relay to another.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-relay \
 *     --clients 10000 --procs 8 --rate 1000 --seconds 10
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <sched.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rd-fault-proxy.h"
#include "rd-fd-limit.h"
#include "rd-test-postgresql.h"
#include "rd-test-relay.h"

#define LOGINS_IN_FLIGHT 64
#define BENCH_PASSWORD   "bench-password"

/* ---------------------------------------------------------------- worker */

typedef struct _Worker Worker;

typedef struct {
  Worker    *worker;
  RdClient  *client;
  char      *username;
  char      *peer;
  char      *token;       /* kept for the storm's resume */
  gint64     last_seq;
  gboolean   online;
  gboolean   slow;        /* connects through the stalled proxy */
  guint      tries;
} BenchClient;

struct _Worker {
  const char       *url;
  guint             first;
  guint             count;
  guint             slow;          /* the odd member of the first slow/2... pairs */
  gboolean          receipts;
  guint             body_bytes;
  char             *pad;

  BenchClient      *clients;
  RdFaultProxy     *proxy;
  char             *proxy_url;
  GDataInputStream *commands;

  /* signing in, leaving, and resuming */
  guint             left;
  gboolean          leaving;
  guint             next_login;
  guint             in_flight;
  guint             online;
  guint             failures;
  guint             retries;       /* sign-ins tried again after the relay refused the connection */
  gboolean          resuming;

  /* load */
  gboolean          sending;
  guint             rate;
  guint             window;
  gint64            pace_start_us;
  gint64            measure_start_us;
  gint64            measure_end_us;
  guint64           sent;
  guint64           received;
  guint64           received_in_window;
  GArray           *latencies_us;      /* guint32 */
  char             *latency_path;
  guint             next_sender;
  guint             pace_source;
};

static void reply (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
reply (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
send_one (BenchClient *bc)
{
  Worker *w = bc->worker;
  g_autofree char *body = g_strdup_printf ("t=%" G_GINT64_FORMAT "%s", g_get_monotonic_time (), w->pad);

  rd_client_send_message (bc->client, bc->peer, body);
  w->sent++;
}

static void
message_received_cb (RdClient    *client,
                     RdMessage   *message,
                     BenchClient *bc)
{
  Worker *w = bc->worker;
  const char *body = rd_message_get_body (message);
  gint64 now = g_get_monotonic_time ();
  gint64 sent_at;

  if (!g_str_has_prefix (body, "t="))
    return;
  sent_at = g_ascii_strtoll (body + 2, NULL, 10);
  w->received++;
  if (sent_at >= w->measure_start_us && now < w->measure_end_us)
    {
      guint32 latency = (guint32) MIN (now - sent_at, G_MAXUINT32);

      g_array_append_val (w->latencies_us, latency);
      w->received_in_window++;
    }
  /* Closed loop: every message received is answered, keeping the window full. */
  if (w->rate == 0 && w->sending)
    send_one (bc);
}

static void login_next (Worker *w);

static void
report_when_all_in (Worker *w)
{
  if (w->online + w->failures == w->count)
    reply ("%s %u %u", w->resuming ? "resumed" : "ready", w->failures, w->retries);
}

static void
signed_in (BenchClient *bc)
{
  bc->online = TRUE;
  bc->worker->online++;
  report_when_all_in (bc->worker);
}

#define LOGIN_TRIES 20

static gboolean retry_login_cb (gpointer data);

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BenchClient *bc = user_data;
  Worker *w = bc->worker;
  g_autoptr(GError) error = NULL;

  if (rd_client_login_finish (RD_CLIENT (source), result, &error))
    signed_in (bc);
  else if (error->domain == G_IO_ERROR && ++bc->tries < LOGIN_TRIES)
    {
      /* Not reached (a full listen queue, a reset): as a user would, try again. */
      w->retries++;
      g_timeout_add (200 + g_random_int_range (0, 400), retry_login_cb, bc);
      return;
    }
  else
    {
      w->failures++;
      g_printerr ("login %s failed: %s\n", bc->username, error->message);
      report_when_all_in (w);
    }
  w->in_flight--;
  login_next (w);
}

static gboolean
retry_login_cb (gpointer data)
{
  BenchClient *bc = data;

  rd_client_login_async (bc->client, bc->username, BENCH_PASSWORD, NULL, login_done_cb, bc);
  return G_SOURCE_REMOVE;
}

static void
login_next (Worker *w)
{
  while (w->in_flight < LOGINS_IN_FLIGHT && w->next_login < w->count)
    {
      BenchClient *bc = &w->clients[w->next_login++];

      w->in_flight++;
      rd_client_login_async (bc->client, bc->username, BENCH_PASSWORD, NULL, login_done_cb, bc);
    }
}

static void
report_when_all_left (Worker *w)
{
  if (w->leaving && w->left == w->count)
    {
      w->leaving = FALSE;
      w->online = w->failures = 0;
      reply ("disconnected");
    }
}

/* Resumed means synced and online: the state says so. */
static void
state_cb (RdClient    *client,
          GParamSpec  *pspec,
          BenchClient *bc)
{
  Worker *w = bc->worker;
  RdClientState state = rd_client_get_state (client);

  if (w->resuming && !bc->online && state == RD_CLIENT_ONLINE)
    signed_in (bc);
  if (w->leaving && bc->online && state != RD_CLIENT_ONLINE)
    {
      bc->online = FALSE;
      w->left++;
      report_when_all_left (w);
    }
}

static void
resume_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BenchClient *bc = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_client_resume_finish (RD_CLIENT (source), result, &error))
    {
      bc->worker->failures++;
      g_printerr ("resume %s failed: %s\n", bc->username, error->message);
      report_when_all_in (bc->worker);
    }
}

static gboolean
pace_cb (gpointer data)
{
  Worker *w = data;
  gint64 now = g_get_monotonic_time ();
  guint64 due = (guint64) ((double) w->rate * (double) MAX (now - w->pace_start_us, 0) / G_USEC_PER_SEC);

  if (!w->sending)
    {
      w->pace_source = 0;
      return G_SOURCE_REMOVE;
    }
  while (w->sent < due)
    {
      /* With slow readers, all the traffic goes to them, from their peers. */
      if (w->slow > 0)
        send_one (&w->clients[2 * (w->next_sender++ % w->slow)]);
      else
        send_one (&w->clients[w->next_sender++ % w->count]);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
stop_sending_cb (gpointer data)
{
  Worker *w = data;

  w->sending = FALSE;
  return G_SOURCE_REMOVE;
}

static gboolean
report_load_cb (gpointer data)
{
  Worker *w = data;
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (w->latency_path, (const char *) w->latencies_us->data,
                            (gssize) (w->latencies_us->len * sizeof (guint32)), &error))
    g_error ("%s", error->message);
  reply ("loaded %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %u", w->sent, w->received_in_window,
         w->latencies_us->len);
  return G_SOURCE_REMOVE;
}

/* load RATE WINDOW START_US END_US LATENCY_FILE: send from now (warm-up),
 * count what is sent from START and received before END, report a second
 * after END so messages in flight land. */
static void
start_load (Worker  *w,
            char   **args)
{
  gint64 now = g_get_monotonic_time ();

  w->rate = (guint) g_ascii_strtoull (args[1], NULL, 10);
  w->window = (guint) g_ascii_strtoull (args[2], NULL, 10);
  w->measure_start_us = g_ascii_strtoll (args[3], NULL, 10);
  w->measure_end_us = g_ascii_strtoll (args[4], NULL, 10);
  g_free (w->latency_path);
  w->latency_path = g_strdup (args[5]);
  g_array_set_size (w->latencies_us, 0);
  w->sent = w->received = w->received_in_window = 0;
  w->sending = TRUE;
  w->pace_start_us = now;
  if (w->proxy != NULL)
    rd_fault_proxy_set_stalled (w->proxy, TRUE);
  if (w->rate > 0)
    w->pace_source = g_timeout_add (5, pace_cb, w);
  else
    for (guint i = 2 * w->slow; i < w->count; i++)
      for (guint k = 0; k < w->window; k++)
        send_one (&w->clients[i]);
  g_timeout_add ((guint) MAX ((w->measure_end_us - now) / 1000, 0), stop_sending_cb, w);
  g_timeout_add ((guint) MAX ((w->measure_end_us - now) / 1000, 0) + 1000, report_load_cb, w);
}

/* Each client closes its socket; "disconnected" once all are closed. */
static void
disconnect_all (Worker *w)
{
  w->leaving = TRUE;
  w->left = 0;
  for (guint i = 0; i < w->count; i++)
    {
      BenchClient *bc = &w->clients[i];

      g_free (bc->token);
      bc->token = g_strdup (rd_client_get_token (bc->client));
      bc->last_seq = rd_client_get_last_seq (bc->client);
      if (!bc->online)
        w->left++;
      rd_client_disconnect (bc->client);
    }
  report_when_all_left (w);
}

static gboolean
resume_one_cb (gpointer data)
{
  BenchClient *bc = data;

  rd_client_resume_async (bc->client, bc->token, bc->last_seq, NULL, resume_done_cb, bc);
  return G_SOURCE_REMOVE;
}

/* Everyone at once, in this loop turn, or each at a random moment within
 * @spread_ms. */
static void
resume_all (Worker *w,
            guint   spread_ms)
{
  w->resuming = TRUE;
  for (guint i = 0; i < w->count; i++)
    {
      BenchClient *bc = &w->clients[i];

      if (bc->token == NULL)
        {
          w->failures++;
          continue;
        }
      if (spread_ms == 0)
        resume_one_cb (bc);
      else
        g_timeout_add (g_random_int_range (0, (gint32) spread_ms), resume_one_cb, bc);
    }
}

static void read_command (Worker *w);

static void
command_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Worker *w = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL,
                                                                &error);
  g_auto(GStrv) args = NULL;

  if (line == NULL)
    exit (0);   /* the parent went away */
  args = g_strsplit (line, " ", -1);
  if (g_str_equal (args[0], "login"))
    login_next (w);
  else if (g_str_equal (args[0], "load") && g_strv_length (args) == 6)
    start_load (w, args);
  else if (g_str_equal (args[0], "disconnect"))
    disconnect_all (w);
  else if (g_str_equal (args[0], "resume"))
    resume_all (w, args[1] ? (guint) g_ascii_strtoull (args[1], NULL, 10) : 0);
  else if (g_str_equal (args[0], "quit"))
    exit (0);
  else
    g_error ("unknown command: %s", line);
  read_command (w);
}

static void
read_command (Worker *w)
{
  g_data_input_stream_read_line_async (w->commands, G_PRIORITY_DEFAULT, NULL, command_cb, w);
}

static guint16
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri ? (guint16) g_uri_get_port (uri) : 0;
}

static int
run_worker (const char *url,
            guint       first,
            guint       count,
            guint       slow,
            gboolean    receipts,
            guint       body_bytes)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  Worker w = { .url = url, .first = first, .count = count, .slow = slow, .receipts = receipts,
               .body_bytes = body_bytes };
  g_auto(GStrv) urls = g_strsplit (url, ",", -1);   /* client i on relay i mod N */

  w.pad = body_bytes > 24 ? g_strnfill (body_bytes - 24, ' ') : g_strdup ("");
  w.latencies_us = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1 << 18);
  w.commands = g_data_input_stream_new (in);
  if (slow > 0)
    {
      w.proxy = rd_fault_proxy_new (port_of (url));
      w.proxy_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (w.proxy));
    }
  w.clients = g_new0 (BenchClient, count);
  for (guint i = 0; i < count; i++)
    {
      BenchClient *bc = &w.clients[i];

      bc->worker = &w;
      /* The odd member of each of the first slow pairs reads nothing once stalled. */
      bc->slow = i < 2 * slow && (i % 2) == 1;
      bc->client = rd_client_new (bc->slow ? w.proxy_url : urls[(first + i) % g_strv_length (urls)]);
      bc->username = g_strdup_printf ("bench%05u", first + i);
      bc->peer = g_strdup_printf ("bench%05u", (first + i) ^ 1u);
      rd_client_set_reconnect_delay (bc->client, 200, 5000);
      rd_client_set_auto_delivered (bc->client, receipts);
      g_signal_connect (bc->client, "message-received", G_CALLBACK (message_received_cb), bc);
      g_signal_connect (bc->client, "notify::state", G_CALLBACK (state_cb), bc);
    }
  read_command (&w);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* ---------------------------------------------------------------- parent */

typedef struct {
  GSubprocess      *process;
  GOutputStream    *to;
  GDataInputStream *from;
} WorkerProcess;

typedef struct {
  guint           n_clients;
  guint           n_active;  /* the first n_active clients send; the others only keep alive */
  guint           n_procs;
  guint           n_load_procs; /* the first ones, holding the active clients */
  WorkerProcess  *procs;
  GPtrArray      *relays;    /* GSubprocess *, unowned; empty with --url */
  gboolean        postgresql; /* the store on a server of ours: count its CPU */
} Parent;

/* CPU time of every thread of @pid, in ns (schedstat: the first field). */
static gint64
cpu_ns_of (const char *pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%s/task", pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;
  gint64 total = 0;

  if (dir == NULL)
    return 0;
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/schedstat", task_dir, tid);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        total += g_ascii_strtoll (text, NULL, 10);
    }
  return total;
}

static gint64
relay_cpu_ns (Parent *p)
{
  gint64 total = 0;

  for (guint i = 0; i < p->relays->len; i++)
    total += cpu_ns_of (g_subprocess_get_identifier (g_ptr_array_index (p->relays, i)));
  return total;
}

/* The PostgreSQL server: its postmaster and every process it started (the
 * relays' connections last the whole run, so none of their time is lost
 * with an exited process). */
static gint64
database_cpu_ns (Parent *p)
{
  g_autoptr(GArray) pids = NULL;
  gint64 total = 0;

  if (!p->postgresql)
    return 0;
  pids = rd_test_postgresql_pids ();
  for (guint i = 0; i < pids->len; i++)
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) g_array_index (pids, pid_t, i));

      total += cpu_ns_of (pid);
    }
  return total;
}

static gint64
generator_cpu_ns (Parent *p)
{
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  gint64 total = cpu_ns_of (self);

  for (guint i = 0; i < p->n_procs; i++)
    total += cpu_ns_of (g_subprocess_get_identifier (p->procs[i].process));
  return total;
}

static gint64
relay_rss_kib (Parent *p)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;
  gint64 total = 0;

  if (p->relays->len == 0)
    return -1;
  for (guint i = 0; i < p->relays->len; i++)
    {
      g_clear_pointer (&path, g_free);
      g_clear_pointer (&status, g_free);
      path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (g_ptr_array_index (p->relays, i)));
      if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "VmRSS:")) == NULL)
        return -1;
      total += g_ascii_strtoll (line + 6, NULL, 10);
    }
  return total;
}

/* TcpExt counters of connection attempts the kernel refused because a
 * listen queue was full. */
static gint64
listen_queue_refusals (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 total = 0;

  if (!g_file_get_contents ("/proc/net/netstat", &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      g_auto(GStrv) values = NULL;

      if (!g_str_has_prefix (lines[i], "TcpExt:") || !g_str_has_prefix (lines[i + 1], "TcpExt:"))
        continue;
      names = g_strsplit (lines[i], " ", -1);
      values = g_strsplit (lines[i + 1], " ", -1);
      for (guint k = 0; names[k] != NULL && values[k] != NULL; k++)
        if (g_str_equal (names[k], "ListenOverflows") || g_str_equal (names[k], "ListenDrops"))
          total += g_ascii_strtoll (values[k], NULL, 10);
      break;
    }
  return total;
}

/* Every thread of @pid on core @cpu. */
static void
pin (const char *pid,
     int         cpu)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%s/task", pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;
  cpu_set_t set;

  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    if (sched_setaffinity ((pid_t) atoi (tid), sizeof set, &set) != 0)
      g_printerr ("cannot pin %s/%s to core %d\n", pid, tid, cpu);
}

/* The relay on core 0, the generator on core 1. */
static void
pin_all (Parent *p)
{
  g_autofree char *self = g_strdup_printf ("%d", getpid ());

  for (guint i = 0; i < p->relays->len; i++)
    pin (g_subprocess_get_identifier (g_ptr_array_index (p->relays, i)), 0);
  pin (self, 1);
  for (guint i = 0; i < p->n_procs; i++)
    pin (g_subprocess_get_identifier (p->procs[i].process), 1);
}

static void
tell_all (Parent     *p,
          const char *command)
{
  for (guint i = 0; i < p->n_procs; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", command);

      if (!g_output_stream_write_all (p->procs[i].to, line, strlen (line), NULL, NULL, NULL))
        g_error ("worker %u is gone", i);
    }
}

/* The next line from worker @i, which must start with @word. */
static char **
hear (Parent     *p,
      guint       i,
      const char *word)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (p->procs[i].from, NULL, NULL, &error);
  char **args;

  if (line == NULL)
    g_error ("worker %u ended%s%s", i, error ? ": " : "", error ? error->message : "");
  args = g_strsplit (line, " ", -1);
  if (!g_str_equal (args[0], word))
    g_error ("worker %u said \"%s\", expected %s", i, line, word);
  return args;
}

/* Waits for every worker's @word line; returns the sum of its first
 * number, and of its second in @out_second. */
static guint64
hear_all (Parent     *p,
          const char *word,
          guint64    *out_second)
{
  guint64 sum = 0, second = 0;

  for (guint i = 0; i < p->n_procs; i++)
    {
      g_auto(GStrv) args = hear (p, i, word);

      if (args[1] != NULL)
        {
          sum += g_ascii_strtoull (args[1], NULL, 10);
          if (args[2] != NULL)
            second += g_ascii_strtoull (args[2], NULL, 10);
        }
    }
  if (out_second)
    *out_second = second;
  return sum;
}

static void
sleep_until (gint64 when_us)
{
  gint64 now = g_get_monotonic_time ();

  if (when_us > now)
    g_usleep ((gulong) (when_us - now));
}

static int
compare_u32 (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *sorted,
               double  fraction)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) MIN ((double) sorted->len - 1, fraction * sorted->len);
  return g_array_index (sorted, guint32, index) / 1000.0;
}

static void
print_cpu (const char *what,
           gint64      relay_ns,
           gint64      generator_ns,
           double      seconds)
{
  printf ("%-20s relay %.1f %% of a core, generator %.1f %% of a core (%.1f s)\n", what,
          relay_ns / 1e7 / seconds, generator_ns / 1e7 / seconds, seconds);
}

/* @n_relays relays on @database (NULL: one, on SQLite), with the bench's
 * users; their URLs, comma-separated, in @out_urls. */
static GPtrArray *
start_relays (guint        n_relays,
              const char  *database,
              guint        n_clients,
              const char  *extra_config,
              char       **out_urls)
{
  GPtrArray *relays = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_test_relay_free);
  g_autoptr(GString) urls = g_string_new (NULL);

  for (guint r = 0; r < n_relays; r++)
    {
      RdTestRelay *relay = database ? rd_test_relay_new_on (database) : rd_test_relay_new ();
      g_autofree char *config = g_strdup_printf ("frames_per_second=0\nconnections_per_address=0\n"
                                                 "password_hash=minimum\nrelay_id=bench-%u\n%s", r,
                                                 extra_config ? extra_config : "");

      /* Cheap hashes: the bench measures messaging, not argon2. */
      rd_test_relay_configure (relay, config);
      if (r == 0)
        {
          g_autoptr(GString) users = g_string_new (NULL);
          g_autofree char *path = g_build_filename (relay->dir, "users.txt", NULL);
          g_autofree char *err = NULL;

          for (guint i = 0; i < n_clients; i++)
            g_string_append_printf (users, "bench%05u:agent:Bench %u:%s\n", i, i, BENCH_PASSWORD);
          g_assert_true (g_file_set_contents (path, users->str, -1, NULL));
          if (rd_test_relay_admin (relay, NULL, NULL, &err, "user", "import", path, NULL) != 0)
            g_error ("user import failed: %s", err);
        }
      rd_test_relay_start (relay);
      g_string_append_printf (urls, "%s%s", r > 0 ? "," : "", relay->url);
      g_ptr_array_add (relays, relay);
    }
  *out_urls = g_string_free (g_steal_pointer (&urls), FALSE);
  return relays;
}

#define IDLE_CLIENTS_PER_PROC 1250

static void
spawn_worker (WorkerProcess *proc,
              const char    *self_path,
              const char    *url,
              guint          first,
              guint          count,
              guint          slow,
              gboolean       receipts,
              guint          body_bytes)
{
  g_autofree char *first_s = g_strdup_printf ("%u", first);
  g_autofree char *count_s = g_strdup_printf ("%u", count);
  g_autofree char *slow_s = g_strdup_printf ("%u", MIN (slow, count / 2));
  g_autofree char *body_s = g_strdup_printf ("%u", body_bytes);
  g_autoptr(GError) error = NULL;

  proc->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                    self_path, "--worker", "--url", url, "--first", first_s, "--count", count_s,
                                    "--slow", slow_s, "--body-bytes", body_s,
                                    receipts ? "--receipts" : "--no-receipts", NULL);
  if (proc->process == NULL)
    g_error ("cannot start a worker: %s", error->message);
  proc->to = g_subprocess_get_stdin_pipe (proc->process);
  proc->from = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc->process));
}

/* The active clients in n_load_procs processes; the idle ones, which only
 * keep alive, in processes of their own, so that their sockets do not
 * slow down the loops that measure. */
static void
spawn_workers (Parent      *p,
               const char  *self_path,
               const char  *url,
               guint        slow_readers,
               gboolean     receipts,
               guint        body_bytes)
{
  guint per = (p->n_active / p->n_load_procs) & ~1u;
  guint idle = p->n_clients - p->n_active;

  p->n_procs = p->n_load_procs + (idle + IDLE_CLIENTS_PER_PROC - 1) / IDLE_CLIENTS_PER_PROC;
  p->procs = g_new0 (WorkerProcess, p->n_procs);
  for (guint i = 0; i < p->n_load_procs; i++)
    {
      guint first = i * per;
      guint count = i + 1 == p->n_load_procs ? p->n_active - first : per;
      guint slow = slow_readers / p->n_load_procs + (i < slow_readers % p->n_load_procs ? 1 : 0);

      spawn_worker (&p->procs[i], self_path, url, first, count, slow, receipts, body_bytes);
    }
  for (guint i = p->n_load_procs; i < p->n_procs; i++)
    {
      guint first = p->n_active + (i - p->n_load_procs) * IDLE_CLIENTS_PER_PROC;

      spawn_worker (&p->procs[i], self_path, url, first, MIN (IDLE_CLIENTS_PER_PROC, p->n_clients - first), 0,
                    receipts, body_bytes);
    }
}

static void
run_load (Parent   *p,
          guint     rate,
          guint     window,
          guint     seconds,
          gboolean  receipts,
          guint     slow_readers,
          guint     send_queue_kb)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-relay-XXXXXX", NULL);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 start_us = g_get_monotonic_time () + 1500 * 1000;   /* after a warm-up */
  gint64 end_us = start_us + (gint64) seconds * G_USEC_PER_SEC;
  gint64 relay0, relay1, gen0, gen1, database0, database1, rss_start, rss_max = 0;
  guint64 sent = 0, delivered = 0;
  double elapsed = (end_us - start_us) / 1e6;

  for (guint i = 0; i < p->n_load_procs; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/latencies-%u", dir, i);
      g_autofree char *command = g_strdup_printf ("load %u %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s",
                                                  rate / p->n_load_procs + (i < rate % p->n_load_procs ? 1 : 0),
                                                  window, start_us, end_us, file);
      g_autofree char *line = g_strdup_printf ("%s\n", command);

      g_output_stream_write_all (p->procs[i].to, line, strlen (line), NULL, NULL, NULL);
    }
  rss_start = relay_rss_kib (p);
  sleep_until (start_us);
  relay0 = relay_cpu_ns (p);
  gen0 = generator_cpu_ns (p);
  database0 = database_cpu_ns (p);
  while (g_get_monotonic_time () < end_us)
    {
      rss_max = MAX (rss_max, relay_rss_kib (p));
      g_usleep (200 * 1000);
    }
  relay1 = relay_cpu_ns (p);
  gen1 = generator_cpu_ns (p);
  database1 = database_cpu_ns (p);

  for (guint i = 0; i < p->n_load_procs; i++)
    {
      g_auto(GStrv) args = hear (p, i, "loaded");
      g_autofree char *file = g_strdup_printf ("%s/latencies-%u", dir, i);
      g_autofree char *data = NULL;
      gsize length;

      sent += g_ascii_strtoull (args[1], NULL, 10);
      delivered += g_ascii_strtoull (args[2], NULL, 10);
      if (g_file_get_contents (file, &data, &length, NULL))
        g_array_append_vals (latencies, data, (guint) (length / sizeof (guint32)));
      g_unlink (file);
    }
  g_rmdir (dir);
  g_array_sort (latencies, compare_u32);

  if (rate > 0)
    printf ("offered:             %u messages/s in all\n", rate);
  else
    printf ("offered:             as fast as acked, %u in flight per client\n", window);
  printf ("delivered receipts:  %s\n", receipts ? "on (each message is two stored writes)" : "off");
  printf ("delivered:           %" G_GUINT64_FORMAT " messages in %.2f s = %.0f messages/s\n",
          delivered, elapsed, delivered / elapsed);
  printf ("latency (ms):        p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  (%u samples)\n",
          percentile_ms (latencies, 0.50), percentile_ms (latencies, 0.90), percentile_ms (latencies, 0.99),
          percentile_ms (latencies, 1.0), latencies->len);
  print_cpu ("cpu:", relay1 - relay0, gen1 - gen0, elapsed);
  if (p->postgresql)
    printf ("database cpu:        %.1f %% of a core\n", (database1 - database0) / 1e7 / elapsed);
  if (delivered > 0 && p->relays->len > 0)
    printf ("relay CPU a message: %.3f ms (generator %.3f ms)\n", (relay1 - relay0) / 1e6 / delivered,
            (gen1 - gen0) / 1e6 / delivered);
  if (delivered > 0 && p->postgresql)
    printf ("database CPU a message: %.3f ms\n", (database1 - database0) / 1e6 / delivered);
  if (slow_readers > 0 && p->relays->len > 0)
    printf ("slow readers:        %u stopped reading; relay RSS %.1f MiB at the start, %.1f MiB at most "
            "(+%.1f MiB); bound %u x %u KiB = %.1f MiB\n",
            slow_readers, rss_start / 1024.0, rss_max / 1024.0, (rss_max - rss_start) / 1024.0,
            slow_readers, send_queue_kb, slow_readers * (double) send_queue_kb / 1024.0);
}

static void
run_idle (Parent *p,
          guint   seconds)
{
  gint64 relay0 = relay_cpu_ns (p), gen0 = generator_cpu_ns (p);
  gint64 t0 = g_get_monotonic_time ();

  g_usleep ((gulong) seconds * G_USEC_PER_SEC);
  print_cpu ("idle (keep-alives):", relay_cpu_ns (p) - relay0, generator_cpu_ns (p) - gen0,
             (g_get_monotonic_time () - t0) / 1e6);
}

static void
run_storm (Parent      *p,
           RdTestRelay *relay,
           gboolean     pinned,
           guint        spread_ms)
{
  g_autofree char *resume = g_strdup_printf ("resume %u", spread_ms);
  gint64 refused0, t0, relay0, gen0, failures;
  g_autofree char *somaxconn = NULL;
  double seconds;

  tell_all (p, "disconnect");
  hear_all (p, "disconnected", NULL);
  rd_test_relay_stop (relay);
  rd_test_relay_start (relay);
  g_ptr_array_index (p->relays, 0) = relay->process;
  if (pinned)
    pin_all (p);
  refused0 = listen_queue_refusals ();
  relay0 = relay_cpu_ns (p);
  gen0 = generator_cpu_ns (p);
  t0 = g_get_monotonic_time ();
  tell_all (p, resume);
  failures = (gint64) hear_all (p, "resumed", NULL);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_file_get_contents ("/proc/sys/net/core/somaxconn", &somaxconn, NULL, NULL);
  printf ("storm:               %u clients resumed with their tokens (spread over %u ms) and synced in %.2f s "
          "after the restarted relay listened; %" G_GINT64_FORMAT " failed; %" G_GINT64_FORMAT
          " attempts refused by a full listen queue (net.core.somaxconn %s)\n",
          p->n_clients, spread_ms, seconds, failures, listen_queue_refusals () - refused0,
          somaxconn ? g_strstrip (somaxconn) : "?");
  print_cpu ("storm cpu:", relay_cpu_ns (p) - relay0, generator_cpu_ns (p) - gen0, seconds);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- load generator for relaydeskd");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relays = NULL;
  g_autofree char *database = NULL;
  gint n_relays = 1;
  gboolean postgresql = FALSE;
  gint n_clients = 1000, procs = 4, rate = -1, window = 0, seconds = 10, idle = 0, slow_readers = 0;
  gint body_bytes = 0, first = 0, count = 0, send_queue_kb = 4096, active = 0;
  gboolean no_receipts = FALSE, receipts = FALSE, worker = FALSE, storm = FALSE, pinned = FALSE;
  gint spread = 0;
  char *url = NULL, *extra_config = NULL;
  GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &n_clients, "Connected clients, in pairs (1000)", "N" },
    { "procs", 'p', 0, G_OPTION_ARG_INT, &procs, "Generator processes for the active clients (4)", "P" },
    { "active", 'a', 0, G_OPTION_ARG_INT, &active, "Only so many clients send; the others keep alive, "
      "in processes of their own (all)", "A" },
    { "rate", 'r', 0, G_OPTION_ARG_INT, &rate, "Messages per second in all; 0 = as fast as acked", "R" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "With --rate=0: messages in flight per client (4)", "W" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Length of the measured load (10)", "S" },
    { "no-receipts", 0, 0, G_OPTION_ARG_NONE, &no_receipts, "Do not acknowledge messages as delivered", NULL },
    { "body-bytes", 0, 0, G_OPTION_ARG_INT, &body_bytes, "Pad message bodies to this size", "B" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &idle, "Measure S seconds with no traffic but keep-alives", "S" },
    { "storm", 0, 0, G_OPTION_ARG_NONE, &storm, "Restart the relay; everyone resumes at once", NULL },
    { "spread", 0, 0, G_OPTION_ARG_INT, &spread, "With --storm: each resumes within MS at random", "MS" },
    { "slow-readers", 0, 0, G_OPTION_ARG_INT, &slow_readers, "Clients that stop reading during the load", "K" },
    { "relay-config", 0, 0, G_OPTION_ARG_STRING, &extra_config, "Extra relaydeskd.conf lines (\\n between)", "TEXT" },
    { "send-queue-kb", 0, 0, G_OPTION_ARG_INT, &send_queue_kb, "The relay's send_queue_max_kb, for the report", "KB" },
    { "pin", 0, 0, G_OPTION_ARG_NONE, &pinned, "Relay on core 0, generator on core 1", NULL },
    { "postgresql", 0, 0, G_OPTION_ARG_NONE, &postgresql, "The store on a throw-away PostgreSQL server", NULL },
    { "relays", 0, 0, G_OPTION_ARG_INT, &n_relays, "Relays on that one database (1; more need --postgresql)", "N" },
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, "Use a running relay with users bench00000...", "URL" },
    { "worker", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &worker, NULL, NULL },
    { "first", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &first, NULL, NULL },
    { "count", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &count, NULL, NULL },
    { "slow", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &slow_readers, NULL, NULL },
    { "receipts", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &receipts, NULL, NULL },
    { NULL }
  };
  Parent p = { 0 };
  g_autofree char *self_path = NULL;
  g_autofree char *config = NULL;
  gint64 rss_before, rss_after, t0;
  guint64 login_failures, login_retries;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rd_raise_fd_limit ();
  if (worker)
    return run_worker (url, (guint) first, (guint) count, (guint) slow_readers, receipts, (guint) body_bytes);

  if (n_clients < 2 || n_clients % 2 != 0 || procs < 1 || n_clients / procs < 2 || seconds < 1 ||
      idle < 0 || slow_readers < 0 || slow_readers > n_clients / 2 || body_bytes < 0 || body_bytes > 16000 ||
      active < 0 || (active > 0 && (active < 2 * procs || slow_readers > active / 2)))
    {
      g_printerr ("--clients must be even, at least 2 a process; --seconds >= 1; --slow-readers at most "
                  "half the clients; --body-bytes at most 16000\n");
      return 2;
    }
  if (n_relays < 1 || (n_relays > 1 && (!postgresql || storm || slow_readers > 0 || url != NULL)))
    {
      g_printerr ("--relays N > 1 needs --postgresql, and goes with neither --storm, --slow-readers nor --url\n");
      return 2;
    }
  if (rate < 0 && window == 0 && idle == 0 && !storm)
    rate = 0;   /* nothing asked: as fast as acked */
  if (rate == 0 && window == 0)
    window = 4;
  if (extra_config)
    config = g_strcompress (extra_config);

  p.n_clients = (guint) n_clients;
  p.n_active = active > 0 ? (guint) MIN (active, n_clients) & ~1u : p.n_clients;
  p.n_load_procs = (guint) procs;
  p.relays = g_ptr_array_new ();
  if (postgresql)
    {
      g_autofree char *missing = rd_test_postgresql_missing ();

      if (missing != NULL)
        {
          g_printerr ("--postgresql: %s\n", missing);
          return 77;
        }
      rd_test_postgresql_use_fsync ();   /* commits are durable, as SQLite's are here */
      database = rd_test_postgresql_new_database ();
      p.postgresql = TRUE;
    }
  if (url == NULL)
    {
      relays = start_relays ((guint) n_relays, database, p.n_clients, config, &url);
      for (guint i = 0; i < relays->len; i++)
        g_ptr_array_add (p.relays, ((RdTestRelay *) g_ptr_array_index (relays, i))->process);
    }
  else if (storm)
    {
      g_printerr ("--storm restarts the relay: it needs a relay of its own (no --url)\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  rss_before = relay_rss_kib (&p);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  spawn_workers (&p, self_path, url, (guint) slow_readers, !no_receipts, (guint) body_bytes);
  if (pinned)
    pin_all (&p);

  t0 = g_get_monotonic_time ();
  tell_all (&p, "login");
  login_failures = hear_all (&p, "ready", &login_retries);
  printf ("relay:               %s%s\n", url, database ? " (store on PostgreSQL)" : "");
  printf ("clients:             %u (%u pairs, %u of them sending) in %u generator processes, signed in in "
          "%.2f s (%" G_GUINT64_FORMAT " never; %" G_GUINT64_FORMAT " tries again after the connection failed)\n",
          p.n_clients, p.n_clients / 2, p.n_active, p.n_procs, (g_get_monotonic_time () - t0) / 1e6,
          login_failures, login_retries);
  g_usleep (G_USEC_PER_SEC);   /* let the sockets settle */
  rss_after = relay_rss_kib (&p);
  if (rss_before >= 0)
    printf ("relay RSS:           %.1f MiB idle, %.1f MiB with clients: %.2f KiB per connection\n",
            rss_before / 1024.0, rss_after / 1024.0, (double) (rss_after - rss_before) / p.n_clients);

  if (idle > 0)
    run_idle (&p, (guint) idle);
  if (rate >= 0 || window > 0)
    run_load (&p, (guint) MAX (rate, 0), (guint) window, (guint) seconds, !no_receipts, (guint) slow_readers,
              (guint) send_queue_kb);
  if (storm)
    run_storm (&p, g_ptr_array_index (relays, 0), pinned, (guint) MAX (spread, 0));

  tell_all (&p, "quit");
  for (guint i = 0; i < p.n_procs; i++)
    {
      g_subprocess_wait (p.procs[i].process, NULL, NULL);
      g_object_unref (p.procs[i].from);
      g_object_unref (p.procs[i].process);
    }
  g_free (p.procs);
  g_ptr_array_unref (p.relays);
  g_free (url);
  g_free (extra_config);
  return 0;
}
