/* rd-my-request-row.h: one of the agent's own requests in the sidebar:
 * who asked, about what, for how long, and the unread messages of the
 * conversation with them. Activating it opens that conversation. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_MY_REQUEST_ROW (rd_my_request_row_get_type ())
G_DECLARE_FINAL_TYPE (RdMyRequestRow, rd_my_request_row, RD, MY_REQUEST_ROW, AdwActionRow)

GtkWidget        *rd_my_request_row_new         (RdClient *client, RdSupportRequest *request);
RdSupportRequest *rd_my_request_row_get_request (RdMyRequestRow *self);

G_END_DECLS
