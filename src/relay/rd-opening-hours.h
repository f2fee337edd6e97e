/* rd-opening-hours.h: a topic's opening hours, parsed and checked.
 *
 * Hours are entries separated by ";", each days and one or more time
 * ranges: "mon-fri 09:00-12:00, 13:00-17:00; sat 10:00-14:00". Days are
 * mon tue wed thu fri sat sun, alone or as a range; times are HH:MM, 24:00
 * allowed as an end. A range must end after it starts and ranges of one
 * day must not overlap. Closed days are dates ("2026-12-25,2026-12-26"),
 * in the topic's time zone (an IANA name such as "Europe/Berlin"). Empty
 * hours mean always open.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdOpeningHours RdOpeningHours;

/* NULL with a message in @error (G_IO_ERROR_INVALID_DATA) when any part is wrong. */
RdOpeningHours *rd_opening_hours_parse     (const char *time_zone, const char *hours, const char *closed_days,
                                            GError **error);
void            rd_opening_hours_free      (RdOpeningHours *hours);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdOpeningHours, rd_opening_hours_free)

gboolean        rd_opening_hours_is_open   (const RdOpeningHours *hours, gint64 now_us);
/* When it next opens (µs since the epoch): @now_us while open, 0 if not
 * within a year (every day closed). */
gint64          rd_opening_hours_next_open (const RdOpeningHours *hours, gint64 now_us);

G_END_DECLS
