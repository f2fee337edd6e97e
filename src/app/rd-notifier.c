/* rd-notifier.c: a libnotify notification for each message that arrives
 * while no window shows it (its default action opens the conversation),
 * for each support offer (Accept and Decline) and file offered (Accept
 * and Decline), and for an agent's ask for a screenshot while no window
 * is open (Share and Decline), all working with no window open: the app
 * runs on in the background. A notification is withdrawn once what it
 * announces was handled elsewhere: the conversation read, the offer
 * answered, taken back or timed out, the file answered or cancelled, the
 * request asked about no longer active. */
#define G_LOG_DOMAIN "rd-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "rd-application.h"
#include "rd-notifier-private.h"
#include "rd-screenshot-share.h"
#include "rd-sound.h"
#include "rd-window.h"

#define BODY_PREVIEW_CHARS 200

struct _RdNotifier
{
  GObject         parent_instance;

  GtkApplication *app;       /* unowned: the app owns us */
  RdClient       *client;
  GSettings      *settings;
  RdSound        *sound;
  GHashTable     *shown;     /* peer -> NotifyNotification, one per conversation */
  GHashTable     *offers;    /* gint64 * request id -> NotifyNotification */
  GHashTable     *files;     /* RdTransfer -> NotifyNotification */
  GHashTable     *screenshots; /* gint64 * request id -> NotifyNotification: asked with no window open */
  guint           sent_count;
  guint           withdrawn_count;
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

guint
rd_notifier_get_withdrawn_count (RdNotifier *self)
{
  g_return_val_if_fail (RD_IS_NOTIFIER (self), 0);
  return self->withdrawn_count;
}

RdSound *
rd_notifier_get_sound (RdNotifier *self)
{
  g_return_val_if_fail (RD_IS_NOTIFIER (self), NULL);
  return self->sound;
}

static NotifyNotification *
new_notification (const char *title,
                  const char *body,
                  gboolean    urgent)
{
  NotifyNotification *notification = notify_notification_new (title, body, RD_APPLICATION_ID);

  notify_notification_set_category (notification, "im.received");
  notify_notification_set_hint_string (notification, "desktop-entry", RD_APPLICATION_ID);
  if (urgent)
    notify_notification_set_urgency (notification, NOTIFY_URGENCY_CRITICAL);
  return notification;
}

static gboolean
show (RdNotifier         *self,
      NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("cannot show a notification: %s", error->message);
      return FALSE;
    }
  self->sent_count++;
  return TRUE;
}

/* The value destructor of the tables: withdraws what is still shown. */
static void
withdraw (gpointer data)
{
  NotifyNotification *notification = data;
  RdNotifier *self = g_object_get_data (G_OBJECT (notification), "notifier");

  g_signal_handlers_disconnect_matched (notification, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (self != NULL && g_object_get_data (G_OBJECT (notification), "closed") == NULL)
    {
      /* Closing one the server closed already only fails. */
      notify_notification_close (notification, NULL);
      self->withdrawn_count++;
    }
  g_object_unref (notification);
}

/* The user dismissed it or acted on it: nothing to withdraw later. */
static void
closed_cb (NotifyNotification *notification,
           RdNotifier         *self)
{
  g_object_set_data (G_OBJECT (notification), "closed", GINT_TO_POINTER (TRUE));
}

static NotifyNotification *
track (RdNotifier         *self,
       NotifyNotification *notification)
{
  g_object_set_data (G_OBJECT (notification), "notifier", self);
  g_signal_connect (notification, "closed", G_CALLBACK (closed_cb), self);
  return notification;
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

/* Read in a window, or on another device: the bubble has done its job. */
static void
unread_cb (RdConversation *conversation,
           GParamSpec     *pspec,
           RdNotifier     *self)
{
  if (rd_conversation_get_unread (conversation) == 0)
    g_hash_table_remove (self->shown, rd_conversation_get_peer (conversation));
}

static void
message_received_cb (RdNotifier *self,
                     RdMessage  *message)
{
  const char *peer = rd_message_get_from (message);
  const char *title = rd_client_name_of (self->client, peer);
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
  if (notification == NULL || g_object_get_data (G_OBJECT (notification), "closed") != NULL)
    {
      RdConversation *conversation = rd_client_get_conversation (self->client, peer, TRUE);

      notification = track (self, new_notification (title, preview, FALSE));
      g_object_set_data_full (G_OBJECT (notification), "peer", g_strdup (peer), g_free);
      notify_notification_add_action (notification, "default", _("Open"), open_action_cb, self, NULL);
      g_hash_table_insert (self->shown, g_strdup (peer), notification);
      if (g_signal_handler_find (conversation, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL, unread_cb,
                                 self) == 0)
        g_signal_connect_object (conversation, "notify::unread", G_CALLBACK (unread_cb), self, 0);
    }
  else
    notify_notification_update (notification, title, preview, RD_APPLICATION_ID);
  show (self, notification);
}

/* A one-off notification about a support request, unless notifications are
 * off or the window is in front (the change is then in plain sight) and
 * not @even_in_front. */
static gboolean
may_notify (RdNotifier *self,
            gboolean    even_in_front)
{
  GtkWindow *window = gtk_application_get_active_window (self->app);

  if (!g_settings_get_boolean (self->settings, "notifications") ||
      (!even_in_front && window != NULL && gtk_window_is_active (window)))
    return FALSE;
  return notify_is_initted () || notify_init (_("Relaydesk"));
}

static void
notify_support (RdNotifier *self,
                const char *title,
                const char *body,
                gboolean    urgent,
                gboolean    even_in_front)
{
  NotifyNotification *notification;

  if (!may_notify (self, even_in_front))
    return;
  notification = new_notification (title, body, urgent);
  show (self, notification);
  g_object_unref (notification);
}

/* A question about @request that rings, with Show, Decline and @yes
 * (@yes_label), each handled by @callback (the request is the
 * notification's "request"); one per request in @table, a new one
 * replacing the one before. */
static void
ask_about_request (RdNotifier           *self,
                   GHashTable           *table,
                   RdSupportRequest     *request,
                   const char           *title,
                   const char           *body,
                   const char           *yes,
                   const char           *yes_label,
                   NotifyActionCallback  callback,
                   const char           *sound_description)
{
  gint64 id = rd_support_request_get_id (request);
  NotifyNotification *notification = track (self, new_notification (title, body, TRUE));

  g_object_set_data_full (G_OBJECT (notification), "request", g_object_ref (request), g_object_unref);
  notify_notification_add_action (notification, "default", _("Show"), callback, self, NULL);
  notify_notification_add_action (notification, "decline", _("Decline"), callback, self, NULL);
  notify_notification_add_action (notification, yes, yes_label, callback, self, NULL);
  g_hash_table_replace (table, g_memdup2 (&id, sizeof id), notification);
  if (show (self, notification))
    rd_sound_play (self->sound, "message-new-instant", sound_description);
}

/* ---- support offers ---- */

static void
offer_accepted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RdSupportRequest) offer = user_data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    {
      g_message ("offer %" G_GINT64_FORMAT " could not be accepted: %s", rd_support_request_get_id (offer),
                 error->message);
      return;
    }
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "open-conversation",
                                    g_variant_new_string (rd_support_request_get_requester (offer)));
}

static void
offer_declined_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RdSupportRequest) offer = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_message ("offer %" G_GINT64_FORMAT " could not be declined: %s", rd_support_request_get_id (offer),
               error->message);
}

static void
offer_action_cb (NotifyNotification *notification,
                 char               *action,
                 gpointer            user_data)
{
  RdNotifier *self = user_data;
  RdSupportRequest *offer = g_object_get_data (G_OBJECT (notification), "request");
  RdSupportDesk *desk = rd_client_get_support_desk (self->client);
  gint64 id = rd_support_request_get_id (offer);

  if (g_str_equal (action, "accept"))
    rd_support_desk_accept_async (desk, id, NULL, offer_accepted_cb, g_object_ref (offer));
  else if (g_str_equal (action, "decline"))
    rd_support_desk_decline_async (desk, id, NULL, offer_declined_cb, g_object_ref (offer));
  else
    g_application_activate (G_APPLICATION (self->app));   /* the window's prompt shows it */
}

/* An offer is time-bound: it notifies even while Busy (chats do not), and
 * rings. Accept and Decline answer it with no window open. */
static void
offer_cb (RdNotifier       *self,
          RdSupportRequest *offer)
{
  /* Translators: %s is the person asking for help. */
  g_autofree char *title = g_strdup_printf (_("Support request from %s"),
                                            rd_support_request_get_requester_name (offer));

  if (!may_notify (self, FALSE))
    return;
  ask_about_request (self, self->offers, offer, title, rd_support_request_get_summary (offer), "accept", _("Accept"),
                     offer_action_cb, _("Support request offered"));
}

/* Answered here or elsewhere, timed out or taken back: it left the offers. */
static void
offers_changed_cb (RdNotifier *self)
{
  GListModel *offers = rd_support_desk_get_offers (rd_client_get_support_desk (self->client));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->offers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean still_offered = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (offers) && !still_offered; i++)
        {
          g_autoptr(RdSupportRequest) offer = g_list_model_get_item (offers, i);

          still_offered = rd_support_request_get_id (offer) == *(gint64 *) key;
        }
      if (!still_offered)
        g_hash_table_iter_remove (&iter);
    }
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

/* ---- a screenshot asked for while no window is open ---- */

/* The window that asks the support desk's questions, or NULL. */
static RdWindow *
asking_window (RdNotifier *self)
{
  for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
    if (RD_IS_WINDOW (l->data) && rd_window_asks_questions (RD_WINDOW (l->data)))
      return RD_WINDOW (l->data);
  return NULL;
}

static void
screenshot_action_cb (NotifyNotification *notification,
                      char               *action,
                      gpointer            user_data)
{
  RdNotifier *self = user_data;
  g_autoptr(GObject) held = g_object_ref (G_OBJECT (notification));
  g_autoptr(RdSupportRequest) request = g_object_ref (g_object_get_data (G_OBJECT (notification), "request"));
  RdSupportDesk *desk = rd_client_get_support_desk (self->client);
  gint64 id = rd_support_request_get_id (request);

  /* Answered: the server closes it itself after an action. */
  closed_cb (notification, self);
  g_hash_table_remove (self->screenshots, &id);
  if (g_str_equal (action, "share"))
    rd_screenshot_share (desk, request, NULL);
  else if (g_str_equal (action, "decline"))
    rd_screenshot_decline (desk, request);
  else
    {
      RdWindow *window;

      /* Show: the conversation with the agent, and the question over it. */
      rd_application_open_conversation (RD_APPLICATION (self->app), rd_support_request_get_agent (request));
      window = asking_window (self);
      if (window != NULL)
        rd_window_ask_screenshot (window, request);
    }
}

/* With a window open, its question asks (rd-screenshot-prompt.c). The
 * notification, like the question, takes nothing before Share. */
static void
screenshot_asked_cb (RdNotifier       *self,
                     RdSupportRequest *request)
{
  g_autofree char *title = rd_screenshot_question (request);

  if (asking_window (self) != NULL || !may_notify (self, TRUE))
    return;
  ask_about_request (self, self->screenshots, request, title, rd_screenshot_question_detail (), "share", _("Share…"),
                     screenshot_action_cb, _("Screenshot asked for"));
}

/* Resolved, cancelled, or back in the queue: the question is over. */
static void
screenshot_request_changed_cb (RdNotifier       *self,
                               RdSupportRequest *request)
{
  gint64 id = rd_support_request_get_id (request);

  if (rd_support_request_get_state (request) != RD_REQUEST_ACTIVE)
    g_hash_table_remove (self->screenshots, &id);
}

/* ---- files ---- */

static void
file_action_cb (NotifyNotification *notification,
                char               *action,
                gpointer            user_data)
{
  RdNotifier *self = user_data;
  RdTransfer *transfer = g_object_get_data (G_OBJECT (notification), "transfer");
  RdApplication *app = RD_APPLICATION (self->app);

  if (g_str_equal (action, "accept"))
    rd_application_accept_transfer (app, transfer);
  else if (g_str_equal (action, "decline") && rd_application_get_transfers (app) != NULL)
    rd_transfers_decline (rd_application_get_transfers (app), transfer);
  else
    rd_application_open_conversation (app, rd_transfer_get_peer (transfer));
}

static void
file_state_cb (RdTransfer *transfer,
               GParamSpec *pspec,
               RdNotifier *self)
{
  if (rd_transfer_get_state (transfer) != RD_TRANSFER_OFFERED)
    {
      g_signal_handlers_disconnect_by_func (transfer, file_state_cb, self);
      g_hash_table_remove (self->files, transfer);
    }
}

/* A file offered to us notifies as a message would (muted, Busy and a
 * window in front keep it quiet); one waiting for an answer has Accept
 * and Decline (pictures the policy took by themselves have none). */
static void
file_offered_cb (RdNotifier *self,
                 RdTransfer *transfer)
{
  const char *peer = rd_transfer_get_peer (transfer);
  const char *name = rd_transfer_get_peer_name (transfer);
  g_autofree char *body = NULL;
  NotifyNotification *notification;

  if (!rd_notifier_should_notify (self, peer) || !may_notify (self, FALSE))
    return;
  /* Translators: %s is a file name. */
  body = g_strdup_printf (rd_transfer_is_kept_by_relay (transfer) ? _("Left a file for you: %s")
                                                                  : _("Sends you a file: %s"),
                          rd_transfer_get_name (transfer));
  notification = track (self, new_notification (name && *name ? name : peer, body, FALSE));
  g_object_set_data_full (G_OBJECT (notification), "transfer", g_object_ref (transfer), g_object_unref);
  notify_notification_add_action (notification, "default", _("Open"), file_action_cb, self, NULL);
  if (rd_transfer_get_state (transfer) == RD_TRANSFER_OFFERED)
    {
      notify_notification_add_action (notification, "decline", _("Decline"), file_action_cb, self, NULL);
      notify_notification_add_action (notification, "accept", _("Accept"), file_action_cb, self, NULL);
      g_hash_table_replace (self->files, g_object_ref (transfer), g_object_ref (notification));
      g_signal_connect_object (transfer, "notify::state", G_CALLBACK (file_state_cb), self, 0);
    }
  show (self, notification);
  g_object_unref (notification);
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
  self->sound = rd_sound_new (settings);
  g_signal_connect_object (client, "message-received", G_CALLBACK (message_received_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "offered", G_CALLBACK (offer_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "request-changed", G_CALLBACK (request_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "breached", G_CALLBACK (breached_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "screenshot-asked", G_CALLBACK (screenshot_asked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_client_get_support_desk (client), "request-changed",
                           G_CALLBACK (screenshot_request_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_support_desk_get_offers (rd_client_get_support_desk (client)), "items-changed",
                           G_CALLBACK (offers_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

static void
forget_files (RdNotifier *self)
{
  GHashTableIter iter;
  gpointer transfer;

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &transfer, NULL))
    g_signal_handlers_disconnect_by_func (transfer, file_state_cb, self);
  g_hash_table_remove_all (self->files);
}

static void
rd_notifier_finalize (GObject *object)
{
  RdNotifier *self = RD_NOTIFIER (object);

  forget_files (self);
  g_hash_table_unref (self->shown);
  g_hash_table_unref (self->offers);
  g_hash_table_unref (self->files);
  g_hash_table_unref (self->screenshots);
  g_clear_object (&self->sound);
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
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, withdraw);
  self->offers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, withdraw);
  self->files = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, withdraw);
  self->screenshots = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, withdraw);
}
