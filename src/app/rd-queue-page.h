/* rd-queue-page.h: the waiting requests, live, with "Take" (support staff). */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_QUEUE_PAGE (rd_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (RdQueuePage, rd_queue_page, RD, QUEUE_PAGE, GtkBox)

RdQueuePage *rd_queue_page_new          (RdClient *client);

G_END_DECLS
