/* rd-unread-badge.c: an Update signal at each change of the total, and a
 * zero one when the session ends (signed out, quit), so no stale count
 * stays on the icon. */
#define G_LOG_DOMAIN "rd-unread-badge"

#include "config.h"

#include "rd-application.h"
#include "rd-unread-badge.h"

#define ENTRY_PATH      "/org/relaydesk/Relaydesk/LauncherEntry"
#define ENTRY_INTERFACE "com.canonical.Unity.LauncherEntry"
#define APP_URI         "application://" RD_APPLICATION_ID ".desktop"

struct _RdUnreadBadge
{
  GObject          parent_instance;

  GDBusConnection *bus;
  RdClient        *client;
};

G_DEFINE_FINAL_TYPE (RdUnreadBadge, rd_unread_badge, G_TYPE_OBJECT)

static void
publish (RdUnreadBadge *self,
         guint          count)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder properties;

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", "count", g_variant_new_int64 (count));
  g_variant_builder_add (&properties, "{sv}", "count-visible", g_variant_new_boolean (count > 0));
  if (!g_dbus_connection_emit_signal (self->bus, NULL, ENTRY_PATH, ENTRY_INTERFACE, "Update",
                                      g_variant_new ("(sa{sv})", APP_URI, &properties), &error))
    g_debug ("no unread count on the icon: %s", error->message);
}

static void
unread_total_cb (RdUnreadBadge *self)
{
  publish (self, rd_client_get_unread_total (self->client));
}

RdUnreadBadge *
rd_unread_badge_new (GDBusConnection *bus,
                     RdClient        *client)
{
  RdUnreadBadge *self = g_object_new (RD_TYPE_UNREAD_BADGE, NULL);

  self->bus = g_object_ref (bus);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "notify::unread-total", G_CALLBACK (unread_total_cb), self, G_CONNECT_SWAPPED);
  unread_total_cb (self);
  return self;
}

static void
rd_unread_badge_dispose (GObject *object)
{
  RdUnreadBadge *self = RD_UNREAD_BADGE (object);

  if (self->bus != NULL)
    publish (self, 0);
  g_clear_object (&self->client);
  g_clear_object (&self->bus);
  G_OBJECT_CLASS (rd_unread_badge_parent_class)->dispose (object);
}

static void
rd_unread_badge_class_init (RdUnreadBadgeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_unread_badge_dispose;
}

static void
rd_unread_badge_init (RdUnreadBadge *self)
{
}
