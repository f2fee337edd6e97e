/* rd-support-desk-private.h: what the support desk's files share, and the
 * client's hook to make its desk. Private to src/core. */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-support-desk.h"

G_BEGIN_DECLS

typedef struct _RdClient RdClient;

/* Follows @client's events; @client owns the desk and outlives its use. */
RdSupportDesk    *_rd_support_desk_new             (RdClient *client);
RdClient         *_rd_support_desk_get_client      (RdSupportDesk *self);
/* The request of that id, made if new. */
RdSupportRequest *_rd_support_desk_ensure_request  (RdSupportDesk *self, gint64 request);
/* Replies that replace a model's contents. */
void              _rd_support_desk_apply_queue     (RdSupportDesk *self, JsonObject *reply);
void              _rd_support_desk_apply_topics    (RdSupportDesk *self, JsonObject *reply);
void              _rd_support_desk_apply_canned    (RdSupportDesk *self, JsonObject *reply);
void              _rd_support_desk_apply_dashboard (RdSupportDesk *self, JsonObject *reply);
/* A waiting request passed its topic's first-response target (supervisors). */
void              _rd_support_desk_breached        (RdSupportDesk *self, JsonObject *request);

RdSupportRequest *_rd_support_request_new          (gint64 id);
void              _rd_support_request_update       (RdSupportRequest *self, JsonObject *data);
void              _rd_support_request_set_position (RdSupportRequest *self, guint position,
                                                    guint estimated_wait_s, guint agents_available);
void              _rd_support_request_add_note     (RdSupportRequest *self, const char *author, const char *text);

void              _rd_topic_update                 (RdTopic *self, JsonObject *data);
RdStaffMember    *_rd_staff_member_new             (const char *username);
void              _rd_staff_member_update          (RdStaffMember *self, JsonObject *data);

G_END_DECLS
