/* rd-support-request.h: one support request as this client knows it.
 *
 * The client keeps one object per request id (RdSupportDesk), updated in
 * place from the relay's "request" and "offer" events, "queue" replies and
 * "request_position" pushes, so whoever binds to its properties follows
 * every change. Nothing here sends anything: actions are RdSupportDesk's.
 */
#pragma once

#include <gio/gio.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

/* A staff note on a request (never shown to its requester). */
typedef struct {
  char   *author;
  char   *text;
  gint64  added_at;   /* local wall-clock µs when this client learned it */
} RdSupportNote;

#define RD_TYPE_SUPPORT_NOTE (rd_support_note_get_type ())
GType           rd_support_note_get_type                (void) G_GNUC_CONST;
RdSupportNote  *rd_support_note_copy                    (const RdSupportNote *note);
void            rd_support_note_free                    (RdSupportNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSupportNote, rd_support_note_free)

#define RD_TYPE_SUPPORT_REQUEST (rd_support_request_get_type ())
G_DECLARE_FINAL_TYPE (RdSupportRequest, rd_support_request, RD, SUPPORT_REQUEST, GObject)

gint64          rd_support_request_get_id               (RdSupportRequest *self);
RdRequestState  rd_support_request_get_state            (RdSupportRequest *self);
const char     *rd_support_request_get_topic            (RdSupportRequest *self);
const char     *rd_support_request_get_summary          (RdSupportRequest *self);
const char     *rd_support_request_get_details          (RdSupportRequest *self);
RdPriority      rd_support_request_get_priority         (RdSupportRequest *self);
const char     *rd_support_request_get_requester        (RdSupportRequest *self);
/* The display name where the relay gave one, else the user name. */
const char     *rd_support_request_get_requester_name   (RdSupportRequest *self);
/* "" while nobody holds it. */
const char     *rd_support_request_get_agent            (RdSupportRequest *self);
const char     *rd_support_request_get_agent_name       (RdSupportRequest *self);
/* Why the last change happened where that is not plain: "no_agent_online",
 * "offer_timed_out", "agent_left", "agent_disabled", "transferred",
 * "reassigned", "taken_over", "closed_by_supervisor"; "" otherwise. */
const char     *rd_support_request_get_reason           (RdSupportRequest *self);
/* The note given with a transfer to this agent, "" if none. */
const char     *rd_support_request_get_transfer_note    (RdSupportRequest *self);
/* While it waits: 1 is next; 0 when not known. */
guint           rd_support_request_get_position         (RdSupportRequest *self);
/* The relay's estimate for its requester; 0 when no agent is available. */
guint           rd_support_request_get_estimated_wait_s (RdSupportRequest *self);
guint           rd_support_request_get_agents_available (RdSupportRequest *self);
/* Local wall-clock times (µs, g_get_real_time): waiting since (0 when not
 * known), the offer's end (0 unless offered to this agent), last change. */
gint64          rd_support_request_get_queued_at        (RdSupportRequest *self);
gint64          rd_support_request_get_offer_expires_at (RdSupportRequest *self);
gint64          rd_support_request_get_changed_at       (RdSupportRequest *self);
/* When its requester last wrote to the agent holding it (or created it),
 * as the supervisor's dashboard last said; 0 when not known. */
gint64          rd_support_request_get_requester_active_at (RdSupportRequest *self);
/* While it waits in a topic with a first-response target: when an agent
 * should have it by (wall-clock µs), from the last queue reply; 0 if none. */
gint64          rd_support_request_get_respond_by       (RdSupportRequest *self);
/* From a requester's list of requests (rd_support_desk_requests_of_async):
 * when it was resolved or cancelled (wall-clock µs, 0 while open) and its
 * rating (1-5, 0 none). */
gint64          rd_support_request_get_finished_at      (RdSupportRequest *self);
guint           rd_support_request_get_rating           (RdSupportRequest *self);
/* Staff notes seen by this client, oldest first ("n-notes" notifies). */
guint           rd_support_request_get_n_notes          (RdSupportRequest *self);
const RdSupportNote *rd_support_request_get_note        (RdSupportRequest *self, guint index);
/* Whether the requester may still cancel it. */
gboolean        rd_support_request_is_waiting           (RdSupportRequest *self);
/* Whether @self is the follow-up the relay opened when the requester of
 * @earlier, closed for silence, wrote again to its agent ("reopened"). */
gboolean        rd_support_request_is_follow_up_of      (RdSupportRequest *self, RdSupportRequest *earlier);

G_END_DECLS
