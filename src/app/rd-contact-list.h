/* rd-contact-list.h: the sidebar's searchable, grouped list of contacts. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"
#include "rd-contact-list-model.h"

G_BEGIN_DECLS

#define RD_TYPE_CONTACT_LIST (rd_contact_list_get_type ())
G_DECLARE_FINAL_TYPE (RdContactList, rd_contact_list, RD, CONTACT_LIST, GtkBox)

void                rd_contact_list_set_client    (RdContactList *self, RdClient *client);
void                rd_contact_list_focus_search  (RdContactList *self);
RdContactListModel *rd_contact_list_get_model     (RdContactList *self);
/* Activates the row of @username as a click would; FALSE if not listed. */
gboolean            rd_contact_list_activate_username (RdContactList *self, const char *username);

G_END_DECLS
