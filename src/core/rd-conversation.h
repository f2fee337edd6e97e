/* rd-conversation.h: the messages exchanged with one peer. */
#pragma once

#include <gio/gio.h>

#include "rd-message.h"

G_BEGIN_DECLS

#define RD_TYPE_CONVERSATION (rd_conversation_get_type ())
G_DECLARE_FINAL_TYPE (RdConversation, rd_conversation, RD, CONVERSATION, GObject)

RdConversation *rd_conversation_new            (const char *peer);
const char     *rd_conversation_get_peer       (RdConversation *self);
/* A GListModel of RdMessage, oldest first. */
GListModel     *rd_conversation_get_messages   (RdConversation *self);
RdMessage      *rd_conversation_find           (RdConversation *self, const char *uuid);
guint           rd_conversation_get_unread     (RdConversation *self);
gboolean        rd_conversation_get_peer_typing (RdConversation *self);
gboolean        rd_conversation_get_has_more   (RdConversation *self);

void            _rd_conversation_append        (RdConversation *self, RdMessage *message);
/* Inserts older messages (oldest first) before everything shown; skips known ones. */
guint           _rd_conversation_prepend_history (RdConversation *self, GPtrArray *messages);
gint64          _rd_conversation_oldest_mid    (RdConversation *self);
void            _rd_conversation_set_has_more  (RdConversation *self, gboolean more);
void            _rd_conversation_set_peer_typing (RdConversation *self, gboolean typing);
void            _rd_conversation_recount_unread (RdConversation *self);
void            _rd_conversation_mark_message_read (RdConversation *self, RdMessage *message);

G_END_DECLS
