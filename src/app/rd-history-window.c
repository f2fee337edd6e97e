/* rd-history-window.c: one row per step, described by rd-support-labels,
 * with its time below; read again whenever the request changes while the
 * window is open. */
#define G_LOG_DOMAIN "rd-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-history-window-private.h"
#include "rd-support-labels.h"

struct _RdHistoryWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *status_label;
  GtkListBox     *steps_list;
  GCancellable     *cancellable;
  RdSupportDesk    *desk;
  RdSupportRequest *request;
};

G_DEFINE_FINAL_TYPE (RdHistoryWindow, rd_history_window, ADW_TYPE_WINDOW)

static GtkWidget *
step_row (const RdSupportStep *step)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (step->at / G_USEC_PER_SEC);
  g_autofree char *title = rd_support_step_describe (step);
  g_autofree char *when = g_date_time_format (at, "%X, %x");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  return row;
}

static void
history_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = rd_support_desk_history_finish (RD_SUPPORT_DESK (source), result, &error);
  RdHistoryWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_HISTORY_WINDOW (user_data);
  if (steps == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The history could not be read: %s"), error->message);

      gtk_label_set_text (self->status_label, text);
      return;
    }
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL;)
    gtk_list_box_remove (self->steps_list, row);
  for (guint i = 0; i < steps->len; i++)
    gtk_list_box_append (self->steps_list, step_row (g_ptr_array_index (steps, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), TRUE);
}

static void
load (RdHistoryWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_support_desk_history_async (self->desk, rd_support_request_get_id (self->request), self->cancellable,
                                 history_cb, self);
}

RdHistoryWindow *
rd_history_window_new (GtkWindow        *parent,
                       RdSupportDesk    *desk,
                       RdSupportRequest *request)
{
  RdHistoryWindow *self;

  g_return_val_if_fail (RD_IS_SUPPORT_DESK (desk), NULL);
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->desk = g_object_ref (desk);
  self->request = g_object_ref (request);
  adw_window_title_set_subtitle (self->window_title, rd_support_request_get_summary (request));
  g_signal_connect_object (request, "notify::state", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (request, "notify::agent", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  load (self);
  return self;
}

char *
rd_history_window_dup_text (RdHistoryWindow *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (RD_IS_HISTORY_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->steps_list)))
    {
      g_string_free (text, TRUE);
      return g_strdup (gtk_widget_get_visible (GTK_WIDGET (self->status_label)) &&
                       !g_str_equal (gtk_label_get_text (self->status_label), _("Loading…"))
                       ? gtk_label_get_text (self->status_label) : "");
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list)); row;
       row = gtk_widget_get_next_sibling (row))
    g_string_append_printf (text, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (text, FALSE);
}

static void
rd_history_window_dispose (GObject *object)
{
  RdHistoryWindow *self = RD_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->request);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_HISTORY_WINDOW);
  G_OBJECT_CLASS (rd_history_window_parent_class)->dispose (object);
}

static void
rd_history_window_class_init (RdHistoryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_history_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdHistoryWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdHistoryWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdHistoryWindow, steps_list);
}

static void
rd_history_window_init (RdHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
