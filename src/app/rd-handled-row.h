/* rd-handled-row.h: one request being handled, on the supervisor's
 * dashboard: who has it, for how long, how long its requester has been
 * quiet; Take Over, and in its menu Reassign, Resolve, Cancel and History
 * (the "dashboard.*" actions of the page that holds the row, each with the
 * request's id). */
#pragma once

#include <adwaita.h>

#include "rd-support-request.h"

G_BEGIN_DECLS

#define RD_TYPE_HANDLED_ROW (rd_handled_row_get_type ())
G_DECLARE_FINAL_TYPE (RdHandledRow, rd_handled_row, RD, HANDLED_ROW, AdwActionRow)

GtkWidget        *rd_handled_row_new         (RdSupportRequest *request);
RdSupportRequest *rd_handled_row_get_request (RdHandledRow *self);

G_END_DECLS
