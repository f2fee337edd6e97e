/* rd-queue-row.h: one waiting request in the queue, with its Take button
 * (the "queue.take" action of whatever page holds the row). */
#pragma once

#include <adwaita.h>

#include "rd-support-request.h"

G_BEGIN_DECLS

#define RD_TYPE_QUEUE_ROW (rd_queue_row_get_type ())
G_DECLARE_FINAL_TYPE (RdQueueRow, rd_queue_row, RD, QUEUE_ROW, AdwActionRow)

GtkWidget        *rd_queue_row_new         (RdSupportRequest *request);
RdSupportRequest *rd_queue_row_get_request (RdQueueRow *self);

G_END_DECLS
