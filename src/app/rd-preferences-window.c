/* rd-preferences-window.c: every row writes straight to GSettings. */
#define G_LOG_DOMAIN "rd-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-preferences-window.h"

struct _RdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *relay_row;
  AdwActionRow         *account_row;
  GtkSwitch            *notifications_switch;
  GtkSwitch            *sounds_switch;
  GtkSwitch            *autostart_switch;
  GtkSpinButton        *auto_away_spin;
  AdwActionRow         *download_row;
  GtkSwitch            *accept_pictures_switch;
  GtkSwitch            *direct_switch;

  RdApplication        *app;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_download_row (RdPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "download-folder");
  const char *shown = *folder ? folder : g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  adw_action_row_set_subtitle (self->download_row, shown ? shown : g_get_home_dir ());
}

static void
relay_applied_cb (RdPreferencesWindow *self)
{
  /* Takes effect at the next sign-in: the current session stays where it is. */
  g_settings_set_string (self->settings, "relay-url", gtk_editable_get_text (GTK_EDITABLE (self->relay_row)));
}

static void
chooser_response_cb (RdPreferencesWindow *self,
                     int                  response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path)
        g_settings_set_string (self->settings, "download-folder", path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_cb (RdPreferencesWindow *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Download Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), NULL);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

RdPreferencesWindow *
rd_preferences_window_new (RdApplication *app)
{
  RdPreferencesWindow *self = g_object_new (RD_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *url = NULL;
  RdClient *client = rd_application_get_client (app);

  self->app = app;
  self->settings = g_object_ref (rd_application_get_settings (app));
  url = g_settings_get_string (self->settings, "relay-url");
  gtk_editable_set_text (GTK_EDITABLE (self->relay_row), url);
  adw_action_row_set_subtitle (self->account_row,
                               client ? rd_client_get_username (client) : _("Not signed in"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_row), client != NULL);
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sounds", self->sounds_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autostart", self->autostart_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-away-minutes", self->auto_away_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "accept-pictures", self->accept_pictures_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "direct-transfers", self->direct_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::download-folder", G_CALLBACK (update_download_row), self,
                           G_CONNECT_SWAPPED);
  update_download_row (self);
  return self;
}

static void
rd_preferences_window_dispose (GObject *object)
{
  RdPreferencesWindow *self = RD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (rd_preferences_window_parent_class)->dispose (object);
}

static void
rd_preferences_window_class_init (RdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/relaydesk/Relaydesk/rd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, relay_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, sounds_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, auto_away_spin);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, download_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, accept_pictures_switch);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, direct_switch);
  gtk_widget_class_bind_template_callback (widget_class, relay_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
}

static void
rd_preferences_window_init (RdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
