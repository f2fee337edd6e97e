/* rd-application.c: single instance, actions, sign-in and the session. */
#define G_LOG_DOMAIN "rd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-auto-away.h"
#include "rd-background.h"
#include "rd-desktop-presence.h"
#include "rd-network-watch.h"
#include "rd-notifier.h"
#include "rd-preferences-window.h"
#include "rd-quit-dialog.h"
#include "rd-session-file.h"
#include "rd-transfer-policy.h"
#include "rd-unread-badge.h"
#include "rd-window.h"

struct _RdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  RdClient       *client;
  RdNotifier     *notifier;
  RdAutoAway     *auto_away;
  RdDesktopPresence *desktop_presence;
  RdNetworkWatch *network_watch;
  RdUnreadBadge  *unread_badge;
  RdBackground   *background;
  RdTransfers    *transfers;
  RdTransferPolicy *transfer_policy;
  char           *pinned_sha256;

  /* From the command line: sign in at once (the quick start's demo). */
  char           *option_relay;
  char           *option_user;
  char           *option_password_file;
  gboolean        option_background;
  gboolean        tried_start_sign_in;

  /* Signed in: the app runs on with no window, until Quit. */
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", RD_APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/relaydesk/Relaydesk",
                       NULL);
}

RdClient *
rd_application_get_client (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);
  return self->client;
}

RdTransfers *
rd_application_get_transfers (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);
  return self->transfers;
}

void
rd_application_accept_transfer (RdApplication *self,
                                RdTransfer    *transfer)
{
  g_return_if_fail (RD_IS_APPLICATION (self));
  if (self->transfer_policy)
    rd_transfer_policy_accept (self->transfer_policy, transfer);
}

RdNotifier *
rd_application_get_notifier (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);
  return self->notifier;
}

GSettings *
rd_application_get_settings (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* ---- the session ---- */

static void
save_session (RdApplication *self)
{
  g_autoptr(GError) error = NULL;
  RdSession session = { 0 };

  if (self->client == NULL || rd_client_get_token (self->client) == NULL)
    return;
  session.url = (char *) rd_client_get_url (self->client);
  session.username = (char *) rd_client_get_username (self->client);
  session.token = (char *) rd_client_get_token (self->client);
  session.pinned_sha256 = self->pinned_sha256;
  session.last_seq = rd_client_get_last_seq (self->client);
  if (!rd_session_file_save (&session, &error))
    g_warning ("cannot remember the session: %s", error->message);
}

static void
client_synced_cb (RdApplication *self)
{
  save_session (self);
}

static void
client_state_cb (RdApplication *self)
{
  /* The relay refused our token (revoked, account disabled): ask again. */
  if (self->client != NULL && rd_client_get_state (self->client) == RD_CLIENT_SIGNED_OUT &&
      rd_client_get_token (self->client) == NULL)
    rd_application_sign_out (self);
}

static void
start_transfers (RdApplication *self,
                 RdClient      *client)
{
  g_autoptr(GError) error = NULL;

  self->transfers = rd_transfers_new (client, &error);
  if (self->transfers == NULL)
    {
      g_warning ("files cannot be sent or received: %s", error->message);
      return;
    }
  self->transfer_policy = rd_transfer_policy_new (self->transfers, self->settings);
  if (self->notifier)
    rd_notifier_watch_transfers (self->notifier, self->transfers);
}

static void
set_client (RdApplication *self,
            RdClient      *client)
{
  if (self->client == client)
    return;
  g_clear_object (&self->notifier);
  g_clear_object (&self->unread_badge);
  g_clear_object (&self->network_watch);
  g_clear_object (&self->desktop_presence);
  g_clear_object (&self->auto_away);
  g_clear_object (&self->transfer_policy);
  g_clear_object (&self->transfers);
  if (self->client)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      rd_client_disconnect (self->client);
      g_clear_object (&self->client);
    }
  if (client)
    {
      self->client = g_object_ref (client);
      g_signal_connect_object (client, "synced", G_CALLBACK (client_synced_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::state", G_CALLBACK (client_state_cb), self,
                               G_CONNECT_SWAPPED);
      self->notifier = rd_notifier_new (GTK_APPLICATION (self), client, self->settings);
      self->auto_away = rd_auto_away_new (GTK_APPLICATION (self), client, self->settings);
      self->desktop_presence = rd_desktop_presence_new (self->auto_away, self->settings);
      self->network_watch = rd_network_watch_new (client, self->auto_away);
      if (g_application_get_dbus_connection (G_APPLICATION (self)) != NULL)
        self->unread_badge = rd_unread_badge_new (g_application_get_dbus_connection (G_APPLICATION (self)), client);
      start_transfers (self, client);
    }
  /* While signed in, closing the window leaves messages, offers and
   * replies coming (as notifications); signed out, nothing would come. */
  if ((client != NULL) != self->held)
    {
      self->held = client != NULL;
      if (self->held)
        g_application_hold (G_APPLICATION (self));
      else
        g_application_release (G_APPLICATION (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/* One history file per relay and account, in the cache folder: it can be
 * rebuilt from the relay, so losing it loses nothing. */
static void
attach_history_cache (RdClient   *client,
                      const char *url,
                      const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relay = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *name = g_strdup_printf ("%.12s-%s.db", relay, username);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "relaydesk", "history", name, NULL);
  g_autoptr(RdHistoryCache) cache = rd_history_cache_open (path, &error);

  if (cache == NULL)
    {
      g_warning ("message search is off: %s", error->message);
      return;
    }
  rd_client_set_history_cache (client, cache);
}

static RdClient *
new_client (RdApplication *self,
            const char    *url,
            const char    *username,
            const char    *pinned_sha256)
{
  RdClient *client = rd_client_new (url);
  g_autofree char *device = g_strdup_printf ("%s (Relaydesk %s)", g_get_host_name (), PACKAGE_VERSION);

  rd_client_set_device (client, device);
  if (username != NULL && rd_username_is_valid (username))
    attach_history_cache (client, url, username);
  if (pinned_sha256)
    rd_client_set_pinned_certificate (client, pinned_sha256);
  return client;
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdApplication *self = g_task_get_source_object (task);
  RdClient *client = RD_CLIENT (source);
  GError *error = NULL;

  if (!rd_client_login_finish (client, result, &error))
    {
      g_task_set_task_data (task, g_strdup (rd_client_get_rejected_certificate (client)), g_free);
      g_task_return_error (task, error);
      return;
    }
  g_settings_set_string (self->settings, "relay-url", rd_client_get_url (client));
  set_client (self, client);
  save_session (self);
  g_task_return_boolean (task, TRUE);
}

void
rd_application_sign_in_async (RdApplication       *self,
                              const char          *url,
                              const char          *username,
                              const char          *password,
                              const char          *pinned_sha256,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(RdClient) client = NULL;
  GTask *task;

  g_return_if_fail (RD_IS_APPLICATION (self));
  g_return_if_fail (url != NULL && username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_application_sign_in_async);
  g_free (self->pinned_sha256);
  self->pinned_sha256 = g_strdup (pinned_sha256);
  client = new_client (self, url, username, pinned_sha256);
  rd_client_login_async (client, username, password, cancellable, sign_in_done_cb, task);
}

gboolean
rd_application_sign_in_finish (RdApplication  *self,
                               GAsyncResult   *result,
                               char          **out_rejected_sha256,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_rejected_sha256)
    *out_rejected_sha256 = g_strdup (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
logout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdClient) client = RD_CLIENT (source);

  rd_client_logout_finish (client, result, NULL);
  rd_client_disconnect (client);
}

void
rd_application_sign_out (RdApplication *self)
{
  g_return_if_fail (RD_IS_APPLICATION (self));

  rd_session_file_clear ();
  g_settings_set_strv (self->settings, "open-tabs", NULL);
  if (self->client && rd_client_get_state (self->client) == RD_CLIENT_ONLINE)
    {
      /* Revoke the token on the relay, then let go of the connection. */
      g_signal_handlers_disconnect_by_data (self->client, self);
      rd_client_logout_async (self->client, NULL, logout_done_cb, g_object_ref (self->client));
    }
  set_client (self, NULL);
}

static void
resume_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_client_resume_finish (RD_CLIENT (source), result, &error))
    {
      /* Offline is fine: the client keeps retrying. A refused token is not. */
      if (error->domain == RD_PROTOCOL_ERROR)
        {
          g_message ("remembered session refused: %s", error->message);
          rd_application_sign_out (self);
        }
      return;
    }
  save_session (self);
}

static gboolean
resume_remembered_session (RdApplication *self)
{
  g_autoptr(RdSession) session = rd_session_file_load ();
  g_autoptr(RdClient) client = NULL;

  if (session == NULL)
    return FALSE;
  self->pinned_sha256 = g_strdup (session->pinned_sha256);
  client = new_client (self, session->url, session->username, session->pinned_sha256);
  set_client (self, client);
  rd_client_resume_async (client, session->token, session->last_seq, NULL, resume_done_cb,
                          g_object_ref (self));
  return TRUE;
}

static void
command_line_sign_in_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rd_application_sign_in_finish (RD_APPLICATION (source), result, NULL, &error))
    g_printerr ("relaydesk: cannot sign in: %s\n", error->message);
}

static void
sign_in_from_command_line (RdApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (!g_file_get_contents (self->option_password_file, &password, NULL, &error))
    {
      g_printerr ("relaydesk: %s\n", error->message);
      return;
    }
  g_strchomp (password);
  rd_application_sign_in_async (self, self->option_relay, self->option_user, password, NULL, NULL,
                                command_line_sign_in_cb, NULL);
}

/* ---- actions ---- */

void
rd_application_quit (RdApplication *self)
{
  g_autoptr(GList) windows = NULL;

  g_return_if_fail (RD_IS_APPLICATION (self));

  /* Close windows properly so each one saves its size and tabs. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  RdApplication *self = user_data;
  guint helping = 0, asked = 0;
  AdwMessageDialog *dialog;

  if (self->client != NULL)
    helping = rd_support_desk_count_open_own (rd_client_get_support_desk (self->client), &asked);
  if (helping == 0 && asked == 0)
    {
      rd_application_quit (self);
      return;
    }
  dialog = rd_quit_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), helping, asked,
                               G_CALLBACK (rd_application_quit), self);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  RdApplication *self = user_data;
  const char *developers[] = { "The Relaydesk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", RD_APPLICATION_ID,
                        "application-name", _("Relaydesk"),
                        "developer-name", _("The Relaydesk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Instant messaging for IT support desks"),
                        "website", "https://relaydesk.org",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RdPreferencesWindow *window = rd_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  rd_application_sign_out (RD_APPLICATION (user_data));
}

static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  rd_application_open_conversation (RD_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "sign-out", sign_out_action },
  { "open-conversation", open_conversation_action, "s" },
};

/* The most recently focused main window (preferences and about windows
 * belong to the app too), or NULL. */
static RdWindow *
find_main_window (RdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RD_IS_WINDOW (l->data))
      return RD_WINDOW (l->data);
  return NULL;
}

static RdWindow *
get_main_window (RdApplication *self)
{
  RdWindow *window = find_main_window (self);

  return window != NULL ? window : rd_window_new (self, TRUE);
}

void
rd_application_open_conversation (RdApplication *self,
                                  const char    *username)
{
  RdWindow *window;

  g_return_if_fail (RD_IS_APPLICATION (self));
  g_return_if_fail (username != NULL);

  if (self->client == NULL)
    return;
  window = get_main_window (self);
  rd_window_open_conversation (window, username, TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- GApplication ---- */

/* The last main window closed while signed in: the app runs on. */
static void
window_removed_cb (RdApplication *self,
                   GtkWindow     *window)
{
  if (RD_IS_WINDOW (window) && find_main_window (self) == NULL && self->client != NULL)
    rd_background_ask (self->background, NULL);
}

static void
rd_application_startup (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  self->settings = g_settings_new (RD_APPLICATION_ID);
  self->background = rd_background_new (GTK_APPLICATION (self), self->settings);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  rd_window_set_accels (GTK_APPLICATION (self));
}

/* For the startup benchmark: RELAYDESK_REPORT_FIRST_FRAME=1 prints the
 * monotonic time of the window's first painted frame, then quits. */
static void
first_frame_cb (GdkFrameClock *clock,
                RdApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  g_print ("relaydesk: first frame at %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (G_APPLICATION (self));
}

static void
window_mapped_cb (GtkWidget     *window,
                  RdApplication *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_frame_cb), self);
}

static void
rd_application_activate (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);

  if (g_getenv ("RELAYDESK_REPORT_FIRST_FRAME") != NULL && !self->tried_start_sign_in)
    g_signal_connect (get_main_window (self), "map", G_CALLBACK (window_mapped_cb), self);

  if (!self->tried_start_sign_in)
    {
      self->tried_start_sign_in = TRUE;
      if (self->option_relay && self->option_user && self->option_password_file)
        sign_in_from_command_line (self);
      else if (!resume_remembered_session (self) && self->option_background)
        return;   /* started with the desktop but signed out: nothing to wait for */
      if (self->option_background)
        return;   /* signed in, held, no window until the user asks */
    }
  gtk_window_present (GTK_WINDOW (get_main_window (self)));
}

static gint
rd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  RdApplication *self = RD_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("relaydesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "relay", "s", &self->option_relay);
  g_variant_dict_lookup (options, "user", "s", &self->option_user);
  g_variant_dict_lookup (options, "password-file", "^ay", &self->option_password_file);
  self->option_background = g_variant_dict_contains (options, "background");
  if ((self->option_relay || self->option_user || self->option_password_file) &&
      !(self->option_relay && self->option_user && self->option_password_file))
    {
      g_printerr ("relaydesk: --relay, --user and --password-file go together\n");
      return 2;
    }
  return -1;
}

static void
rd_application_shutdown (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);

  save_session (self);
  set_client (self, NULL);
  G_APPLICATION_CLASS (rd_application_parent_class)->shutdown (app);
}

static void
rd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdApplication *self = RD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_application_finalize (GObject *object)
{
  RdApplication *self = RD_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->unread_badge);
  g_clear_object (&self->network_watch);
  g_clear_object (&self->desktop_presence);
  g_clear_object (&self->auto_away);
  g_clear_object (&self->transfer_policy);
  g_clear_object (&self->transfers);
  g_clear_object (&self->client);
  g_clear_object (&self->background);
  g_clear_object (&self->settings);
  g_free (self->pinned_sha256);
  g_free (self->option_relay);
  g_free (self->option_user);
  g_free (self->option_password_file);
  G_OBJECT_CLASS (rd_application_parent_class)->finalize (object);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = rd_application_get_property;
  object_class->finalize = rd_application_finalize;
  app_class->startup = rd_application_startup;
  app_class->activate = rd_application_activate;
  app_class->handle_local_options = rd_application_handle_local_options;
  app_class->shutdown = rd_application_shutdown;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RD_TYPE_CLIENT,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_application_init (RdApplication *self)
{
  const GOptionEntry options[] = {
    { "relay", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Relay address to sign in to"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, NULL, N_("User name to sign in with"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("File holding the password"), N_("FILE") },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start with no window, signed in as last time (at desktop sign-in)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
