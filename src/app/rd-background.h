/* rd-background.h: leave to run with no window, and start with the
 * desktop ("autostart" setting). Under Flatpak through the Background
 * portal, which asks the user once, with our reason; outside it, an XDG
 * autostart entry in ~/.config/autostart. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_BACKGROUND (rd_background_get_type ())
G_DECLARE_FINAL_TYPE (RdBackground, rd_background, RD, BACKGROUND, GObject)

RdBackground *rd_background_new           (GtkApplication *app, GSettings *settings);
/* The main window closed while signed in: under Flatpak, the first time,
 * ask the portal to let us run on (with @parent gone, none). */
void          rd_background_ask           (RdBackground *self, GtkWindow *parent);
/* Where the autostart entry is written outside Flatpak. */
char         *rd_background_autostart_path (void);

G_END_DECLS
