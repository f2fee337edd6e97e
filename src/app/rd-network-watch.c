/* rd-network-watch.c: GNetworkMonitor's "network-changed" and logind's
 * PrepareForSleep, turned into rd_client_reconnect_soon and away.
 *
 * Before sleep: logind waits for the holders of a "delay" inhibitor (up
 * to its InhibitDelayMaxSec, 5 s by default), so the app holds one while
 * awake; at PrepareForSleep(true) it sets away, waits for the relay to
 * have handled it (rd_client_flush_async) and only then lets go. At PrepareForSleep(false) it takes a new one, comes
 * back and reconnects. */
#define G_LOG_DOMAIN "rd-network-watch"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#include "rd-desktop-call.h"
#include "rd-network-watch.h"

#define LOGIND_NAME      "org.freedesktop.login1"
#define LOGIND_PATH      "/org/freedesktop/login1"
#define LOGIND_MANAGER   "org.freedesktop.login1.Manager"
/* Sleep is not held longer than this for a relay that does not answer. */
#define AWAY_DEADLINE_MS 1500

struct _RdNetworkWatch
{
  GObject          parent_instance;

  RdClient        *client;
  RdAutoAway      *auto_away;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
  int              inhibitor_fd;       /* -1: none held */
  guint            away_deadline;
};

G_DEFINE_FINAL_TYPE (RdNetworkWatch, rd_network_watch, G_TYPE_OBJECT)

static void
network_changed_cb (RdNetworkWatch *self,
                    gboolean        available)
{
  g_debug ("the network changed (%s)", available ? "available" : "unavailable");
  rd_client_reconnect_soon (self->client, RD_WAKE_SPREAD_MS);
}

/* ---- sleep ---- */

static void
release_inhibitor (RdNetworkWatch *self)
{
  g_clear_handle_id (&self->away_deadline, g_source_remove);
  if (self->inhibitor_fd >= 0)
    close (self->inhibitor_fd);
  self->inhibitor_fd = -1;
}

static void
inhibited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RdNetworkWatch *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint32 index;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result, &error);
  if (!rd_desktop_call_answered (reply, error, "sleep inhibitor"))
    return;
  g_variant_get (reply, "(h)", &index);
  release_inhibitor (self);
  self->inhibitor_fd = g_unix_fd_list_get (fds, index, NULL);
}

static void
take_inhibitor (RdNetworkWatch *self)
{
  g_dbus_connection_call_with_unix_fd_list (self->system_bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER, "Inhibit",
                                            g_variant_new ("(ssss)", "sleep", "Relaydesk",
                                                           "Telling the relay you are away", "delay"),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            self->cancellable, inhibited_cb, self);
}

static gboolean
away_deadline_cb (gpointer user_data)
{
  RdNetworkWatch *self = user_data;

  self->away_deadline = 0;
  release_inhibitor (self);
  return G_SOURCE_REMOVE;
}

static void
away_heard_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdNetworkWatch) self = user_data;

  rd_client_flush_finish (RD_CLIENT (source), result, NULL);
  if (self->away_deadline != 0)
    release_inhibitor (self);
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  RdNetworkWatch *self = user_data;
  gboolean going;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going);
  if (going)
    {
      g_debug ("going to sleep");
      rd_auto_away_set_reason (self->auto_away, RD_AWAY_SLEEPING, TRUE);
      if (self->inhibitor_fd < 0)
        return;
      g_clear_handle_id (&self->away_deadline, g_source_remove);
      self->away_deadline = g_timeout_add (AWAY_DEADLINE_MS, away_deadline_cb, self);
      rd_client_flush_async (self->client, NULL, away_heard_cb, g_object_ref (self));
    }
  else
    {
      g_debug ("woke up");
      release_inhibitor (self);
      take_inhibitor (self);
      rd_client_reconnect_soon (self->client, RD_WAKE_SPREAD_MS);
      rd_auto_away_set_reason (self->auto_away, RD_AWAY_SLEEPING, FALSE);
    }
}

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  RdNetworkWatch *self;

  if (!rd_desktop_call_answered (bus, error, "system bus, so no word of sleep"))
    return;
  self = user_data;
  self->system_bus = bus;
  self->sleep_subscription = g_dbus_connection_signal_subscribe (bus, LOGIND_NAME, LOGIND_MANAGER,
                                                                 "PrepareForSleep", LOGIND_PATH, NULL,
                                                                 G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep_cb,
                                                                 self, NULL);
  take_inhibitor (self);
}

RdNetworkWatch *
rd_network_watch_new (RdClient   *client,
                      RdAutoAway *auto_away)
{
  RdNetworkWatch *self = g_object_new (RD_TYPE_NETWORK_WATCH, NULL);

  self->client = g_object_ref (client);
  self->auto_away = g_object_ref (auto_away);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, self);
  return self;
}

static void
rd_network_watch_dispose (GObject *object)
{
  RdNetworkWatch *self = RD_NETWORK_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  release_inhibitor (self);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->monitor);
  g_clear_object (&self->auto_away);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_network_watch_parent_class)->dispose (object);
}

static void
rd_network_watch_finalize (GObject *object)
{
  RdNetworkWatch *self = RD_NETWORK_WATCH (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_network_watch_parent_class)->finalize (object);
}

static void
rd_network_watch_class_init (RdNetworkWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_network_watch_dispose;
  object_class->finalize = rd_network_watch_finalize;
}

static void
rd_network_watch_init (RdNetworkWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->inhibitor_fd = -1;
}
