/* rd-auto-away.h: sets the status to away after idle minutes, and back. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_AUTO_AWAY (rd_auto_away_get_type ())
G_DECLARE_FINAL_TYPE (RdAutoAway, rd_auto_away, RD, AUTO_AWAY, GObject)

RdAutoAway *rd_auto_away_new          (GtkApplication *app, RdClient *client, GSettings *settings);
/* Counts as the user doing something (key, pointer, focus). */
void        rd_auto_away_note_activity (RdAutoAway *self);
/* Checks the idle time against the preference now; @now_us is monotonic. */
void        rd_auto_away_check        (RdAutoAway *self, gint64 now_us);

G_END_DECLS
