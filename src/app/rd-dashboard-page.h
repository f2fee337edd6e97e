/* rd-dashboard-page.h: the supervisor's live view of agents and the queue. */
#pragma once

#include <gtk/gtk.h>

#include "rd-canned-editor.h"
#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_DASHBOARD_PAGE (rd_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, RD, DASHBOARD_PAGE, GtkBox)

RdDashboardPage *rd_dashboard_page_new          (RdClient *client);

G_END_DECLS
