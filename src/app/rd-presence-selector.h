/* rd-presence-selector.h: your own status and status text. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_PRESENCE_SELECTOR (rd_presence_selector_get_type ())
G_DECLARE_FINAL_TYPE (RdPresenceSelector, rd_presence_selector, RD, PRESENCE_SELECTOR, GtkBox)

void rd_presence_selector_set_client (RdPresenceSelector *self, RdClient *client);

G_END_DECLS
