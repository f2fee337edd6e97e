/* rd-desktop-presence.h: what the desktop says about whether the user is
 * there, told to RdAutoAway: idle from Mutter's idle monitor, the screen
 * locked from org.gnome.ScreenSaver or logind's LockedHint, another
 * session in front from logind's Active. Each where present. */
#pragma once

#include "rd-auto-away.h"

G_BEGIN_DECLS

#define RD_TYPE_DESKTOP_PRESENCE (rd_desktop_presence_get_type ())
G_DECLARE_FINAL_TYPE (RdDesktopPresence, rd_desktop_presence, RD, DESKTOP_PRESENCE, GObject)

RdDesktopPresence *rd_desktop_presence_new (RdAutoAway *auto_away, GSettings *settings);

G_END_DECLS
