/* rd-contact-row.h: one line of the contact list, or a group heading. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"
#include "rd-contact-list-model.h"

G_BEGIN_DECLS

#define RD_TYPE_CONTACT_ROW (rd_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (RdContactRow, rd_contact_row, RD, CONTACT_ROW, GtkBox)

RdContactRow *rd_contact_row_new           (void);
void          rd_contact_row_bind_group    (RdContactRow *self, RdContactGroup *group);
void          rd_contact_row_bind_contact  (RdContactRow *self, RdContact *contact,
                                            RdConversation *conversation);
void          rd_contact_row_unbind        (RdContactRow *self);
const char   *rd_contact_row_get_username  (RdContactRow *self);

G_END_DECLS
