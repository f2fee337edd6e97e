/* rd-sound.c: a GSound context made at the first sound; a desktop with no
 * sound device only logs why nothing was heard. */
#define G_LOG_DOMAIN "rd-sound"

#include "config.h"

#include <gsound.h>

#include "rd-sound.h"

struct _RdSound
{
  GObject        parent_instance;

  GSettings     *settings;
  GSoundContext *context;
  guint          asked;
  guint          played;
};

G_DEFINE_FINAL_TYPE (RdSound, rd_sound, G_TYPE_OBJECT)

RdSound *
rd_sound_new (GSettings *settings)
{
  RdSound *self = g_object_new (RD_TYPE_SOUND, NULL);

  self->settings = g_object_ref (settings);
  return self;
}

static void
played_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdSound) self = user_data;
  g_autoptr(GError) error = NULL;

  if (gsound_context_play_full_finish (GSOUND_CONTEXT (source), result, &error))
    self->played++;
  else
    g_debug ("no sound: %s", error->message);
}

void
rd_sound_play (RdSound    *self,
               const char *event_id,
               const char *description)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RD_IS_SOUND (self));
  g_return_if_fail (event_id != NULL);

  if (!g_settings_get_boolean (self->settings, "sounds"))
    return;
  self->asked++;
  if (self->context == NULL)
    {
      self->context = gsound_context_new (NULL, &error);
      if (self->context == NULL)
        {
          g_debug ("no sound: %s", error->message);
          return;
        }
    }
  gsound_context_play_full (self->context, NULL, played_cb, g_object_ref (self),
                            GSOUND_ATTR_EVENT_ID, event_id,
                            GSOUND_ATTR_EVENT_DESCRIPTION, description,
                            NULL);
}

guint
rd_sound_get_asked (RdSound *self)
{
  g_return_val_if_fail (RD_IS_SOUND (self), 0);
  return self->asked;
}

guint
rd_sound_get_played (RdSound *self)
{
  g_return_val_if_fail (RD_IS_SOUND (self), 0);
  return self->played;
}

static void
rd_sound_finalize (GObject *object)
{
  RdSound *self = RD_SOUND (object);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_sound_parent_class)->finalize (object);
}

static void
rd_sound_class_init (RdSoundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_sound_finalize;
}

static void
rd_sound_init (RdSound *self)
{
}
