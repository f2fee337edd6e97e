/* rd-directory-popover.h: find people in the company directory and add them. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_DIRECTORY_POPOVER (rd_directory_popover_get_type ())
G_DECLARE_FINAL_TYPE (RdDirectoryPopover, rd_directory_popover, RD, DIRECTORY_POPOVER, GtkPopover)

RdDirectoryPopover *rd_directory_popover_new        (void);
void                rd_directory_popover_set_client (RdDirectoryPopover *self, RdClient *client);

G_END_DECLS
