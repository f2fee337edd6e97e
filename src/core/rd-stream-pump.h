/* rd-stream-pump.h: copies bytes from a stream to another, asynchronously,
 * one large buffer at a time: a read waits for the write before it, so a
 * slow writer slows the reader down and nothing piles up in memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_STREAM_PUMP_BUFFER (256 * 1024)

/* Sees each chunk after it is read and before it is written. */
typedef void (*RdPumpChunkFunc) (const guint8 *data, gsize length, gpointer user_data);

/* Copies @limit bytes (-1: until the end of @in); @chunk may be NULL. */
void   rd_stream_pump_async  (GInputStream        *in,
                              GOutputStream       *out,
                              gint64               limit,
                              RdPumpChunkFunc      chunk,
                              gpointer             chunk_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
/* The bytes copied, or -1 with @error (G_IO_ERROR_PARTIAL_INPUT when @in
 * ended before @limit). */
gint64 rd_stream_pump_finish (GAsyncResult *result, GError **error);

G_END_DECLS
