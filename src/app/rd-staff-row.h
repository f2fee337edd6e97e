/* rd-staff-row.h: a staff member on the dashboard: presence, load and
 * idle time, with their capacity and the topics they serve, which a
 * supervisor changes here (sent to the relay at once). */
#pragma once

#include <adwaita.h>

#include "rd-support-desk.h"

G_BEGIN_DECLS

#define RD_TYPE_STAFF_ROW (rd_staff_row_get_type ())
G_DECLARE_FINAL_TYPE (RdStaffRow, rd_staff_row, RD, STAFF_ROW, AdwActionRow)

GtkWidget     *rd_staff_row_new          (RdStaffMember *member, RdSupportDesk *desk);
RdStaffMember *rd_staff_row_get_member   (RdStaffRow *self);
/* As if the supervisor changed them (for tests). */
void           rd_staff_row_set_capacity (RdStaffRow *self, guint capacity);
gboolean       rd_staff_row_set_serves   (RdStaffRow *self, const char *topic, gboolean serves);

/* Signal "failed" (message): the relay refused a change. */

G_END_DECLS
