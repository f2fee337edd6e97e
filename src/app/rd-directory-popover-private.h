/* rd-directory-popover-private.h: what the UI tests drive in the
 * directory popover as a person would: type, then click a person. */
#pragma once

#include "rd-directory-popover.h"

G_BEGIN_DECLS

void     rd_directory_popover_search   (RdDirectoryPopover *self, const char *query);
guint    rd_directory_popover_get_n_found (RdDirectoryPopover *self);
/* Clicks the row of @username; FALSE if it is not among those found. */
gboolean rd_directory_popover_pick     (RdDirectoryPopover *self, const char *username);

G_END_DECLS
