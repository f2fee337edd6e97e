/* rd-ui-watchdog.h: turns a UI test that hangs into a failure that says
 * where. The test's main loop beats once a second; when it has not beaten
 * for RD_UI_WATCHDOG_S (something blocked the thread with no deadline),
 * a watcher thread prints every thread's backtrace (gdb, where installed)
 * and aborts, well before meson's timeout would kill the test silently.
 * RD_UI_WATCHDOG_S in the environment sets another limit. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_UI_WATCHDOG_S 120

void rd_ui_watchdog_start (void);

G_END_DECLS
