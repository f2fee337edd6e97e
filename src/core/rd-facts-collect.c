/* rd-facts-collect.c: the facts about this computer. The system's items
 * come from GLib, uname, sysinfo and statvfs; the network from
 * NetworkManager's D-Bus API (its active connections, their devices,
 * addresses and Wi-Fi access point) or, without it, from GIO's network
 * monitor and getifaddrs. Runs in a worker thread on values copied in. */
#define G_LOG_DOMAIN "rd-facts"

#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "rd-facts-collect.h"
#include "rd-facts.h"

#define NM_NAME "org.freedesktop.NetworkManager"
#define NM_PATH "/org/freedesktop/NetworkManager"
#define NM_CALL_TIMEOUT_MS 1000
#define CONNECTIONS_MAX 16
#define ADDRESSES_MAX 8

typedef struct {
  char                *desktop;        /* XDG_CURRENT_DESKTOP */
  char                *session_type;   /* XDG_SESSION_TYPE */
  GNetworkConnectivity connectivity;   /* GIO's, read in the caller's thread */
} Inputs;

static void
inputs_free (Inputs *inputs)
{
  g_free (inputs->desktop);
  g_free (inputs->session_type);
  g_free (inputs);
}

/* ---- the system ---- */

static char *
session_text (const Inputs *inputs)
{
  g_autofree char *desktop = inputs->desktop ? g_strdelimit (g_strdup (inputs->desktop), ":", '/') : NULL;
  const char *type = inputs->session_type;
  const char *shown = NULL;

  if (g_strcmp0 (type, "wayland") == 0)
    shown = "Wayland";
  else if (g_strcmp0 (type, "x11") == 0)
    shown = "X11";
  else if (type != NULL && *type != '\0')
    shown = type;
  if (desktop != NULL && *desktop != '\0')
    return shown ? g_strdup_printf ("%s on %s", desktop, shown) : g_strdup (desktop);
  return g_strdup (shown);
}

static void
set_space (JsonObject *facts,
           const char *item,
           const char *free_name,
           gint64      free_bytes,
           gint64      total_bytes)
{
  JsonObject *space = json_object_new ();

  json_object_set_int_member (space, free_name, free_bytes);
  json_object_set_int_member (space, "total", total_bytes);
  json_object_set_object_member (facts, item, space);
}

/* MemAvailable from /proc/meminfo: what can be had without swapping. */
static gint64
memory_available (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL) || (line = strstr (text, "MemAvailable:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
}

/* @value, if any, cut at a character to @max bytes (rd-facts.c's limits). */
static void
set_clipped (JsonObject *object,
             const char *member,
             const char *value,
             gsize       max)
{
  g_autofree char *cut = NULL;

  if (value == NULL || *value == '\0')
    return;
  if (strlen (value) > max)
    value = cut = g_strndup (value, g_utf8_find_prev_char (value, value + max + 1) - value);
  json_object_set_string_member (object, member, value);
}

static void
collect_system (JsonObject   *facts,
                const Inputs *inputs)
{
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  g_autofree char *session = session_text (inputs);
  struct utsname names;
  struct sysinfo info;
  struct statvfs space;

  set_clipped (facts, RD_FACT_OS, os, 128);
  set_clipped (facts, RD_FACT_HOST, g_get_host_name (), 253);
  if (uname (&names) == 0)
    {
      g_autofree char *kernel = g_strdup_printf ("%s %s", names.release, names.machine);

      set_clipped (facts, RD_FACT_KERNEL, kernel, 128);
    }
  set_clipped (facts, RD_FACT_SESSION, session, 128);
  if (sysinfo (&info) == 0)
    {
      gint64 available = memory_available ();

      json_object_set_int_member (facts, RD_FACT_UPTIME, info.uptime);
      set_space (facts, RD_FACT_MEMORY, "available",
                 available >= 0 ? available : (gint64) info.freeram * info.mem_unit,
                 (gint64) info.totalram * info.mem_unit);
    }
  if (statvfs (g_get_home_dir (), &space) == 0)
    set_space (facts, RD_FACT_DISK, "free", (gint64) space.f_bavail * space.f_frsize,
               (gint64) space.f_blocks * space.f_frsize);
  set_clipped (facts, RD_FACT_APP, PACKAGE_VERSION, 64);
}

/* ---- the network, as NetworkManager sees it ---- */

static GVariant *
nm_property (GDBusConnection *bus,
             const char      *path,
             const char      *interface,
             const char      *name,
             GError         **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value = NULL;

  reply = g_dbus_connection_call_sync (bus, NM_NAME, path, "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", interface, name), G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, NM_CALL_TIMEOUT_MS, NULL, error);
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);
  /* Some services box a value once more. */
  while (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (value);

      g_variant_unref (value);
      value = inner;
    }
  return value;
}

static char *
nm_string (GDBusConnection *bus,
           const char      *path,
           const char      *interface,
           const char      *name)
{
  g_autoptr(GVariant) value = nm_property (bus, path, interface, name, NULL);

  if (value != NULL && (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
                        g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH)))
    return g_variant_dup_string (value, NULL);
  return NULL;
}

static const char *
connectivity_name (guint nm_state)
{
  switch (nm_state)
    {
    case 1: return "none";
    case 2: return "portal";
    case 3: return "limited";
    case 4: return "full";
    default: return "unknown";
    }
}

/* NetworkManager's setting names, as people say them. */
static const char *
connection_type (const char *nm_type)
{
  if (g_strcmp0 (nm_type, "802-3-ethernet") == 0)
    return "ethernet";
  if (g_strcmp0 (nm_type, "802-11-wireless") == 0)
    return "wifi";
  return nm_type;
}

static void
add_nm_addresses (GDBusConnection *bus,
                  const char      *connection,
                  const char      *property,
                  const char      *interface,
                  JsonArray       *addresses)
{
  g_autofree char *config = nm_string (bus, connection, NM_NAME ".Connection.Active", property);
  g_autoptr(GVariant) data = NULL;
  GVariantIter iter;
  GVariant *entry;

  if (config == NULL || g_str_equal (config, "/") ||
      (data = nm_property (bus, config, interface, "AddressData", NULL)) == NULL ||
      !g_variant_is_of_type (data, G_VARIANT_TYPE ("aa{sv}")))
    return;
  g_variant_iter_init (&iter, data);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *address = NULL;
      guint32 prefix = 0;

      if (g_variant_lookup (entry, "address", "&s", &address) && json_array_get_length (addresses) < ADDRESSES_MAX)
        {
          g_autofree char *text = g_variant_lookup (entry, "prefix", "u", &prefix)
                                  ? g_strdup_printf ("%s/%u", address, prefix) : g_strdup (address);

          json_array_add_string_element (addresses, text);
        }
      g_variant_unref (entry);
    }
}

static char *
nm_ssid (GDBusConnection *bus,
         const char      *access_point)
{
  g_autoptr(GVariant) ssid = NULL;
  gsize length = 0;
  const guint8 *bytes;

  if (access_point == NULL || g_str_equal (access_point, "/") ||
      (ssid = nm_property (bus, access_point, NM_NAME ".AccessPoint", "Ssid", NULL)) == NULL ||
      !g_variant_is_of_type (ssid, G_VARIANT_TYPE_BYTESTRING))
    return NULL;
  bytes = g_variant_get_fixed_array (ssid, &length, 1);
  return length > 0 ? g_utf8_make_valid ((const char *) bytes, MIN (length, 32)) : NULL;
}

static JsonObject *
nm_connection (GDBusConnection *bus,
               const char      *path,
               gboolean        *vpn,
               char           **wifi)
{
  const char *active = NM_NAME ".Connection.Active";
  JsonObject *connection = json_object_new ();
  JsonArray *addresses = json_array_new ();
  g_autofree char *name = nm_string (bus, path, active, "Id");
  g_autofree char *nm_type = nm_string (bus, path, active, "Type");
  g_autoptr(GVariant) is_vpn = nm_property (bus, path, active, "Vpn", NULL);
  g_autoptr(GVariant) devices = nm_property (bus, path, active, "Devices", NULL);
  const char *type = connection_type (nm_type);

  json_object_set_string_member (connection, "name", "");
  set_clipped (connection, "name", name, 128);
  json_object_set_string_member (connection, "type", "unknown");
  set_clipped (connection, "type", type, 32);
  if (devices != NULL && g_variant_is_of_type (devices, G_VARIANT_TYPE ("ao")) && g_variant_n_children (devices) > 0)
    {
      const char *device = NULL;
      g_autofree char *interface = NULL;

      g_variant_get_child (devices, 0, "&o", &device);
      interface = nm_string (bus, device, NM_NAME ".Device", "Interface");
      set_clipped (connection, "device", interface, 32);
    }
  add_nm_addresses (bus, path, "Ip4Config", NM_NAME ".IP4Config", addresses);
  add_nm_addresses (bus, path, "Ip6Config", NM_NAME ".IP6Config", addresses);
  json_object_set_array_member (connection, "addresses", addresses);
  if ((is_vpn != NULL && g_variant_is_of_type (is_vpn, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (is_vpn)) ||
      g_strcmp0 (type, "vpn") == 0 || g_strcmp0 (type, "wireguard") == 0)
    *vpn = TRUE;
  if (g_strcmp0 (type, "wifi") == 0 && *wifi == NULL)
    {
      g_autofree char *access_point = nm_string (bus, path, active, "SpecificObject");

      *wifi = nm_ssid (bus, access_point);
    }
  return connection;
}

/* NULL where NetworkManager does not answer. */
static JsonObject *
network_from_nm (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr(GVariant) connectivity = NULL;
  g_autoptr(GVariant) actives = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wifi = NULL;
  JsonObject *network;
  JsonArray *connections;
  gboolean vpn = FALSE;

  if (bus == NULL)
    return NULL;
  if ((connectivity = nm_property (bus, NM_PATH, NM_NAME, "Connectivity", &error)) == NULL ||
      !g_variant_is_of_type (connectivity, G_VARIANT_TYPE_UINT32))
    {
      g_debug ("no NetworkManager: %s", error ? error->message : "Connectivity is not a number");
      return NULL;
    }
  network = json_object_new ();
  connections = json_array_new ();
  json_object_set_string_member (network, "source", "networkmanager");
  json_object_set_string_member (network, "connectivity", connectivity_name (g_variant_get_uint32 (connectivity)));
  actives = nm_property (bus, NM_PATH, NM_NAME, "ActiveConnections", NULL);
  if (actives != NULL && g_variant_is_of_type (actives, G_VARIANT_TYPE ("ao")))
    for (gsize i = 0; i < g_variant_n_children (actives) && i < CONNECTIONS_MAX; i++)
      {
        const char *path = NULL;

        g_variant_get_child (actives, i, "&o", &path);
        json_array_add_object_element (connections, nm_connection (bus, path, &vpn, &wifi));
      }
  json_object_set_boolean_member (network, "vpn", vpn);
  set_clipped (network, "wifi", wifi, 128);
  json_object_set_array_member (network, "connections", connections);
  return network;
}

/* ---- the network, as GIO and the interfaces show it ---- */

static const char *
gio_connectivity_name (GNetworkConnectivity connectivity)
{
  switch (connectivity)
    {
    case G_NETWORK_CONNECTIVITY_LOCAL: return "none";
    case G_NETWORK_CONNECTIVITY_LIMITED: return "limited";
    case G_NETWORK_CONNECTIVITY_PORTAL: return "portal";
    case G_NETWORK_CONNECTIVITY_FULL: return "full";
    default: return "unknown";
    }
}

/* From the interface's name and /sys: a guess NetworkManager would not need. */
static const char *
interface_type (const char *name)
{
  g_autofree char *wireless = g_strdup_printf ("/sys/class/net/%s/wireless", name);
  g_autofree char *device = g_strdup_printf ("/sys/class/net/%s/device", name);

  if (g_str_has_prefix (name, "wg"))
    return "wireguard";
  if (g_str_has_prefix (name, "tun") || g_str_has_prefix (name, "tap") || g_str_has_prefix (name, "ppp"))
    return "vpn";
  if (g_file_test (wireless, G_FILE_TEST_EXISTS))
    return "wifi";
  return g_file_test (device, G_FILE_TEST_EXISTS) ? "ethernet" : "virtual";
}

static JsonObject *
interface_entry (JsonArray  *connections,
                 const char *name)
{
  JsonObject *entry;

  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      entry = json_array_get_object_element (connections, i);
      if (g_strcmp0 (json_object_get_string_member (entry, "device"), name) == 0)
        return entry;
    }
  if (json_array_get_length (connections) >= CONNECTIONS_MAX)
    return NULL;
  entry = json_object_new ();
  set_clipped (entry, "name", name, 128);
  json_object_set_string_member (entry, "type", interface_type (name));
  set_clipped (entry, "device", name, 32);
  json_object_set_array_member (entry, "addresses", json_array_new ());
  json_array_add_object_element (connections, entry);
  return entry;
}

static JsonObject *
network_from_gio (GNetworkConnectivity connectivity)
{
  JsonObject *network = json_object_new ();
  JsonArray *connections = json_array_new ();
  struct ifaddrs *list = NULL;
  gboolean vpn = FALSE;

  json_object_set_string_member (network, "source", "gio");
  json_object_set_string_member (network, "connectivity", gio_connectivity_name (connectivity));
  if (getifaddrs (&list) == 0)
    for (struct ifaddrs *a = list; a != NULL; a = a->ifa_next)
      {
        g_autoptr(GSocketAddress) address = NULL;
        g_autoptr(GSocketAddress) mask = NULL;
        g_autofree char *text = NULL;
        JsonObject *entry;
        JsonArray *addresses;
        guint prefix = 0;

        if (a->ifa_addr == NULL || (a->ifa_flags & IFF_LOOPBACK) || (a->ifa_flags & IFF_UP) == 0 ||
            (a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6) ||
            (entry = interface_entry (connections, a->ifa_name)) == NULL)
          continue;
        address = g_socket_address_new_from_native (a->ifa_addr, a->ifa_addr->sa_family == AF_INET
                                                    ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6));
        if (a->ifa_netmask != NULL)
          {
            const guint8 *bytes = a->ifa_addr->sa_family == AF_INET
                                  ? (const guint8 *) &((struct sockaddr_in *) a->ifa_netmask)->sin_addr
                                  : (const guint8 *) &((struct sockaddr_in6 *) a->ifa_netmask)->sin6_addr;
            guint n = a->ifa_addr->sa_family == AF_INET ? 4 : 16;

            for (guint i = 0; i < n; i++)
              prefix += __builtin_popcount (bytes[i]);
          }
        if (address == NULL)
          continue;
        text = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
        addresses = json_object_get_array_member (entry, "addresses");
        if (json_array_get_length (addresses) < ADDRESSES_MAX)
          {
            g_autofree char *shown = a->ifa_netmask ? g_strdup_printf ("%s/%u", text, prefix) : g_strdup (text);

            json_array_add_string_element (addresses, shown);
          }
        if (g_str_equal (json_object_get_string_member (entry, "type"), "vpn") ||
            g_str_equal (json_object_get_string_member (entry, "type"), "wireguard"))
          vpn = TRUE;
      }
  if (list != NULL)
    freeifaddrs (list);
  json_object_set_boolean_member (network, "vpn", vpn);
  json_object_set_array_member (network, "connections", connections);
  return network;
}

/* ---- the task ---- */

static void
collect_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const Inputs *inputs = task_data;
  JsonObject *facts = json_object_new ();
  JsonObject *network;

  collect_system (facts, inputs);
  if ((network = network_from_nm ()) == NULL)
    network = network_from_gio (inputs->connectivity);
  json_object_set_object_member (facts, RD_FACT_NETWORK, network);
  /* Many connections with many addresses could pass the size allowed:
   * the last ones go first. */
  while (!rd_facts_check (facts, NULL) && json_object_has_member (network, "connections") &&
         json_array_get_length (json_object_get_array_member (network, "connections")) > 0)
    {
      JsonArray *connections = json_object_get_array_member (network, "connections");

      json_array_remove_element (connections, json_array_get_length (connections) - 1);
    }
  g_task_return_pointer (task, rd_facts_new_for_json (facts), (GDestroyNotify) rd_facts_unref);
  json_object_unref (facts);
}

void
rd_facts_collect_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Inputs *inputs = g_new0 (Inputs, 1);

  inputs->desktop = g_strdup (g_getenv ("XDG_CURRENT_DESKTOP"));
  inputs->session_type = g_strdup (g_getenv ("XDG_SESSION_TYPE"));
  inputs->connectivity = g_network_monitor_get_connectivity (g_network_monitor_get_default ());
  g_task_set_source_tag (task, rd_facts_collect_async);
  g_task_set_task_data (task, inputs, (GDestroyNotify) inputs_free);
  g_task_run_in_thread (task, collect_in_thread);
}

RdFacts *
rd_facts_collect_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
