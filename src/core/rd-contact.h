/* rd-contact.h: a person in the contact list, with live presence. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_CONTACT (rd_contact_get_type ())
G_DECLARE_FINAL_TYPE (RdContact, rd_contact, RD, CONTACT, GObject)

RdContact  *rd_contact_new_from_json   (JsonObject *object);
const char *rd_contact_get_username    (RdContact *self);
const char *rd_contact_get_display_name (RdContact *self);
const char *rd_contact_get_role        (RdContact *self);
const char *rd_contact_get_group       (RdContact *self);
const char *rd_contact_get_status      (RdContact *self);
const char *rd_contact_get_status_text (RdContact *self);
gint64      rd_contact_get_idle        (RdContact *self);
/* What the company directory says, in directory searches; "" otherwise. */
const char *rd_contact_get_mail        (RdContact *self);
const char *rd_contact_get_department  (RdContact *self);

/* Copies the fields present in @object (a contact entry or presence frame). */
void        _rd_contact_update         (RdContact *self, JsonObject *object);

G_END_DECLS
