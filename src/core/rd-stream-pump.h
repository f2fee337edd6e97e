/* rd-stream-pump.h: copies bytes from a stream to another, on the main
 * loop or in threads of its own, in large buffers: on the main loop a read
 * waits for the write before it, in threads a reader fills at most a few
 * buffers ahead of the writer; either way a slow writer slows the reader
 * down and nothing piles up in memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_STREAM_PUMP_BUFFER (256 * 1024)

/* Sees each chunk once it is written (so it sees exactly the bytes
 * counted as copied), in the writing thread (rd_stream_pump_in_thread_async)
 * or on the main loop. */
typedef void (*RdPumpChunkFunc) (const guint8 *data, gsize length, gpointer user_data);

/* Copies @limit bytes (-1: until the end of @in); @chunk may be NULL.
 * @progress (may be NULL) gets the bytes copied so far: read it with
 * rd_stream_pump_read_progress from any thread. The streams must not be
 * used by anyone else until the pump is finished. */
void   rd_stream_pump_async  (GInputStream        *in,
                              GOutputStream       *out,
                              gint64               limit,
                              RdPumpChunkFunc      chunk,
                              gpointer             chunk_data,
                              gint64              *progress,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
/* The bytes copied, or -1 with @error (G_IO_ERROR_PARTIAL_INPUT when @in
 * ended before @limit). */
/* The same in threads of its own, with blocking reads and writes: one
 * reads while another writes and, with @chunk, a third shows @chunk what
 * was written (the buffers between them are the pump's memory, 1.5 MiB);
 * much faster on TLS streams. */
void   rd_stream_pump_in_thread_async (GInputStream        *in,
                                       GOutputStream       *out,
                                       gint64               limit,
                                       RdPumpChunkFunc      chunk,
                                       gpointer             chunk_data,
                                       gint64              *progress,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gint64 rd_stream_pump_finish (GAsyncResult *result, GError **error);
gint64 rd_stream_pump_read_progress (const gint64 *progress);

G_END_DECLS
