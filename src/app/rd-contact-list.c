/* rd-contact-list.c: search entry, "add contact" and a GtkListView of
 * RdContactRows over an RdContactListModel. Activating a contact emits
 * "contact-activated" with the user name. */
#define G_LOG_DOMAIN "rd-contact-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-contact-list-private.h"
#include "rd-contact-row.h"
#include "rd-directory-popover.h"

struct _RdContactList
{
  GtkBox              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkStack           *stack;
  RdDirectoryPopover *directory;
  RdContactListModel *model;
  RdClient           *client;
};

G_DEFINE_FINAL_TYPE (RdContactList, rd_contact_list, GTK_TYPE_BOX)

enum {
  SIGNAL_CONTACT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (rd_contact_row_new ()));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         RdContactList            *self)
{
  RdContactRow *row = RD_CONTACT_ROW (gtk_list_item_get_child (item));
  GObject *object = gtk_list_item_get_item (item);

  if (RD_IS_CONTACT_GROUP (object))
    {
      rd_contact_row_bind_group (row, RD_CONTACT_GROUP (object));
      gtk_list_item_set_activatable (item, FALSE);
      gtk_list_item_set_selectable (item, FALSE);
      return;
    }
  gtk_list_item_set_activatable (item, TRUE);
  gtk_list_item_set_selectable (item, TRUE);
  rd_contact_row_bind_contact (row, RD_CONTACT (object),
                               self->client ? rd_client_get_conversation (self->client,
                                                                          rd_contact_get_username (RD_CONTACT (object)),
                                                                          TRUE)
                                            : NULL);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  rd_contact_row_unbind (RD_CONTACT_ROW (gtk_list_item_get_child (item)));
}

static void
activate_cb (RdContactList *self,
             guint          position)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (RD_IS_CONTACT (object))
    g_signal_emit (self, signals[SIGNAL_CONTACT_ACTIVATED], 0, rd_contact_get_username (RD_CONTACT (object)));
}

gboolean
rd_contact_list_activate_username (RdContactList *self,
                                   const char    *username)
{
  GListModel *model;

  g_return_val_if_fail (RD_IS_CONTACT_LIST (self), FALSE);

  model = G_LIST_MODEL (self->model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);

      if (RD_IS_CONTACT (object) && g_strcmp0 (rd_contact_get_username (RD_CONTACT (object)), username) == 0)
        {
          g_signal_emit_by_name (self->list_view, "activate", i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
search_changed_cb (RdContactList *self)
{
  rd_contact_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (RdContactList *self)
{
  /* Enter in the search opens the first match. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->model)); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (RD_IS_CONTACT (object))
        {
          activate_cb (self, i);
          return;
        }
    }
}

static void
model_changed_cb (RdContactList *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

void
rd_contact_list_set_client (RdContactList *self,
                            RdClient      *client)
{
  g_return_if_fail (RD_IS_CONTACT_LIST (self));

  g_set_object (&self->client, client);
  rd_directory_popover_set_client (self->directory, client);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  rd_contact_list_model_set_source (self->model, client ? rd_client_get_contacts (client) : NULL);
}

void
rd_contact_list_focus_search (RdContactList *self)
{
  g_return_if_fail (RD_IS_CONTACT_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

RdDirectoryPopover *
rd_contact_list_get_directory (RdContactList *self)
{
  g_return_val_if_fail (RD_IS_CONTACT_LIST (self), NULL);
  return self->directory;
}

void
rd_contact_list_set_search (RdContactList *self,
                            const char    *text)
{
  g_return_if_fail (RD_IS_CONTACT_LIST (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  rd_contact_list_model_flush (self->model);
}

RdContactListModel *
rd_contact_list_get_model (RdContactList *self)
{
  g_return_val_if_fail (RD_IS_CONTACT_LIST (self), NULL);
  return self->model;
}

static void
rd_contact_list_dispose (GObject *object)
{
  RdContactList *self = RD_CONTACT_LIST (object);

  g_clear_object (&self->client);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (rd_contact_list_parent_class)->dispose (object);
}

static void
rd_contact_list_class_init (RdContactListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_contact_list_dispose;

  signals[SIGNAL_CONTACT_ACTIVATED] =
    g_signal_new ("contact-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_contact_list_init (RdContactList *self)
{
  GtkWidget *search_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *add_button = gtk_menu_button_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->model = rd_contact_list_model_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search contacts"), NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
  self->directory = rd_directory_popover_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (add_button), "contact-new-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (add_button), GTK_WIDGET (self->directory));
  gtk_widget_set_tooltip_text (add_button, _("Add a Contact"));
  gtk_box_append (GTK_BOX (search_box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (search_box), add_button);
  gtk_widget_set_margin_start (search_box, 6);
  gtk_widget_set_margin_end (search_box, 6);
  gtk_widget_set_margin_bottom (search_box, 6);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  /* Rows are for activating; which conversation is open, the tabs say. */
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (selection, factory));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "system-users-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Contacts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Add people from the company directory"));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scroller, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self), search_box);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));
  gtk_stack_set_visible_child_name (self->stack, "empty");

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
}
