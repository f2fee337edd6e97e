/* rd-fake-desktop.c: an RdFakeService serving four objects. An inhibitor
 * is a pipe: the app gets the write end, we keep the read end,
 * which reports a hang-up once the app has closed its copy. */
#define G_LOG_DOMAIN "rd-fake-desktop"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <poll.h>
#include <unistd.h>

#include "rd-fake-desktop.h"
#include "rd-fake-service.h"

struct _RdFakeDesktop
{
  RdFakeService   *service;
  GMutex           lock;
  guint            next_watch;
  GHashTable      *idle_watches;     /* id -> interval (ms) */
  GHashTable      *active_watches;   /* id set */
  gboolean         screensaver;
  gboolean         locked_hint;
  GArray          *inhibitors;       /* read ends */
};

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Mutter.IdleMonitor'>"
  "    <method name='GetIdletime'><arg type='t' direction='out'/></method>"
  "    <method name='AddIdleWatch'><arg type='t' direction='in'/><arg type='u' direction='out'/></method>"
  "    <method name='AddUserActiveWatch'><arg type='u' direction='out'/></method>"
  "    <method name='RemoveWatch'><arg type='u' direction='in'/></method>"
  "    <signal name='WatchFired'><arg type='u'/></signal>"
  "  </interface>"
  "  <interface name='org.gnome.ScreenSaver'>"
  "    <method name='GetActive'><arg type='b' direction='out'/></method>"
  "    <signal name='ActiveChanged'><arg type='b'/></signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.login1.Manager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='h' direction='out'/>"
  "    </method>"
  "    <signal name='PrepareForSleep'><arg type='b'/></signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.login1.Session'>"
  "    <property name='LockedHint' type='b' access='read'/>"
  "    <property name='Active' type='b' access='read'/>"
  "  </interface>"
  "</node>";

static void
return_inhibitor (RdFakeDesktop         *self,
                  GDBusMethodInvocation *invocation)
{
  g_autoptr(GUnixFDList) fds = g_unix_fd_list_new ();
  int ends[2];
  int index;

  g_assert_cmpint (pipe (ends), ==, 0);
  index = g_unix_fd_list_append (fds, ends[1], NULL);
  close (ends[1]);
  g_mutex_lock (&self->lock);
  g_array_append_val (self->inhibitors, ends[0]);
  g_mutex_unlock (&self->lock);
  g_dbus_method_invocation_return_value_with_unix_fd_list (invocation, g_variant_new ("(h)", index), fds);
}

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
  RdFakeDesktop *self = user_data;
  GVariant *reply = NULL;

  g_mutex_lock (&self->lock);
  if (g_str_equal (method, "GetIdletime"))
    reply = g_variant_new ("(t)", (guint64) 0);
  else if (g_str_equal (method, "AddIdleWatch"))
    {
      guint64 interval;

      g_variant_get (parameters, "(t)", &interval);
      g_hash_table_insert (self->idle_watches, GUINT_TO_POINTER (++self->next_watch), GSIZE_TO_POINTER (interval));
      reply = g_variant_new ("(u)", self->next_watch);
    }
  else if (g_str_equal (method, "AddUserActiveWatch"))
    {
      g_hash_table_add (self->active_watches, GUINT_TO_POINTER (++self->next_watch));
      reply = g_variant_new ("(u)", self->next_watch);
    }
  else if (g_str_equal (method, "RemoveWatch"))
    {
      guint id;

      g_variant_get (parameters, "(u)", &id);
      g_hash_table_remove (self->idle_watches, GUINT_TO_POINTER (id));
      g_hash_table_remove (self->active_watches, GUINT_TO_POINTER (id));
    }
  else if (g_str_equal (method, "GetActive"))
    reply = g_variant_new ("(b)", self->screensaver);
  g_mutex_unlock (&self->lock);

  if (g_str_equal (method, "Inhibit"))
    return_inhibitor (self, invocation);
  else
    g_dbus_method_invocation_return_value (invocation, reply);
}

static GVariant *
get_property_cb (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *path,
                 const char       *interface,
                 const char       *property,
                 GError          **error,
                 gpointer          user_data)
{
  RdFakeDesktop *self = user_data;
  gboolean value;

  g_mutex_lock (&self->lock);
  value = g_str_equal (property, "Active") ? TRUE : self->locked_hint;
  g_mutex_unlock (&self->lock);
  return g_variant_new_boolean (value);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, get_property_cb, NULL, { 0 } };

RdFakeDesktop *
rd_fake_desktop_start (void)
{
  static const RdFakeObject objects[] = {
    { "/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor" },
    { "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver" },
    { "/org/freedesktop/login1", "org.freedesktop.login1.Manager" },
    { "/org/freedesktop/login1/session/auto", "org.freedesktop.login1.Session" },
  };
  static const char * const names[] = {
    "org.gnome.Mutter.IdleMonitor", "org.gnome.ScreenSaver", "org.freedesktop.login1", NULL
  };
  RdFakeDesktop *self = g_new0 (RdFakeDesktop, 1);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_assert_nonnull (address);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  g_mutex_init (&self->lock);
  self->idle_watches = g_hash_table_new (NULL, NULL);
  self->active_watches = g_hash_table_new (NULL, NULL);
  self->inhibitors = g_array_new (FALSE, FALSE, sizeof (int));
  self->service = rd_fake_service_start (introspection_xml, objects, G_N_ELEMENTS (objects), names, &vtable, self);
  return self;
}

void
rd_fake_desktop_stop (RdFakeDesktop *self)
{
  rd_fake_service_stop (self->service);
  for (guint i = 0; i < self->inhibitors->len; i++)
    close (g_array_index (self->inhibitors, int, i));
  g_array_unref (self->inhibitors);
  g_hash_table_unref (self->idle_watches);
  g_hash_table_unref (self->active_watches);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
rd_fake_desktop_set_idle (RdFakeDesktop *self,
                          gboolean       idle)
{
  g_autoptr(GList) ids = NULL;

  g_mutex_lock (&self->lock);
  ids = g_hash_table_get_keys (idle ? self->idle_watches : self->active_watches);
  if (!idle)   /* user-active watches fire once */
    g_hash_table_remove_all (self->active_watches);
  g_mutex_unlock (&self->lock);
  for (GList *l = ids; l != NULL; l = l->next)
    rd_fake_service_emit (self->service, "/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor",
                          "WatchFired", g_variant_new ("(u)", GPOINTER_TO_UINT (l->data)));
}

guint
rd_fake_desktop_n_watches (RdFakeDesktop *self,
                           gboolean       active)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (active ? self->active_watches : self->idle_watches);
  g_mutex_unlock (&self->lock);
  return n;
}

void
rd_fake_desktop_set_screensaver (RdFakeDesktop *self,
                                 gboolean       active)
{
  g_mutex_lock (&self->lock);
  self->screensaver = active;
  g_mutex_unlock (&self->lock);
  rd_fake_service_emit (self->service, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged",
                        g_variant_new ("(b)", active));
}

void
rd_fake_desktop_set_locked_hint (RdFakeDesktop *self,
                                 gboolean       locked)
{
  GVariantBuilder changed;

  g_mutex_lock (&self->lock);
  self->locked_hint = locked;
  g_mutex_unlock (&self->lock);
  g_variant_builder_init (&changed, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&changed, "{sv}", "LockedHint", g_variant_new_boolean (locked));
  rd_fake_service_emit (self->service, "/org/freedesktop/login1/session/auto", "org.freedesktop.DBus.Properties",
                        "PropertiesChanged",
                        g_variant_new ("(sa{sv}as)", "org.freedesktop.login1.Session", &changed, NULL));
}

void
rd_fake_desktop_prepare_for_sleep (RdFakeDesktop *self,
                                   gboolean       going)
{
  rd_fake_service_emit (self->service, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                        "PrepareForSleep", g_variant_new ("(b)", going));
}

guint
rd_fake_desktop_n_inhibitors (RdFakeDesktop *self)
{
  guint held = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->inhibitors->len; i++)
    {
      struct pollfd pfd = { g_array_index (self->inhibitors, int, i), POLLIN, 0 };

      /* The write end closed everywhere: EOF (or a hang-up) on ours. */
      if (poll (&pfd, 1, 0) == 0)
        held++;
    }
  g_mutex_unlock (&self->lock);
  return held;
}
