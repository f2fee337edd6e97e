/* rd-search-popover.h: search the history of all conversations. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_SEARCH_POPOVER (rd_search_popover_get_type ())
G_DECLARE_FINAL_TYPE (RdSearchPopover, rd_search_popover, RD, SEARCH_POPOVER, GtkPopover)

RdSearchPopover *rd_search_popover_new         (void);
void             rd_search_popover_set_client  (RdSearchPopover *self, RdClient *client);

G_END_DECLS
