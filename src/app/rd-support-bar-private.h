/* rd-support-bar-private.h: what the UI tests drive in rd-support-bar.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-history-window-private.h"
#include "rd-support-bar.h"

G_BEGIN_DECLS

/* For tests, as the buttons would. */
gboolean      rd_support_bar_resolve      (RdSupportBar *self);
gboolean      rd_support_bar_ask_screenshot (RdSupportBar *self);
gboolean      rd_support_bar_add_note     (RdSupportBar *self, const char *text);
/* To another agent and/or topic, with a note; as the Transfer form would. */
gboolean      rd_support_bar_transfer     (RdSupportBar *self, const char *agent, const char *topic,
                                           const char *note);
/* The requester's earlier requests shown, and opening one's transcript as
 * a click in the list would (the window, or NULL without that row). */
guint            rd_support_bar_get_n_earlier (RdSupportBar *self);
RdHistoryWindow *rd_support_bar_open_earlier  (RdSupportBar *self, guint index);
/* When someone else held this request before: the button's label ("Earlier
 * with Alice Agent", else NULL), and opening this request's transcript as
 * the button would (the window, or NULL without the button). */
const char      *rd_support_bar_get_earlier_part_label (RdSupportBar *self);
RdHistoryWindow *rd_support_bar_open_earlier_part      (RdSupportBar *self);
/* Loads the relay's canned replies and picks the one titled @title. */
void          rd_support_bar_use_canned   (RdSupportBar *self, const char *title);

G_END_DECLS
