/* rd-history-window.c: one row per step (described by rd-support-labels)
 * or per message, with its writer (named as the steps name them) and time
 * below; read again whenever the request changes while the window is
 * open. */
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
  gboolean          transcript;   /* messages rather than steps */
  GHashTable       *names;        /* a transcript's writers: user name -> display name, from the steps */
};

G_DEFINE_FINAL_TYPE (RdHistoryWindow, rd_history_window, ADW_TYPE_WINDOW)

/* @title above the local time of @at_us. */
static GtkWidget *
timed_row (const char *title,
           const char *who,
           gint64      at_us)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (at_us / G_USEC_PER_SEC);
  g_autofree char *when = g_date_time_format (at, "%X, %x");
  g_autofree char *subtitle = who ? g_strdup_printf ("%s, %s", who, when) : g_strdup (when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
item_row (RdHistoryWindow *self,
          gpointer         item)
{
  if (self->transcript)
    {
      RdMessage *message = item;
      gboolean from_requester = g_strcmp0 (rd_message_get_from (message),
                                           rd_support_request_get_requester (self->request)) == 0;

      const char *name = g_hash_table_lookup (self->names, rd_message_get_from (message));

      if (name == NULL)
        name = from_requester ? rd_support_request_get_requester_name (self->request) : rd_message_get_from (message);
      return timed_row (rd_message_get_body (message), name, rd_message_get_ts (message) * 1000);
    }
  {
    g_autofree char *title = rd_support_step_describe (item);

    return timed_row (title, NULL, ((RdSupportStep *) item)->at);
  }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RdHistoryWindow *self;

  /* Both finish functions check the task's source tag: ask the right one. */
  if (g_task_get_source_tag (G_TASK (result)) == rd_support_desk_transcript_async)
    items = rd_support_desk_transcript_finish (RD_SUPPORT_DESK (source), result, &error);
  else
    items = rd_support_desk_history_finish (RD_SUPPORT_DESK (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_HISTORY_WINDOW (user_data);
  if (items == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This could not be read: %s"), error->message);

      gtk_label_set_text (self->status_label, text);
      return;
    }
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL;)
    gtk_list_box_remove (self->steps_list, row);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->steps_list, item_row (self, g_ptr_array_index (items, i)));
  if (items->len == 0)
    gtk_label_set_text (self->status_label, _("Nothing was written while it was open."));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), items->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), items->len > 0);
}

static void
remember_name (GHashTable *names,
               const char *username,
               const char *display_name)
{
  if (username != NULL && *username != '\0' && display_name != NULL && *display_name != '\0')
    g_hash_table_replace (names, g_strdup (username), g_strdup (display_name));
}

/* A transcript's writers are named as its steps name them (an agent who
 * held it before is no contact of the reader's); then the messages. */
static void
names_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = rd_support_desk_history_finish (RD_SUPPORT_DESK (source), result, &error);
  RdHistoryWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_HISTORY_WINDOW (user_data);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      RdSupportStep *step = g_ptr_array_index (steps, i);

      remember_name (self->names, step->by, step->by_name);
      remember_name (self->names, step->to, step->to_name);
    }
  rd_support_desk_transcript_async (self->desk, rd_support_request_get_id (self->request), self->cancellable,
                                    loaded_cb, self);
}

static void
load (RdHistoryWindow *self)
{
  gint64 id = rd_support_request_get_id (self->request);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_support_desk_history_async (self->desk, id, self->cancellable,
                                 self->transcript ? names_loaded_cb : loaded_cb, self);
}

static RdHistoryWindow *
new_for (GtkWindow        *parent,
         RdSupportDesk    *desk,
         RdSupportRequest *request,
         gboolean          transcript)
{
  RdHistoryWindow *self;

  g_return_val_if_fail (RD_IS_SUPPORT_DESK (desk), NULL);
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  self->desk = g_object_ref (desk);
  self->request = g_object_ref (request);
  self->transcript = transcript;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (transcript)
    adw_window_title_set_title (self->window_title, _("Transcript"));
  adw_window_title_set_subtitle (self->window_title, rd_support_request_get_summary (request));
  g_signal_connect_object (request, "notify::state", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (request, "notify::agent", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  load (self);
  return self;
}

RdHistoryWindow *
rd_history_window_new (GtkWindow        *parent,
                       RdSupportDesk    *desk,
                       RdSupportRequest *request)
{
  return new_for (parent, desk, request, FALSE);
}

RdHistoryWindow *
rd_history_window_new_transcript (GtkWindow        *parent,
                                  RdSupportDesk    *desk,
                                  RdSupportRequest *request)
{
  return new_for (parent, desk, request, TRUE);
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
  g_clear_pointer (&self->names, g_hash_table_unref);
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
