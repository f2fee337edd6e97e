/* rd-thumbnail.h: a picture file scaled down for showing in a row, read
 * and decoded in a thread so a large image never stalls the window. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        rd_thumbnail_load_async  (GFile *file, int max_size, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
GdkTexture *rd_thumbnail_load_finish (GAsyncResult *result, GError **error);

G_END_DECLS
