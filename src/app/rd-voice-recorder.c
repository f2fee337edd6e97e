/* rd-voice-recorder.c: source ! audioconvert ! audioresample ! level !
 * opusenc ! oggmux ! filesink. Ending sends end-of-stream and waits for it
 * to reach the file sink, so the Ogg file is closed properly; the level
 * element's messages give the loudness for the meter. */
#define G_LOG_DOMAIN "rd-voice-recorder"

#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_GSTREAMER
#include <gst/gst.h>
#endif

#include "rd-voice-recorder.h"

#define FINISH_TIMEOUT_MS 5000
#define TICK_MS           100

struct _RdVoiceRecorder
{
  GObject     parent_instance;

#ifdef HAVE_GSTREAMER
  GstElement *pipeline;
  guint       bus_watch;
#endif
  GFile      *file;
  guint       tick;
  guint       finish_timeout;
  GTask      *finishing;
  gint64      started_us;
  double      seconds;
  double      level;
};

G_DEFINE_FINAL_TYPE (RdVoiceRecorder, rd_voice_recorder, G_TYPE_OBJECT)

enum { PROP_0, PROP_SECONDS, PROP_LEVEL, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

#ifdef HAVE_GSTREAMER

static const char *const NEEDED[] = { "audioconvert", "audioresample", "level", "opusenc", "oggmux", "filesink" };

/* Asked by every conversation tab: GStreamer's registry is read once. */
static gboolean
find_elements (void)
{
  if (!gst_init_check (NULL, NULL, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (NEEDED); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (NEEDED[i]);

      if (factory == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
rd_voice_recorder_is_available (void)
{
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    g_once_init_leave (&answer, find_elements () ? 2 : 1);
  return answer == 2;
}

/* Back to nothing: the pipeline, its watch and timers go. */
static void
tear_down (RdVoiceRecorder *self)
{
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->finish_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  self->level = 0;
}

static void
delete_file (RdVoiceRecorder *self)
{
  if (self->file)
    g_file_delete (self->file, NULL, NULL);
  g_clear_object (&self->file);
}

static void
failed (RdVoiceRecorder *self,
        const char      *message)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->finishing);

  g_message ("voice recording failed: %s", message);
  tear_down (self);
  delete_file (self);
  if (task)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
  else
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

/* The level element reports the loudness in dB (0 is full scale); the
 * meter shows the last 60 dB, as sound settings do. */
static void
level_message (RdVoiceRecorder    *self,
               const GstStructure *structure)
{
  const GValue *rms = gst_structure_get_value (structure, "rms");
  double loudest = -G_MAXDOUBLE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (rms == NULL || !G_VALUE_HOLDS_BOXED (rms) || g_value_get_boxed (rms) == NULL)
    return;
  for (guint i = 0; i < ((GValueArray *) g_value_get_boxed (rms))->n_values; i++)
    loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (g_value_get_boxed (rms), i)));
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->level = CLAMP ((loudest + 60) / 60, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  RdVoiceRecorder *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("GStreamer: %s", debug ? debug : "");
        /* Translators: %s is GStreamer's reason, e.g. "Could not open audio device for recording." */
        text = g_strdup_printf (_("Cannot record a voice message: %s"), error->message);
        self->bus_watch = 0;
        failed (self, text);
        return G_SOURCE_REMOVE;
      }
    case GST_MESSAGE_EOS:
      if (self->finishing)
        {
          g_autoptr(GTask) task = g_steal_pointer (&self->finishing);

          self->bus_watch = 0;
          tear_down (self);
          g_task_return_pointer (task, g_steal_pointer (&self->file), g_object_unref);
          return G_SOURCE_REMOVE;
        }
      break;
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "level"))
        level_message (self, gst_message_get_structure (message));
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (gpointer data)
{
  RdVoiceRecorder *self = data;
  gint64 position = 0;

  if (self->pipeline && gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position > 0)
    self->seconds = (double) position / GST_SECOND;
  else
    self->seconds = (g_get_monotonic_time () - self->started_us) / 1e6;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
  return G_SOURCE_CONTINUE;
}

gboolean
rd_voice_recorder_start (RdVoiceRecorder  *self,
                         GFile            *file,
                         GError          **error)
{
  const char *source = g_getenv ("RELAYDESK_AUDIO_SOURCE");
  g_autofree char *description = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (RD_IS_VOICE_RECORDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->pipeline)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A voice message is already being recorded."));
      return FALSE;
    }
  if (!rd_voice_recorder_is_available ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Voice messages need GStreamer's Opus and Ogg plugins."));
      return FALSE;
    }
  /* Mono speech at 32 kbit/s: a minute is about 240 kB. */
  description = g_strdup_printf ("%s ! queue ! audioconvert ! audioresample ! audio/x-raw,channels=1 ! "
                                 "level interval=100000000 post-messages=true ! "
                                 "opusenc bitrate=32000 audio-type=voice ! oggmux ! filesink name=sink",
                                 source && *source ? source : "autoaudiosrc");
  self->pipeline = gst_parse_launch (description, &parse_error);
  if (self->pipeline == NULL || parse_error != NULL)
    {
      gst_clear_object (&self->pipeline);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Cannot record a voice message: %s"),
                   parse_error ? parse_error->message : "no pipeline");
      return FALSE;
    }
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  g_object_set (sink, "location", g_file_peek_path (file), NULL);
  g_set_object (&self->file, file);
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      tear_down (self);
      delete_file (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No microphone could be opened."));
      return FALSE;
    }
  self->started_us = g_get_monotonic_time ();
  self->seconds = 0;
  self->tick = g_timeout_add (TICK_MS, tick_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
  return TRUE;
}

static gboolean
finish_timeout_cb (gpointer data)
{
  RdVoiceRecorder *self = data;

  self->finish_timeout = 0;
  failed (self, _("The recording did not end properly and was deleted."));
  return G_SOURCE_REMOVE;
}

void
rd_voice_recorder_finish_async (RdVoiceRecorder     *self,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RD_IS_VOICE_RECORDER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, rd_voice_recorder_finish_async);
  if (self->pipeline == NULL || self->finishing != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "not recording");
      g_object_unref (task);
      return;
    }
  self->finishing = task;
  g_clear_handle_id (&self->tick, g_source_remove);
  self->finish_timeout = g_timeout_add (FINISH_TIMEOUT_MS, finish_timeout_cb, self);
  gst_element_send_event (self->pipeline, gst_event_new_eos ());
}

void
rd_voice_recorder_cancel (RdVoiceRecorder *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_VOICE_RECORDER (self));

  task = g_steal_pointer (&self->finishing);
  tear_down (self);
  delete_file (self);
  if (task)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the recording was cancelled");
}

gboolean
rd_voice_recorder_is_recording (RdVoiceRecorder *self)
{
  g_return_val_if_fail (RD_IS_VOICE_RECORDER (self), FALSE);
  return self->pipeline != NULL;
}

#else /* !HAVE_GSTREAMER */

gboolean
rd_voice_recorder_is_available (void)
{
  return FALSE;
}

gboolean
rd_voice_recorder_start (RdVoiceRecorder  *self,
                         GFile            *file,
                         GError          **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This build cannot record voice messages."));
  return FALSE;
}

void
rd_voice_recorder_finish_async (RdVoiceRecorder     *self,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, rd_voice_recorder_finish_async, G_IO_ERROR,
                           G_IO_ERROR_NOT_SUPPORTED, "not recording");
}

void
rd_voice_recorder_cancel (RdVoiceRecorder *self)
{
}

gboolean
rd_voice_recorder_is_recording (RdVoiceRecorder *self)
{
  return FALSE;
}

#endif /* HAVE_GSTREAMER */

GFile *
rd_voice_recorder_finish_finish (RdVoiceRecorder  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

double
rd_voice_recorder_get_seconds (RdVoiceRecorder *self)
{
  g_return_val_if_fail (RD_IS_VOICE_RECORDER (self), 0);
  return self->seconds;
}

double
rd_voice_recorder_get_level (RdVoiceRecorder *self)
{
  g_return_val_if_fail (RD_IS_VOICE_RECORDER (self), 0);
  return self->level;
}

RdVoiceRecorder *
rd_voice_recorder_new (void)
{
  return g_object_new (RD_TYPE_VOICE_RECORDER, NULL);
}

static void
rd_voice_recorder_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RdVoiceRecorder *self = RD_VOICE_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;
    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_voice_recorder_dispose (GObject *object)
{
  RdVoiceRecorder *self = RD_VOICE_RECORDER (object);

  /* Nobody is left to send it: what was being recorded goes. */
  rd_voice_recorder_cancel (self);
  G_OBJECT_CLASS (rd_voice_recorder_parent_class)->dispose (object);
}

static void
rd_voice_recorder_class_init (RdVoiceRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_voice_recorder_get_property;
  object_class->dispose = rd_voice_recorder_dispose;
  properties[PROP_SECONDS] = g_param_spec_double ("seconds", NULL, NULL, 0, G_MAXDOUBLE, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] = g_param_spec_double ("level", NULL, NULL, 0, 1, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Recording stopped by itself (no microphone, unplugged): the file is gone. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_voice_recorder_init (RdVoiceRecorder *self)
{
}
