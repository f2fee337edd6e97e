/* rd-history-window-private.h: what tests read from the window. */
#pragma once

#include "rd-history-window.h"

G_BEGIN_DECLS

/* The steps shown, one line each ("" while loading), or the error. */
char *rd_history_window_dup_text (RdHistoryWindow *self);

G_END_DECLS
