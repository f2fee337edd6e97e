/* rd-desktop-presence.c: three watchers, each quiet where its service is
 * missing.
 *
 * Idle: org.gnome.Mutter.IdleMonitor's AddIdleWatch fires once the whole
 * desktop (not only our windows) has had no input for the idle minutes
 * (and again at each idle spell); a user-active watch, asked for then,
 * fires once at the next input. Once the monitor
 * answers, RdAutoAway stops its own timer.
 *
 * Locked: org.gnome.ScreenSaver's ActiveChanged on the session bus, and
 * logind's LockedHint of our session on the system bus (other desktops
 * set it); away while either says locked. Active = false (another user's
 * session switched to) is away too. */
#define G_LOG_DOMAIN "rd-desktop-presence"

#include "config.h"

#include "rd-desktop-call.h"
#include "rd-desktop-presence.h"

#define IDLE_NAME      "org.gnome.Mutter.IdleMonitor"
#define IDLE_PATH      "/org/gnome/Mutter/IdleMonitor/Core"
#define IDLE_INTERFACE "org.gnome.Mutter.IdleMonitor"
#define SAVER_NAME     "org.gnome.ScreenSaver"
#define SAVER_PATH     "/org/gnome/ScreenSaver"
#define LOGIND_NAME    "org.freedesktop.login1"
#define SESSION_PATH   "/org/freedesktop/login1/session/auto"
#define SESSION_IFACE  "org.freedesktop.login1.Session"

struct _RdDesktopPresence
{
  GObject          parent_instance;

  RdAutoAway      *auto_away;
  GSettings       *settings;
  GCancellable    *cancellable;
  GDBusConnection *session_bus;
  guint            idle_subscription;
  guint            saver_subscription;
  guint            idle_watch;       /* 0: none */
  guint            active_watch;
  gboolean         saver_locked;
  GDBusProxy      *session;          /* logind's, on the system bus */
};

G_DEFINE_FINAL_TYPE (RdDesktopPresence, rd_desktop_presence, G_TYPE_OBJECT)

/* ---- idle ---- */

static void
idle_call (RdDesktopPresence   *self,
           const char          *method,
           GVariant            *parameters,
           const GVariantType  *reply_type,
           GAsyncReadyCallback  callback)
{
  g_dbus_connection_call (self->session_bus, IDLE_NAME, IDLE_PATH, IDLE_INTERFACE, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable, callback, self);
}

static gboolean
watch_added (GObject      *source,
             GAsyncResult *result,
             guint        *out_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (!rd_desktop_call_answered (reply, error, "idle watch"))
    return FALSE;
  g_variant_get (reply, "(u)", out_id);
  return TRUE;
}

static void
idle_watch_added_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  guint id;

  if (watch_added (source, result, &id))
    RD_DESKTOP_PRESENCE (user_data)->idle_watch = id;
}

static void
active_watch_added_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  guint id;

  if (watch_added (source, result, &id))
    RD_DESKTOP_PRESENCE (user_data)->active_watch = id;
}

static void
ignore_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
}

static void
watch_idle (RdDesktopPresence *self)
{
  guint minutes = g_settings_get_uint (self->settings, "auto-away-minutes");

  if (self->idle_watch != 0)
    idle_call (self, "RemoveWatch", g_variant_new ("(u)", self->idle_watch), NULL, ignore_reply_cb);
  self->idle_watch = 0;
  if (minutes > 0)
    idle_call (self, "AddIdleWatch", g_variant_new ("(t)", (guint64) minutes * 60 * 1000), G_VARIANT_TYPE ("(u)"),
               idle_watch_added_cb);
}

static void
watch_fired_cb (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  RdDesktopPresence *self = user_data;
  guint id;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    return;
  g_variant_get (parameters, "(u)", &id);
  /* An idle watch stays and fires at each idle spell; a user-active
   * watch fires once and is gone. */
  if (id != 0 && id == self->idle_watch)
    {
      rd_auto_away_set_reason (self->auto_away, RD_AWAY_IDLE, TRUE);
      if (self->active_watch == 0)
        idle_call (self, "AddUserActiveWatch", NULL, G_VARIANT_TYPE ("(u)"), active_watch_added_cb);
    }
  else if (id != 0 && id == self->active_watch)
    {
      self->active_watch = 0;
      rd_auto_away_set_reason (self->auto_away, RD_AWAY_IDLE, FALSE);
    }
}

static void
idle_time_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  RdDesktopPresence *self;

  if (!rd_desktop_call_answered (reply, error, "idle monitor, idle is input in our windows"))
    return;
  self = user_data;
  rd_auto_away_set_desktop_idle (self->auto_away, TRUE);
  self->idle_subscription = g_dbus_connection_signal_subscribe (self->session_bus, IDLE_NAME, IDLE_INTERFACE,
                                                                "WatchFired", IDLE_PATH, NULL,
                                                                G_DBUS_SIGNAL_FLAGS_NONE, watch_fired_cb, self,
                                                                NULL);
  watch_idle (self);
}

static void
minutes_changed_cb (RdDesktopPresence *self)
{
  if (self->idle_subscription != 0)
    watch_idle (self);
}

/* ---- locked ---- */

static void
update_locked (RdDesktopPresence *self)
{
  g_autoptr(GVariant) hint = self->session ? g_dbus_proxy_get_cached_property (self->session, "LockedHint") : NULL;
  g_autoptr(GVariant) active = self->session ? g_dbus_proxy_get_cached_property (self->session, "Active") : NULL;
  gboolean locked = self->saver_locked;

  if (hint != NULL && g_variant_is_of_type (hint, G_VARIANT_TYPE_BOOLEAN))
    locked = locked || g_variant_get_boolean (hint);
  rd_auto_away_set_reason (self->auto_away, RD_AWAY_LOCKED, locked);
  if (active != NULL && g_variant_is_of_type (active, G_VARIANT_TYPE_BOOLEAN))
    rd_auto_away_set_reason (self->auto_away, RD_AWAY_ELSEWHERE, !g_variant_get_boolean (active));
}

static void
saver_changed_cb (GDBusConnection *connection,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *signal,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  RdDesktopPresence *self = user_data;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &self->saver_locked);
  update_locked (self);
}

static void
saver_active_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  if (reply == NULL)
    return;   /* no screensaver service (or cancelled) */
  saver_changed_cb (NULL, NULL, NULL, NULL, NULL, reply, user_data);
}

static void
session_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);
  RdDesktopPresence *self;

  if (!rd_desktop_call_answered (proxy, error, "logind session"))
    return;
  self = user_data;
  self->session = proxy;
  g_signal_connect_object (proxy, "g-properties-changed", G_CALLBACK (update_locked), self, G_CONNECT_SWAPPED);
  update_locked (self);
}

static void
session_bus_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  RdDesktopPresence *self;

  if (!rd_desktop_call_answered (bus, error, "session bus"))
    return;
  self = user_data;
  self->session_bus = bus;
  idle_call (self, "GetIdletime", NULL, G_VARIANT_TYPE ("(t)"), idle_time_cb);
  self->saver_subscription = g_dbus_connection_signal_subscribe (bus, SAVER_NAME, SAVER_NAME, "ActiveChanged",
                                                                 SAVER_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                                 saver_changed_cb, self, NULL);
  g_dbus_connection_call (bus, SAVER_NAME, SAVER_PATH, SAVER_NAME, "GetActive", NULL, G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable, saver_active_cb, self);
}

RdDesktopPresence *
rd_desktop_presence_new (RdAutoAway *auto_away,
                         GSettings  *settings)
{
  RdDesktopPresence *self = g_object_new (RD_TYPE_DESKTOP_PRESENCE, NULL);

  self->auto_away = g_object_ref (auto_away);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::auto-away-minutes", G_CALLBACK (minutes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, session_bus_cb, self);
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SYSTEM, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL, LOGIND_NAME,
                            SESSION_PATH, SESSION_IFACE, self->cancellable, session_ready_cb, self);
  return self;
}

static void
rd_desktop_presence_dispose (GObject *object)
{
  RdDesktopPresence *self = RD_DESKTOP_PRESENCE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session_bus != NULL)
    {
      if (self->idle_watch != 0 || self->active_watch != 0)
        g_dbus_connection_call (self->session_bus, IDLE_NAME, IDLE_PATH, IDLE_INTERFACE, "RemoveWatch",
                                g_variant_new ("(u)", self->idle_watch ? self->idle_watch : self->active_watch),
                                NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      if (self->idle_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->idle_subscription);
      if (self->saver_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->saver_subscription);
    }
  self->idle_subscription = self->saver_subscription = 0;
  g_clear_object (&self->session_bus);
  g_clear_object (&self->session);
  g_clear_object (&self->auto_away);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_desktop_presence_parent_class)->dispose (object);
}

static void
rd_desktop_presence_finalize (GObject *object)
{
  RdDesktopPresence *self = RD_DESKTOP_PRESENCE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_desktop_presence_parent_class)->finalize (object);
}

static void
rd_desktop_presence_class_init (RdDesktopPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_desktop_presence_dispose;
  object_class->finalize = rd_desktop_presence_finalize;
}

static void
rd_desktop_presence_init (RdDesktopPresence *self)
{
  self->cancellable = g_cancellable_new ();
}
