/* rd-contact-list-model.h: contacts grouped, sorted and filtered for the
 * sidebar, as one flat list of RdContactGroup headers and RdContacts.
 * Needs no display, so its logic is unit-tested. */
#pragma once

#include <gio/gio.h>

#include "rd-contact.h"

G_BEGIN_DECLS

#define RD_TYPE_CONTACT_GROUP (rd_contact_group_get_type ())
G_DECLARE_FINAL_TYPE (RdContactGroup, rd_contact_group, RD, CONTACT_GROUP, GObject)

const char *rd_contact_group_get_name  (RdContactGroup *self);
guint       rd_contact_group_get_count (RdContactGroup *self);

#define RD_TYPE_CONTACT_LIST_MODEL (rd_contact_list_model_get_type ())
G_DECLARE_FINAL_TYPE (RdContactListModel, rd_contact_list_model, RD, CONTACT_LIST_MODEL, GObject)

RdContactListModel *rd_contact_list_model_new        (void);
/* A GListModel of RdContact, or NULL. */
void                rd_contact_list_model_set_source (RdContactListModel *self, GListModel *contacts);
/* Case-insensitive; matches display name, user name, group or status text. */
void                rd_contact_list_model_set_search (RdContactListModel *self, const char *text);
/* Rebuilds now instead of on the next idle (for tests). */
void                rd_contact_list_model_flush      (RdContactListModel *self);

G_END_DECLS
