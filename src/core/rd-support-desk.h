/* rd-support-desk.h: the support desk as this client sees it.
 *
 * One per RdClient (rd_client_get_support_desk). It turns the relay's
 * support frames into objects: one RdSupportRequest per request id,
 * updated in place by events; the queue, the offers put to this agent, the
 * topics, the canned replies and the staff signed in as GListModels; and
 * one async call per request a client may send. Nothing outside src/core
 * sees a frame.
 *
 * Models that cost the relay a request to keep fresh (queue, staff) are
 * followed from the first time they are asked for: the queue at every
 * "queue_changed" and reconnection, the staff also at presence changes.
 *
 * Errors: a refusal by the relay is RD_PROTOCOL_ERROR with its RdErrorCode
 * (forbidden, conflict, invalid_value, unknown_user, ...); no connection
 * is G_IO_ERROR.
 */
#pragma once

#include <gio/gio.h>

#include "rd-canned-reply.h"
#include "rd-facts.h"
#include "rd-message.h"
#include "rd-staff-member.h"
#include "rd-support-request.h"
#include "rd-support-step.h"
#include "rd-support-types.h"
#include "rd-topic.h"

G_BEGIN_DECLS

/* The dashboard's figures of the queue (today = since the relay's local midnight). */
typedef struct {
  guint   waiting;
  guint   longest_wait_s;
  guint   average_wait_s;
  guint   average_handle_s;
  guint   resolved_today;
  guint   breaches_today;    /* requests that waited past their topic's first-response target */
  double  average_rating;    /* 0 when nothing was rated today */
} RdSupportFigures;

#define RD_TYPE_SUPPORT_DESK (rd_support_desk_get_type ())
G_DECLARE_FINAL_TYPE (RdSupportDesk, rd_support_desk, RD, SUPPORT_DESK, GObject)

/* Models */
GListModel             *rd_support_desk_get_queue          (RdSupportDesk *self);  /* RdSupportRequest, queue order; staff */
GListModel             *rd_support_desk_get_offers         (RdSupportDesk *self);  /* RdSupportRequest, oldest first */
/* This agent's own requests, offered or active, in the order they came. */
GListModel             *rd_support_desk_get_mine           (RdSupportDesk *self);  /* RdSupportRequest */
/* Of the requests this client knows: how many active ones this agent
 * holds (returned) and how many this user asked that are still open
 * (@out_asked: waiting, offered or active). */
guint                   rd_support_desk_count_open_own     (RdSupportDesk *self, guint *out_asked);
/* The requests this user asked that are still open, oldest first. */
GPtrArray              *rd_support_desk_list_asked_open    (RdSupportDesk *self);
GListModel             *rd_support_desk_get_topics         (RdSupportDesk *self);  /* RdTopic, by name */
GListModel             *rd_support_desk_get_canned_replies (RdSupportDesk *self);  /* RdCannedReply, by title; staff */
GListModel             *rd_support_desk_get_staff          (RdSupportDesk *self);  /* RdStaffMember; supervisors */
/* The requests offered or being handled now, oldest first, with
 * "requester-active-at"; supervisors, from the dashboard. */
GListModel             *rd_support_desk_get_handled        (RdSupportDesk *self);
/* From the last dashboard refresh ("notify::figures"). */
const RdSupportFigures *rd_support_desk_get_figures        (RdSupportDesk *self);
/* A request this client has heard of, or NULL. */
RdSupportRequest       *rd_support_desk_lookup             (RdSupportDesk *self, gint64 request);
RdTopic                *rd_support_desk_find_topic         (RdSupportDesk *self, const char *name);
RdCannedReply          *rd_support_desk_find_canned_reply  (RdSupportDesk *self, const char *title);
RdStaffMember          *rd_support_desk_find_staff_member  (RdSupportDesk *self, const char *username);
/* Signals: "request-changed" (RdSupportRequest) after an event changed a
 * request; "offered" (RdSupportRequest) when one is offered to this agent;
 * "breached" (RdSupportRequest), for supervisors, when a waiting request
 * passes its topic's first-response target; "screenshot-asked"
 * (RdSupportRequest) when the agent of an active request of this
 * requester's asks for a screenshot, "screenshot-answered"
 * (RdSupportRequest, gboolean shared) when its requester answered. */

/* Calls. All but create finish with rd_support_desk_call_finish. */
/* @facts (rd-facts.h, may be NULL): what the requester agreed to send
 * about their computer. */
void              rd_support_desk_create_async        (RdSupportDesk *self, const char *topic, const char *summary,
                                                       const char *details, RdPriority priority, RdFacts *facts,
                                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                                       gpointer user_data);
/* The new request, queued, with its position. */
RdSupportRequest *rd_support_desk_create_finish       (RdSupportDesk *self, GAsyncResult *result, GError **error);
gboolean          rd_support_desk_call_finish         (RdSupportDesk *self, GAsyncResult *result, GError **error);

/* The requester's */
void rd_support_desk_cancel_async          (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_rate_async            (RdSupportDesk *self, gint64 request, guint rating, const char *comment,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
/* Staff */
void rd_support_desk_accept_async          (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_decline_async         (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_take_async            (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_resolve_async         (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
/* To an agent (user name) and/or a topic; either may be NULL, not both.
 * Its agent passes an active request on; a supervisor reassigns any open
 * one, whoever holds it. Resolve and cancel also work for a supervisor on
 * any open request. */
void rd_support_desk_transfer_async        (RdSupportDesk *self, gint64 request, const char *to_agent,
                                            const char *to_topic, const char *note, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_add_note_async        (RdSupportDesk *self, gint64 request, const char *text,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
/* The agent holding an active request: ask its requester for a
 * screenshot; the requester's answer (the picture itself is sent as a
 * file to the agent). */
void rd_support_desk_ask_screenshot_async    (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_answer_screenshot_async (RdSupportDesk *self, gint64 request, gboolean shared,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
/* Supervisors: the request becomes theirs, active, whoever held it. */
void rd_support_desk_take_over_async       (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
/* Staff: what happened to the request, oldest first. */
void rd_support_desk_history_async         (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
/* RdSupportStep, oldest first. */
GPtrArray *rd_support_desk_history_finish  (RdSupportDesk *self, GAsyncResult *result, GError **error);
/* Staff: @username's requests, newest first (RdSupportRequest, with
 * finished-at and rating), and a request's transcript (RdMessage, oldest
 * first: what its requester and the agents who held it wrote while it was
 * open). */
void       rd_support_desk_requests_of_async  (RdSupportDesk *self, const char *username, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *rd_support_desk_requests_of_finish (RdSupportDesk *self, GAsyncResult *result, GError **error);
void       rd_support_desk_transcript_async   (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *rd_support_desk_transcript_finish  (RdSupportDesk *self, GAsyncResult *result, GError **error);
/* Staff, and the requester: the facts sent with a request (an empty
 * object when none were). */
void        rd_support_desk_facts_async  (RdSupportDesk *self, gint64 request, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
RdFacts    *rd_support_desk_facts_finish (RdSupportDesk *self, GAsyncResult *result, GError **error);
/* Reloads: each replaces its model's contents with the relay's. */
void rd_support_desk_refresh_queue_async   (RdSupportDesk *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_refresh_topics_async  (RdSupportDesk *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_refresh_canned_async  (RdSupportDesk *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
/* Supervisors: the staff model and the figures. */
void rd_support_desk_refresh_dashboard_async (RdSupportDesk *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
/* Supervisors: the desk's settings. Each reloads what it changed. */
void rd_support_desk_set_canned_async      (RdSupportDesk *self, const char *title, const char *body,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
void rd_support_desk_delete_canned_async   (RdSupportDesk *self, const char *title, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_set_capacity_async    (RdSupportDesk *self, const char *username, guint capacity,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
void rd_support_desk_set_skill_async       (RdSupportDesk *self, const char *username, const char *topic,
                                            gboolean serves, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
/* A topic's policy: @first_response_s (0 leaves it), @wrap_up_s (below 0
 * leaves it), and opening hours (NULL leaves each of @time_zone, @hours,
 * @closed_days; "" clears it). */
void rd_support_desk_set_topic_policy_async (RdSupportDesk *self, const char *topic, guint first_response_s,
                                             gint wrap_up_s, const char *time_zone, const char *hours, const char *closed_days,
                                             GCancellable *cancellable, GAsyncReadyCallback callback,
                                             gpointer user_data);
/* A topic's idle limit: an active request whose requester is quiet for
 * @idle_warn_s (0: never) gets a warning and is resolved @idle_close_s
 * after it (0: never). */
void rd_support_desk_set_topic_idle_async  (RdSupportDesk *self, const char *topic, guint idle_warn_s,
                                            guint idle_close_s, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
void rd_support_desk_add_topic_async       (RdSupportDesk *self, const char *name, RdRouteStrategy strategy,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);

G_END_DECLS
