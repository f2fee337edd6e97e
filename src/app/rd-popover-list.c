/* rd-popover-list.c: builds the entry, status line and boxed result list. */
#define G_LOG_DOMAIN "rd-popover-list"

#include "config.h"

#include "rd-popover-list.h"

void
rd_popover_list_build (GtkPopover    *popover,
                       RdPopoverList *parts,
                       const char    *placeholder,
                       int            width,
                       int            max_height)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  parts->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (parts->entry, "placeholder-text", placeholder, NULL);
  parts->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (parts->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (parts->list), "boxed-list");
  parts->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (parts->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (parts->status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (parts->status), FALSE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), max_height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (parts->list));
  gtk_widget_set_size_request (box, width, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (parts->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (parts->status));
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_popover_set_child (popover, box);
}

void
rd_popover_list_clear (RdPopoverList *parts)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (parts->list))) != NULL)
    gtk_list_box_remove (parts->list, child);
}

void
rd_popover_list_set_status (RdPopoverList *parts,
                            const char    *text)
{
  gtk_label_set_text (parts->status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (parts->status), text != NULL);
}
