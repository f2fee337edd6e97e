/* rd-voice-bar.c: record, then send or discard. The recorder is made on
 * the first recording; the bar shows either the recording (time, level,
 * Cancel, Send) or why there is none (the reason, and Close). */
#define G_LOG_DOMAIN "rd-voice-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-pasted-files.h"
#include "rd-voice-bar-private.h"
#include "rd-voice-recorder.h"

struct _RdVoiceBar
{
  GtkBox           parent_instance;

  GtkRevealer     *revealer;
  GtkWidget       *icon;
  GtkLabel        *label;
  GtkLevelBar     *level;
  GtkButton       *cancel_button;
  GtkWidget       *send_button;

  RdVoiceRecorder *recorder;
};

G_DEFINE_FINAL_TYPE (RdVoiceBar, rd_voice_bar, GTK_TYPE_BOX)

enum { PROP_0, PROP_SHOWN, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_RECORDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_shown (RdVoiceBar *self,
           gboolean    shown)
{
  if (gtk_revealer_get_reveal_child (self->revealer) == shown)
    return;
  gtk_revealer_set_reveal_child (self->revealer, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voice.cancel", shown);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

/* @error NULL: the recording runs. */
static void
show (RdVoiceBar *self,
      const char *error)
{
  gtk_widget_set_visible (self->icon, error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->level), error == NULL);
  gtk_widget_set_visible (self->send_button, error == NULL);
  /* Nothing to discard once it failed: the button only puts the bar away. */
  gtk_button_set_label (self->cancel_button, error ? _("_Close") : _("_Cancel"));
  if (error)
    {
      gtk_label_set_text (self->label, error);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "error");
  gtk_label_set_wrap (self->label, error != NULL);
  set_shown (self, TRUE);
}

static void
seconds_cb (RdVoiceBar *self)
{
  int seconds = (int) rd_voice_recorder_get_seconds (self->recorder);
  g_autofree char *text = NULL;

  /* Translators: "Recording… 0:07", minutes and seconds so far. */
  text = g_strdup_printf (_("Recording… %d:%02d"), seconds / 60, seconds % 60);
  gtk_label_set_text (self->label, text);
}

static void
level_cb (RdVoiceBar *self)
{
  gtk_level_bar_set_value (self->level, rd_voice_recorder_get_level (self->recorder));
}

static void
failed_cb (RdVoiceBar *self,
           const char *message)
{
  show (self, message);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdVoiceBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = rd_voice_recorder_finish_finish (RD_VOICE_RECORDER (source), result, &error);

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show (self, error->message);
      return;
    }
  set_shown (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_RECORDED], 0, file);
}

void
rd_voice_bar_record_or_send (RdVoiceBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (RD_IS_VOICE_BAR (self));

  if (self->recorder == NULL)
    {
      self->recorder = rd_voice_recorder_new ();
      g_signal_connect_object (self->recorder, "notify::seconds", G_CALLBACK (seconds_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->recorder, "notify::level", G_CALLBACK (level_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->recorder, "failed", G_CALLBACK (failed_cb), self, G_CONNECT_SWAPPED);
    }
  if (rd_voice_recorder_is_recording (self->recorder))
    {
      rd_voice_recorder_finish_async (self->recorder, recorded_cb, g_object_ref (self));
      return;
    }
  /* Translators: the start of a voice message's file name, "Voice message 2026-12-01 09-30-12.ogg". */
  path = rd_outgoing_file_path (_("Voice message"), "ogg", &error);
  if (path != NULL)
    {
      file = g_file_new_for_path (path);
      if (rd_voice_recorder_start (self->recorder, file, &error))
        {
          gtk_level_bar_set_value (self->level, 0);
          seconds_cb (self);
          show (self, NULL);
          return;
        }
    }
  show (self, error->message);
}

void
rd_voice_bar_cancel (RdVoiceBar *self)
{
  g_return_if_fail (RD_IS_VOICE_BAR (self));

  if (self->recorder)
    rd_voice_recorder_cancel (self->recorder);
  set_shown (self, FALSE);
}

gboolean
rd_voice_bar_is_shown (RdVoiceBar *self)
{
  g_return_val_if_fail (RD_IS_VOICE_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

gboolean
rd_voice_bar_is_recording (RdVoiceBar *self)
{
  g_return_val_if_fail (RD_IS_VOICE_BAR (self), FALSE);
  return self->recorder != NULL && rd_voice_recorder_is_recording (self->recorder);
}

double
rd_voice_bar_get_level (RdVoiceBar *self)
{
  g_return_val_if_fail (RD_IS_VOICE_BAR (self), 0);
  return gtk_level_bar_get_value (self->level);
}

const char *
rd_voice_bar_get_text (RdVoiceBar *self)
{
  g_return_val_if_fail (RD_IS_VOICE_BAR (self), NULL);
  return rd_voice_bar_is_shown (self) ? gtk_label_get_text (self->label) : NULL;
}

static void
record_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  rd_voice_bar_record_or_send (RD_VOICE_BAR (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  rd_voice_bar_cancel (RD_VOICE_BAR (widget));
}

static void
rd_voice_bar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOWN: g_value_set_boolean (value, rd_voice_bar_is_shown (RD_VOICE_BAR (object))); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_voice_bar_dispose (GObject *object)
{
  RdVoiceBar *self = RD_VOICE_BAR (object);

  if (self->recorder)
    rd_voice_recorder_cancel (self->recorder);
  g_clear_object (&self->recorder);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_VOICE_BAR);
  G_OBJECT_CLASS (rd_voice_bar_parent_class)->dispose (object);
}

static void
rd_voice_bar_class_init (RdVoiceBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rd_voice_bar_get_property;
  object_class->dispose = rd_voice_bar_dispose;
  properties[PROP_SHOWN] = g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-voice-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, icon);
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, label);
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, level);
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RdVoiceBar, send_button);
  gtk_widget_class_install_action (widget_class, "voice.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "voice.cancel", NULL, cancel_action);
}

static void
rd_voice_bar_init (RdVoiceBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "voice.cancel", FALSE);
}
