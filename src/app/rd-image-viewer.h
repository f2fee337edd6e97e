/* rd-image-viewer.h: a picture at full size in a window of its own. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_IMAGE_VIEWER (rd_image_viewer_get_type ())
G_DECLARE_FINAL_TYPE (RdImageViewer, rd_image_viewer, RD, IMAGE_VIEWER, GtkWindow)

/* Opens @file over @parent; Escape closes it. */
RdImageViewer *rd_image_viewer_show     (GtkWindow *parent, GFile *file);
GdkPaintable  *rd_image_viewer_get_paintable (RdImageViewer *self);

G_END_DECLS
