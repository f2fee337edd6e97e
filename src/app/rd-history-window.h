/* rd-history-window.h: a request's history, step by step, for staff: what
 * happened, who did it, when; or its transcript: what its requester and
 * the agents who held it wrote while it was open. */
#pragma once

#include <adwaita.h>

#include "rd-support-desk.h"

G_BEGIN_DECLS

#define RD_TYPE_HISTORY_WINDOW (rd_history_window_get_type ())
G_DECLARE_FINAL_TYPE (RdHistoryWindow, rd_history_window, RD, HISTORY_WINDOW, AdwWindow)

/* Asks the relay for it at once; shows it when it comes. */
RdHistoryWindow *rd_history_window_new (GtkWindow *parent, RdSupportDesk *desk, RdSupportRequest *request);
RdHistoryWindow *rd_history_window_new_transcript (GtkWindow *parent, RdSupportDesk *desk, RdSupportRequest *request);

G_END_DECLS
