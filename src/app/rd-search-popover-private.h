/* rd-search-popover-private.h: what the UI tests drive and read in rd-search-popover.c. */
#pragma once

#include "rd-search-popover.h"

G_BEGIN_DECLS

/* For tests: search now, without the typing delay. */
void             rd_search_popover_search      (RdSearchPopover *self, const char *text);
guint            rd_search_popover_get_n_results (RdSearchPopover *self);
/* Activates result @index as a click would. */
void             rd_search_popover_activate_result (RdSearchPopover *self, guint index);

G_END_DECLS
