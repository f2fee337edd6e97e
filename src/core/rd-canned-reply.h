/* rd-canned-reply.h: a reply agents can insert, by its title. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_CANNED_REPLY (rd_canned_reply_get_type ())
G_DECLARE_FINAL_TYPE (RdCannedReply, rd_canned_reply, RD, CANNED_REPLY, GObject)

RdCannedReply *rd_canned_reply_new       (const char *title, const char *body);
const char    *rd_canned_reply_get_title (RdCannedReply *self);
const char    *rd_canned_reply_get_body  (RdCannedReply *self);

G_END_DECLS
