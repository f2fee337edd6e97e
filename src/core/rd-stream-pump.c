/* rd-stream-pump.c: two ways to run the same copy loop. On the main loop
 * (read, then write all of it, then read again) for the relay, which may
 * carry many transfers at once; in a thread of its own with blocking reads
 * and writes for the two ends of a transfer: a TLS stream gives at most
 * one record (16 KiB) per read, and a main-loop turn per record would cap
 * a transfer well below what the network and the cipher can do. Progress
 * is published with atomic stores for the main thread to read. */
#define G_LOG_DOMAIN "rd-stream-pump"

#include "config.h"

#include "rd-stream-pump.h"

typedef struct {
  GInputStream    *in;
  GOutputStream   *out;
  gint64           limit;
  gint64           copied;
  RdPumpChunkFunc  chunk;
  gpointer         chunk_data;
  gint64          *progress;
  guint8          *buffer;
} Pump;

static void
pump_free (Pump *pump)
{
  g_clear_object (&pump->in);
  g_clear_object (&pump->out);
  g_free (pump->buffer);
  g_free (pump);
}

static Pump *
pump_new (GInputStream    *in,
          GOutputStream   *out,
          gint64           limit,
          RdPumpChunkFunc  chunk,
          gpointer         chunk_data,
          gint64          *progress)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->in = g_object_ref (in);
  pump->out = g_object_ref (out);
  pump->limit = limit;
  pump->chunk = chunk;
  pump->chunk_data = chunk_data;
  pump->progress = progress;
  pump->buffer = g_malloc (RD_STREAM_PUMP_BUFFER);
  if (progress)
    __atomic_store_n (progress, 0, __ATOMIC_RELAXED);
  return pump;
}

static void
count (Pump  *pump,
       gsize  n)
{
  pump->copied += n;
  if (pump->progress)
    __atomic_store_n (pump->progress, pump->copied, __ATOMIC_RELAXED);
}

static GError *
ended_early (Pump *pump)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                      "the stream ended after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes",
                      pump->copied, pump->limit);
}

static gsize
next_read_size (Pump *pump)
{
  if (pump->limit < 0)
    return RD_STREAM_PUMP_BUFFER;
  return (gsize) MIN ((gint64) RD_STREAM_PUMP_BUFFER, pump->limit - pump->copied);
}

/* ---- on the main loop ---- */

static void read_next (GTask *task);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pump *pump = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  count (pump, written);
  read_next (g_steal_pointer (&task));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pump *pump = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (n == 0)
    {
      if (pump->limit >= 0 && pump->copied < pump->limit)
        g_task_return_error (task, ended_early (pump));
      else
        g_task_return_int (task, pump->copied);
      return;
    }
  if (pump->chunk)
    pump->chunk (pump->buffer, (gsize) n, pump->chunk_data);
  g_output_stream_write_all_async (pump->out, pump->buffer, (gsize) n, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), written_cb, g_object_ref (task));
}

static void
read_next (GTask *task)
{
  Pump *pump = g_task_get_task_data (task);

  if (pump->limit >= 0 && pump->copied >= pump->limit)
    {
      g_task_return_int (task, pump->copied);
      g_object_unref (task);
      return;
    }
  g_input_stream_read_async (pump->in, pump->buffer, next_read_size (pump), G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_cb, task);
}

void
rd_stream_pump_async (GInputStream        *in,
                      GOutputStream       *out,
                      gint64               limit,
                      RdPumpChunkFunc      chunk,
                      gpointer             chunk_data,
                      gint64              *progress,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, rd_stream_pump_async);
  g_task_set_task_data (task, pump_new (in, out, limit, chunk, chunk_data, progress), (GDestroyNotify) pump_free);
  read_next (task);
}

/* ---- in a thread ---- */

static gpointer
pump_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Pump *pump = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  while (pump->limit < 0 || pump->copied < pump->limit)
    {
      gssize n = g_input_stream_read (pump->in, pump->buffer, next_read_size (pump), cancellable, &error);

      if (n < 0)
        {
          g_task_return_error (task, error);
          return NULL;
        }
      if (n == 0)
        {
          if (pump->limit >= 0)
            {
              g_task_return_error (task, ended_early (pump));
              return NULL;
            }
          break;
        }
      if (pump->chunk)
        pump->chunk (pump->buffer, (gsize) n, pump->chunk_data);
      if (!g_output_stream_write_all (pump->out, pump->buffer, (gsize) n, NULL, cancellable, &error))
        {
          g_task_return_error (task, error);
          return NULL;
        }
      count (pump, (gsize) n);
    }
  g_task_return_int (task, pump->copied);
  return NULL;
}

void
rd_stream_pump_in_thread_async (GInputStream        *in,
                                GOutputStream       *out,
                                gint64               limit,
                                RdPumpChunkFunc      chunk,
                                gpointer             chunk_data,
                                gint64              *progress,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, rd_stream_pump_async);
  g_task_set_task_data (task, pump_new (in, out, limit, chunk, chunk_data, progress), (GDestroyNotify) pump_free);
  /* A thread of its own, not the shared pool: a pump may wait on the
   * network for long, and must not hold up anyone else's work. */
  g_thread_unref (g_thread_new ("rd-pump", pump_thread, task));
}

gint64
rd_stream_pump_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

gint64
rd_stream_pump_read_progress (const gint64 *progress)
{
  return __atomic_load_n (progress, __ATOMIC_RELAXED);
}
