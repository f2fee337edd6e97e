/* rd-directory-popover.c: searches as you type (each new query cancels the
 * last); the people found are a model bound to the list, and a click on
 * one adds them to your contacts, in the group of their department when
 * the company directory gives one. */
#define G_LOG_DOMAIN "rd-directory-popover"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-directory-popover-private.h"
#include "rd-popover-list.h"

struct _RdDirectoryPopover
{
  GtkPopover      parent_instance;

  RdPopoverList   parts;
  GListStore     *found;     /* RdContact */
  RdClient       *client;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (RdDirectoryPopover, rd_directory_popover, GTK_TYPE_POPOVER)

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdDirectoryPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_client_change_contact_finish (RD_CLIENT (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not add: %s"), error->message);
      rd_popover_list_set_status (&self->parts, text);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
row_activated_cb (RdDirectoryPopover *self,
                  GtkListBoxRow      *row)
{
  g_autoptr(RdContact) person = g_list_model_get_item (G_LIST_MODEL (self->found), gtk_list_box_row_get_index (row));

  if (self->client == NULL || person == NULL)
    return;
  rd_client_add_contact_async (self->client, rd_contact_get_username (person),
                               *rd_contact_get_department (person) ? rd_contact_get_department (person) : NULL,
                               NULL, add_done_cb, g_object_ref (self));
}

static GtkWidget *
person_row_new (gpointer item,
                gpointer user_data)
{
  RdContact *person = item;
  g_autoptr(GString) subtitle = g_string_new (rd_contact_get_username (person));
  GtkWidget *row = adw_action_row_new ();

  g_string_append_printf (subtitle, " · %s", rd_contact_get_role (person));
  /* From the company directory: where they work, how to write to them. */
  if (*rd_contact_get_department (person) != '\0')
    g_string_append_printf (subtitle, " · %s", rd_contact_get_department (person));
  if (*rd_contact_get_mail (person) != '\0')
    g_string_append_printf (subtitle, " · %s", rd_contact_get_mail (person));

  /* Names are text, not markup: "R&D <Ops>" must show as typed. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_contact_get_display_name (person));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = rd_client_search_directory_finish (RD_CLIENT (source), result, &error);
  RdDirectoryPopover *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_DIRECTORY_POPOVER (user_data);
  if (people == NULL)
    {
      g_list_store_remove_all (self->found);
      rd_popover_list_set_status (&self->parts, error->message);
      return;
    }
  rd_popover_list_set_status (&self->parts, people->len == 0 ? _("Nobody found") : NULL);
  g_list_store_splice (self->found, 0, g_list_model_get_n_items (G_LIST_MODEL (self->found)), people->pdata,
                       people->len);
}

static void
search_changed_cb (RdDirectoryPopover *self)
{
  if (self->client == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_client_search_directory_async (self->client, gtk_editable_get_text (GTK_EDITABLE (self->parts.entry)),
                                    self->cancellable, search_done_cb, self);
}

void
rd_directory_popover_search (RdDirectoryPopover *self,
                             const char         *query)
{
  g_return_if_fail (RD_IS_DIRECTORY_POPOVER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->parts.entry), query);
  search_changed_cb (self);
}

guint
rd_directory_popover_get_n_found (RdDirectoryPopover *self)
{
  g_return_val_if_fail (RD_IS_DIRECTORY_POPOVER (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->found));
}

gboolean
rd_directory_popover_pick (RdDirectoryPopover *self,
                           const char         *username)
{
  guint n;

  g_return_val_if_fail (RD_IS_DIRECTORY_POPOVER (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->found));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdContact) person = g_list_model_get_item (G_LIST_MODEL (self->found), i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->parts.list, i);

      if (row != NULL && g_str_equal (rd_contact_get_username (person), username))
        {
          g_signal_emit_by_name (self->parts.list, "row-activated", row);
          return TRUE;
        }
    }
  return FALSE;
}

void
rd_directory_popover_set_client (RdDirectoryPopover *self,
                                 RdClient           *client)
{
  g_return_if_fail (RD_IS_DIRECTORY_POPOVER (self));

  g_set_object (&self->client, client);
  g_list_store_remove_all (self->found);
  rd_popover_list_set_status (&self->parts, NULL);
}

RdDirectoryPopover *
rd_directory_popover_new (void)
{
  return g_object_new (RD_TYPE_DIRECTORY_POPOVER, NULL);
}

static void
rd_directory_popover_dispose (GObject *object)
{
  RdDirectoryPopover *self = RD_DIRECTORY_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  if (self->parts.list != NULL)
    gtk_list_box_bind_model (self->parts.list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->found);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DIRECTORY_POPOVER);
  G_OBJECT_CLASS (rd_directory_popover_parent_class)->dispose (object);
}

static void
rd_directory_popover_class_init (RdDirectoryPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_directory_popover_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-directory-popover.ui");
  /* The parts the status helpers of rd-popover-list.h work on. */
  gtk_widget_class_bind_template_child_full (widget_class, "entry", FALSE,
                                             G_STRUCT_OFFSET (RdDirectoryPopover, parts.entry));
  gtk_widget_class_bind_template_child_full (widget_class, "list", FALSE,
                                             G_STRUCT_OFFSET (RdDirectoryPopover, parts.list));
  gtk_widget_class_bind_template_child_full (widget_class, "status", FALSE,
                                             G_STRUCT_OFFSET (RdDirectoryPopover, parts.status));
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
rd_directory_popover_init (RdDirectoryPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->found = g_list_store_new (RD_TYPE_CONTACT);
  gtk_list_box_bind_model (self->parts.list, G_LIST_MODEL (self->found), person_row_new, NULL, NULL);
}
