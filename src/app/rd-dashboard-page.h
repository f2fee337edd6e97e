/* rd-dashboard-page.h: the supervisor's live view of agents and the queue. */
#pragma once

#include <gtk/gtk.h>

#include "rd-canned-editor.h"
#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_DASHBOARD_PAGE (rd_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, RD, DASHBOARD_PAGE, GtkBox)

RdDashboardPage *rd_dashboard_page_new          (RdClient *client);
guint            rd_dashboard_page_get_n_agents (RdDashboardPage *self);
/* For tests: set @username's capacity as its spin button would. */
gboolean         rd_dashboard_page_set_capacity (RdDashboardPage *self, const char *username, guint capacity);

/* For tests: tick or clear @topic in @username's topics menu. */
gboolean         rd_dashboard_page_set_skill    (RdDashboardPage *self, const char *username, const char *topic,
                                                 gboolean serves);

/* Canned replies, edited here by supervisors. */
RdCannedEditor  *rd_dashboard_page_get_canned_editor (RdDashboardPage *self);

/* For tests: add a topic as the form would (@strategy: index in the list). */
void             rd_dashboard_page_add_topic    (RdDashboardPage *self, const char *name, RdRouteStrategy strategy);

G_END_DECLS
