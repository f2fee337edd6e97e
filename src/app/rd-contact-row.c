/* rd-contact-row.c: avatar with initials and a presence dot, the name, the
 * status text, and the unread count of the conversation. */
#define G_LOG_DOMAIN "rd-contact-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-contact-row.h"
#include "rd-presence.h"

struct _RdContactRow
{
  GtkBox          parent_instance;

  GtkLabel       *header_label;
  GtkWidget      *contact_box;
  AdwAvatar      *avatar;
  GtkWidget      *presence_dot;
  GtkLabel       *name_label;
  GtkLabel       *status_label;
  GtkLabel       *unread_label;

  RdContact      *contact;
  RdConversation *conversation;
  const char     *dot_class;
};

G_DEFINE_FINAL_TYPE (RdContactRow, rd_contact_row, GTK_TYPE_BOX)

static void
update_contact (RdContactRow *self)
{
  const char *status = rd_contact_get_status (self->contact);
  const char *text = rd_contact_get_status_text (self->contact);
  g_autofree char *line = NULL;

  adw_avatar_set_text (self->avatar, rd_contact_get_display_name (self->contact));
  gtk_label_set_text (self->name_label, rd_contact_get_display_name (self->contact));
  line = text && *text ? g_strdup_printf ("%s — %s", rd_presence_label (status), text)
                       : g_strdup (rd_presence_label (status));
  gtk_label_set_text (self->status_label, line);
  if (self->dot_class)
    gtk_widget_remove_css_class (self->presence_dot, self->dot_class);
  self->dot_class = rd_presence_css_class (status);
  gtk_widget_add_css_class (self->presence_dot, self->dot_class);
  gtk_widget_set_tooltip_text (self->presence_dot, rd_presence_label (status));
}

static void
update_unread (RdContactRow *self)
{
  guint unread = self->conversation ? rd_conversation_get_unread (self->conversation) : 0;
  g_autofree char *text = g_strdup_printf ("%u", unread);

  gtk_label_set_text (self->unread_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->unread_label),
                               unread > 0 ? _("Unread messages") : NULL);
}

void
rd_contact_row_unbind (RdContactRow *self)
{
  g_return_if_fail (RD_IS_CONTACT_ROW (self));

  if (self->contact)
    g_signal_handlers_disconnect_by_data (self->contact, self);
  if (self->conversation)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_clear_object (&self->contact);
  g_clear_object (&self->conversation);
}

void
rd_contact_row_bind_group (RdContactRow   *self,
                           RdContactGroup *group)
{
  g_return_if_fail (RD_IS_CONTACT_ROW (self));

  rd_contact_row_unbind (self);
  gtk_label_set_text (self->header_label, rd_contact_group_get_name (group));
  gtk_widget_set_visible (GTK_WIDGET (self->header_label), TRUE);
  gtk_widget_set_visible (self->contact_box, FALSE);
}

void
rd_contact_row_bind_contact (RdContactRow   *self,
                             RdContact      *contact,
                             RdConversation *conversation)
{
  g_return_if_fail (RD_IS_CONTACT_ROW (self));
  g_return_if_fail (RD_IS_CONTACT (contact));

  rd_contact_row_unbind (self);
  gtk_widget_set_visible (GTK_WIDGET (self->header_label), FALSE);
  gtk_widget_set_visible (self->contact_box, TRUE);
  self->contact = g_object_ref (contact);
  g_signal_connect_swapped (contact, "notify", G_CALLBACK (update_contact), self);
  update_contact (self);
  if (conversation)
    {
      self->conversation = g_object_ref (conversation);
      g_signal_connect_swapped (conversation, "notify::unread", G_CALLBACK (update_unread), self);
    }
  update_unread (self);
}

const char *
rd_contact_row_get_username (RdContactRow *self)
{
  g_return_val_if_fail (RD_IS_CONTACT_ROW (self), NULL);
  return self->contact ? rd_contact_get_username (self->contact) : NULL;
}

RdContactRow *
rd_contact_row_new (void)
{
  return g_object_new (RD_TYPE_CONTACT_ROW, NULL);
}

static void
rd_contact_row_dispose (GObject *object)
{
  RdContactRow *self = RD_CONTACT_ROW (object);

  rd_contact_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CONTACT_ROW);
  G_OBJECT_CLASS (rd_contact_row_parent_class)->dispose (object);
}

static void
rd_contact_row_class_init (RdContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_contact_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, header_label);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, contact_box);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, presence_dot);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdContactRow, unread_label);
}

static void
rd_contact_row_init (RdContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
