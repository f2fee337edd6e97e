/* rd-voice-bar-private.h: what the tests read of a voice bar. */
#pragma once

#include "rd-voice-bar.h"

G_BEGIN_DECLS

gboolean    rd_voice_bar_is_recording (RdVoiceBar *self);
/* The level its meter shows, 0 to 1. */
double      rd_voice_bar_get_level    (RdVoiceBar *self);
/* The bar's text, or NULL while it is hidden. */
const char *rd_voice_bar_get_text     (RdVoiceBar *self);

G_END_DECLS
