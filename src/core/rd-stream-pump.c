/* rd-stream-pump.c: read, then write all of it, then read again. */
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

static void read_next (GTask *task);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
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
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                 "the stream ended after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes",
                                 pump->copied, pump->limit);
      else
        g_task_return_int (task, pump->copied);
      return;
    }
  if (pump->chunk)
    pump->chunk (pump->buffer, (gsize) n, pump->chunk_data);
  pump->copied += n;
  g_output_stream_write_all_async (pump->out, pump->buffer, (gsize) n, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), written_cb, g_object_ref (task));
}

static void
read_next (GTask *task)
{
  Pump *pump = g_task_get_task_data (task);
  gsize want = RD_STREAM_PUMP_BUFFER;

  if (pump->limit >= 0 && pump->copied >= pump->limit)
    {
      g_task_return_int (task, pump->copied);
      g_object_unref (task);
      return;
    }
  if (pump->limit >= 0)
    want = (gsize) MIN ((gint64) want, pump->limit - pump->copied);
  g_input_stream_read_async (pump->in, pump->buffer, want, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                             read_cb, task);
}

void
rd_stream_pump_async (GInputStream        *in,
                      GOutputStream       *out,
                      gint64               limit,
                      RdPumpChunkFunc      chunk,
                      gpointer             chunk_data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Pump *pump = g_new0 (Pump, 1);

  g_task_set_source_tag (task, rd_stream_pump_async);
  pump->in = g_object_ref (in);
  pump->out = g_object_ref (out);
  pump->limit = limit;
  pump->chunk = chunk;
  pump->chunk_data = chunk_data;
  pump->buffer = g_malloc (RD_STREAM_PUMP_BUFFER);
  g_task_set_task_data (task, pump, (GDestroyNotify) pump_free);
  read_next (task);
}

gint64
rd_stream_pump_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}
