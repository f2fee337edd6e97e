/* test-facts.c: the facts about a computer. What rd_facts_check lets
 * travel and what it refuses (naming the member); the copy without the
 * items switched off; and the facts collected on this machine, on a
 * private system bus: first with no NetworkManager there (the network as
 * GIO sees it), then with a stand-in NetworkManager (python-dbusmock,
 * tests/unit/nm-stand-in.py) describing wired, Wi-Fi and VPN connections. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/utsname.h>

#include "rd-facts-collect.h"
#include "rd-facts.h"
#include "rd-protocol.h"
#include "rd-test-network-manager.h"
#include "rd-test-relay.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

#define FULL_FACTS \
  "{\"os\": \"Debian GNU/Linux 12 (bookworm)\", \"host\": \"pc-0042\", \"kernel\": \"6.1.0-13-amd64 x86_64\"," \
  " \"uptime\": 93784, \"session\": \"GNOME on Wayland\", \"disk\": {\"free\": 52000000000, \"total\": 250000000000}," \
  " \"memory\": {\"available\": 6000000000, \"total\": 16000000000}, \"app\": \"0.1.0\"," \
  " \"network\": {\"source\": \"networkmanager\", \"connectivity\": \"full\", \"vpn\": true, \"wifi\": \"Office WiFi\"," \
  "  \"connections\": [{\"name\": \"Office VPN\", \"type\": \"vpn\", \"device\": \"eth0\", \"addresses\": [\"10.8.0.5/32\"]}]}}"

static void
test_check_accepts (void)
{
  g_autoptr(JsonObject) full = parse (FULL_FACTS);
  g_autoptr(JsonObject) empty = parse ("{}");
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_facts_check (full, &error));
  g_assert_no_error (error);
  g_assert_true (rd_facts_check (empty, &error));   /* every item may be switched off */
  g_assert_no_error (error);
}

typedef struct {
  const char  *facts;
  RdErrorCode  code;
  const char  *message;
} Refusal;

static char *
oversized_facts (void)
{
  GString *text = g_string_new ("{\"network\": {\"source\": \"gio\", \"connectivity\": \"full\", \"vpn\": false, "
                                "\"connections\": [");

  /* Each member within its limits, 16 connections of 8 addresses: too much in all. */
  for (guint i = 0; i < 16; i++)
    {
      g_string_append_printf (text, "%s{\"name\": \"c%u\", \"type\": \"ethernet\", \"addresses\": [", i ? ", " : "", i);
      for (guint k = 0; k < 8; k++)
        g_string_append_printf (text, "%s\"2001:db8:aaaa:bbbb:cccc:dddd:%04x:%04x/128\"", k ? ", " : "", i, k);
      g_string_append (text, "]}");
    }
  g_string_append (text, "]}}");
  return g_string_free (text, FALSE);
}

static void
test_check_refuses (void)
{
  static const Refusal refusals[] = {
    { "{\"printer\": \"HP\"}", RD_ERROR_UNKNOWN_FIELD, "facts has no member \"printer\"" },
    { "{\"host\": 42}", RD_ERROR_WRONG_TYPE, "facts.host must be a string" },
    { "{\"uptime\": -5}", RD_ERROR_INVALID_VALUE, "facts.uptime must be between 0 and 1099511627776" },
    { "{\"uptime\": \"3 days\"}", RD_ERROR_WRONG_TYPE, "facts.uptime must be an integer" },
    { "{\"disk\": {\"free\": 1}}", RD_ERROR_INVALID_VALUE, "facts.disk must have \"total\"" },
    { "{\"memory\": [1, 2]}", RD_ERROR_WRONG_TYPE, "facts.memory must be an object" },
    { "{\"network\": {\"source\": \"gio\", \"connectivity\": \"full\", \"vpn\": \"yes\"}}", RD_ERROR_WRONG_TYPE,
      "facts.network.vpn must be a boolean" },
    { "{\"network\": {\"source\": \"gio\", \"connectivity\": \"great\", \"vpn\": false}}", RD_ERROR_INVALID_VALUE,
      "facts.network.connectivity must be one of: full, limited, portal, none, unknown" },
    { "{\"network\": {\"connectivity\": \"full\", \"vpn\": false}}", RD_ERROR_INVALID_VALUE,
      "facts.network must have \"source\"" },
    { "{\"network\": {\"source\": \"gio\", \"connectivity\": \"full\", \"vpn\": false, \"connections\": "
      "[{\"name\": \"a\", \"type\": \"vpn\", \"addresses\": [\"10.0.0.1\", 7]}]}}", RD_ERROR_WRONG_TYPE,
      "facts.network.connections[0].addresses[1] must be a string" },
    { "{\"network\": {\"source\": \"gio\", \"connectivity\": \"full\", \"vpn\": false, \"connections\": "
      "[{\"type\": \"vpn\"}]}}", RD_ERROR_INVALID_VALUE, "facts.network.connections[0] must have \"name\"" },
  };
  g_autofree char *long_host = g_strnfill (254, 'h');
  g_autofree char *long_host_facts = g_strdup_printf ("{\"host\": \"%s\"}", long_host);
  g_autofree char *oversized = oversized_facts ();

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(JsonObject) facts = parse (refusals[i].facts);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", refusals[i].facts);
      g_assert_false (rd_facts_check (facts, &error));
      g_assert_error (error, RD_PROTOCOL_ERROR, (gint) refusals[i].code);
      g_assert_cmpstr (error->message, ==, refusals[i].message);
    }
  {
    g_autoptr(JsonObject) facts = parse (long_host_facts);
    g_autoptr(GError) error = NULL;

    g_assert_false (rd_facts_check (facts, &error));
    g_assert_cmpstr (error->message, ==, "facts.host must be at most 253 bytes");
  }
  {
    g_autoptr(JsonObject) facts = parse (oversized);
    g_autoptr(GError) error = NULL;

    g_assert_false (rd_facts_check (facts, &error));
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
    g_assert_cmpstr (error->message, ==, "facts must be at most 4096 bytes as JSON");
  }
}

/* The frame's decoding applies the check: a request_create with bad facts
 * is refused as a whole. */
static void
test_frame_refuses (void)
{
  const char *frame = "{\"type\": \"request_create\", \"id\": \"1\", \"topic\": \"Network\", \"summary\": \"VPN\","
                      " \"facts\": {\"network\": {\"source\": \"gio\", \"connectivity\": \"full\", \"vpn\": 1}}}";
  const char *not_object = "{\"type\": \"request_create\", \"id\": \"1\", \"topic\": \"Network\", \"summary\": \"VPN\","
                           " \"facts\": \"Debian\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  JsonObject *decoded;

  decoded = rd_frame_decode (frame, strlen (frame), RD_DIRECTION_TO_RELAY, NULL, NULL, &error);
  g_assert_null (decoded);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==, "facts.network.vpn must be a boolean");
  decoded = rd_frame_decode (not_object, strlen (not_object), RD_DIRECTION_TO_RELAY, NULL, NULL, &error2);
  g_assert_null (decoded);
  g_assert_error (error2, RD_PROTOCOL_ERROR, RD_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error2->message, ==, "field \"facts\" must be an object");
}

static void
test_without (void)
{
  g_autoptr(JsonObject) object = parse (FULL_FACTS);
  g_autoptr(RdFacts) full = rd_facts_new_for_json (object);
  const char * const withheld[] = { RD_FACT_HOST, RD_FACT_NETWORK, NULL };
  g_autoptr(RdFacts) kept = rd_facts_without (full, withheld);
  g_autoptr(RdFacts) all = rd_facts_without (full, NULL);

  g_assert_false (rd_facts_has (kept, RD_FACT_HOST));
  g_assert_false (rd_facts_has (kept, RD_FACT_NETWORK));
  g_assert_cmpstr (rd_facts_get_string (kept, RD_FACT_OS), ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_cmpuint (rd_facts_get_n_items (kept), ==, rd_facts_get_n_items (full) - 2);
  g_assert_true (json_object_equal (rd_facts_get_json (all), object));
  g_assert_true (rd_facts_has (full, RD_FACT_HOST));   /* the original is left as it was */
}

/* What the app reads them by. */
static void
test_paths (void)
{
  g_autoptr(JsonObject) object = parse (FULL_FACTS);
  g_autoptr(RdFacts) facts = rd_facts_new_for_json (object);

  g_assert_cmpstr (rd_facts_get_string (facts, "host"), ==, "pc-0042");
  g_assert_cmpint (rd_facts_get_int (facts, "disk.free", -1), ==, 52000000000);
  g_assert_cmpint (rd_facts_get_int (facts, "uptime", -1), ==, 93784);
  g_assert_true (rd_facts_get_bool (facts, "network.vpn"));
  g_assert_cmpuint (rd_facts_get_length (facts, "network.connections"), ==, 1);
  g_assert_cmpstr (rd_facts_get_string (facts, "network.connections[0].name"), ==, "Office VPN");
  g_assert_cmpstr (rd_facts_get_string (facts, "network.connections[0].addresses[0]"), ==, "10.8.0.5/32");
  /* Nothing there, or not of that type: the fallback. */
  g_assert_null (rd_facts_get_string (facts, "network.connections[1].name"));
  g_assert_null (rd_facts_get_string (facts, "uptime"));
  g_assert_null (rd_facts_get_string (facts, "os.name"));
  g_assert_cmpint (rd_facts_get_int (facts, "memory.free", -1), ==, -1);
  g_assert_false (rd_facts_get_bool (facts, "network.wifi"));
  g_assert_cmpuint (rd_facts_get_length (facts, "network"), ==, 0);
  g_assert_false (rd_facts_has (facts, "printer"));
}

/* ---- collected on this machine ---- */

static void
collected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  JsonObject **facts = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdFacts) collected = rd_facts_collect_finish (result, &error);

  g_assert_no_error (error);
  *facts = json_object_ref (rd_facts_get_json (collected));
  g_assert_no_error (error);
}

static JsonObject *
collect (void)
{
  JsonObject *facts = NULL;
  g_autoptr(GError) error = NULL;

  rd_facts_collect_async (NULL, collected_cb, &facts);
  RD_TEST_WAIT (facts != NULL, 20000);
  g_assert_true (rd_facts_check (facts, &error));
  g_assert_no_error (error);
  return facts;
}

static JsonObject *
network_of (JsonObject *facts)
{
  g_assert_true (json_object_has_member (facts, RD_FACT_NETWORK));
  return json_object_get_object_member (facts, RD_FACT_NETWORK);
}

static void
test_collect_without_network_manager (void)
{
  g_autoptr(JsonObject) facts = NULL;
  JsonObject *network;
  JsonArray *connections;
  struct utsname names;

  g_setenv ("XDG_CURRENT_DESKTOP", "GNOME", TRUE);
  g_setenv ("XDG_SESSION_TYPE", "wayland", TRUE);
  facts = collect ();
  g_assert_cmpstr (json_object_get_string_member (facts, RD_FACT_HOST), ==, g_get_host_name ());
  g_assert_cmpstr (json_object_get_string_member (facts, RD_FACT_APP), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (facts, RD_FACT_SESSION), ==, "GNOME on Wayland");
  g_assert_cmpint (uname (&names), ==, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (facts, RD_FACT_KERNEL), names.release));
  g_assert_cmpint (json_object_get_int_member (facts, RD_FACT_UPTIME), >, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (facts, RD_FACT_MEMORY), "total"), >, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (facts, RD_FACT_DISK), "total"), >, 0);
  if (g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME) != NULL)
    g_assert_true (json_object_has_member (facts, RD_FACT_OS));
  network = network_of (facts);
  g_assert_cmpstr (json_object_get_string_member (network, "source"), ==, "gio");
  connections = json_object_get_array_member (network, "connections");
  for (guint i = 0; i < json_array_get_length (connections); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (connections, i), "device"),
                     !=, "lo");
}

static GSubprocess *network_manager;

static void
test_collect_from_network_manager (void)
{
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  JsonObject *network;
  JsonArray *connections;

  if ((network_manager = rd_test_network_manager_start ()) == NULL)
    {
      g_test_skip ("no stand-in NetworkManager: python3-dbusmock is not installed or RD_NM_STAND_IN is unset");
      return;
    }
  facts = collect ();
  network = network_of (facts);
  g_assert_cmpstr (json_object_get_string_member (network, "source"), ==, "networkmanager");
  g_assert_cmpstr (json_object_get_string_member (network, "connectivity"), ==, "full");
  g_assert_true (json_object_get_boolean_member (network, "vpn"));
  g_assert_cmpstr (json_object_get_string_member (network, "wifi"), ==, "Office WiFi");
  connections = json_object_get_array_member (network, "connections");
  for (guint i = 0; i < json_array_get_length (connections); i++)
    {
      JsonObject *connection = json_array_get_object_element (connections, i);
      JsonArray *addresses = json_object_get_array_member (connection, "addresses");

      g_string_append_printf (seen, "%s|%s|%s|", json_object_get_string_member (connection, "name"),
                              json_object_get_string_member (connection, "type"),
                              json_object_get_string_member (connection, "device"));
      for (guint k = 0; k < json_array_get_length (addresses); k++)
        g_string_append_printf (seen, "%s ", json_array_get_string_element (addresses, k));
      g_string_append (seen, "\n");
    }
  g_assert_cmpstr (seen->str, ==,
                   "Wired connection 1|ethernet|eth0|192.0.2.10/24 2001:db8::10/64 \n"
                   "Office WiFi|wifi|wlan0|198.51.100.7/24 \n"
                   "Office VPN|vpn|eth0|10.8.0.5/32 \n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) system_bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A private bus stands for the system bus: NetworkManager is absent
   * from it until the second collection starts the stand-in. */
  system_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (system_bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (system_bus), TRUE);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "base", TRUE);

  g_test_add_func ("/facts/check/accepts", test_check_accepts);
  g_test_add_func ("/facts/check/refuses", test_check_refuses);
  g_test_add_func ("/facts/check/in-the-frame", test_frame_refuses);
  g_test_add_func ("/facts/without", test_without);
  g_test_add_func ("/facts/paths", test_paths);
  g_test_add_func ("/facts/collect/without-networkmanager", test_collect_without_network_manager);
  g_test_add_func ("/facts/collect/from-networkmanager", test_collect_from_network_manager);
  status = g_test_run ();
  if (network_manager != NULL)
    {
      g_subprocess_send_signal (network_manager, SIGTERM);
      g_subprocess_wait (network_manager, NULL, NULL);
    }
  g_test_dbus_down (system_bus);
  return status;
}
