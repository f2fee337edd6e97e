/* rd-fake-notifications.c: libnotify calls the server synchronously from
 * the app's main thread, so it is an RdFakeService, answered in a thread. */
#define G_LOG_DOMAIN "rd-fake-notifications"

#include "config.h"

#include <string.h>

#include "rd-fake-notifications.h"
#include "rd-fake-service.h"

typedef struct {
  guint     id;
  char     *summary;
  char     *body;
  GStrv     actions;    /* key, label, key, label, ... */
  gboolean  open;
} Shown;

struct _RdFakeNotifications
{
  RdFakeService   *service;
  GMutex           lock;
  guint            count;
  char            *last;
  GPtrArray       *shown;   /* Shown, by id */
};

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->summary);
  g_free (shown->body);
  g_strfreev (shown->actions);
  g_free (shown);
}

/* Under the lock. */
static Shown *
lookup (RdFakeNotifications *self,
        guint                id)
{
  for (guint i = 0; i < self->shown->len; i++)
    if (((Shown *) g_ptr_array_index (self->shown, i))->id == id)
      return g_ptr_array_index (self->shown, i);
  return NULL;
}

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  RdFakeNotifications *self = user_data;

  if (g_str_equal (method, "Notify"))
    {
      const char *summary, *body;
      guint replaces, id;
      Shown *shown;

      g_variant_get_child (parameters, 1, "u", &replaces);
      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_mutex_lock (&self->lock);
      shown = replaces != 0 ? lookup (self, replaces) : NULL;
      if (shown == NULL)
        {
          shown = g_new0 (Shown, 1);
          shown->id = ++self->count;
          g_ptr_array_add (self->shown, shown);
        }
      else
        self->count++;   /* counts what was shown, updates too */
      id = shown->id;
      shown->open = TRUE;
      g_free (shown->summary);
      g_free (shown->body);
      g_strfreev (shown->actions);
      shown->summary = g_strdup (summary);
      shown->body = g_strdup (body);
      g_variant_get_child (parameters, 5, "^as", &shown->actions);
      g_free (self->last);
      self->last = g_strdup_printf ("%s\n%s", summary, body);
      g_mutex_unlock (&self->lock);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      guint id;
      Shown *shown;
      gboolean was_open;

      g_variant_get (parameters, "(u)", &id);
      g_mutex_lock (&self->lock);
      shown = lookup (self, id);
      was_open = shown != NULL && shown->open;
      if (shown != NULL)
        shown->open = FALSE;
      g_mutex_unlock (&self->lock);
      if (was_open)   /* 3: closed by a call to CloseNotification */
        g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "NotificationClosed",
                                       g_variant_new ("(uu)", id, 3), NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", "persistence", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "fake", "relaydesk-tests", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

RdFakeNotifications *
rd_fake_notifications_start (void)
{
  static const RdFakeObject objects[] = { { "/org/freedesktop/Notifications", "org.freedesktop.Notifications" } };
  static const char * const names[] = { "org.freedesktop.Notifications", NULL };
  RdFakeNotifications *self = g_new0 (RdFakeNotifications, 1);

  g_mutex_init (&self->lock);
  self->shown = g_ptr_array_new_with_free_func (shown_free);
  self->service = rd_fake_service_start (introspection_xml, objects, G_N_ELEMENTS (objects), names, &vtable, self);
  return self;
}

void
rd_fake_notifications_stop (RdFakeNotifications *self)
{
  rd_fake_service_stop (self->service);
  g_mutex_clear (&self->lock);
  g_free (self->last);
  g_ptr_array_unref (self->shown);
  g_free (self);
}

guint
rd_fake_notifications_count (RdFakeNotifications *self)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = self->count;
  g_mutex_unlock (&self->lock);
  return count;
}

char *
rd_fake_notifications_last (RdFakeNotifications *self)
{
  char *last;

  g_mutex_lock (&self->lock);
  last = g_strdup (self->last);
  g_mutex_unlock (&self->lock);
  return last;
}

guint
rd_fake_notifications_find (RdFakeNotifications *self,
                            const char          *summary_part)
{
  guint id = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->shown->len; i++)
    {
      Shown *shown = g_ptr_array_index (self->shown, i);

      if (shown->open && strstr (shown->summary, summary_part) != NULL)
        id = shown->id;
    }
  g_mutex_unlock (&self->lock);
  return id;
}

gboolean
rd_fake_notifications_is_open (RdFakeNotifications *self,
                               guint                id)
{
  gboolean open;

  g_mutex_lock (&self->lock);
  open = lookup (self, id) != NULL && lookup (self, id)->open;
  g_mutex_unlock (&self->lock);
  return open;
}

char *
rd_fake_notifications_actions (RdFakeNotifications *self,
                               guint                id)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  Shown *shown;

  g_mutex_lock (&self->lock);
  shown = lookup (self, id);
  for (guint i = 0; shown != NULL && shown->actions != NULL && shown->actions[i] != NULL; i += 2)
    g_string_append_printf (keys, "%s%s", keys->len ? " " : "", shown->actions[i]);
  g_mutex_unlock (&self->lock);
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

void
rd_fake_notifications_invoke (RdFakeNotifications *self,
                              guint                id,
                              const char          *action)
{
  Shown *shown;

  g_mutex_lock (&self->lock);
  shown = lookup (self, id);
  g_assert_nonnull (shown);
  g_assert_true (shown->open);
  shown->open = FALSE;
  g_mutex_unlock (&self->lock);
  /* As a desktop does: the action, then the bubble goes (2: dismissed). */
  rd_fake_service_emit (self->service, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                        "ActionInvoked", g_variant_new ("(us)", id, action));
  rd_fake_service_emit (self->service, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                        "NotificationClosed", g_variant_new ("(uu)", id, 2));
}
