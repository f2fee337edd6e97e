/* test-stream-pump.c: both copy loops (on the main loop, and the reader
 * and writer threads) copy exactly what they are given, stop at a limit,
 * say when the input ended early, stop on a write error with the bytes
 * written so far counted, and give up a blocked read when cancelled. The
 * chunk function sees exactly the bytes written, no more. */
#define G_LOG_DOMAIN "rd-test-stream-pump"

#include "config.h"

#include <gio/gio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rd-sha256.h"
#include "rd-stream-pump.h"
#include "rd-test-relay.h"

typedef void (*PumpFunc) (GInputStream *, GOutputStream *, gint64, RdPumpChunkFunc, gpointer, gint64 *,
                          GCancellable *, GAsyncReadyCallback, gpointer);

typedef struct {
  gboolean done;
  gint64   copied;
  GError  *error;
} Result;

static void
pumped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Result *out = data;

  out->copied = rd_stream_pump_finish (result, &out->error);
  out->done = TRUE;
}

static PumpFunc
pump_of (gconstpointer data)
{
  return g_str_equal (data, "threads") ? rd_stream_pump_in_thread_async : rd_stream_pump_async;
}

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_random_int ();
  return g_bytes_new_take (data, size);
}

static char *
sha256_of (const guint8 *data, gsize size)
{
  g_autoptr(RdSha256) checksum = rd_sha256_new ();

  rd_sha256_update (checksum, data, size);
  return rd_sha256_finish (checksum);
}

/* Many buffers' worth and a bit, copied whole; the chunk function saw it
 * all, in order; the progress says so too. */
static void
test_copies_exactly (gconstpointer data)
{
  g_autoptr(GBytes) bytes = random_bytes (7 * RD_STREAM_PUMP_BUFFER + 17);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(RdSha256) seen = rd_sha256_new ();
  g_autofree char *seen_sha256 = NULL;
  g_autofree char *want_sha256 = sha256_of (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GBytes) copied = NULL;
  gint64 progress = -1;
  Result result = { 0 };

  pump_of (data) (in, out, -1, rd_sha256_update_chunk, seen, &progress, NULL, pumped_cb, &result);
  RD_TEST_WAIT (result.done, 20000);
  g_assert_no_error (result.error);
  g_assert_cmpint (result.copied, ==, g_bytes_get_size (bytes));
  g_assert_cmpint (rd_stream_pump_read_progress (&progress), ==, g_bytes_get_size (bytes));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  copied = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (copied, bytes));
  seen_sha256 = rd_sha256_finish (seen);
  g_assert_cmpstr (seen_sha256, ==, want_sha256);
}

/* With a limit, that many bytes and not one more. */
static void
test_stops_at_limit (gconstpointer data)
{
  g_autoptr(GBytes) bytes = random_bytes (3 * RD_STREAM_PUMP_BUFFER);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gint64 limit = RD_STREAM_PUMP_BUFFER + 5;
  Result result = { 0 };
  char next;

  pump_of (data) (in, out, limit, NULL, NULL, NULL, NULL, pumped_cb, &result);
  RD_TEST_WAIT (result.done, 20000);
  g_assert_no_error (result.error);
  g_assert_cmpint (result.copied, ==, limit);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, limit);
  /* The input is left just past the limit. */
  g_assert_cmpint (g_input_stream_read (in, &next, 1, NULL, NULL), ==, 1);
  g_assert_cmpint ((guint8) next, ==, ((const guint8 *) g_bytes_get_data (bytes, NULL))[limit]);
}

/* An input that ends before the limit: everything it had is written and
 * counted, and the error says it ended early. */
static void
test_input_ends_early (gconstpointer data)
{
  g_autoptr(GBytes) bytes = random_bytes (2 * RD_STREAM_PUMP_BUFFER + 100);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gint64 progress = -1;
  Result result = { 0 };

  pump_of (data) (in, out, 3 * RD_STREAM_PUMP_BUFFER, NULL, NULL, &progress, NULL, pumped_cb, &result);
  RD_TEST_WAIT (result.done, 20000);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_cmpint (result.copied, ==, -1);
  g_assert_cmpint (rd_stream_pump_read_progress (&progress), ==, g_bytes_get_size (bytes));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==,
                    g_bytes_get_size (bytes));
  g_clear_error (&result.error);
}

/* A full output (a disk without room): the pump stops with that error;
 * the progress and the chunk function count only what was written. */
static void
test_write_error (gconstpointer data)
{
  gsize room = 2 * RD_STREAM_PUMP_BUFFER + 1000;
  g_autoptr(GBytes) bytes = random_bytes (6 * RD_STREAM_PUMP_BUFFER);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  g_autofree guint8 *target = g_malloc (room);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new (target, room, NULL, NULL);
  g_autoptr(RdSha256) seen = rd_sha256_new ();
  g_autofree char *seen_sha256 = NULL;
  g_autofree char *written_sha256 = NULL;
  gint64 progress = -1;
  gint64 written;
  Result result = { 0 };

  pump_of (data) (in, out, -1, rd_sha256_update_chunk, seen, &progress, NULL, pumped_cb, &result);
  RD_TEST_WAIT (result.done, 20000);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  written = rd_stream_pump_read_progress (&progress);
  g_assert_cmpint (written, <, room);
  g_assert_cmpint (written, >=, 2 * RD_STREAM_PUMP_BUFFER);
  seen_sha256 = rd_sha256_finish (seen);
  written_sha256 = sha256_of (g_bytes_get_data (bytes, NULL), (gsize) written);
  g_assert_cmpstr (seen_sha256, ==, written_sha256);
  g_clear_error (&result.error);
}

/* A read that waits for bytes that never come gives up when cancelled. */
static void
test_cancel_blocked_read (gconstpointer data)
{
  int fds[2];
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result result = { 0 };

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM, 0, fds));
  socket = g_socket_new_from_fd (fds[0], NULL);
  connection = g_socket_connection_factory_create_connection (socket);
  g_assert_cmpint (write (fds[1], "abc", 3), ==, 3);
  pump_of (data) (g_io_stream_get_input_stream (G_IO_STREAM (connection)), out, 1000, NULL, NULL, NULL, cancellable, pumped_cb, &result);
  rd_test_spin (200);
  g_assert_false (result.done);
  g_cancellable_cancel (cancellable);
  RD_TEST_WAIT (result.done, 20000);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
  close (fds[1]);
}

int
main (int argc, char *argv[])
{
  const char *kinds[] = { "main-loop", "threads" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *copies = g_strdup_printf ("/stream-pump/%s/copies-exactly", kinds[i]);
      g_autofree char *limit = g_strdup_printf ("/stream-pump/%s/stops-at-limit", kinds[i]);
      g_autofree char *early = g_strdup_printf ("/stream-pump/%s/input-ends-early", kinds[i]);
      g_autofree char *full = g_strdup_printf ("/stream-pump/%s/write-error", kinds[i]);
      g_autofree char *cancel = g_strdup_printf ("/stream-pump/%s/cancel-blocked-read", kinds[i]);

      g_test_add_data_func (copies, kinds[i], test_copies_exactly);
      g_test_add_data_func (limit, kinds[i], test_stops_at_limit);
      g_test_add_data_func (early, kinds[i], test_input_ends_early);
      g_test_add_data_func (full, kinds[i], test_write_error);
      g_test_add_data_func (cancel, kinds[i], test_cancel_blocked_read);
    }
  return g_test_run ();
}
