/* rd-screenshot-take.h: a screenshot the user chooses, through the
 * desktop's Screenshot portal (interactive), or, where no portal answers,
 * through the desktop's own tool in its "select an area" mode
 * (gnome-screenshot, spectacle, xfce4-screenshooter). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   rd_screenshot_take_async  (GtkWindow *parent, GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
/* The picture's file; NULL with G_IO_ERROR_CANCELLED when the user
 * cancelled, G_IO_ERROR_NOT_SUPPORTED when nothing here takes one. */
GFile *rd_screenshot_take_finish (GAsyncResult *result, GError **error);

G_END_DECLS
