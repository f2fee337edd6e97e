/* rd-pasted-files.h: files from the clipboard or a drop, as GFiles to
 * send. Copied files stay where they are; a picture (a screenshot taken to
 * the clipboard, an image copied from a browser) is written as a PNG into
 * the cache first. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether pasting from @clipboard should attach files rather than insert
 * text: copied files, or a picture that comes without text. */
gboolean   rd_pasted_files_in_clipboard (GdkClipboard *clipboard);
void       rd_pasted_files_read_async   (GdkClipboard *clipboard, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
/* A GPtrArray of GFile, or NULL with @error set. */
GPtrArray *rd_pasted_files_read_finish  (GAsyncResult *result, GError **error);

/* Writes @texture as "Screenshot <date> <time>.png" in the cache, in a
 * thread; the GFile comes back through rd_pasted_files_read_finish. */
void       rd_pasted_files_save_texture_async (GdkTexture *texture, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);

/* A new path in the cache for a file made to be sent: "<what> <date>
 * <time>.<extension>", with " (2)" and so on if that exists. */
char      *rd_outgoing_file_path (const char *what, const char *extension, GError **error);

/* The types a drop target for attachments takes. */
GType     *rd_pasted_files_drop_types   (gsize *n_types);
/* Turns a dropped value (GdkFileList or GdkTexture) into files, as above. */
void       rd_pasted_files_from_drop_async (const GValue *value, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);

G_END_DECLS
