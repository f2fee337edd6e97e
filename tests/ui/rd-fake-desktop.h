/* rd-fake-desktop.h: the desktop services the app listens to, served
 * from a thread on the test's session bus (which the test also names as
 * the system bus, DBUS_SYSTEM_BUS_ADDRESS, before the app starts): Mutter's
 * idle monitor, GNOME's screensaver, and logind's manager (PrepareForSleep,
 * Inhibit) and session (LockedHint). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RdFakeDesktop RdFakeDesktop;

/* Points DBUS_SYSTEM_BUS_ADDRESS at the session bus, then serves. */
RdFakeDesktop *rd_fake_desktop_start          (void);
void           rd_fake_desktop_stop           (RdFakeDesktop *self);
/* Fires the idle watches whose time has come (as if no input for that
 * long), or, with @idle FALSE, the user-active watches. */
void           rd_fake_desktop_set_idle       (RdFakeDesktop *self, gboolean idle);
/* Idle watches, or (@active) user-active watches, asked for and there. */
guint          rd_fake_desktop_n_watches      (RdFakeDesktop *self, gboolean active);
/* The screensaver's ActiveChanged, or logind's LockedHint. */
void           rd_fake_desktop_set_screensaver (RdFakeDesktop *self, gboolean active);
void           rd_fake_desktop_set_locked_hint (RdFakeDesktop *self, gboolean locked);
/* logind's PrepareForSleep(@going). */
void           rd_fake_desktop_prepare_for_sleep (RdFakeDesktop *self, gboolean going);
/* Sleep inhibitors taken and not let go. */
guint          rd_fake_desktop_n_inhibitors   (RdFakeDesktop *self);

G_END_DECLS
