/* rd-notifier.c: a libnotify notification for each message that arrives
 * while no window shows it; its default action opens the conversation. */
#define G_LOG_DOMAIN "rd-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "rd-application.h"
#include "rd-notifier-private.h"
#include "rd-window.h"

#define BODY_PREVIEW_CHARS 200

struct _RdNotifier
{
  GObject         parent_instance;

  GtkApplication *app;       /* unowned: the app owns us */
  RdClient       *client;
  GSettings      *settings;
  GHashTable     *shown;     /* peer -> NotifyNotification, one per conversation */
  guint           sent_count;
};

G_DEFINE_FINAL_TYPE (RdNotifier, rd_notifier, G_TYPE_OBJECT)

gboolean
rd_notifier_should_notify (RdNotifier *self,
                           const char *peer)
{
  g_auto(GStrv) muted = NULL;
  GtkWindow *window;

  g_return_val_if_fail (RD_IS_NOTIFIER (self), FALSE);

  if (!g_settings_get_boolean (self->settings, "notifications"))
    return FALSE;
  if (g_strcmp0 (rd_client_get_own_status (self->client), "busy") == 0)
    return FALSE;
  muted = g_settings_get_strv (self->settings, "muted-conversations");
  if (g_strv_contains ((const char * const *) muted, peer))
    return FALSE;
  /* The user is looking at it already. */
  window = gtk_application_get_active_window (self->app);
  if (window != NULL && gtk_window_is_active (window) && RD_IS_WINDOW (window) &&
      g_strcmp0 (rd_window_get_current_peer (RD_WINDOW (window)), peer) == 0)
    return FALSE;
  return TRUE;
}

guint
rd_notifier_get_sent_count (RdNotifier *self)
{
  g_return_val_if_fail (RD_IS_NOTIFIER (self), 0);
  return self->sent_count;
}

static void
open_action_cb (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  RdNotifier *self = user_data;
  const char *peer = g_object_get_data (G_OBJECT (notification), "peer");

  g_action_group_activate_action (G_ACTION_GROUP (self->app), "open-conversation",
                                  g_variant_new_string (peer));
}

static void
message_received_cb (RdNotifier *self,
                     RdMessage  *message)
{
  g_autoptr(GError) error = NULL;
  const char *peer = rd_message_get_from (message);
  RdContact *contact = rd_client_find_contact (self->client, peer);
  const char *title = contact ? rd_contact_get_display_name (contact) : peer;
  const char *body = rd_message_get_body (message);
  /* GLib 2.74 reads past the end when asked for more than there is. */
  g_autofree char *preview = g_utf8_substring (body, 0, MIN (g_utf8_strlen (body, -1), BODY_PREVIEW_CHARS));
  NotifyNotification *notification;

  if (!rd_notifier_should_notify (self, peer))
    return;
  if (!notify_is_initted () && !notify_init (_("Relaydesk")))
    return;

  /* One bubble per conversation, updated as messages come in. */
  notification = g_hash_table_lookup (self->shown, peer);
  if (notification == NULL)
    {
      notification = notify_notification_new (title, preview, RD_APPLICATION_ID);
      g_object_set_data_full (G_OBJECT (notification), "peer", g_strdup (peer), g_free);
      notify_notification_set_category (notification, "im.received");
      notify_notification_set_hint_string (notification, "desktop-entry", RD_APPLICATION_ID);
      notify_notification_add_action (notification, "default", _("Open"), open_action_cb, self, NULL);
      g_hash_table_insert (self->shown, g_strdup (peer), notification);
    }
  else
    notify_notification_update (notification, title, preview, RD_APPLICATION_ID);

  if (!notify_notification_show (notification, &error))
    g_debug ("cannot show a notification: %s", error->message);
  else
    self->sent_count++;
}

/* A one-off notification about a support request, unless notifications are
 * off or the window is in front (the change is then in plain sight) and
 * not @even_in_front. */
static void
notify_support (RdNotifier *self,
                const char *title,
                const char *body,
                gboolean    urgent,
                gboolean    even_in_front)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window = gtk_application_get_active_window (self->app);
  NotifyNotification *notification;

  if (!g_settings_get_boolean (self->settings, "notifications") ||
      (!even_in_front && window != NULL && gtk_window_is_active (window)))
    return;
  if (!notify_is_initted () && !notify_init (_("Relaydesk")))
    return;
  notification = notify_notification_new (title, body, RD_APPLICATION_ID);
  notify_notification_set_category (notification, "im.received");
  notify_notification_set_hint_string (notification, "desktop-entry", RD_APPLICATION_ID);
  if (urgent)
    notify_notification_set_urgency (notification, NOTIFY_URGENCY_CRITICAL);
  if (!notify_notification_show (notification, &error))
    g_debug ("cannot show a notification: %s", error->message);
  else
    self->sent_count++;
  g_object_unref (notification);
}

/* An offer is time-bound: it notifies even while Busy (chats do not). */
static void
offer_cb (RdNotifier       *self,
          RdSupportRequest *offer)
{
  /* Translators: %s is the person asking for help. */
  g_autofree char *title = g_strdup_printf (_("Support request from %s"),
                                            rd_support_request_get_requester_name (offer));

  notify_support (self, title, rd_support_request_get_summary (offer), TRUE, FALSE);
}

/* A supervisor's: a request waits past its topic's first-response target. */
static void
breached_cb (RdNotifier       *self,
             RdSupportRequest *request)
{
  /* Translators: %s is the topic. */
  g_autofree char *title = g_strdup_printf (_("Waiting too long in %s"), rd_support_request_get_topic (request));
  /* Translators: a request's summary and who asked. */
  g_autofree char *body = g_strdup_printf (_("“%s” from %s has had no agent within the target."),
                                           rd_support_request_get_summary (request),
                                           rd_support_request_get_requester_name (request));

  /* Not in plain sight even with the window in front (only the queue shows it). */
  notify_support (self, title, body, TRUE, TRUE);
}

/* The requester's news: someone took their request. */
static void
request_cb (RdNotifier       *self,
            RdSupportRequest *request)
{
  g_autofree char *title = NULL;

  if (g_strcmp0 (rd_support_request_get_requester (request), rd_client_get_username (self->client)) != 0 ||
      rd_support_request_get_state (request) != RD_REQUEST_ACTIVE)
    return;
  /* Translators: %s is the support agent's name. */
  title = g_strdup_printf (_("%s is helping you"), rd_support_request_get_agent_name (request));
  notify_support (self, title, rd_support_request_get_summary (request), FALSE, FALSE);
}

/* A file offered to us notifies as a message would (muted, Busy and a
 * window in front keep it quiet). */
static void
file_offered_cb (RdNotifier *self,
                 RdTransfer *transfer)
{
  const char *peer = rd_transfer_get_peer (transfer);
  const char *name = rd_transfer_get_peer_name (transfer);
  g_autofree char *body = NULL;

  if (!rd_notifier_should_notify (self, peer))
    return;
  /* Translators: %s is a file name. */
  body = g_strdup_printf (rd_transfer_is_kept_by_relay (transfer) ? _("Left a file for you: %s")
                                                                  : _("Sends you a file: %s"),
                          rd_transfer_get_name (transfer));
  notify_support (self, name && *name ? name : peer, body, FALSE, FALSE);
}

void
rd_notifier_watch_transfers (RdNotifier  *self,
                             RdTransfers *transfers)
{
  g_return_if_fail (RD_IS_NOTIFIER (self));
  g_return_if_fail (RD_IS_TRANSFERS (transfers));
  g_signal_connect_object (transfers, "offered", G_CALLBACK (file_offered_cb), self, G_CONNECT_SWAPPED);
}

RdNotifier *
rd_notifier_new (GtkApplication *app,
                 RdClient       *client,
                 GSettings      *settings)
{
  RdNotifier *self = g_object_new (RD_TYPE_NOTIFIER, NULL);

  self->app = app;
  self->client = g_object_ref (client);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (client, "message-received", G_CALLBACK (message_received_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "offered", G_CALLBACK (offer_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "request-changed", G_CALLBACK (request_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "breached", G_CALLBACK (breached_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static void
close_notification (gpointer data)
{
  NotifyNotification *notification = data;

  g_signal_handlers_disconnect_matched (notification, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, NULL);
  g_object_unref (notification);
}

static void
rd_notifier_finalize (GObject *object)
{
  RdNotifier *self = RD_NOTIFIER (object);

  g_hash_table_unref (self->shown);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_notifier_parent_class)->finalize (object);
}

static void
rd_notifier_class_init (RdNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_notifier_finalize;
}

static void
rd_notifier_init (RdNotifier *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_notification);
}
