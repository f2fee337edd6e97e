/* rd-screenshot-take.c: the portal first; its absence (no service on the
 * bus, or one without the Screenshot interface) lets the desktop's tool
 * try, writing into our cache folder. A user's cancel in either ends it. */
#define G_LOG_DOMAIN "rd-screenshot-take"

#include "config.h"

#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "rd-screenshot-take.h"

#define FILE_MARK "@FILE@"

typedef struct {
  const char *program;
  const char *arguments[6];   /* FILE_MARK stands for the file to write */
} Tool;

/* Each in its mode where the user selects what to show. */
static const Tool tools[] = {
  { "gnome-screenshot", { "--area", "--file=" FILE_MARK, NULL } },
  { "spectacle", { "--region", "--background", "--nonotify", "--output", FILE_MARK, NULL } },
  { "xfce4-screenshooter", { "--region", "--save", FILE_MARK, NULL } },
};

static char *
new_file_path (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "relaydesk", "screenshots", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "Screenshot from %Y-%m-%d %H-%M-%S.png");

  g_mkdir_with_parents (folder, 0700);
  return g_build_filename (folder, name, NULL);
}

static void
tool_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  const char *path = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!g_subprocess_get_successful (G_SUBPROCESS (source)) || g_stat (path, &info) != 0 || info.st_size == 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "no screenshot was taken");
  else
    g_task_return_pointer (task, g_file_new_for_path (path), g_object_unref);
}

/* The first of the tools installed, or NOT_SUPPORTED. */
static void
take_with_tool (GTask *task)
{
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *program = g_find_program_in_path (tools[i].program);
      g_autoptr(GPtrArray) argv = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      char *path;

      if (program == NULL)
        continue;
      path = new_file_path ();
      g_task_set_task_data (task, path, g_free);
      argv = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (argv, g_steal_pointer (&program));
      for (guint k = 0; tools[i].arguments[k] != NULL; k++)
        {
          g_auto(GStrv) around = g_strsplit (tools[i].arguments[k], FILE_MARK, 2);

          g_ptr_array_add (argv, g_strjoinv (path, around));
        }
      g_ptr_array_add (argv, NULL);
      g_debug ("no Screenshot portal: %s", tools[i].program);
      process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
      if (process == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      g_subprocess_wait_async (process, g_task_get_cancellable (task), tool_done_cb, task);
      return;
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "there is no Screenshot portal here, nor a screenshot tool");
  g_object_unref (task);
}

static void
portal_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = xdp_portal_take_screenshot_finish (XDP_PORTAL (source), result, &error);

  if (uri != NULL)
    g_task_return_pointer (task, g_file_new_for_uri (uri), g_object_unref);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* No portal answers here (or it failed): the desktop's tool may. */
      g_debug ("Screenshot portal: %s", error->message);
      take_with_tool (task);
      return;
    }
  g_object_unref (task);
}

void
rd_screenshot_take_async (GtkWindow           *parent,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(XdpPortal) portal = xdp_portal_new ();
  XdpParent *xdp_parent = parent ? xdp_parent_new_gtk (parent) : NULL;

  g_task_set_source_tag (task, rd_screenshot_take_async);
  xdp_portal_take_screenshot (portal, xdp_parent, XDP_SCREENSHOT_FLAG_INTERACTIVE, cancellable, portal_done_cb, task);
  g_clear_pointer (&xdp_parent, xdp_parent_free);
}

GFile *
rd_screenshot_take_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
