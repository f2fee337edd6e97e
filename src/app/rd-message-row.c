/* rd-message-row.c: a bubble, right-aligned and tinted for your own
 * messages, with the time and (for yours) the delivery state. */
#define G_LOG_DOMAIN "rd-message-row"

#include "config.h"

#include "rd-file-card.h"
#include "rd-message-format.h"
#include "rd-message-row.h"

struct _RdMessageRow
{
  GtkBox     parent_instance;

  GtkLabel  *day_label;
  GtkWidget *bubble;
  GtkLabel  *body_label;
  GtkLabel  *meta_label;
  RdFileCard *file_card;   /* made the first time a file is bound here */

  RdMessage *message;
};

G_DEFINE_FINAL_TYPE (RdMessageRow, rd_message_row, GTK_TYPE_BOX)

static void
update_meta (RdMessageRow *self)
{
  RdMessageState state = rd_message_get_state (self->message);
  g_autofree char *time = rd_message_format_time (rd_message_get_ts (self->message));
  g_autofree char *text = NULL;

  /* A file's card says where it stands; receipts are for text. */
  if (!rd_message_get_outgoing (self->message) || rd_message_get_transfer (self->message) != NULL)
    {
      gtk_label_set_text (self->meta_label, time);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), NULL);
      return;
    }
  text = *time ? g_strdup_printf ("%s %s", time, rd_message_format_state_mark (state))
               : g_strdup (rd_message_format_state_mark (state));
  gtk_label_set_text (self->meta_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->meta_label), rd_message_format_state_text (state));
  if (state == RD_MESSAGE_READ)
    gtk_widget_add_css_class (GTK_WIDGET (self->meta_label), "read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->meta_label), "read");
  if (state == RD_MESSAGE_FAILED)
    gtk_widget_add_css_class (self->bubble, "failed");
  else
    gtk_widget_remove_css_class (self->bubble, "failed");
  if (state == RD_MESSAGE_PENDING)
    gtk_widget_add_css_class (self->bubble, "pending");
  else
    gtk_widget_remove_css_class (self->bubble, "pending");
}

static void
show_file (RdMessageRow *self,
           RdTransfer   *transfer)
{
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), transfer == NULL);
  if (transfer == NULL)
    {
      gtk_widget_remove_css_class (self->bubble, "file");
      if (self->file_card)
        gtk_widget_set_visible (GTK_WIDGET (self->file_card), FALSE);
      return;
    }
  if (self->file_card == NULL)
    {
      self->file_card = rd_file_card_new ();
      gtk_box_insert_child_after (GTK_BOX (self->bubble), GTK_WIDGET (self->file_card),
                                  GTK_WIDGET (self->body_label));
    }
  gtk_widget_add_css_class (self->bubble, "file");
  gtk_widget_set_visible (GTK_WIDGET (self->file_card), TRUE);
  rd_file_card_bind (self->file_card, transfer);
}

RdFileCard *
rd_message_row_get_file_card (RdMessageRow *self)
{
  g_return_val_if_fail (RD_IS_MESSAGE_ROW (self), NULL);
  return self->file_card && gtk_widget_get_visible (GTK_WIDGET (self->file_card)) ? self->file_card : NULL;
}

void
rd_message_row_unbind (RdMessageRow *self)
{
  g_return_if_fail (RD_IS_MESSAGE_ROW (self));

  if (self->message)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_object (&self->message);
  if (self->file_card)
    rd_file_card_bind (self->file_card, NULL);
}

void
rd_message_row_bind (RdMessageRow *self,
                     RdMessage    *message,
                     RdMessage    *previous)
{
  g_autofree char *markup = NULL;
  gint64 ts;
  gboolean outgoing;

  g_return_if_fail (RD_IS_MESSAGE_ROW (self));
  g_return_if_fail (RD_IS_MESSAGE (message));

  rd_message_row_unbind (self);
  self->message = g_object_ref (message);
  outgoing = rd_message_get_outgoing (message);
  ts = rd_message_get_ts (message);

  show_file (self, rd_message_get_transfer (message));
  markup = rd_message_format_body_markup (rd_message_get_body (message));
  gtk_label_set_markup (self->body_label, markup);
  gtk_widget_set_halign (self->bubble, outgoing ? GTK_ALIGN_END : GTK_ALIGN_START);
  if (outgoing)
    {
      gtk_widget_add_css_class (self->bubble, "outgoing");
      gtk_widget_remove_css_class (self->bubble, "incoming");
    }
  else
    {
      gtk_widget_add_css_class (self->bubble, "incoming");
      gtk_widget_remove_css_class (self->bubble, "outgoing");
    }

  if (ts > 0 && (previous == NULL || rd_message_format_new_day (rd_message_get_ts (previous), ts)))
    {
      g_autofree char *day = rd_message_format_day (ts, g_get_real_time () / 1000);

      gtk_label_set_text (self->day_label, day);
      gtk_widget_set_visible (GTK_WIDGET (self->day_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->day_label), FALSE);

  update_meta (self);
  g_signal_connect_swapped (message, "notify::state", G_CALLBACK (update_meta), self);
}

RdMessageRow *
rd_message_row_new (void)
{
  return g_object_new (RD_TYPE_MESSAGE_ROW, NULL);
}

static void
rd_message_row_dispose (GObject *object)
{
  RdMessageRow *self = RD_MESSAGE_ROW (object);

  rd_message_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_MESSAGE_ROW);
  G_OBJECT_CLASS (rd_message_row_parent_class)->dispose (object);
}

static void
rd_message_row_class_init (RdMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_message_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdMessageRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, RdMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, RdMessageRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, RdMessageRow, meta_label);
}

static void
rd_message_row_init (RdMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
