/* rd-window-private.h: what the UI tests drive and read in rd-window.c. */
#pragma once

#include "rd-my-requests.h"
#include "rd-window.h"

G_BEGIN_DECLS

/* The offer dialog on screen (agents), or NULL; for tests. */
GtkWidget   *rd_window_get_offer_dialog   (RdWindow *self);
/* The question of an agent asking for a screenshot, while shown, or NULL. */
GtkWidget   *rd_window_get_screenshot_dialog (RdWindow *self);
/* The sidebar's section of this agent's own requests. */
RdMyRequests *rd_window_get_my_requests   (RdWindow *self);

G_END_DECLS
