/* rd-background.c: the "autostart" setting made true, and the portal's
 * permission to run in the background.
 *
 * Outside Flatpak nothing asks: the entry we write in
 * $XDG_CONFIG_HOME/autostart starts "relaydesk --background" (signed in
 * as last time, no window) when the user signs in to the desktop, and is
 * removed when the setting goes off. There the files are the truth: at
 * start the setting is read from them, so an admin's entry for everyone
 * (/etc/xdg/autostart) shows as on, and turning it off writes an entry of
 * the same name with Hidden=true, which overrides the admin's for this
 * user (XDG autostart). Under Flatpak the app cannot write
 * there: xdp_portal_request_background asks the user, and writes the
 * entry itself when asked for autostart. A refusal turns the setting off
 * and says why in the log. */
#define G_LOG_DOMAIN "rd-background"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "rd-application.h"
#include "rd-background.h"

struct _RdBackground
{
  GObject         parent_instance;

  GtkApplication *app;     /* unowned: the app owns us */
  GSettings      *settings;
  XdpPortal      *portal;  /* under Flatpak only */
  GCancellable   *cancellable;
  gboolean        asked;
};

G_DEFINE_FINAL_TYPE (RdBackground, rd_background, G_TYPE_OBJECT)

char *
rd_background_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", RD_APPLICATION_ID ".desktop", NULL);
}

static gboolean
write_autostart_entry (gboolean   hidden,
                       GError   **error)
{
  g_autofree char *path = rd_background_autostart_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *quoted = g_shell_quote (program ? program : "relaydesk");
  g_autofree char *entry = NULL;

  entry = g_strdup_printf ("[Desktop Entry]\n"
                           "Type=Application\n"
                           "Name=%s\n"
                           "Comment=%s\n"
                           "Icon=" RD_APPLICATION_ID "\n"
                           "Exec=%s --background\n"
                           "NoDisplay=true\n"
                           "X-GNOME-Autostart-enabled=true\n"
                           "%s",
                           _("Relaydesk"), _("Receive messages and support requests in the background"), quoted,
                           hidden ? "Hidden=true\n" : "");
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s", folder,
                   g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents (path, entry, -1, error);
}

/* Whether an entry named as ours at @path starts the app. */
static gboolean
entry_starts (const char *path,
              gboolean   *out_exists)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();

  *out_exists = g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, NULL);
  return *out_exists && !g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_HIDDEN,
                                                 NULL);
}

static gboolean
system_entry_starts (void)
{
  for (const char * const *dir = g_get_system_config_dirs (); *dir != NULL; dir++)
    {
      g_autofree char *path = g_build_filename (*dir, "autostart", RD_APPLICATION_ID ".desktop", NULL);
      gboolean exists;
      gboolean starts = entry_starts (path, &exists);

      if (exists)   /* the first folder that has one decides */
        return starts;
    }
  return FALSE;
}

/* What the desktop will do at the next sign-in: our entry decides, else
 * the system's. */
static gboolean
starts_with_desktop (void)
{
  g_autofree char *path = rd_background_autostart_path ();
  gboolean exists;
  gboolean starts = entry_starts (path, &exists);

  return exists ? starts : system_entry_starts ();
}

static void
follow_setting_outside_flatpak (RdBackground *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rd_background_autostart_path ();
  gboolean on = g_settings_get_boolean (self->settings, "autostart");

  if (on == starts_with_desktop ())
    return;
  if (on || system_entry_starts ())
    {
      if (!write_autostart_entry (!on, &error))
        g_warning ("cannot write %s: %s", path, error->message);
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("cannot remove %s: %s", path, g_strerror (errno));
}

static void
background_answered_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  RdBackground *self;

  if (xdp_portal_request_background_finish (XDP_PORTAL (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_message ("not allowed to run in the background: %s", error->message);
  if (g_settings_get_boolean (self->settings, "autostart"))
    g_settings_set_boolean (self->settings, "autostart", FALSE);
}

static void
request_background (RdBackground *self,
                    GtkWindow    *parent)
{
  g_autoptr(GPtrArray) command = g_ptr_array_new ();
  XdpParent *xdp_parent = parent ? xdp_parent_new_gtk (parent) : NULL;
  gboolean autostart = g_settings_get_boolean (self->settings, "autostart");

  g_ptr_array_add (command, "relaydesk");
  g_ptr_array_add (command, "--background");
  g_ptr_array_add (command, NULL);
  self->asked = TRUE;
  xdp_portal_request_background (self->portal, xdp_parent,
                                 _("Relaydesk keeps running to show new messages and support requests."),
                                 command, autostart ? XDP_BACKGROUND_FLAG_AUTOSTART : XDP_BACKGROUND_FLAG_NONE,
                                 self->cancellable, background_answered_cb, self);
  g_clear_pointer (&xdp_parent, xdp_parent_free);
}

static void
autostart_changed_cb (RdBackground *self)
{
  if (self->portal != NULL)
    request_background (self, gtk_application_get_active_window (self->app));
  else
    follow_setting_outside_flatpak (self);
}

void
rd_background_ask (RdBackground *self,
                   GtkWindow    *parent)
{
  g_return_if_fail (RD_IS_BACKGROUND (self));

  if (self->portal != NULL && !self->asked)
    request_background (self, parent);
}

RdBackground *
rd_background_new (GtkApplication *app,
                   GSettings      *settings)
{
  RdBackground *self = g_object_new (RD_TYPE_BACKGROUND, NULL);

  self->app = app;
  self->settings = g_object_ref (settings);
  if (xdp_portal_running_under_flatpak ())
    self->portal = xdp_portal_new ();
  else if (g_settings_get_boolean (settings, "autostart") != starts_with_desktop ())
    g_settings_set_boolean (settings, "autostart", !g_settings_get_boolean (settings, "autostart"));
  /* Under Flatpak the portal is asked when the window first closes. */
  g_signal_connect_object (settings, "changed::autostart", G_CALLBACK (autostart_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static void
rd_background_finalize (GObject *object)
{
  RdBackground *self = RD_BACKGROUND (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->portal);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_background_parent_class)->finalize (object);
}

static void
rd_background_class_init (RdBackgroundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_background_finalize;
}

static void
rd_background_init (RdBackground *self)
{
  self->cancellable = g_cancellable_new ();
}
