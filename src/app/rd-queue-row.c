/* rd-queue-row.c: title and subtitle follow the request's properties and
 * the clock (every few seconds, for waiting times and targets). */
#define G_LOG_DOMAIN "rd-queue-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-queue-row.h"
#include "rd-support-labels.h"

struct _RdQueueRow
{
  AdwActionRow      parent_instance;

  GtkButton        *take_button;
  RdSupportRequest *request;
  guint             tick;
};

#define TICK_S 10

G_DEFINE_FINAL_TYPE (RdQueueRow, rd_queue_row, ADW_TYPE_ACTION_ROW)

static void
update (RdQueueRow *self)
{
  RdSupportRequest *request = self->request;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *target = rd_target_text (rd_support_request_get_queued_at (request),
                                            rd_support_request_get_respond_by (request));
  RdTargetState state = rd_target_state (rd_support_request_get_queued_at (request),
                                         rd_support_request_get_respond_by (request));

  title = g_strdup_printf ("%u. %s", rd_support_request_get_position (request),
                           rd_support_request_get_summary (request));
  /* Translators: topic, requester, priority and minutes waiting of a support request. */
  subtitle = g_strdup_printf (_("%s · %s · %s · waiting %" G_GINT64_FORMAT " min%s%s"),
                              rd_support_request_get_topic (request), rd_support_request_get_requester_name (request),
                              rd_priority_label (rd_support_request_get_priority (request)),
                              rd_minutes_since (rd_support_request_get_queued_at (request)),
                              target ? " · " : "", target ? target : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  /* About to miss its target: marked; missed: marked as an error. */
  if (state == RD_TARGET_CLOSE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
  if (state == RD_TARGET_MISSED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  if (rd_support_request_get_priority (request) == RD_PRIORITY_URGENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "urgent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "urgent");
}

static gboolean
tick_cb (gpointer data)
{
  update (RD_QUEUE_ROW (data));
  return G_SOURCE_CONTINUE;
}

GtkWidget *
rd_queue_row_new (RdSupportRequest *request)
{
  RdQueueRow *self;

  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_QUEUE_ROW, NULL);
  self->request = g_object_ref (request);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->take_button), "x", rd_support_request_get_id (request));
  g_signal_connect_object (request, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (TICK_S, tick_cb, self);
  update (self);
  return GTK_WIDGET (self);
}

RdSupportRequest *
rd_queue_row_get_request (RdQueueRow *self)
{
  g_return_val_if_fail (RD_IS_QUEUE_ROW (self), NULL);
  return self->request;
}

static void
rd_queue_row_dispose (GObject *object)
{
  RdQueueRow *self = RD_QUEUE_ROW (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_QUEUE_ROW);
  G_OBJECT_CLASS (rd_queue_row_parent_class)->dispose (object);
}

static void
rd_queue_row_class_init (RdQueueRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_queue_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdQueueRow, take_button);
}

static void
rd_queue_row_init (RdQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
