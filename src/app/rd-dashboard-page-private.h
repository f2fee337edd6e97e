/* rd-dashboard-page-private.h: what the UI tests drive in rd-dashboard-page.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-dashboard-page.h"
#include "rd-canned-editor-private.h"
#include "rd-history-window-private.h"
#include "rd-reassign-dialog.h"

G_BEGIN_DECLS

guint            rd_dashboard_page_get_n_agents (RdDashboardPage *self);
/* For tests: set @username's capacity as its spin button would. */
gboolean         rd_dashboard_page_set_capacity (RdDashboardPage *self, const char *username, guint capacity);
/* For tests: tick or clear @topic in @username's topics menu. */
gboolean         rd_dashboard_page_set_skill    (RdDashboardPage *self, const char *username, const char *topic,
                                                 gboolean serves);
/* Canned replies, edited here by supervisors. */
RdCannedEditor  *rd_dashboard_page_get_canned_editor (RdDashboardPage *self);
/* For tests: add a topic as the form would with @strategy chosen in its list. */
void             rd_dashboard_page_add_topic    (RdDashboardPage *self, const char *name, RdRouteStrategy strategy);
/* The requests being handled, as rows show them. */
guint            rd_dashboard_page_get_n_handled (RdDashboardPage *self);
/* For tests: press an action of the row of @request ("take-over",
 * "reassign", "resolve", "cancel", "history"); FALSE without such a row. */
gboolean         rd_dashboard_page_act_on       (RdDashboardPage *self, gint64 request, const char *action);
/* The reassign dialog or the history window the last action opened, if still open. */
RdReassignDialog *rd_dashboard_page_get_reassign_dialog (RdDashboardPage *self);
RdHistoryWindow  *rd_dashboard_page_get_history_window  (RdDashboardPage *self);
/* For tests: fill the topic settings form for @topic and save it. */
void             rd_dashboard_page_set_policy   (RdDashboardPage *self, const char *topic, const char *target_minutes,
                                                 const char *time_zone, const char *hours, const char *closed_days);
/* For tests: fill the quiet-requester limits of @topic (the rest of the
 * form as the topic has it) and save. */
void             rd_dashboard_page_set_quiet_limits (RdDashboardPage *self, const char *topic,
                                                     const char *idle_warn_minutes, const char *idle_close_minutes);
/* What the page says under the figures ("" when nothing). */
const char      *rd_dashboard_page_get_status   (RdDashboardPage *self);

G_END_DECLS
