/* rd-presence-selector.c: a drop-down of statuses and a status message
 * entry; follows the client when the status changes elsewhere (auto-away,
 * another device). */
#define G_LOG_DOMAIN "rd-presence-selector"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-presence-selector.h"
#include "rd-presence.h"

struct _RdPresenceSelector
{
  GtkBox       parent_instance;

  GtkDropDown *status_dropdown;
  GtkEntry    *text_entry;
  RdClient    *client;
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (RdPresenceSelector, rd_presence_selector, GTK_TYPE_BOX)

static void
sync_from_client (RdPresenceSelector *self)
{
  const char *status;

  if (self->client == NULL)
    return;
  status = rd_client_get_own_status (self->client);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, rd_presence_index (status));
  self->updating = FALSE;
}

static void
publish (RdPresenceSelector *self)
{
  guint index = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->client == NULL || self->updating)
    return;
  rd_client_set_presence (self->client, rd_presence_status_at (index),
                          gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
}

void
rd_presence_selector_set_client (RdPresenceSelector *self,
                                 RdClient           *client)
{
  g_return_if_fail (RD_IS_PRESENCE_SELECTOR (self));

  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
  if (client)
    {
      g_signal_connect_object (client, "notify::own-status", G_CALLBACK (sync_from_client), self,
                               G_CONNECT_SWAPPED);
      sync_from_client (self);
    }
}

static void
rd_presence_selector_dispose (GObject *object)
{
  RdPresenceSelector *self = RD_PRESENCE_SELECTOR (object);

  if (self->client)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_presence_selector_parent_class)->dispose (object);
}

static void
rd_presence_selector_class_init (RdPresenceSelectorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_presence_selector_dispose;
}

static void
rd_presence_selector_init (RdPresenceSelector *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < rd_presence_n_statuses (); i++)
    gtk_string_list_append (labels, rd_presence_label (rd_presence_status_at (i)));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->status_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_dropdown), _("Your status"));
  self->text_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->text_entry, _("Status message"));
  gtk_entry_set_max_length (self->text_entry, 100);
  gtk_widget_set_hexpand (GTK_WIDGET (self->text_entry), TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_dropdown));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->text_entry));

  g_signal_connect_swapped (self->status_dropdown, "notify::selected", G_CALLBACK (publish), self);
  g_signal_connect_swapped (self->text_entry, "activate", G_CALLBACK (publish), self);
}
