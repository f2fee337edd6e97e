/* rd-screenshot-share.h: the requester's answer to an agent who asked for
 * a screenshot, from the window's question or from a notification while
 * no window is open. Share takes one the user chooses (rd-screenshot-take.c:
 * the Screenshot portal, interactive, or the desktop's own tool), answers
 * yes and sends the picture to the request's agent through the transfers;
 * when none is taken (cancelled, or nothing here takes one) it answers
 * no. Decline answers no, and nothing is taken. */
#pragma once

#include <gtk/gtk.h>

#include "rd-support-desk.h"

G_BEGIN_DECLS

/* The question: "Alice Agent asks for a screenshot of your screen". */
char       *rd_screenshot_question        (RdSupportRequest *request);
/* What is said under it. */
const char *rd_screenshot_question_detail (void);

/* @parent (may be NULL): the window the portal's dialog belongs to. */
void rd_screenshot_share   (RdSupportDesk *desk, RdSupportRequest *request, GtkWindow *parent);
void rd_screenshot_decline (RdSupportDesk *desk, RdSupportRequest *request);

G_END_DECLS
