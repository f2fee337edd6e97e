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
/* For tests, as the buttons would. */
gboolean      rd_support_bar_resolve      (RdSupportBar *self);
gboolean      rd_support_bar_add_note     (RdSupportBar *self, const char *text);
/* To another agent and/or topic, with a note; as the Transfer form would. */
gboolean      rd_support_bar_transfer     (RdSupportBar *self, const char *agent, const char *topic,
                                           const char *note);
/* Loads the relay's canned replies and picks the one titled @title. */
void          rd_support_bar_use_canned   (RdSupportBar *self, const char *title);

G_END_DECLS
