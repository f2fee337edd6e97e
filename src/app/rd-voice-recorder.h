/* rd-voice-recorder.h: records a voice message from the microphone into
 * an Ogg Opus file with GStreamer, and tells how long and how loud it is
 * while it records. Without GStreamer at build time it is never available. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_VOICE_RECORDER (rd_voice_recorder_get_type ())
G_DECLARE_FINAL_TYPE (RdVoiceRecorder, rd_voice_recorder, RD, VOICE_RECORDER, GObject)

/* Whether this build can record at all (GStreamer and its Opus encoder,
 * Ogg muxer and level meter are there). A missing microphone shows only
 * once recording starts, as a "failed" signal. */
gboolean         rd_voice_recorder_is_available (void);

RdVoiceRecorder *rd_voice_recorder_new          (void);
/* Starts recording into @file (replaced). The source is the desktop's
 * default microphone, or the GStreamer description in the environment
 * variable RELAYDESK_AUDIO_SOURCE (tests: "audiotestsrc is-live=true"). */
gboolean         rd_voice_recorder_start        (RdVoiceRecorder *self, GFile *file, GError **error);
gboolean         rd_voice_recorder_is_recording (RdVoiceRecorder *self);
/* Seconds recorded so far, and the loudness just now (0 silence .. 1). */
double           rd_voice_recorder_get_seconds  (RdVoiceRecorder *self);
double           rd_voice_recorder_get_level    (RdVoiceRecorder *self);
/* Ends the recording: the file is complete when @callback runs. */
void             rd_voice_recorder_finish_async (RdVoiceRecorder     *self,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The file recorded (a new reference), or NULL with @error. */
GFile           *rd_voice_recorder_finish_finish (RdVoiceRecorder *self, GAsyncResult *result, GError **error);
/* Stops and deletes what was recorded. */
void             rd_voice_recorder_cancel       (RdVoiceRecorder *self);

G_END_DECLS
