/* rd-image-viewer.c: the picture fills the window, which opens at the
 * picture's size up to most of the screen; it is decoded in a thread. */
#define G_LOG_DOMAIN "rd-image-viewer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-file-launch.h"
#include "rd-image-viewer.h"
#include "rd-thumbnail.h"

#define LARGEST_SIDE 8192

struct _RdImageViewer
{
  GtkWindow     parent_instance;

  GtkPicture   *picture;
  GtkSpinner   *spinner;
  GFile        *file;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RdImageViewer, rd_image_viewer, GTK_TYPE_WINDOW)

static void
fit_to_screen (RdImageViewer *self,
               GdkTexture    *texture)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  int max_width = 1200, max_height = 900;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  double scale;

  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    {
      max_width = MAX (gtk_widget_get_width (GTK_WIDGET (parent)) * 9 / 10, 320);
      max_height = MAX (gtk_widget_get_height (GTK_WIDGET (parent)) * 9 / 10, 240);
    }
  scale = MIN (1.0, MIN ((double) max_width / width, (double) max_height / height));
  gtk_window_set_default_size (GTK_WINDOW (self), MAX ((int) (width * scale), 200),
                               MAX ((int) (height * scale), 150));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = rd_thumbnail_load_finish (result, &error);
  RdImageViewer *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_IMAGE_VIEWER (user_data);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (texture == NULL)
    {
      g_message ("cannot show %s: %s", g_file_peek_path (self->file), error->message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  fit_to_screen (self, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
}

static void
open_clicked_cb (RdImageViewer *self)
{
  rd_file_launch_open (GTK_WIDGET (self), self->file);
}

RdImageViewer *
rd_image_viewer_show (GtkWindow *parent,
                      GFile     *file)
{
  RdImageViewer *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (RD_TYPE_IMAGE_VIEWER, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  gtk_window_set_title (GTK_WINDOW (self), name);
  rd_thumbnail_load_async (file, LARGEST_SIDE, self->cancellable, loaded_cb, self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

GdkPaintable *
rd_image_viewer_get_paintable (RdImageViewer *self)
{
  g_return_val_if_fail (RD_IS_IMAGE_VIEWER (self), NULL);
  return gtk_picture_get_paintable (self->picture);
}

static void
rd_image_viewer_dispose (GObject *object)
{
  RdImageViewer *self = RD_IMAGE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (rd_image_viewer_parent_class)->dispose (object);
}

static void
rd_image_viewer_class_init (RdImageViewerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_image_viewer_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rd_image_viewer_init (RdImageViewer *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open With…"));
  GtkWidget *overlay = gtk_overlay_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 360);
  g_signal_connect_object (open, "clicked", G_CALLBACK (open_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), open);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->picture), "image-viewer");
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->spinner), 32, 32);
  gtk_widget_set_halign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
  gtk_spinner_start (self->spinner);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->picture));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->spinner));
  gtk_window_set_child (GTK_WINDOW (self), overlay);
}
