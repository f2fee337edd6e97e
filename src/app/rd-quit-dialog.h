/* rd-quit-dialog.h: Quit asks first while support requests are open,
 * since a closed Relaydesk hears of no reply and is offered nothing. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A dialog over @parent (may be NULL) saying what quitting leaves
 * behind: @helping requests this agent holds, @asked requests this user
 * made that are still open. Its "quit" response runs @quit(@data). */
AdwMessageDialog *rd_quit_dialog_new (GtkWindow *parent,
                                      guint      helping,
                                      guint      asked,
                                      GCallback  quit,
                                      gpointer   data);

G_END_DECLS
