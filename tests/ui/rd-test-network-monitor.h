/* rd-test-network-monitor.h: a GNetworkMonitor the test drives, put in
 * GIO's extension point above the real ones, so the app's
 * g_network_monitor_get_default () is this one. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Before anything asks for the default network monitor. */
void rd_test_network_monitor_install (void);
/* "network-changed", as a new Wi-Fi or a VPN coming up would say it. */
void rd_test_network_monitor_change  (gboolean available);

G_END_DECLS
