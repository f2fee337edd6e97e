/* rd-file-launch.c: GIO launches through the portal inside Flatpak; the
 * file manager's ShowItems selects the file, and where no file manager
 * answers on D-Bus the folder is opened instead. */
#define G_LOG_DOMAIN "rd-file-launch"

#include "config.h"

#include "rd-file-launch.h"

static GAppLaunchContext *
launch_context (GtkWidget *widget)
{
  return G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = user_data;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("cannot open %s: %s", uri, error->message);
}

static void
launch_uri (GtkWidget  *widget,
            const char *uri)
{
  g_autoptr(GAppLaunchContext) context = launch_context (widget);

  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, g_strdup (uri));
}

void
rd_file_launch_open (GtkWidget *widget,
                     GFile     *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));
  uri = g_file_get_uri (file);
  launch_uri (widget, uri);
}

static void
shown_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (reply != NULL)
    return;
  folder = g_file_get_parent (g_object_get_data (G_OBJECT (widget), "rd-show-file"));
  uri = g_file_get_uri (folder);
  launch_uri (widget, uri);
}

void
rd_file_launch_show_in_folder (GtkWidget *widget,
                               GFile     *file)
{
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  if (bus == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_uri = g_file_get_uri (folder);

      launch_uri (widget, folder_uri);
      return;
    }
  uris[0] = uri;
  g_object_set_data_full (G_OBJECT (widget), "rd-show-file", g_object_ref (file), g_object_unref);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems", g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, shown_cb, g_object_ref (widget));
}
