/* rd-contact-list-private.h: what the UI tests drive and read in rd-contact-list.c. */
#pragma once

#include "rd-contact-list.h"
#include "rd-directory-popover.h"

G_BEGIN_DECLS

void                rd_contact_list_set_search    (RdContactList *self, const char *text);
/* The "add a contact" popover. */
RdDirectoryPopover *rd_contact_list_get_directory (RdContactList *self);

G_END_DECLS
