/* rd-staff-member.h: a support agent, supervisor or admin signed in, as the
 * dashboard shows them: presence, requests held, capacity and the topics
 * they serve. Updated in place at each dashboard refresh. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_STAFF_MEMBER (rd_staff_member_get_type ())
G_DECLARE_FINAL_TYPE (RdStaffMember, rd_staff_member, RD, STAFF_MEMBER, GObject)

const char         *rd_staff_member_get_username     (RdStaffMember *self);
const char         *rd_staff_member_get_display_name (RdStaffMember *self);
/* available, away, busy or offline */
const char         *rd_staff_member_get_status       (RdStaffMember *self);
guint               rd_staff_member_get_load         (RdStaffMember *self);
guint               rd_staff_member_get_capacity     (RdStaffMember *self);
guint               rd_staff_member_get_idle_s       (RdStaffMember *self);
/* Names of the topics they serve (for topics routed by skills). */
const char * const *rd_staff_member_get_skills       (RdStaffMember *self);
gboolean            rd_staff_member_serves           (RdStaffMember *self, const char *topic);

G_END_DECLS
