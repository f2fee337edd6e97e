/* rd-fake-service.h: a stand-in D-Bus service for the UI tests, in a
 * thread with its own main context and its own connection to the session
 * bus: the app calls some services synchronously from its main thread,
 * which is also the test's, so they must be answered elsewhere. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  const char *path;
  const char *interface;   /* a name in the service's introspection XML */
} RdFakeObject;

typedef struct _RdFakeService RdFakeService;

/* Registers @objects (each with @vtable and @data, called in the service's
 * thread), owns @names (NULL-terminated) and returns once it has them all. */
RdFakeService   *rd_fake_service_start (const char                  *introspection_xml,
                                        const RdFakeObject          *objects,
                                        guint                        n_objects,
                                        const char * const          *names,
                                        const GDBusInterfaceVTable  *vtable,
                                        gpointer                     data);
void             rd_fake_service_stop  (RdFakeService *self);
/* A signal from the service's connection (from any thread). */
void             rd_fake_service_emit  (RdFakeService *self, const char *path, const char *interface,
                                        const char *signal, GVariant *parameters);

G_END_DECLS
