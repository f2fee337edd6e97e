/* bench-relay.c: load generator for relaydeskd.
 *
 * Starts a real relay in a throw-away folder (or uses --url), signs in N
 * RdClients in pairs and lets each pair exchange messages, either at a fixed
 * total rate (--rate) or as fast as the relay acks them (--rate=0, a window
 * of --window messages in flight per client). Prints messages/s stored and
 * delivered, end-to-end latency percentiles (send call to the recipient's
 * message-received) and the relay's RSS per connection.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-relay \
 *     --clients 2000 --rate 5000 --seconds 10
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rd-fd-limit.h"
#include "rd-test-relay.h"

#define LOGINS_IN_FLIGHT 64
#define BENCH_PASSWORD   "bench-password"

typedef struct _Bench Bench;

typedef struct {
  Bench     *bench;
  RdClient  *client;
  char      *username;
  char      *peer;
  gboolean   online;
} BenchClient;

struct _Bench {
  guint         n_clients;
  guint         rate;
  guint         window;
  guint         seconds;
  const char   *url;

  BenchClient  *clients;
  guint         next_login;
  guint         logins_in_flight;
  guint         online;
  guint         login_failures;

  gboolean      measuring;
  gboolean      finished;
  gint64        pace_start_us;
  gint64        measure_start_us;
  guint64       sent;
  guint64       received;
  guint64       received_in_window;
  GArray       *latencies_us;  /* guint32 */
  guint         next_sender;
};

static gint64
relay_rss_kib (GSubprocess *process)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;

  if (process == NULL)
    return -1;
  path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

static void
send_one (BenchClient *bc)
{
  g_autofree char *body = g_strdup_printf ("t=%" G_GINT64_FORMAT, g_get_monotonic_time ());

  rd_client_send_message (bc->client, bc->peer, body);
  bc->bench->sent++;
}

static void
message_received_cb (RdClient    *client,
                     RdMessage   *message,
                     BenchClient *bc)
{
  Bench *bench = bc->bench;
  const char *body = rd_message_get_body (message);
  gint64 now = g_get_monotonic_time ();
  gint64 sent_at;

  if (!g_str_has_prefix (body, "t="))
    return;
  sent_at = g_ascii_strtoll (body + 2, NULL, 10);
  bench->received++;
  if (bench->measuring && sent_at >= bench->measure_start_us)
    {
      guint32 latency = (guint32) MIN (now - sent_at, G_MAXUINT32);

      g_array_append_val (bench->latencies_us, latency);
      bench->received_in_window++;
    }
  /* Closed loop: every message received is answered, keeping the window full. */
  if (bench->rate == 0 && !bench->finished)
    send_one (bc);
}

static void login_next (Bench *bench);

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BenchClient *bc = user_data;
  g_autoptr(GError) error = NULL;

  bc->bench->logins_in_flight--;
  if (rd_client_login_finish (RD_CLIENT (source), result, &error))
    {
      bc->online = TRUE;
      bc->bench->online++;
    }
  else
    {
      bc->bench->login_failures++;
      g_printerr ("login %s failed: %s\n", bc->username, error->message);
    }
  login_next (bc->bench);
}

static void
login_next (Bench *bench)
{
  while (bench->logins_in_flight < LOGINS_IN_FLIGHT && bench->next_login < bench->n_clients)
    {
      BenchClient *bc = &bench->clients[bench->next_login++];

      bench->logins_in_flight++;
      rd_client_login_async (bc->client, bc->username, BENCH_PASSWORD, NULL, login_done_cb, bc);
    }
}

static gboolean
pace_cb (gpointer data)
{
  Bench *bench = data;
  gint64 elapsed = g_get_monotonic_time () - bench->pace_start_us;
  guint64 due = (guint64) ((double) bench->rate * (double) MAX (elapsed, 0) / G_USEC_PER_SEC);

  if (bench->finished)
    return G_SOURCE_REMOVE;
  while (bench->sent < due)
    {
      send_one (&bench->clients[bench->next_sender]);
      bench->next_sender = (bench->next_sender + 1) % bench->n_clients;
    }
  return G_SOURCE_CONTINUE;
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
iterate_until (gboolean *flag,
               gint64    deadline_us)
{
  while (!*flag && g_get_monotonic_time () < deadline_us)
    rd_test_iterate ();
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_phase (guint seconds)
{
  gboolean done = FALSE;

  g_timeout_add_seconds (seconds, set_flag_cb, &done);
  iterate_until (&done, g_get_monotonic_time () + (gint64) (seconds + 5) * G_USEC_PER_SEC);
}

static RdTestRelay *
start_relay (Bench *bench)
{
  RdTestRelay *relay = rd_test_relay_new ();
  g_autoptr(GString) users = g_string_new (NULL);
  g_autofree char *path = g_build_filename (relay->dir, "users.txt", NULL);
  g_autofree char *err = NULL;

  /* Cheap hashes: the bench measures messaging, not argon2. */
  rd_test_relay_configure (relay, "frames_per_second=0\nconnections_per_address=0\npassword_hash=minimum");
  for (guint i = 0; i < bench->n_clients; i++)
    g_string_append_printf (users, "bench%05u:agent:Bench %u:%s\n", i, i, BENCH_PASSWORD);
  g_assert_true (g_file_set_contents (path, users->str, -1, NULL));
  if (rd_test_relay_admin (relay, NULL, NULL, &err, "user", "import", path, NULL) != 0)
    g_error ("user import failed: %s", err);
  rd_test_relay_start (relay);
  return relay;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { .n_clients = 1000, .rate = 0, .window = 4, .seconds = 10 };
  g_autoptr(GOptionContext) context = g_option_context_new ("- load generator for relaydeskd");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestRelay) relay = NULL;
  gint n_clients = 1000, rate = 0, window = 4, seconds = 10;
  gboolean no_receipts = FALSE;
  char *url = NULL;
  GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &n_clients, "Connected clients, in pairs (1000)", "N" },
    { "rate", 'r', 0, G_OPTION_ARG_INT, &rate, "Messages per second in all; 0 = as fast as acked (0)", "R" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "With --rate=0: messages in flight per client (4)", "W" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Length of the measured phase (10)", "S" },
    { "no-receipts", 0, 0, G_OPTION_ARG_NONE, &no_receipts, "Do not acknowledge messages as delivered", NULL },
    { "url", 'u', 0, G_OPTION_ARG_STRING, &url, "Use a running relay with users bench00000... instead", "URL" },
    { NULL }
  };
  gint64 rss_before, rss_after, rss_end;
  gint64 t0, connect_us;
  double elapsed_s;
  guint64 received_at_start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_clients < 2 || n_clients % 2 != 0 || rate < 0 || window < 1 || seconds < 1)
    {
      g_printerr ("--clients must be even and at least 2; --rate >= 0; --window, --seconds >= 1\n");
      return 2;
    }
  bench.n_clients = (guint) n_clients;
  bench.rate = (guint) rate;
  bench.window = (guint) window;
  bench.seconds = (guint) seconds;
  bench.url = url;
  bench.latencies_us = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1 << 20);
  rd_raise_fd_limit ();

  if (bench.url == NULL)
    {
      relay = start_relay (&bench);
      bench.url = relay->url;
    }
  rss_before = relay_rss_kib (relay ? relay->process : NULL);

  bench.clients = g_new0 (BenchClient, bench.n_clients);
  for (guint i = 0; i < bench.n_clients; i++)
    {
      BenchClient *bc = &bench.clients[i];

      bc->bench = &bench;
      bc->client = rd_client_new (bench.url);
      bc->username = g_strdup_printf ("bench%05u", i);
      bc->peer = g_strdup_printf ("bench%05u", i ^ 1u);
      rd_client_set_reconnect_delay (bc->client, 200, 5000);
      rd_client_set_auto_delivered (bc->client, !no_receipts);
      g_signal_connect (bc->client, "message-received", G_CALLBACK (message_received_cb), bc);
    }

  t0 = g_get_monotonic_time ();
  login_next (&bench);
  while (bench.online + bench.login_failures < bench.n_clients &&
         g_get_monotonic_time () - t0 < 600 * G_USEC_PER_SEC)
    rd_test_iterate ();
  connect_us = g_get_monotonic_time () - t0;
  if (bench.online < bench.n_clients)
    {
      g_printerr ("only %u of %u clients signed in\n", bench.online, bench.n_clients);
      return 1;
    }
  run_phase (1);  /* let the sockets settle */
  rss_after = relay_rss_kib (relay ? relay->process : NULL);

  /* Warm up for a second, then measure. */
  bench.pace_start_us = g_get_monotonic_time ();
  if (bench.rate > 0)
    g_timeout_add (1, pace_cb, &bench);
  else
    for (guint i = 0; i < bench.n_clients; i++)
      for (guint k = 0; k < bench.window; k++)
        send_one (&bench.clients[i]);
  run_phase (1);

  received_at_start = bench.received;
  bench.measure_start_us = g_get_monotonic_time ();
  bench.measuring = TRUE;
  run_phase (bench.seconds);
  bench.measuring = FALSE;
  elapsed_s = (double) (g_get_monotonic_time () - bench.measure_start_us) / G_USEC_PER_SEC;
  bench.received_in_window = bench.received - received_at_start;
  bench.finished = TRUE;
  rss_end = relay_rss_kib (relay ? relay->process : NULL);

  g_array_sort (bench.latencies_us, compare_u32);
  printf ("clients:            %u (%u pairs), signed in in %.2f s\n",
          bench.n_clients, bench.n_clients / 2, connect_us / 1e6);
  if (bench.rate > 0)
    printf ("offered rate:       %u messages/s\n", bench.rate);
  else
    printf ("offered rate:       as fast as acked, %u in flight per client\n", bench.window);
  printf ("delivered receipts: %s\n", no_receipts ? "off" : "on (each message is two stored writes)");
  printf ("delivered:          %" G_GUINT64_FORMAT " messages in %.2f s = %.0f messages/s\n",
          bench.received_in_window, elapsed_s, bench.received_in_window / elapsed_s);
  printf ("latency (ms):       p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  (%u samples)\n",
          percentile_ms (bench.latencies_us, 0.50), percentile_ms (bench.latencies_us, 0.90),
          percentile_ms (bench.latencies_us, 0.99), percentile_ms (bench.latencies_us, 1.0),
          bench.latencies_us->len);
  if (rss_before >= 0)
    printf ("relay RSS:          %.1f MiB idle, %.1f MiB with clients, %.1f MiB after load; "
            "%.1f KiB per connection\n",
            rss_before / 1024.0, rss_after / 1024.0, rss_end / 1024.0,
            (double) (rss_after - rss_before) / bench.n_clients);

  for (guint i = 0; i < bench.n_clients; i++)
    {
      rd_client_disconnect (bench.clients[i].client);
      g_object_unref (bench.clients[i].client);
      g_free (bench.clients[i].username);
      g_free (bench.clients[i].peer);
    }
  g_free (bench.clients);
  g_array_unref (bench.latencies_us);
  g_free (url);
  return 0;
}
