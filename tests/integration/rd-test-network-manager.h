/* rd-test-network-manager.h: the stand-in NetworkManager for the tests
 * (tests/unit/nm-stand-in.py, python-dbusmock) on the bus that
 * DBUS_SYSTEM_BUS_ADDRESS names. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts the script RD_NM_STAND_IN names and returns once its objects are
 * on the bus; NULL when python-dbusmock is missing (the script exits 77)
 * or RD_NM_STAND_IN is unset. The test fails if it ends another way.
 * Stop it with SIGTERM. */
GSubprocess *rd_test_network_manager_start (void);

G_END_DECLS
