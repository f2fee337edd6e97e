/* rd-my-request-row.c: title and subtitle follow the request, its
 * conversation's unread count and the clock. */
#define G_LOG_DOMAIN "rd-my-request-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-my-request-row.h"
#include "rd-support-labels.h"

#define TICK_S 30

struct _RdMyRequestRow
{
  AdwActionRow      parent_instance;

  RdSupportRequest *request;
  RdConversation   *conversation;
  guint             tick;
};

G_DEFINE_FINAL_TYPE (RdMyRequestRow, rd_my_request_row, ADW_TYPE_ACTION_ROW)

static void
update (RdMyRequestRow *self)
{
  RdSupportRequest *request = self->request;
  guint unread = self->conversation ? rd_conversation_get_unread (self->conversation) : 0;
  gint64 minutes = rd_minutes_since (rd_support_request_get_queued_at (request));
  g_autofree char *subtitle = NULL;
  g_autofree char *unread_text = NULL;

  if (unread > 0)
    /* Translators: unread messages in the conversation with the requester. */
    unread_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, " · %u unread", " · %u unread", unread), unread);
  subtitle = rd_support_request_get_state (request) == RD_REQUEST_OFFERED
    /* Translators: a request's summary and minutes since it was asked. */
    ? g_strdup_printf (_("%s · offered to you · asked %" G_GINT64_FORMAT " min ago%s"),
                       rd_support_request_get_summary (request), minutes, unread_text ? unread_text : "")
    : g_strdup_printf (_("%s · asked %" G_GINT64_FORMAT " min ago%s"),
                       rd_support_request_get_summary (request), minutes, unread_text ? unread_text : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), rd_support_request_get_requester_name (request));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (unread > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
}

static gboolean
tick_cb (gpointer data)
{
  update (RD_MY_REQUEST_ROW (data));
  return G_SOURCE_CONTINUE;
}

GtkWidget *
rd_my_request_row_new (RdClient         *client,
                       RdSupportRequest *request)
{
  RdMyRequestRow *self;

  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_MY_REQUEST_ROW, NULL);
  self->request = g_object_ref (request);
  self->conversation = g_object_ref (rd_client_get_conversation (client, rd_support_request_get_requester (request),
                                                                 TRUE));
  g_signal_connect_object (request, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::unread", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (TICK_S, tick_cb, self);
  update (self);
  return GTK_WIDGET (self);
}

RdSupportRequest *
rd_my_request_row_get_request (RdMyRequestRow *self)
{
  g_return_val_if_fail (RD_IS_MY_REQUEST_ROW (self), NULL);
  return self->request;
}

static void
rd_my_request_row_dispose (GObject *object)
{
  RdMyRequestRow *self = RD_MY_REQUEST_ROW (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->request);
  g_clear_object (&self->conversation);
  G_OBJECT_CLASS (rd_my_request_row_parent_class)->dispose (object);
}

static void
rd_my_request_row_class_init (RdMyRequestRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_my_request_row_dispose;
}

static void
rd_my_request_row_init (RdMyRequestRow *self)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}
