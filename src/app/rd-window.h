/* rd-window.h: a main window: sign-in, or contacts beside conversation tabs. */
#pragma once

#include <adwaita.h>

#include "rd-application.h"
#include "rd-support-page.h"

G_BEGIN_DECLS

#define RD_TYPE_WINDOW (rd_window_get_type ())
G_DECLARE_FINAL_TYPE (RdWindow, rd_window, RD, WINDOW, AdwApplicationWindow)

/* @primary windows restore and save size and open tabs; windows made by
 * dragging a tab out are not primary. */
RdWindow    *rd_window_new                (RdApplication *app, gboolean primary);
void         rd_window_set_accels         (GtkApplication *app);
/* Opens the conversation as a tab (or selects its tab). */
void         rd_window_open_conversation  (RdWindow *self, const char *username, gboolean select);
/* The peer of the selected tab, or NULL. */
const char  *rd_window_get_current_peer   (RdWindow *self);
AdwTabView  *rd_window_get_tab_view       (RdWindow *self);
/* A support tab following @request_id (the requester's side). */
RdSupportPage *rd_window_open_support    (RdWindow *self, RdSupportRequest *request);
/* A primary window signed in asks the support desk's questions (an offer,
 * a screenshot asked for) itself: the notifier asks only while there is
 * none. */
gboolean     rd_window_asks_questions     (RdWindow *self);
/* Asks the requester about the agent's ask for a screenshot for
 * @request (a window that asks questions). */
void         rd_window_ask_screenshot     (RdWindow *self, RdSupportRequest *request);
/* "sign-in" or "main". */
const char  *rd_window_get_page_name      (RdWindow *self);
GtkWidget   *rd_window_get_contact_list   (RdWindow *self);
GtkWidget   *rd_window_get_sign_in_page   (RdWindow *self);
GtkWidget   *rd_window_get_search_popover (RdWindow *self);

G_END_DECLS
