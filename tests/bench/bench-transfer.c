/* bench-transfer.c: throughput of one file over the direct path and over
 * the relay fallback, each as a ratio to a plain TCP copy of the same
 * bytes on this machine in this run (file -> loopback socket -> file, with
 * the same 256 KiB copy loop in threads), and the time from accept to first byte on
 * the direct path.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-transfer --mib 1024
 */
#include "config.h"

#include "rd-stream-pump.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"

static int mib = 1024;
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
  return (g_get_monotonic_time () - start) / 1e6;
}

static RdTransfer *offered;
static gint64 first_byte_us;

static void
offered_cb (RdTransfers *transfers, RdTransfer *transfer, gpointer data)
{
  g_set_object (&offered, transfer);
}

static void
bytes_cb (RdTransfer *transfer, GParamSpec *pspec, gpointer data)
{
  if (first_byte_us == 0 && rd_transfer_get_bytes (transfer) > 0)
    first_byte_us = g_get_monotonic_time ();
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
  first_byte_us = 0;
  g_signal_connect (offered, "notify::bytes", G_CALLBACK (bytes_cb), NULL);
  start = g_get_monotonic_time ();
  rd_transfers_accept (receiving, offered, out);
  while (!rd_transfer_is_finished (offered) || !rd_transfer_is_finished (sent))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (rd_transfer_get_state (offered), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (offered), ==, want_path);
  *first_byte_ms = (first_byte_us - start) / 1e3;
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

int
main (int argc, char *argv[])
{
  GOptionEntry entries[] = {
    { "mib", 0, 0, G_OPTION_ARG_INT, &mib, "size of the file in MiB (1024)", "N" },
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
  double plain, direct, proxied, first_direct, first_relay;
  double bytes;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, NULL))
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
  relay = rd_test_relay_new_team ();
  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login (relay, "bob", "bob-password");
  sending = rd_transfers_new (alice, NULL);
  receiving = rd_transfers_new (bob, NULL);
  g_signal_connect (receiving, "offered", G_CALLBACK (offered_cb), NULL);

  plain = plain_tcp_copy (in, out);
  g_file_delete (out, NULL, NULL);
  rd_transfers_set_fallback_delay (receiving, 30000);
  direct = transfer (sending, receiving, in, out, "direct", &first_direct);
  g_file_delete (out, NULL, NULL);
  rd_transfers_set_advertised_candidates (sending, "192.0.2.1:9");
  rd_transfers_set_advertised_candidates (receiving, "192.0.2.1:9");
  rd_transfers_set_fallback_delay (receiving, 0);
  proxied = transfer (sending, receiving, in, out, "relay", &first_relay);
  g_file_delete (out, NULL, NULL);
  /* The baseline again, last: the first run may pay for a cold page cache. */
  plain = MIN (plain, plain_tcp_copy (in, out));

  g_print ("file: %d MiB in %s (hashing by the sender not counted; accept to last byte and hash check)\n", mib,
           folder);
  g_print ("plain TCP copy:  %7.1f MiB/s (the faster of a run first and a run last)\n", bytes / plain / 1048576);
  g_print ("direct (TLS):    %7.1f MiB/s  ratio %.2f  accept to first byte %.1f ms\n", bytes / direct / 1048576,
           plain / direct, first_direct);
  g_print ("relay fallback:  %7.1f MiB/s  ratio %.2f  accept to first byte %.1f ms (fallback delay 0)\n",
           bytes / proxied / 1048576, plain / proxied, first_relay);
  g_clear_object (&offered);
  g_assert_cmpint (system (cleanup), ==, 0);
  return 0;
}
