/* rd-support-page.h: a requester's support tab: where the request stands,
 * then who helps, then the rating. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_SUPPORT_PAGE (rd_support_page_get_type ())
G_DECLARE_FINAL_TYPE (RdSupportPage, rd_support_page, RD, SUPPORT_PAGE, GtkBox)

RdSupportPage *rd_support_page_new            (RdClient *client, RdSupportRequest *request);
RdSupportRequest *rd_support_page_get_request (RdSupportPage *self);
/* Files (GFile) from the "Get help" form: sent to the agent who takes the
 * request, as soon as one does. */
void           rd_support_page_set_files_for_agent (RdSupportPage *self, GPtrArray *files);

G_END_DECLS
