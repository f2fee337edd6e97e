/* rd-conversation-page.h: a conversation tab: messages and the composer. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"
#include "rd-file-card.h"
#include "rd-support-bar.h"

G_BEGIN_DECLS

#define RD_TYPE_CONVERSATION_PAGE (rd_conversation_page_get_type ())
G_DECLARE_FINAL_TYPE (RdConversationPage, rd_conversation_page, RD, CONVERSATION_PAGE, GtkBox)

RdConversationPage *rd_conversation_page_new            (RdClient *client, const char *peer);
const char         *rd_conversation_page_get_peer       (RdConversationPage *self);
RdConversation     *rd_conversation_page_get_conversation (RdConversationPage *self);
/* The peer's display name, and their presence for the header. */
const char         *rd_conversation_page_get_title      (RdConversationPage *self);
const char         *rd_conversation_page_get_subtitle   (RdConversationPage *self);
guint               rd_conversation_page_get_unread     (RdConversationPage *self);
void                rd_conversation_page_mark_read      (RdConversationPage *self);
void                rd_conversation_page_focus_composer (RdConversationPage *self);
/* Brings a message into view, loading older history until it is there. */
void                rd_conversation_page_reveal_message (RdConversationPage *self, const char *uuid,
                                                         gint64 mid);
gboolean            rd_conversation_page_is_message_loaded (RdConversationPage *self, const char *uuid);
/* The agent's support tools above the messages; NULL removes them. */
void                rd_conversation_page_set_support_bar (RdConversationPage *self, RdSupportBar *bar);
RdSupportBar       *rd_conversation_page_get_support_bar (RdConversationPage *self);
char               *rd_conversation_page_get_draft       (RdConversationPage *self);
/* A file to go out with the next Send (what the attach button, a drop and
 * a paste of files or a picture do). */
void                rd_conversation_page_attach          (RdConversationPage *self, GFile *file);
guint               rd_conversation_page_get_n_attachments (RdConversationPage *self);
/* Pastes from the clipboard into the composer, as Ctrl+V does. */
void                rd_conversation_page_paste           (RdConversationPage *self);
/* The file card of the transfer with @transfer_id, if its row is shown. */
RdFileCard         *rd_conversation_page_find_file_card  (RdConversationPage *self, const char *transfer_id);

G_END_DECLS
