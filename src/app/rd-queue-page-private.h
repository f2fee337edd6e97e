/* rd-queue-page-private.h: what the UI tests drive in rd-queue-page.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-queue-page.h"

G_BEGIN_DECLS

guint        rd_queue_page_get_n_waiting (RdQueuePage *self);
/* For tests: press "Take" on the row of @request_id; FALSE if not listed. */
gboolean     rd_queue_page_take         (RdQueuePage *self, gint64 request_id);

G_END_DECLS
