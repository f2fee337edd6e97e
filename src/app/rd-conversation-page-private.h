/* rd-conversation-page-private.h: what the tests reach inside a
 * conversation page. */
#pragma once

#include "rd-conversation-page.h"
#include "rd-voice-bar-private.h"

G_BEGIN_DECLS

RdVoiceBar *rd_conversation_page_get_voice_bar (RdConversationPage *self);

/* For tests: type @text into the composer and press Enter. */
void                rd_conversation_page_type_and_send  (RdConversationPage *self, const char *text);
gboolean            rd_conversation_page_is_typing_shown (RdConversationPage *self);

G_END_DECLS
