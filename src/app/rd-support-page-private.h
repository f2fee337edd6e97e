/* rd-support-page-private.h: what the UI tests drive in rd-support-page.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-support-page.h"

G_BEGIN_DECLS

const char    *rd_support_page_get_title      (RdSupportPage *self);
/* What the page says of the request now. */
const char    *rd_support_page_get_status_text (RdSupportPage *self);
gboolean       rd_support_page_rate           (RdSupportPage *self, guint stars, const char *comment);
gboolean       rd_support_page_is_rated       (RdSupportPage *self);

G_END_DECLS
