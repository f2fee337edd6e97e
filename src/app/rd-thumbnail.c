/* rd-thumbnail.c: GdkPixbufLoader scales while it decodes, in a GTask
 * thread. */
#define G_LOG_DOMAIN "rd-thumbnail"

#include "config.h"

#include "rd-thumbnail.h"

/* Scales down only: a small picture stays its own size. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  int max_size = GPOINTER_TO_INT (user_data);
  double scale;

  if (width <= max_size && height <= max_size)
    return;
  scale = MIN ((double) max_size / width, (double) max_size / height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)));
}

static GdkPixbuf *
decode (GFile         *file,
        int            max_size,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  gssize n = 0;
  gboolean closed = FALSE;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), GINT_TO_POINTER (max_size));
  if (in != NULL)
    {
      while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 64 * 1024, cancellable, error)) > 0)
        if (!gdk_pixbuf_loader_write (loader, buffer, n, error))
          break;
    }
  /* The loader must be closed whatever happened. */
  closed = gdk_pixbuf_loader_close (loader, n == 0 ? error : NULL);
  if (in == NULL || n != 0 || !closed || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE, "not a picture");
      return NULL;
    }
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  int max_size = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "max-size"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = decode (file, max_size, cancellable, &error);
  g_autoptr(GdkPixbuf) upright = NULL;

  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Photos from phones carry their rotation as a tag. */
  upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (upright ? upright : pixbuf), g_object_unref);
}

void
rd_thumbnail_load_async (GFile               *file,
                         int                  max_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (max_size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_thumbnail_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "max-size", GINT_TO_POINTER (max_size));
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
rd_thumbnail_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
