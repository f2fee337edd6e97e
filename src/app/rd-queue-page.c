/* rd-queue-page.c: asks the relay for the queue when it opens and whenever
 * the relay says it changed; one row a request, most urgent first. */
#define G_LOG_DOMAIN "rd-queue-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-queue-page.h"

struct _RdQueuePage
{
  GtkBox        parent_instance;

  GtkListBox   *list;
  GtkStack     *stack;
  GtkLabel     *status_label;
  RdClient     *client;
  GCancellable *cancellable;
  guint         n_waiting;
};

G_DEFINE_FINAL_TYPE (RdQueuePage, rd_queue_page, GTK_TYPE_BOX)

static const char *
priority_name (gint64 priority)
{
  switch (priority)
    {
    case 2: return _("Urgent");
    case 1: return _("High");
    default: return _("Normal");
    }
}

static void
taken_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RdQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  gtk_label_set_text (self->status_label, reply ? "" : error->message);
}

static void
take_clicked_cb (RdQueuePage *self,
                 GtkButton   *button)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_TAKE, NULL);

  json_object_set_int_member (frame, "request", (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button),
                                                                                             "request")));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  rd_client_request_async (self->client, frame, NULL, taken_cb, g_object_ref (self));
}

static GtkWidget *
request_row (RdQueuePage *self,
             JsonObject  *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *take = gtk_button_new_with_mnemonic (_("_Take"));
  const char *requester = rd_frame_get_person (item, "requester");
  gint64 waiting = rd_frame_get_int (item, "waiting_s", 0);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  /* Translators: topic, requester, priority and minutes waiting of a support request. */
  subtitle = g_strdup_printf (_("%s · %s · %s · waiting %" G_GINT64_FORMAT " min"),
                              rd_frame_get_string (item, "topic", ""),
                              requester,
                              priority_name (rd_frame_get_int (item, "priority", 0)), waiting / 60);
  title = g_strdup_printf ("%" G_GINT64_FORMAT ". %s", rd_frame_get_int (item, "position", 0),
                           rd_frame_get_string (item, "summary", ""));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (take, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (take, "suggested-action");
  g_object_set_data (G_OBJECT (take), "request", GSIZE_TO_POINTER ((gsize) rd_frame_get_int (item, "request", 0)));
  g_object_set_data (G_OBJECT (row), "take", take);
  g_object_set_data (G_OBJECT (row), "request", GSIZE_TO_POINTER ((gsize) rd_frame_get_int (item, "request", 0)));
  g_signal_connect_object (take, "clicked", G_CALLBACK (take_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), take);
  if (rd_frame_get_int (item, "priority", 0) >= 2)
    gtk_widget_add_css_class (row, "urgent");
  return row;
}

static void
queue_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  RdQueuePage *self;
  JsonArray *requests;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_QUEUE_PAGE (user_data);
  if (reply == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  requests = json_object_get_array_member (reply, "requests");
  self->n_waiting = json_array_get_length (requests);
  for (guint i = 0; i < self->n_waiting; i++)
    gtk_list_box_append (self->list, request_row (self, json_array_get_object_element (requests, i)));
  gtk_stack_set_visible_child_name (self->stack, self->n_waiting ? "list" : "empty");
}

static void
refresh (RdQueuePage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_QUEUE_LIST, NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_client_request_async (self->client, frame, self->cancellable, queue_cb, self);
}

guint
rd_queue_page_get_n_waiting (RdQueuePage *self)
{
  g_return_val_if_fail (RD_IS_QUEUE_PAGE (self), 0);
  return self->n_waiting;
}

gboolean
rd_queue_page_take (RdQueuePage *self,
                    gint64       request_id)
{
  g_return_val_if_fail (RD_IS_QUEUE_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "request")) == request_id)
      return gtk_widget_activate (g_object_get_data (G_OBJECT (row), "take"));
  return FALSE;
}

RdQueuePage *
rd_queue_page_new (RdClient *client)
{
  RdQueuePage *self = g_object_new (RD_TYPE_QUEUE_PAGE, NULL);

  self->client = g_object_ref (client);
  g_signal_connect_object (client, "queue-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

static void
rd_queue_page_dispose (GObject *object)
{
  RdQueuePage *self = RD_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_queue_page_parent_class)->dispose (object);
}

static void
rd_queue_page_class_init (RdQueuePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_queue_page_dispose;
}

static void
rd_queue_page_init (RdQueuePage *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_object_set (self->list, "margin-top", 18, "margin-bottom", 18, "margin-start", 12, "margin-end", 12, NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nobody Is Waiting"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("New requests appear here as they come in"));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_label));
}
