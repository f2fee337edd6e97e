/* rd-test-network-monitor.c: the least a GNetworkMonitor must be: its
 * three properties, can_reach, and GInitable (the extension point makes
 * it through g_initable_new). */
#define G_LOG_DOMAIN "rd-test-network-monitor"

#include "config.h"

#include "rd-test-network-monitor.h"

#define RD_TYPE_TEST_NETWORK_MONITOR (rd_test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RdTestNetworkMonitor, rd_test_network_monitor, RD, TEST_NETWORK_MONITOR, GObject)

struct _RdTestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum { PROP_0, PROP_AVAILABLE, PROP_METERED, PROP_CONNECTIVITY };

static void initable_iface_init (GInitableIface *iface);
static void monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdTestNetworkMonitor, rd_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, monitor_iface_init))

static gboolean
initable_init (GInitable     *initable,
               GCancellable  *cancellable,
               GError       **error)
{
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = initable_init;
}

static gboolean
can_reach (GNetworkMonitor     *monitor,
           GSocketConnectable  *connectable,
           GCancellable        *cancellable,
           GError             **error)
{
  return TRUE;
}

static void
monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = can_reach;
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  RdTestNetworkMonitor *self = RD_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_test_network_monitor_class_init (RdTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = get_property;
  g_object_class_override_property (object_class, PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
rd_test_network_monitor_init (RdTestNetworkMonitor *self)
{
  self->available = TRUE;
}

void
rd_test_network_monitor_install (void)
{
  GIOExtensionPoint *point = g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);

  /* Registering the point first is what GIO does itself; it keeps the
   * one registered. */
  g_io_extension_point_set_required_type (point, G_TYPE_NETWORK_MONITOR);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME, RD_TYPE_TEST_NETWORK_MONITOR,
                                  "relaydesk-test", 1000);
  g_assert_true (RD_IS_TEST_NETWORK_MONITOR (g_network_monitor_get_default ()));
}

void
rd_test_network_monitor_change (gboolean available)
{
  RdTestNetworkMonitor *self = RD_TEST_NETWORK_MONITOR (g_network_monitor_get_default ());

  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}
