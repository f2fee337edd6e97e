/* rd-voice-bar.h: a voice message being recorded above a composer: the
 * time, the microphone's level, Cancel and Send; or why recording failed.
 * Emits "recorded" (GFile, an Ogg Opus file) when sent, and notifies
 * "shown" when it comes out or goes away. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_VOICE_BAR (rd_voice_bar_get_type ())
G_DECLARE_FINAL_TYPE (RdVoiceBar, rd_voice_bar, RD, VOICE_BAR, GtkBox)

/* Starts a recording, or (when one runs) stops it and sends it: the
 * "voice.record" action. */
void     rd_voice_bar_record_or_send (RdVoiceBar *self);
/* Discards the recording, or puts a failure away: "voice.cancel". */
void     rd_voice_bar_cancel         (RdVoiceBar *self);
/* Out: recording, or telling why it could not. */
gboolean rd_voice_bar_is_shown       (RdVoiceBar *self);

G_END_DECLS
