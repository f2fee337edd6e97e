/* rd-queue-page.c: the desk's queue model, one row a request in queue
 * order; the model stays live by itself. Take is the "queue.take" action
 * with the request's id. */
#define G_LOG_DOMAIN "rd-queue-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-queue-page-private.h"
#include "rd-queue-row.h"

struct _RdQueuePage
{
  GtkBox         parent_instance;

  GtkListBox    *list;
  GtkStack      *stack;
  GtkLabel      *status_label;
  RdSupportDesk *desk;
  GListModel    *queue;
  GHashTable    *taking;   /* gint64 * ids asked for and not answered yet */
};

G_DEFINE_FINAL_TYPE (RdQueuePage, rd_queue_page, GTK_TYPE_BOX)

typedef struct {
  RdQueuePage *self;
  gint64       request;
} Taking;

static void
taken_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Taking *taking = user_data;
  g_autoptr(GError) error = NULL;
  gboolean taken = rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error);

  g_hash_table_remove (taking->self->taking, &taking->request);
  gtk_label_set_text (taking->self->status_label, taken ? "" : error->message);
  g_object_unref (taking->self);
  g_free (taking);
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdQueuePage *self = RD_QUEUE_PAGE (widget);
  Taking *taking;
  gint64 request = g_variant_get_int64 (parameter);

  /* One ask per request: a second click would only hear "conflict". */
  if (g_hash_table_contains (self->taking, &request))
    return;
  g_hash_table_add (self->taking, g_memdup2 (&request, sizeof request));
  taking = g_new0 (Taking, 1);
  taking->self = g_object_ref (self);
  taking->request = request;
  rd_support_desk_take_async (self->desk, request, NULL, taken_cb, taking);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return rd_queue_row_new (item);
}

static void
queue_changed_cb (RdQueuePage *self)
{
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (self->queue) ? "list" : "empty");
}

guint
rd_queue_page_get_n_waiting (RdQueuePage *self)
{
  g_return_val_if_fail (RD_IS_QUEUE_PAGE (self), 0);
  return g_list_model_get_n_items (self->queue);
}

gboolean
rd_queue_page_take (RdQueuePage *self,
                    gint64       request_id)
{
  guint n;

  g_return_val_if_fail (RD_IS_QUEUE_PAGE (self), FALSE);

  n = g_list_model_get_n_items (self->queue);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdSupportRequest) request = g_list_model_get_item (self->queue, i);

      if (rd_support_request_get_id (request) == request_id)
        return gtk_widget_activate_action (GTK_WIDGET (self), "queue.take", "x", request_id);
    }
  return FALSE;
}

RdQueuePage *
rd_queue_page_new (RdClient *client)
{
  RdQueuePage *self = g_object_new (RD_TYPE_QUEUE_PAGE, NULL);

  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->queue = g_object_ref (rd_support_desk_get_queue (self->desk));
  gtk_list_box_bind_model (self->list, self->queue, create_row, NULL, NULL);
  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
  queue_changed_cb (self);
  return self;
}

static void
rd_queue_page_dispose (GObject *object)
{
  RdQueuePage *self = RD_QUEUE_PAGE (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_QUEUE_PAGE);
  g_clear_object (&self->queue);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_queue_page_parent_class)->dispose (object);
}

static void
rd_queue_page_finalize (GObject *object)
{
  g_hash_table_unref (RD_QUEUE_PAGE (object)->taking);
  G_OBJECT_CLASS (rd_queue_page_parent_class)->finalize (object);
}

static void
rd_queue_page_class_init (RdQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_queue_page_dispose;
  object_class->finalize = rd_queue_page_finalize;
  g_type_ensure (RD_TYPE_QUEUE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdQueuePage, list);
  gtk_widget_class_bind_template_child (widget_class, RdQueuePage, stack);
  gtk_widget_class_bind_template_child (widget_class, RdQueuePage, status_label);
  gtk_widget_class_install_action (widget_class, "queue.take", "x", take_action);
}

static void
rd_queue_page_init (RdQueuePage *self)
{
  self->taking = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
