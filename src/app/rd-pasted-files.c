/* rd-pasted-files.c: every path ends in one GTask that returns a
 * GPtrArray of GFile, so callers handle paste and drop alike. */
#define G_LOG_DOMAIN "rd-pasted-files"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "rd-pasted-files.h"

static GPtrArray *
files_from_list (GdkFileList *list)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  GSList *each = gdk_file_list_get_files (list);

  for (GSList *l = each; l != NULL; l = l->next)
    g_ptr_array_add (files, g_object_ref (l->data));
  g_slist_free (each);
  return files;
}

gboolean
rd_pasted_files_in_clipboard (GdkClipboard *clipboard)
{
  GdkContentFormats *formats;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);
  formats = gdk_clipboard_get_formats (clipboard);
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    return TRUE;
  /* Office programs put a picture of the selection beside copied text:
   * that text is what the user wants. */
  return gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
         !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) &&
         !gdk_content_formats_contain_mime_type (formats, "text/plain") &&
         !gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8");
}

/* ---- a new file to send ---- */

char *
rd_outgoing_file_path (const char  *what,
                       const char  *extension,
                       GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "relaydesk", "outgoing", NULL);
  g_autofree char *name = NULL;
  char *path;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create %s"), dir);
      return NULL;
    }
  name = g_strdup_printf ("%s %s.%s", what, stamp, extension);
  path = g_build_filename (dir, name, NULL);
  for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (name);
      g_free (path);
      name = g_strdup_printf ("%s %s (%u).%s", what, stamp, n, extension);
      path = g_build_filename (dir, name, NULL);
    }
  return path;
}

/* ---- a picture into a PNG file ---- */

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GdkTexture *texture = task_data;
  g_autoptr(GError) error = NULL;
  /* Translators: the start of a pasted picture's file name, "Screenshot 2026-12-01 09-30-12.png". */
  g_autofree char *path = rd_outgoing_file_path (_("Screenshot"), "png", &error);
  g_autoptr(GBytes) png = NULL;
  GPtrArray *files;

  if (path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  png = gdk_texture_save_to_png_bytes (texture);
  if (!g_file_set_contents_full (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  files = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (files, g_file_new_for_path (path));
  g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

void
rd_pasted_files_save_texture_async (GdkTexture          *texture,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (GDK_IS_TEXTURE (texture));
  g_task_set_source_tag (task, rd_pasted_files_read_async);
  g_task_set_task_data (task, g_object_ref (texture), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

/* ---- the clipboard ---- */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *files = g_task_propagate_pointer (G_TASK (result), &error);

  if (files == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

static void
texture_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);

  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  rd_pasted_files_save_texture_async (texture, g_task_get_cancellable (task), saved_cb, g_object_ref (task));
}

static void
file_list_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);

  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, files_from_list (g_value_get_boxed (value)), (GDestroyNotify) g_ptr_array_unref);
}

void
rd_pasted_files_read_async (GdkClipboard        *clipboard,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_pasted_files_read_async);
  if (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, cancellable,
                                    file_list_read_cb, task);
  else
    gdk_clipboard_read_texture_async (clipboard, cancellable, texture_read_cb, task);
}

GPtrArray *
rd_pasted_files_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- drops ---- */

GType *
rd_pasted_files_drop_types (gsize *n_types)
{
  static GType types[2];

  types[0] = GDK_TYPE_FILE_LIST;
  types[1] = GDK_TYPE_TEXTURE;
  *n_types = G_N_ELEMENTS (types);
  return types;
}

void
rd_pasted_files_from_drop_async (const GValue        *value,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      rd_pasted_files_save_texture_async (g_value_get_object (value), cancellable, callback, user_data);
      return;
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_pasted_files_read_async);
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    g_task_return_pointer (task, files_from_list (g_value_get_boxed (value)), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only files and pictures can be dropped here."));
}
