/* rd-my-requests.c: the desk's "mine" model, one RdMyRequestRow each. */
#define G_LOG_DOMAIN "rd-my-requests"

#include "config.h"

#include "rd-my-request-row.h"
#include "rd-my-requests.h"

struct _RdMyRequests
{
  GtkBox      parent_instance;

  GtkListBox *list;
  RdClient   *client;
  GListModel *mine;
};

G_DEFINE_FINAL_TYPE (RdMyRequests, rd_my_requests, GTK_TYPE_BOX)

enum { SIGNAL_OPEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RdMyRequests *self = user_data;

  return rd_my_request_row_new (self->client, item);
}

static void
items_changed_cb (RdMyRequests *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), self->mine && g_list_model_get_n_items (self->mine) > 0);
}

static void
row_activated_cb (RdMyRequests  *self,
                  GtkListBoxRow *row)
{
  RdSupportRequest *request = rd_my_request_row_get_request (RD_MY_REQUEST_ROW (row));

  g_signal_emit (self, signals[SIGNAL_OPEN], 0, rd_support_request_get_requester (request));
}

void
rd_my_requests_set_client (RdMyRequests *self,
                           RdClient     *client)
{
  g_return_if_fail (RD_IS_MY_REQUESTS (self));

  if (self->mine != NULL)
    g_signal_handlers_disconnect_by_data (self->mine, self);
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->mine);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      self->mine = g_object_ref (rd_support_desk_get_mine (rd_client_get_support_desk (client)));
      gtk_list_box_bind_model (self->list, self->mine, create_row, self, NULL);
      g_signal_connect_object (self->mine, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
    }
  items_changed_cb (self);
}

guint
rd_my_requests_get_n (RdMyRequests *self)
{
  g_return_val_if_fail (RD_IS_MY_REQUESTS (self), 0);
  return self->mine ? g_list_model_get_n_items (self->mine) : 0;
}

gboolean
rd_my_requests_open (RdMyRequests *self,
                     gint64        request)
{
  g_return_val_if_fail (RD_IS_MY_REQUESTS (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (RD_IS_MY_REQUEST_ROW (row) &&
        rd_support_request_get_id (rd_my_request_row_get_request (RD_MY_REQUEST_ROW (row))) == request)
      {
        g_signal_emit_by_name (self->list, "row-activated", row);
        return TRUE;
      }
  return FALSE;
}

static void
rd_my_requests_dispose (GObject *object)
{
  RdMyRequests *self = RD_MY_REQUESTS (object);

  if (self->list != NULL)
    rd_my_requests_set_client (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_MY_REQUESTS);
  G_OBJECT_CLASS (rd_my_requests_parent_class)->dispose (object);
}

static void
rd_my_requests_class_init (RdMyRequestsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_my_requests_dispose;
  signals[SIGNAL_OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-my-requests.ui");
  gtk_widget_class_bind_template_child (widget_class, RdMyRequests, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
rd_my_requests_init (RdMyRequests *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
