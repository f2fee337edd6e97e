/* rd-relay-log.h: one structured line per log record on stderr. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void rd_relay_log_init (GLogLevelFlags threshold);

G_END_DECLS
