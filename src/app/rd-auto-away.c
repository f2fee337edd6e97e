/* rd-auto-away.c: away while a reason holds (idle, screen locked, another
 * session in front, going to sleep), available again when none does. It
 * only ever moves between available and away, and only back from an away
 * it set itself: busy, or away chosen by hand, stay.
 *
 * Idleness comes from the desktop's idle monitor where there is one
 * (rd-desktop-presence.c); elsewhere from input in our own windows,
 * checked every CHECK_INTERVAL_S. */
#define G_LOG_DOMAIN "rd-auto-away"

#include "config.h"

#include "rd-auto-away.h"

#define CHECK_INTERVAL_S 15

struct _RdAutoAway
{
  GObject         parent_instance;

  GtkApplication *app;      /* unowned */
  RdClient       *client;
  GSettings      *settings;
  RdAwayReasons   reasons;
  gboolean        set_away_by_us;
  gboolean        desktop_idle;
  gint64          last_activity_us;
  guint           check_source;
};

G_DEFINE_FINAL_TYPE (RdAutoAway, rd_auto_away, G_TYPE_OBJECT)

static void
update (RdAutoAway *self)
{
  const char *status = rd_client_get_own_status (self->client);

  if (self->reasons != 0 && !self->set_away_by_us)
    {
      if (g_strcmp0 (status, "available") != 0)
        return;
      self->set_away_by_us = TRUE;
      rd_client_set_presence (self->client, "away", NULL);
    }
  else if (self->reasons == 0 && self->set_away_by_us)
    {
      self->set_away_by_us = FALSE;
      if (g_strcmp0 (status, "away") == 0)
        rd_client_set_presence (self->client, "available", NULL);
    }
}

void
rd_auto_away_set_reason (RdAutoAway    *self,
                         RdAwayReasons  reason,
                         gboolean       holds)
{
  g_return_if_fail (RD_IS_AUTO_AWAY (self));

  if (holds)
    self->reasons |= reason;
  else
    self->reasons &= ~reason;
  update (self);
}

RdAwayReasons
rd_auto_away_get_reasons (RdAutoAway *self)
{
  g_return_val_if_fail (RD_IS_AUTO_AWAY (self), 0);
  return self->reasons;
}

void
rd_auto_away_note_activity (RdAutoAway *self)
{
  g_return_if_fail (RD_IS_AUTO_AWAY (self));

  self->last_activity_us = g_get_monotonic_time ();
  if (!self->desktop_idle && (self->reasons & RD_AWAY_IDLE))
    rd_auto_away_set_reason (self, RD_AWAY_IDLE, FALSE);
}

void
rd_auto_away_check (RdAutoAway *self,
                    gint64      now_us)
{
  guint minutes;

  g_return_if_fail (RD_IS_AUTO_AWAY (self));

  minutes = g_settings_get_uint (self->settings, "auto-away-minutes");
  if (self->desktop_idle || minutes == 0 || (self->reasons & RD_AWAY_IDLE))
    return;
  if (now_us - self->last_activity_us >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    rd_auto_away_set_reason (self, RD_AWAY_IDLE, TRUE);
}

void
rd_auto_away_set_desktop_idle (RdAutoAway *self,
                               gboolean    desktop_tells)
{
  g_return_if_fail (RD_IS_AUTO_AWAY (self));
  self->desktop_idle = desktop_tells;
}

static gboolean
check_cb (gpointer data)
{
  rd_auto_away_check (data, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

static void
activity_cb (RdAutoAway *self)
{
  rd_auto_away_note_activity (self);
}

static void
watch_window (RdAutoAway *self,
              GtkWindow  *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (activity_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "motion", G_CALLBACK (activity_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  gtk_widget_add_controller (GTK_WIDGET (window), motion);
}

static void
window_added_cb (RdAutoAway *self,
                 GtkWindow  *window)
{
  watch_window (self, window);
}

RdAutoAway *
rd_auto_away_new (GtkApplication *app,
                  RdClient       *client,
                  GSettings      *settings)
{
  RdAutoAway *self = g_object_new (RD_TYPE_AUTO_AWAY, NULL);

  self->app = app;
  self->client = g_object_ref (client);
  self->settings = g_object_ref (settings);
  self->last_activity_us = g_get_monotonic_time ();
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    watch_window (self, l->data);
  g_signal_connect_object (app, "window-added", G_CALLBACK (window_added_cb), self, G_CONNECT_SWAPPED);
  self->check_source = g_timeout_add_seconds (CHECK_INTERVAL_S, check_cb, self);
  return self;
}

static void
rd_auto_away_finalize (GObject *object)
{
  RdAutoAway *self = RD_AUTO_AWAY (object);

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_auto_away_parent_class)->finalize (object);
}

static void
rd_auto_away_class_init (RdAutoAwayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_auto_away_finalize;
}

static void
rd_auto_away_init (RdAutoAway *self)
{
}
