/* rd-stream-pump.c: two ways to run the same copy. On the main loop
 * (read, then write all of it, then read again) for the relay, which may
 * carry many transfers at once; in threads of their own with blocking
 * reads and writes for the two ends of a transfer, one reading while
 * another writes (and a third hashes): a TLS stream gives at most one record (16 KiB) per read,
 * and a main-loop turn per record would cap a transfer well below what the
 * network and the cipher can do. Progress is published with atomic stores
 * for the main thread to read. */
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
ended_early (Pump   *pump,
             gint64  read)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                      "the stream ended after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes",
                      read, pump->limit);
}

/* A buffer's worth, or what is left to @limit after @read bytes. */
static gsize
next_read_size (Pump   *pump,
                gint64  read)
{
  if (pump->limit < 0)
    return RD_STREAM_PUMP_BUFFER;
  return (gsize) MIN ((gint64) RD_STREAM_PUMP_BUFFER, pump->limit - read);
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
  if (pump->chunk)
    pump->chunk (pump->buffer, written, pump->chunk_data);
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
        g_task_return_error (task, ended_early (pump, pump->copied));
      else
        g_task_return_int (task, pump->copied);
      return;
    }
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
  g_input_stream_read_async (pump->in, pump->buffer, next_read_size (pump, pump->copied), G_PRIORITY_DEFAULT,
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

/* ---- in threads ---- */

/* The reader fills a buffer while the writer writes the one before, and
 * (with a chunk function) a third thread shows the chunk function the one
 * before that: the cipher's work, the file's and the hash then run side by
 * side. A few buffers go round between them; when all wait, the reader
 * waits too. */
#define THREAD_BUFFERS 6

typedef struct {
  guint8 *data;
  gsize   length;
} Chunk;

typedef struct {
  Pump         *pump;
  GCancellable *cancellable;   /* the caller's, or cancelled by the writer on a write error */
  GAsyncQueue  *empty;         /* Chunk* to fill */
  GAsyncQueue  *full;          /* Chunk* to write, in order; &end ends */
  GAsyncQueue  *written;       /* Chunk* written, for the chunk function, in order; &end ends */
  Chunk         chunks[THREAD_BUFFERS];
  Chunk         end;           /* the reader is done (read_error says why, if not the end) */
  GError       *read_error;
} Threads;

static void
cancel_too (GCancellable *cancelled,
            gpointer      other)
{
  g_cancellable_cancel (other);
}

/* Fills chunks from @in. A chunk goes to the writer once full, or at once
 * when the writer is idle: slow links still show progress, fast ones
 * move in large pieces (a TLS stream gives at most 16 KiB a read). */
static gpointer
reader_thread (gpointer data)
{
  Threads *threads = data;
  Pump *pump = threads->pump;
  gint64 read_so_far = pump->copied;

  while (pump->limit < 0 || read_so_far < pump->limit)
    {
      Chunk *chunk = g_async_queue_pop (threads->empty);
      gsize room;

      if (chunk == &threads->end)
        break;   /* the writer stopped: it needs nothing more */
      chunk->length = 0;
      room = next_read_size (pump, read_so_far);
      while (chunk->length < room)
        {
          gssize n = g_input_stream_read (pump->in, chunk->data + chunk->length, room - chunk->length,
                                          threads->cancellable, &threads->read_error);

          if (n <= 0)
            {
              if (n == 0 && pump->limit >= 0)
                threads->read_error = ended_early (pump, read_so_far + (gint64) chunk->length);
              if (chunk->length > 0)
                g_async_queue_push (threads->full, chunk);
              g_async_queue_push (threads->full, &threads->end);
              return NULL;
            }
          chunk->length += (gsize) n;
          if (g_async_queue_length (threads->full) < 0)
            break;   /* the writer waits */
        }
      read_so_far += (gint64) chunk->length;
      g_async_queue_push (threads->full, chunk);
    }
  g_async_queue_push (threads->full, &threads->end);
  return NULL;
}

/* Shows the chunk function each chunk once written, in order. */
static gpointer
seer_thread (gpointer data)
{
  Threads *threads = data;
  Pump *pump = threads->pump;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (threads->written);

      if (chunk == &threads->end)
        return NULL;
      pump->chunk (chunk->data, chunk->length, pump->chunk_data);
      g_async_queue_push (threads->empty, chunk);
    }
}

/* The task's thread: writes chunks in order; ends when the reader ends
 * and the chunk function has seen all that was written. */
static gpointer
writer_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Pump *pump = g_task_get_task_data (task);
  Threads threads = { 0 };
  GThread *reader;
  GThread *seer = NULL;
  GError *error = NULL;
  gulong cancel_handler = 0;

  threads.pump = pump;
  threads.cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task))
    cancel_handler = g_cancellable_connect (g_task_get_cancellable (task), G_CALLBACK (cancel_too),
                                            g_object_ref (threads.cancellable), g_object_unref);
  threads.empty = g_async_queue_new ();
  threads.full = g_async_queue_new ();
  threads.written = g_async_queue_new ();
  threads.chunks[0].data = pump->buffer;
  for (guint i = 0; i < THREAD_BUFFERS; i++)
    {
      if (i > 0)
        threads.chunks[i].data = g_malloc (RD_STREAM_PUMP_BUFFER);
      g_async_queue_push (threads.empty, &threads.chunks[i]);
    }
  reader = g_thread_new ("rd-pump-read", reader_thread, &threads);
  if (pump->chunk)
    seer = g_thread_new ("rd-pump-see", seer_thread, &threads);

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (threads.full);

      if (chunk == &threads.end)
        break;
      if (error == NULL)
        {
          /* Seen once written: what a resume counts on is then exactly
           * what the chunk function saw. */
          if (g_output_stream_write_all (pump->out, chunk->data, chunk->length, NULL, g_task_get_cancellable (task),
                                         &error))
            {
              count (pump, chunk->length);
              g_async_queue_push (seer ? threads.written : threads.empty, chunk);
              continue;
            }
          else
            {
              /* Stop the reader, wherever it waits; drain what it sends. */
              g_cancellable_cancel (threads.cancellable);
              g_async_queue_push (threads.empty, &threads.end);
            }
        }
    }
  g_thread_join (reader);
  if (seer)
    {
      g_async_queue_push (threads.written, &threads.end);
      g_thread_join (seer);
    }

  if (error != NULL)
    {
      g_clear_error (&threads.read_error);
      g_task_return_error (task, error);
    }
  else if (threads.read_error != NULL)
    g_task_return_error (task, threads.read_error);
  else
    g_task_return_int (task, pump->copied);
  for (guint i = 1; i < THREAD_BUFFERS; i++)
    g_free (threads.chunks[i].data);
  g_async_queue_unref (threads.empty);
  g_async_queue_unref (threads.full);
  g_async_queue_unref (threads.written);
  if (cancel_handler)
    g_cancellable_disconnect (g_task_get_cancellable (task), cancel_handler);
  g_object_unref (threads.cancellable);
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
  /* Threads of their own, not the shared pool: a pump may wait on the
   * network for long, and must not hold up anyone else's work. */
  g_thread_unref (g_thread_new ("rd-pump", writer_thread, task));
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
