/* rd-support-bar.h: the agent's tools above a conversation that is a
 * support request: canned replies, internal notes, transfer, resolve. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_SUPPORT_BAR (rd_support_bar_get_type ())
G_DECLARE_FINAL_TYPE (RdSupportBar, rd_support_bar, RD, SUPPORT_BAR, GtkBox)

/* Emits "insert-text" (text) for a chosen canned reply and "finished" once
 * resolved or transferred. */
RdSupportBar *rd_support_bar_new          (RdClient *client, RdSupportRequest *request);
RdSupportRequest *rd_support_bar_get_request (RdSupportBar *self);
/* Someone else (a supervisor) took the request: the tools go, the bar says
 * who has it now. */
void          rd_support_bar_set_taken_away (RdSupportBar *self);
gboolean      rd_support_bar_is_taken_away  (RdSupportBar *self);
/* The side panel with the requester's computer (RdFactsPanel) for the
 * conversation to place, and the button that shows and hides it (its
 * "active"; pressed by the bar once facts arrived). */
GtkWidget      *rd_support_bar_get_facts_panel  (RdSupportBar *self);
GtkToggleButton *rd_support_bar_get_facts_button (RdSupportBar *self);

G_END_DECLS
