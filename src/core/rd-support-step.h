/* rd-support-step.h: one step of a support request's history, as the relay
 * keeps it for staff (rd_support_desk_history_async): what happened, who
 * did it, to whom, when. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  gint64  at;          /* wall-clock µs */
  char   *what;        /* "created", "offered", "declined", "offer_timed_out", "accepted", "taken",
                        * "transferred", "reassigned", "taken_over", "agent_left", "agent_disabled",
                        * "requeued", "target_missed", "idle_warning", "closed_idle", "reopened", "resolved",
                        * "cancelled", "rated"
                        * (docs/protocol.md) */
  char   *by;          /* user name of who did it; "" for the relay itself */
  char   *by_name;
  char   *to;          /* the other person it concerns, or "" */
  char   *to_name;
  char   *topic;       /* a topic it went to, or "" */
  char   *note;        /* a transfer's note, a rating's comment, or "" */
  guint   rating;      /* "rated" only */
} RdSupportStep;

#define RD_TYPE_SUPPORT_STEP (rd_support_step_get_type ())
GType          rd_support_step_get_type (void) G_GNUC_CONST;
RdSupportStep *rd_support_step_copy     (const RdSupportStep *step);
void           rd_support_step_free     (RdSupportStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSupportStep, rd_support_step_free)

/* In a request's @steps (RdSupportStep, oldest first): the step that made
 * its latest holder other than @username hold it ("accepted", "taken", or
 * the "taken_over" that took it from them), or NULL if no one else ever
 * held it. rd_support_step_holder_name() names that holder. */
const RdSupportStep *rd_support_steps_other_holder (GPtrArray *steps, const char *username);
const char          *rd_support_step_holder_name   (const RdSupportStep *step);

G_END_DECLS
