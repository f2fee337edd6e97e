/* rd-popover-list.h: a search entry over a list of results in a popover,
 * shared by the directory and the message search. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  GtkSearchEntry *entry;
  GtkListBox     *list;
  GtkLabel       *status;
} RdPopoverList;

void rd_popover_list_build      (GtkPopover *popover, RdPopoverList *parts, const char *placeholder,
                                 int width, int max_height);
void rd_popover_list_clear      (RdPopoverList *parts);
/* A line above the results ("Nobody found", an error); NULL hides it. */
void rd_popover_list_set_status (RdPopoverList *parts, const char *text);

G_END_DECLS
