/* rd-fake-service.c: the thread connects, registers, owns the names and
 * runs its loop; start waits (10 s at most) until every name is owned. */
#define G_LOG_DOMAIN "rd-fake-service"

#include "config.h"

#include "rd-fake-service.h"

struct _RdFakeService
{
  GThread                    *thread;
  GMainContext               *context;
  GMainLoop                  *loop;
  GDBusConnection            *connection;
  GDBusNodeInfo              *info;
  const RdFakeObject         *objects;
  guint                       n_objects;
  const char * const         *names;
  const GDBusInterfaceVTable *vtable;
  gpointer                    data;
  GMutex                      lock;
  GCond                       owned_cond;
  guint                       n_owned;
};

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  RdFakeService *self = user_data;

  g_mutex_lock (&self->lock);
  self->n_owned++;
  g_cond_signal (&self->owned_cond);
  g_mutex_unlock (&self->lock);
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  gboolean *flushed = data;

  g_dbus_connection_flush_finish (G_DBUS_CONNECTION (source), result, NULL);
  *flushed = TRUE;
  g_rc_box_release (flushed);
}

/* What the service sent reaches the bus, waiting 5 s at most: a stand-in
 * must never be what hangs a test. */
static void
flush_briefly (RdFakeService *self)
{
  gboolean *flushed = g_rc_box_new0 (gboolean);
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_dbus_connection_flush (self->connection, NULL, flushed_cb, g_rc_box_acquire (flushed));
  while (!*flushed && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (self->context, FALSE))
      g_usleep (1000);
  if (!*flushed)
    g_message ("the stand-in service's last messages were not flushed within 5 s");
  g_rc_box_release (flushed);
}

static gpointer
service_thread (gpointer data)
{
  RdFakeService *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree guint *owners = g_new0 (guint, g_strv_length ((char **) self->names));

  g_main_context_push_thread_default (self->context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  self->connection = g_dbus_connection_new_for_address_sync (address,
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < self->n_objects; i++)
    {
      GDBusInterfaceInfo *interface = g_dbus_node_info_lookup_interface (self->info, self->objects[i].interface);

      g_assert_nonnull (interface);
      g_dbus_connection_register_object (self->connection, self->objects[i].path, interface, self->vtable,
                                         self->data, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; self->names[i] != NULL; i++)
    owners[i] = g_bus_own_name_on_connection (self->connection, self->names[i], G_BUS_NAME_OWNER_FLAGS_NONE,
                                              name_acquired_cb, NULL, self, NULL);
  g_main_loop_run (self->loop);
  for (guint i = 0; self->names[i] != NULL; i++)
    g_bus_unown_name (owners[i]);
  flush_briefly (self);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

RdFakeService *
rd_fake_service_start (const char                 *introspection_xml,
                       const RdFakeObject         *objects,
                       guint                       n_objects,
                       const char * const         *names,
                       const GDBusInterfaceVTable *vtable,
                       gpointer                    data)
{
  RdFakeService *self = g_new0 (RdFakeService, 1);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  self->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->objects = objects;
  self->n_objects = n_objects;
  self->names = names;
  self->vtable = vtable;
  self->data = data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->owned_cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-service", service_thread, self);
  g_mutex_lock (&self->lock);
  while (self->n_owned < g_strv_length ((char **) names))
    if (!g_cond_wait_until (&self->owned_cond, &self->lock, end))
      g_error ("the stand-in service did not get its bus names (%s...)", names[0]);
  g_mutex_unlock (&self->lock);
  return self;
}

void
rd_fake_service_stop (RdFakeService *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_object (&self->connection);
  g_dbus_node_info_unref (self->info);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->owned_cond);
  g_free (self);
}

void
rd_fake_service_emit (RdFakeService *self,
                      const char    *path,
                      const char    *interface,
                      const char    *signal,
                      GVariant      *parameters)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (self->connection, NULL, path, interface, signal, parameters, &error);
  g_assert_no_error (error);
}
