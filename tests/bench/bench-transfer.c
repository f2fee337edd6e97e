/* bench-transfer.c: throughput of one file over the direct path and over
 * the relay fallback, each as a ratio to a plain TCP copy of the same
 * bytes on this machine in this run (file -> loopback socket -> file, with
 * the same 256 KiB copy loop in threads), and the time from accept to first
 * byte. Rounds of the three alternate, and medians are compared: on two
 * shared cores any one run can be slowed by something else.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-transfer --mib 1024
 */
#include "config.h"

#include <sys/resource.h>

#include "bench-stats.h"
#include "rd-stream-pump.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"

static int mib = 1024;
static int rounds = 3;
/* In memory by default (tmpfs): a disk's write-back makes every figure,
 * the baseline first, swing by a factor of several. */
static char *folder = NULL;

typedef struct {
  gboolean done;
  gint64   copied;
} Copy;

static void
copied_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Copy *copy = data;
  g_autoptr(GError) error = NULL;

  copy->copied = rd_stream_pump_finish (result, &error);
  g_assert_no_error (error);
  copy->done = TRUE;
}

static void
incoming_cb (GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
  GFile *out_file = g_object_get_data (G_OBJECT (service), "out");
  GFileOutputStream *out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);

  g_object_set_data_full (G_OBJECT (service), "keep", g_object_ref (connection), g_object_unref);
  g_object_set_data_full (G_OBJECT (service), "out-stream", out, g_object_unref);
  rd_stream_pump_in_thread_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), G_OUTPUT_STREAM (out),
                                  -1, NULL, NULL, NULL, NULL, copied_cb, data);
}

/* Seconds for a plain TCP copy of @file over loopback into @out. */
static double
plain_tcp_copy (GFile *file, GFile *out)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  Copy sent = { 0 }, received = { 0 };
  guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, NULL);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  g_object_set_data (G_OBJECT (service), "out", out);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &received);
  g_socket_service_start (service);
  connection = g_socket_client_connect_to_host (client, address, 0, NULL, NULL);
  rd_stream_pump_in_thread_async (G_INPUT_STREAM (in), g_io_stream_get_output_stream (G_IO_STREAM (connection)), -1,
                                  NULL, NULL, NULL, NULL, copied_cb, &sent);
  while (!sent.done)
    g_main_context_iteration (NULL, TRUE);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  while (!received.done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  /* Closed now, not whenever the service goes: a file deleted while still
   * open keeps its pages, and the next run would write into fresh ones. */
  g_output_stream_close (g_object_get_data (G_OBJECT (service), "out-stream"), NULL, NULL);
  return seconds;
}

static RdTransfer *offered;

static void
offered_cb (RdTransfers *transfers, RdTransfer *transfer, gpointer data)
{
  g_set_object (&offered, transfer);
}

/* Seconds from accept to the end, and from accept to the first byte. */
static double
transfer (RdTransfers *sending, RdTransfers *receiving, GFile *file, GFile *out, const char *want_path,
          double *first_byte_ms)
{
  RdTransfer *sent = rd_transfers_send_file (sending, "bob", file);
  gint64 start;

  g_clear_object (&offered);
  while (offered == NULL || rd_transfer_get_state (sent) != RD_TRANSFER_OFFERED)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  rd_transfers_accept (receiving, offered, out);
  while (!rd_transfer_is_finished (offered) || !rd_transfer_is_finished (sent))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (rd_transfer_get_state (offered), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (offered), ==, want_path);
  *first_byte_ms = (rd_transfer_get_first_byte_time (offered) - start) / 1e3;
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
make_file (GFile *file, gsize size)
{
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
  g_autofree guint32 *piece = g_new (guint32, 262144);

  for (guint i = 0; i < 262144; i++)
    piece[i] = g_random_int ();
  for (gsize written = 0; written < size; written += 1 << 20)
    g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), piece, 1 << 20, NULL, NULL, NULL));
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
}

/* In a virtual machine a page the guest has never used costs the host a
 * fault on first touch, several times the copy itself: whichever run
 * first writes that much memory would pay for it. Writing and deleting
 * twice the file's size first gives every run pages already in use. */
static void
warm_up_pages (const char *dir, gsize size)
{
  g_autofree char *path = g_build_filename (dir, "warm-up.bin", NULL);
  g_autoptr(GFile) scratch = g_file_new_for_path (path);

  make_file (scratch, 2 * size);
  g_assert_true (g_file_delete (scratch, NULL, NULL));
}

/* One round: a plain copy, then the direct path, then the relay path,
 * each appending its seconds (and accept to first byte) to @figures. */
/* Each copy's figures over the rounds: seconds, accept to first byte (in
 * ms; none for the plain copy), and CPU seconds of this process (both
 * peers). */
typedef struct {
  GArray *seconds, *first_ms, *cpu;
} Series;

typedef struct {
  Series plain, direct, relay;
} Figures;

static void
series_init (Series *series)
{
  series->seconds = g_array_new (FALSE, FALSE, sizeof (double));
  series->first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  series->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
series_add (Series *series, double seconds, double first_ms, double cpu_since)
{
  double cpu = cpu_seconds () - cpu_since;

  g_array_append_val (series->seconds, seconds);
  g_array_append_val (series->first_ms, first_ms);
  g_array_append_val (series->cpu, cpu);
}

/* One transfer over @path, the peers advertising @candidates (NULL: their
 * own) and the recipient waiting @fallback_ms for a direct connection. */
static void
measure_transfer (RdTransfers *sending, RdTransfers *receiving, GFile *in, GFile *out, const char *path,
                  const char *candidates, guint fallback_ms, Series *series)
{
  double seconds, first, cpu;

  rd_transfers_set_advertised_candidates (sending, candidates);
  rd_transfers_set_advertised_candidates (receiving, candidates);
  rd_transfers_set_fallback_delay (receiving, fallback_ms);
  cpu = cpu_seconds ();
  seconds = transfer (sending, receiving, in, out, path, &first);
  series_add (series, seconds, first, cpu);
  g_file_delete (out, NULL, NULL);
}

/* One round: a plain copy, then the direct path, then the relay path. */
static void
one_round (RdTransfers *sending, RdTransfers *receiving, GFile *in, GFile *out, Figures *figures)
{
  double cpu = cpu_seconds ();
  double seconds = plain_tcp_copy (in, out);

  series_add (&figures->plain, seconds, 0, cpu);
  g_file_delete (out, NULL, NULL);
  measure_transfer (sending, receiving, in, out, "direct", NULL, 30000, &figures->direct);
  measure_transfer (sending, receiving, in, out, "relay", "192.0.2.1:9", 0, &figures->relay);
}

int
main (int argc, char *argv[])
{
  GOptionEntry entries[] = {
    { "mib", 0, 0, G_OPTION_ARG_INT, &mib, "size of the file in MiB (1024)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "rounds of the three copies; medians are printed (3)", "N" },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, "where the files go (/dev/shm if it exists)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- file transfer throughput");
  g_autoptr(RdTestRelay) relay = NULL;
  g_autoptr(RdClient) alice = NULL, bob = NULL;
  g_autoptr(RdTransfers) sending = NULL, receiving = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in_path = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GFile) in = NULL;
  g_autoptr(GFile) out = NULL;
  g_autofree char *cleanup = NULL;
  g_autofree char *template = NULL;
  Figures figures;
  double plain, direct, proxied;
  double bytes;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL) || rounds < 1)
    return 2;
  if (folder == NULL)
    folder = g_strdup (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ());
  template = g_build_filename (folder, "bench-transfer-XXXXXX", NULL);
  dir = g_mkdtemp (g_strdup (template));
  g_assert_nonnull (dir);
  in_path = g_build_filename (dir, "in.bin", NULL);
  out_path = g_build_filename (dir, "out.bin", NULL);
  in = g_file_new_for_path (in_path);
  out = g_file_new_for_path (out_path);
  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  bytes = (double) mib * 1024 * 1024;
  make_file (in, (gsize) mib * 1024 * 1024);
  warm_up_pages (dir, (gsize) mib * 1024 * 1024);
  relay = rd_test_relay_new_team ();
  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login (relay, "bob", "bob-password");
  sending = rd_transfers_new (alice, NULL);
  receiving = rd_transfers_new (bob, NULL);
  g_signal_connect (receiving, "offered", G_CALLBACK (offered_cb), NULL);

  series_init (&figures.plain);
  series_init (&figures.direct);
  series_init (&figures.relay);
  for (int round = 0; round < rounds; round++)
    {
      one_round (sending, receiving, in, out, &figures);
      g_print ("round %d: plain %.1f, direct %.1f, relay %.1f MiB/s\n", round + 1,
               bytes / g_array_index (figures.plain.seconds, double, round) / 1048576,
               bytes / g_array_index (figures.direct.seconds, double, round) / 1048576,
               bytes / g_array_index (figures.relay.seconds, double, round) / 1048576);
    }
  plain = bench_percentile (figures.plain.seconds, 0.5);
  direct = bench_percentile (figures.direct.seconds, 0.5);
  proxied = bench_percentile (figures.relay.seconds, 0.5);

  g_print ("file: %d MiB in %s (hashing by the sender not counted; accept to last byte and hash check)\n", mib,
           folder);
  g_print ("medians of %d rounds:\n", rounds);
  g_print ("plain TCP copy:  %7.1f MiB/s\n", bytes / plain / 1048576);
  g_print ("direct (TLS):    %7.1f MiB/s  ratio %.2f  accept to first byte %.1f ms\n", bytes / direct / 1048576,
           plain / direct, bench_percentile (figures.direct.first_ms, 0.5));
  g_print ("relay fallback:  %7.1f MiB/s  ratio %.2f  accept to first byte %.1f ms (fallback delay 0)\n",
           bytes / proxied / 1048576, plain / proxied, bench_percentile (figures.relay.first_ms, 0.5));
  /* What each copy costs: on a machine of N cores none can be faster
   * than N / (CPU seconds a GiB) GiB/s, whatever the code around it. */
  g_print ("CPU seconds a GiB, both ends (relaydeskd not counted): plain %.2f, direct %.2f, relay %.2f\n",
           bench_percentile (figures.plain.cpu, 0.5) * 1024 / mib, bench_percentile (figures.direct.cpu, 0.5) * 1024 / mib,
           bench_percentile (figures.relay.cpu, 0.5) * 1024 / mib);
  g_clear_object (&offered);
  g_assert_cmpint (system (cleanup), ==, 0);
  return 0;
}
