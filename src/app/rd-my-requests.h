/* rd-my-requests.h: the sidebar's section of the agent's own offered and
 * active requests, above the contacts (requesters are rarely contacts), so
 * a support conversation is never only a tab. Hidden while there are none.
 * Activating one emits "open" with the requester's user name. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_MY_REQUESTS (rd_my_requests_get_type ())
G_DECLARE_FINAL_TYPE (RdMyRequests, rd_my_requests, RD, MY_REQUESTS, GtkBox)

/* NULL: signed out, nothing to show. */
void  rd_my_requests_set_client (RdMyRequests *self, RdClient *client);
guint rd_my_requests_get_n      (RdMyRequests *self);
/* For tests: activates the row of @request as a click would. */
gboolean rd_my_requests_open    (RdMyRequests *self, gint64 request);

G_END_DECLS
