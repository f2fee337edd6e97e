/* rd-directory-popover.c: searches as you type (each new query cancels the
 * last); a click on a person adds them to your contacts. */
#define G_LOG_DOMAIN "rd-directory-popover"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-directory-popover.h"
#include "rd-popover-list.h"

struct _RdDirectoryPopover
{
  GtkPopover      parent_instance;

  RdPopoverList   parts;
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
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
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
  const char *username = g_object_get_data (G_OBJECT (row), "username");

  if (self->client == NULL || username == NULL)
    return;
  rd_client_add_contact_async (self->client, username, NULL, NULL, add_done_cb, g_object_ref (self));
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  RdDirectoryPopover *self;
  JsonArray *users;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_DIRECTORY_POPOVER (user_data);
  rd_popover_list_clear (&self->parts);
  if (reply == NULL)
    {
      rd_popover_list_set_status (&self->parts, error->message);
      return;
    }
  users = json_object_get_array_member (reply, "users");
  rd_popover_list_set_status (&self->parts, json_array_get_length (users) == 0 ? _("Nobody found") : NULL);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      const char *username = rd_frame_get_string (user, "username", "");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", username, rd_frame_get_string (user, "role", ""));
      GtkWidget *row = adw_action_row_new ();

      /* Names are text, not markup: "R&D <Ops>" must show as typed. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_frame_get_string (user, "display_name", username));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("list-add-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "username", g_strdup (username), g_free);
      gtk_list_box_append (self->parts.list, row);
    }
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
rd_directory_popover_set_client (RdDirectoryPopover *self,
                                 RdClient           *client)
{
  g_return_if_fail (RD_IS_DIRECTORY_POPOVER (self));

  g_set_object (&self->client, client);
  rd_popover_list_clear (&self->parts);
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
  G_OBJECT_CLASS (rd_directory_popover_parent_class)->dispose (object);
}

static void
rd_directory_popover_class_init (RdDirectoryPopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_directory_popover_dispose;
}

static void
rd_directory_popover_init (RdDirectoryPopover *self)
{
  rd_popover_list_build (GTK_POPOVER (self), &self->parts, _("Search the company directory"), 300, 360);

  g_signal_connect_swapped (self->parts.entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->parts.list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self, "show", G_CALLBACK (search_changed_cb), self);
}
