/* rd-auto-away.h: sets the status to away while the user is not there, and
 * back when they return; never over a status the user chose by hand. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

/* Why the user is not there; away while any holds. */
typedef enum {
  RD_AWAY_IDLE      = 1 << 0,  /* no input for the idle minutes (setting) */
  RD_AWAY_LOCKED    = 1 << 1,  /* the screen is locked */
  RD_AWAY_ELSEWHERE = 1 << 2,  /* the desktop session is not the one in front (user switch) */
  RD_AWAY_SLEEPING  = 1 << 3,  /* the machine is going to sleep */
} RdAwayReasons;

#define RD_TYPE_AUTO_AWAY (rd_auto_away_get_type ())
G_DECLARE_FINAL_TYPE (RdAutoAway, rd_auto_away, RD, AUTO_AWAY, GObject)

RdAutoAway   *rd_auto_away_new           (GtkApplication *app, RdClient *client, GSettings *settings);
void          rd_auto_away_set_reason    (RdAutoAway *self, RdAwayReasons reason, gboolean holds);
RdAwayReasons rd_auto_away_get_reasons   (RdAutoAway *self);

/* Idleness, from our own windows' input (the fallback) unless the
 * desktop's idle monitor tells it (rd_auto_away_set_desktop_idle). */
void          rd_auto_away_note_activity (RdAutoAway *self);
/* Checks the idle time against the setting now; @now_us is monotonic. */
void          rd_auto_away_check         (RdAutoAway *self, gint64 now_us);
/* From now on the desktop says when the user is idle: the windows' own
 * timer stops counting. */
void          rd_auto_away_set_desktop_idle (RdAutoAway *self, gboolean desktop_tells);

G_END_DECLS
