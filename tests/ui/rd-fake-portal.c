/* rd-fake-portal.c: org.freedesktop.portal.Screenshot as the portal
 * documents it: the call returns the request's handle, made from the
 * caller's unique name and its handle_token, and the result comes as
 * org.freedesktop.portal.Request.Response on that path. */
#define G_LOG_DOMAIN "rd-fake-portal"

#include "config.h"

#include "rd-fake-portal.h"
#include "rd-fake-service.h"

#define PORTAL_PATH "/org/freedesktop/portal/desktop"

struct _RdFakePortal
{
  RdFakeService *service;
  GMutex         lock;
  char          *uri;           /* NULL: cancelled */
  guint          n_screenshots;
  gboolean       interactive;
};

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Screenshot'>"
  "    <method name='Screenshot'>"
  "      <arg type='s' direction='in'/><arg type='a{sv}' direction='in'/><arg type='o' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

/* /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER being the
 * caller's unique name without its colon, dots made underscores. */
static char *
request_path (const char *sender,
              const char *token)
{
  g_autofree char *name = g_strdelimit (g_strdup (sender + 1), ".", '_');

  return g_strdup_printf (PORTAL_PATH "/request/%s/%s", name, token);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *path,
             const char            *interface,
             const char            *method,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               data)
{
  RdFakePortal *self = data;
  g_autoptr(GVariant) options = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *uri = NULL;
  const char *token = "t";
  gboolean interactive = FALSE;
  GVariantBuilder results;

  g_variant_get (parameters, "(&s@a{sv})", NULL, &options);
  g_variant_lookup (options, "handle_token", "&s", &token);
  g_variant_lookup (options, "interactive", "b", &interactive);
  g_mutex_lock (&self->lock);
  self->n_screenshots++;
  self->interactive = interactive;
  uri = g_strdup (self->uri);
  g_mutex_unlock (&self->lock);
  handle = request_path (sender, token);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));
  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  if (uri != NULL)
    g_variant_builder_add (&results, "{sv}", "uri", g_variant_new_string (uri));
  g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", uri != NULL ? 0 : 1, &results), NULL);
}

static GVariant *
get_property (GDBusConnection  *connection,
              const char       *sender,
              const char       *path,
              const char       *interface,
              const char       *property,
              GError          **error,
              gpointer          data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, NULL, { 0 } };

RdFakePortal *
rd_fake_portal_start (void)
{
  RdFakePortal *self = g_new0 (RdFakePortal, 1);
  static const RdFakeObject objects[] = { { PORTAL_PATH, "org.freedesktop.portal.Screenshot" } };
  static const char * const names[] = { "org.freedesktop.portal.Desktop", NULL };

  g_mutex_init (&self->lock);
  self->service = rd_fake_service_start (introspection_xml, objects, G_N_ELEMENTS (objects), names, &vtable, self);
  return self;
}

void
rd_fake_portal_stop (RdFakePortal *self)
{
  rd_fake_service_stop (self->service);
  g_mutex_clear (&self->lock);
  g_free (self->uri);
  g_free (self);
}

void
rd_fake_portal_set_screenshot (RdFakePortal *self,
                               GFile        *file)
{
  g_mutex_lock (&self->lock);
  g_free (self->uri);
  self->uri = file ? g_file_get_uri (file) : NULL;
  g_mutex_unlock (&self->lock);
}

guint
rd_fake_portal_get_n_screenshots (RdFakePortal *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_screenshots;
  g_mutex_unlock (&self->lock);
  return n;
}

gboolean
rd_fake_portal_last_interactive (RdFakePortal *self)
{
  gboolean interactive;

  g_mutex_lock (&self->lock);
  interactive = self->interactive;
  g_mutex_unlock (&self->lock);
  return interactive;
}
