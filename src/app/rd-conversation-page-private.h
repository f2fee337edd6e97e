/* rd-conversation-page-private.h: what the tests reach inside a
 * conversation page. */
#pragma once

#include "rd-conversation-page.h"
#include "rd-voice-bar-private.h"

G_BEGIN_DECLS

RdVoiceBar *rd_conversation_page_get_voice_bar (RdConversationPage *self);

G_END_DECLS
