/* rd-sound.h: theme sounds (the freedesktop sound theme's event ids,
 * played through GSound and libcanberra), unless the "sounds" setting is off. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_SOUND (rd_sound_get_type ())
G_DECLARE_FINAL_TYPE (RdSound, rd_sound, RD, SOUND, GObject)

RdSound *rd_sound_new  (GSettings *settings);
/* Plays @event_id ("message-new-instant"); @description is what it means,
 * for the sound server's list of what played. */
void     rd_sound_play (RdSound *self, const char *event_id, const char *description);
/* For tests: sounds asked for while the setting was on, and of them those
 * the sound system played to the end. */
guint    rd_sound_get_asked  (RdSound *self);
guint    rd_sound_get_played (RdSound *self);

G_END_DECLS
