/* rd-message-format.h: how messages read on screen (no widgets, unit-tested). */
#pragma once

#include <glib.h>

#include "rd-message.h"

G_BEGIN_DECLS

/* Pango markup of @body with http(s) and mailto links made clickable. */
char       *rd_message_format_body_markup (const char *body);
/* "14:05" for @ts_ms (milliseconds since the epoch), in local time. */
char       *rd_message_format_time        (gint64 ts_ms);
/* "Today", "Yesterday", a weekday within a week, else a date. */
char       *rd_message_format_day         (gint64 ts_ms, gint64 now_ms);
/* Whether two timestamps fall on different local days. */
gboolean    rd_message_format_new_day     (gint64 previous_ts_ms, gint64 ts_ms);
/* A short mark for an outgoing message's state, and its tooltip. */
const char *rd_message_format_state_mark  (RdMessageState state);
const char *rd_message_format_state_text  (RdMessageState state);

G_END_DECLS
