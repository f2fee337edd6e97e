/* rd-dashboard-page.c: the desk's staff model, one RdStaffRow each, under
 * the queue's figures; the desk keeps both fresh as the queue and presence
 * change, and the page asks again every 10 seconds for idle and waiting
 * times. Below: the canned replies and the New Topic form. */
#define G_LOG_DOMAIN "rd-dashboard-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-canned-editor.h"
#include "rd-dashboard-page-private.h"
#include "rd-staff-row.h"
#include "rd-support-labels.h"

#define REFRESH_S 10

struct _RdDashboardPage
{
  GtkBox          parent_instance;

  GtkLabel       *queue_label;
  GtkLabel       *status_label;
  GtkListBox     *agents;
  RdCannedEditor *canned;
  GtkEntry       *topic_name;
  GtkDropDown    *topic_strategy;

  RdSupportDesk  *desk;
  GListModel     *staff;
  GCancellable   *cancellable;
  guint           timer;
};

G_DEFINE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, GTK_TYPE_BOX)

static void
show_figures (RdDashboardPage *self)
{
  const RdSupportFigures *figures = rd_support_desk_get_figures (self->desk);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("%u waiting, the longest for %u min · today: %u resolved, average wait %u min, "
                            "average handling %u min, rating %.1f"),
                          figures->waiting, figures->longest_wait_s / 60, figures->resolved_today,
                          figures->average_wait_s / 60, figures->average_handle_s / 60, figures->average_rating);
  gtk_label_set_text (self->queue_label, text);
}

/* What the last change or refresh said, under the figures. */
static void
show_status (RdDashboardPage *self,
             const char      *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
row_failed_cb (RdDashboardPage *self,
               const char      *message)
{
  show_status (self, message);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RdDashboardPage *self = user_data;
  GtkWidget *row = rd_staff_row_new (item, self->desk);

  g_signal_connect_object (row, "failed", G_CALLBACK (row_failed_cb), self, G_CONNECT_SWAPPED);
  return row;
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_status (RD_DASHBOARD_PAGE (user_data), error->message);
}

static gboolean
timer_cb (gpointer data)
{
  RdDashboardPage *self = data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_support_desk_refresh_dashboard_async (self->desk, self->cancellable, refreshed_cb, self);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  RdDashboardPage *self;
  char            *name;
} NewTopic;

static void
topic_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  NewTopic *topic = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Translators: %s is the error, or the new topic's name. */
  text = rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error)
         ? g_strdup_printf (_("Topic %s added."), topic->name)
         : g_strdup_printf (_("Topic not added: %s"), error->message);
  show_status (topic->self, text);
  g_object_unref (topic->self);
  g_free (topic->name);
  g_free (topic);
}

static void
add_topic_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->topic_name))));
  NewTopic *topic;

  if (*name == '\0')
    return;
  topic = g_new0 (NewTopic, 1);
  topic->self = g_object_ref (self);
  topic->name = g_strdup (name);
  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), "");
  rd_support_desk_add_topic_async (self->desk, name, gtk_drop_down_get_selected (self->topic_strategy), NULL,
                                   topic_added_cb, topic);
}

static void
topic_name_activate_cb (RdDashboardPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.add-topic", NULL);
}

void
rd_dashboard_page_add_topic (RdDashboardPage *self,
                             const char      *name,
                             RdRouteStrategy  strategy)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), name);
  gtk_drop_down_set_selected (self->topic_strategy, strategy);
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.add-topic", NULL);
}

guint
rd_dashboard_page_get_n_agents (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), 0);
  return g_list_model_get_n_items (self->staff);
}

static RdStaffRow *
find_row (RdDashboardPage *self,
          const char      *username)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;
       row = gtk_widget_get_next_sibling (row))
    if (RD_IS_STAFF_ROW (row) &&
        g_strcmp0 (rd_staff_member_get_username (rd_staff_row_get_member (RD_STAFF_ROW (row))), username) == 0)
      return RD_STAFF_ROW (row);
  return NULL;
}

gboolean
rd_dashboard_page_set_capacity (RdDashboardPage *self,
                                const char      *username,
                                guint            capacity)
{
  RdStaffRow *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  if ((row = find_row (self, username)) == NULL)
    return FALSE;
  rd_staff_row_set_capacity (row, capacity);
  return TRUE;
}

gboolean
rd_dashboard_page_set_skill (RdDashboardPage *self,
                             const char      *username,
                             const char      *topic,
                             gboolean         serves)
{
  RdStaffRow *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);
  return (row = find_row (self, username)) != NULL && rd_staff_row_set_serves (row, topic, serves);
}

RdCannedEditor *
rd_dashboard_page_get_canned_editor (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  return self->canned;
}

RdDashboardPage *
rd_dashboard_page_new (RdClient *client)
{
  RdDashboardPage *self = g_object_new (RD_TYPE_DASHBOARD_PAGE, NULL);

  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->staff = g_object_ref (rd_support_desk_get_staff (self->desk));
  gtk_list_box_bind_model (self->agents, self->staff, create_row, self, NULL);
  g_signal_connect_object (self->desk, "notify::figures", G_CALLBACK (show_figures), self, G_CONNECT_SWAPPED);
  rd_canned_editor_set_desk (self->canned, self->desk);
  self->timer = g_timeout_add_seconds (REFRESH_S, timer_cb, self);
  show_figures (self);
  return self;
}

static void
rd_dashboard_page_dispose (GObject *object)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->agents != NULL)
    gtk_list_box_bind_model (self->agents, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DASHBOARD_PAGE);
  g_clear_object (&self->staff);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_dashboard_page_parent_class)->dispose (object);
}

static void
rd_dashboard_page_class_init (RdDashboardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_dashboard_page_dispose;
  g_type_ensure (RD_TYPE_CANNED_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, agents);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, canned);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, topic_name);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, topic_strategy);
  gtk_widget_class_bind_template_callback (widget_class, topic_name_activate_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.add-topic", NULL, add_topic_action);
}

static void
rd_dashboard_page_init (RdDashboardPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (RdRouteStrategy strategy = RD_ROUTE_LEAST_BUSY; strategy <= RD_ROUTE_MANUAL; strategy++)
    gtk_string_list_append (names, rd_route_strategy_label (strategy));
  gtk_drop_down_set_model (self->topic_strategy, G_LIST_MODEL (names));
}
