/* rd-support-request.c: a request's fields, copied from whatever the relay
 * said about it last; each property notifies only when its value changed. */
#define G_LOG_DOMAIN "rd-support-request"

#include "config.h"

#include "rd-model-update.h"
#include "rd-protocol.h"
#include "rd-support-desk-private.h"

struct _RdSupportRequest
{
  GObject         parent_instance;

  gint64          id;
  gint64          state;          /* RdRequestState */
  char           *topic;
  char           *summary;
  char           *details;
  gint64          priority;       /* RdPriority */
  char           *requester;
  char           *requester_name;
  char           *agent;
  char           *agent_name;
  char           *reason;
  char           *transfer_note;
  gint64          position;
  gint64          estimated_wait_s;
  gint64          agents_available;
  gint64          queued_at;
  gint64          requester_active_at;
  gint64          respond_by;
  gint64          finished_at;
  gint64          rating;
  gint64          offer_expires_at;
  gint64          changed_at;
  GPtrArray      *notes;          /* RdSupportNote */
};

G_DEFINE_FINAL_TYPE (RdSupportRequest, rd_support_request, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (RdSupportNote, rd_support_note, rd_support_note_copy, rd_support_note_free)

RdSupportNote *
rd_support_note_copy (const RdSupportNote *note)
{
  RdSupportNote *copy = g_new (RdSupportNote, 1);

  copy->author = g_strdup (note->author);
  copy->text = g_strdup (note->text);
  copy->added_at = note->added_at;
  return copy;
}

void
rd_support_note_free (RdSupportNote *note)
{
  if (note == NULL)
    return;
  g_free (note->author);
  g_free (note->text);
  g_free (note);
}

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_TOPIC,
  PROP_SUMMARY,
  PROP_DETAILS,
  PROP_PRIORITY,
  PROP_REQUESTER,
  PROP_REQUESTER_NAME,
  PROP_AGENT,
  PROP_AGENT_NAME,
  PROP_REASON,
  PROP_TRANSFER_NOTE,
  PROP_POSITION,
  PROP_ESTIMATED_WAIT_S,
  PROP_AGENTS_AVAILABLE,
  PROP_QUEUED_AT,
  PROP_REQUESTER_ACTIVE_AT,
  PROP_RESPOND_BY,
  PROP_FINISHED_AT,
  PROP_RATING,
  PROP_OFFER_EXPIRES_AT,
  PROP_CHANGED_AT,
  PROP_N_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RdSupportRequest *
_rd_support_request_new (gint64 id)
{
  RdSupportRequest *self = g_object_new (RD_TYPE_SUPPORT_REQUEST, NULL);

  self->id = id;
  return self;
}

static void
update_state (RdSupportRequest *self,
              JsonObject       *data)
{
  RdRequestState state;

  if (rd_request_state_from_string (rd_frame_get_string (data, "state", NULL), &state))
    _rd_model_set_int (G_OBJECT (self), &self->state, state, properties[PROP_STATE]);
}

/* A "request" or "offer" event's data, or an entry of a "queue" reply. */
/* Sets @field to @seconds ago; the relay counts whole seconds, so a
 * refresh a moment later is no change. */
static void
set_seconds_ago (RdSupportRequest *self,
                 gint64           *field,
                 gint64            seconds,
                 GParamSpec       *pspec)
{
  gint64 at = g_get_real_time () - seconds * G_USEC_PER_SEC;

  if (ABS (at - *field) > 2 * G_USEC_PER_SEC)
    _rd_model_set_int (G_OBJECT (self), field, at, pspec);
}

void
_rd_support_request_update (RdSupportRequest *self,
                            JsonObject       *data)
{
  GObject *object = G_OBJECT (self);
  gint64 now = g_get_real_time ();

  g_return_if_fail (RD_IS_SUPPORT_REQUEST (self));

  g_object_freeze_notify (object);
  update_state (self, data);
  _rd_model_update_string (object, &self->topic, data, "topic", properties[PROP_TOPIC]);
  _rd_model_update_string (object, &self->summary, data, "summary", properties[PROP_SUMMARY]);
  _rd_model_update_string (object, &self->details, data, "details", properties[PROP_DETAILS]);
  if (json_object_has_member (data, "priority"))
    _rd_model_set_int (object, &self->priority, CLAMP (rd_frame_get_int (data, "priority", 0), 0, RD_PRIORITY_URGENT),
                       properties[PROP_PRIORITY]);
  _rd_model_update_string (object, &self->requester, data, "requester", properties[PROP_REQUESTER]);
  _rd_model_update_string (object, &self->requester_name, data, "requester_name", properties[PROP_REQUESTER_NAME]);
  _rd_model_update_string (object, &self->agent, data, "agent", properties[PROP_AGENT]);
  _rd_model_update_string (object, &self->agent_name, data, "agent_name", properties[PROP_AGENT_NAME]);
  /* An event without a note means the change needs no reason. */
  if (json_object_has_member (data, "state"))
    _rd_model_set_string (object, &self->reason, rd_frame_get_string (data, "note", ""), properties[PROP_REASON]);
  _rd_model_update_string (object, &self->transfer_note, data, "transfer_note", properties[PROP_TRANSFER_NOTE]);
  _rd_model_update_int (object, &self->position, data, "position", properties[PROP_POSITION]);
  /* The queue's waiting_s and the dashboard's age_s both count from its creation. */
  if (json_object_has_member (data, "waiting_s") || json_object_has_member (data, "age_s"))
    {
      gint64 age_s = rd_frame_get_int (data, "waiting_s", rd_frame_get_int (data, "age_s", 0));

      set_seconds_ago (self, &self->queued_at, age_s, properties[PROP_QUEUED_AT]);
    }
  /* A requester's earlier requests carry their times and rating. */
  if (json_object_has_member (data, "created"))
    _rd_model_set_int (object, &self->queued_at, rd_frame_get_int (data, "created", 0) * 1000,
                       properties[PROP_QUEUED_AT]);
  if (json_object_has_member (data, "finished"))
    _rd_model_set_int (object, &self->finished_at, rd_frame_get_int (data, "finished", 0) * 1000,
                       properties[PROP_FINISHED_AT]);
  _rd_model_update_int (object, &self->rating, data, "rating", properties[PROP_RATING]);
  /* Seconds left to its first-response target, negative once missed. */
  if (json_object_has_member (data, "respond_in_s"))
    set_seconds_ago (self, &self->respond_by, -rd_frame_get_int (data, "respond_in_s", 0), properties[PROP_RESPOND_BY]);
  if (json_object_has_member (data, "quiet_s"))
    set_seconds_ago (self, &self->requester_active_at, rd_frame_get_int (data, "quiet_s", 0),
                     properties[PROP_REQUESTER_ACTIVE_AT]);
  if (json_object_has_member (data, "expires_in"))
    _rd_model_set_int (object, &self->offer_expires_at, now + rd_frame_get_int (data, "expires_in", 0) * G_USEC_PER_SEC,
                       properties[PROP_OFFER_EXPIRES_AT]);
  else if (self->state != RD_REQUEST_OFFERED)
    _rd_model_set_int (object, &self->offer_expires_at, 0, properties[PROP_OFFER_EXPIRES_AT]);
  if (self->queued_at == 0 && rd_request_state_is_waiting (self->state))
    _rd_model_set_int (object, &self->queued_at, now, properties[PROP_QUEUED_AT]);
  _rd_model_set_int (object, &self->changed_at, now, properties[PROP_CHANGED_AT]);
  g_object_thaw_notify (object);
}

void
_rd_support_request_set_position (RdSupportRequest *self,
                                  guint             position,
                                  guint             estimated_wait_s,
                                  guint             agents_available)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  _rd_model_set_int (object, &self->position, position, properties[PROP_POSITION]);
  _rd_model_set_int (object, &self->estimated_wait_s, estimated_wait_s, properties[PROP_ESTIMATED_WAIT_S]);
  _rd_model_set_int (object, &self->agents_available, agents_available, properties[PROP_AGENTS_AVAILABLE]);
  g_object_thaw_notify (object);
}

void
_rd_support_request_add_note (RdSupportRequest *self,
                              const char       *author,
                              const char       *text)
{
  RdSupportNote *note = g_new (RdSupportNote, 1);

  note->author = g_strdup (author);
  note->text = g_strdup (text);
  note->added_at = g_get_real_time ();
  g_ptr_array_add (self->notes, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NOTES]);
}

#define GETTER(type, name, expr) \
  type rd_support_request_get_##name (RdSupportRequest *self) \
  { \
    g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (self), (type) 0); \
    return (expr); \
  }

GETTER (gint64, id, self->id)
GETTER (RdRequestState, state, (RdRequestState) self->state)
GETTER (const char *, topic, self->topic ? self->topic : "")
GETTER (const char *, summary, self->summary ? self->summary : "")
GETTER (const char *, details, self->details ? self->details : "")
GETTER (RdPriority, priority, (RdPriority) self->priority)
GETTER (const char *, requester, self->requester ? self->requester : "")
GETTER (const char *, requester_name, self->requester_name && *self->requester_name ? self->requester_name
                                                                                   : rd_support_request_get_requester (self))
GETTER (const char *, agent, self->agent ? self->agent : "")
GETTER (const char *, agent_name, self->agent_name && *self->agent_name ? self->agent_name
                                                                       : rd_support_request_get_agent (self))
GETTER (const char *, reason, self->reason ? self->reason : "")
GETTER (const char *, transfer_note, self->transfer_note ? self->transfer_note : "")
GETTER (guint, position, (guint) self->position)
GETTER (guint, estimated_wait_s, (guint) self->estimated_wait_s)
GETTER (guint, agents_available, (guint) self->agents_available)
GETTER (gint64, queued_at, self->queued_at)
GETTER (gint64, requester_active_at, self->requester_active_at)
GETTER (gint64, respond_by, self->respond_by)
GETTER (gint64, finished_at, self->finished_at)
GETTER (guint, rating, (guint) self->rating)
GETTER (gint64, offer_expires_at, self->offer_expires_at)
GETTER (gint64, changed_at, self->changed_at)
GETTER (guint, n_notes, self->notes->len)

#undef GETTER

const RdSupportNote *
rd_support_request_get_note (RdSupportRequest *self,
                             guint             index)
{
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->notes->len, NULL);
  return g_ptr_array_index (self->notes, index);
}

gboolean
rd_support_request_is_waiting (RdSupportRequest *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (self), FALSE);
  return rd_request_state_is_waiting (self->state);
}

gboolean
rd_support_request_is_follow_up_of (RdSupportRequest *self,
                                    RdSupportRequest *earlier)
{
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (self), FALSE);
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (earlier), FALSE);

  /* The relay copies topic, summary and agent into the follow-up. */
#define SAME(field) g_str_equal (rd_support_request_get_##field (self), rd_support_request_get_##field (earlier))
  return self->id > earlier->id && g_str_equal (rd_support_request_get_reason (self), "reopened") &&
         g_str_equal (rd_support_request_get_reason (earlier), "closed_idle") &&
         SAME (requester) && SAME (agent) && SAME (topic) && SAME (summary);
#undef SAME
}

static void
rd_support_request_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RdSupportRequest *self = RD_SUPPORT_REQUEST (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_TOPIC: g_value_set_string (value, rd_support_request_get_topic (self)); break;
    case PROP_SUMMARY: g_value_set_string (value, rd_support_request_get_summary (self)); break;
    case PROP_DETAILS: g_value_set_string (value, rd_support_request_get_details (self)); break;
    case PROP_PRIORITY: g_value_set_enum (value, self->priority); break;
    case PROP_REQUESTER: g_value_set_string (value, rd_support_request_get_requester (self)); break;
    case PROP_REQUESTER_NAME: g_value_set_string (value, rd_support_request_get_requester_name (self)); break;
    case PROP_AGENT: g_value_set_string (value, rd_support_request_get_agent (self)); break;
    case PROP_AGENT_NAME: g_value_set_string (value, rd_support_request_get_agent_name (self)); break;
    case PROP_REASON: g_value_set_string (value, rd_support_request_get_reason (self)); break;
    case PROP_TRANSFER_NOTE: g_value_set_string (value, rd_support_request_get_transfer_note (self)); break;
    case PROP_POSITION: g_value_set_uint (value, self->position); break;
    case PROP_ESTIMATED_WAIT_S: g_value_set_uint (value, self->estimated_wait_s); break;
    case PROP_AGENTS_AVAILABLE: g_value_set_uint (value, self->agents_available); break;
    case PROP_QUEUED_AT: g_value_set_int64 (value, self->queued_at); break;
    case PROP_REQUESTER_ACTIVE_AT: g_value_set_int64 (value, self->requester_active_at); break;
    case PROP_RESPOND_BY: g_value_set_int64 (value, self->respond_by); break;
    case PROP_FINISHED_AT: g_value_set_int64 (value, self->finished_at); break;
    case PROP_RATING: g_value_set_uint (value, (guint) self->rating); break;
    case PROP_OFFER_EXPIRES_AT: g_value_set_int64 (value, self->offer_expires_at); break;
    case PROP_CHANGED_AT: g_value_set_int64 (value, self->changed_at); break;
    case PROP_N_NOTES: g_value_set_uint (value, self->notes->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_support_request_finalize (GObject *object)
{
  RdSupportRequest *self = RD_SUPPORT_REQUEST (object);

  g_free (self->topic);
  g_free (self->summary);
  g_free (self->details);
  g_free (self->requester);
  g_free (self->requester_name);
  g_free (self->agent);
  g_free (self->agent_name);
  g_free (self->reason);
  g_free (self->transfer_note);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_support_request_parent_class)->finalize (object);
}

static void
rd_support_request_class_init (RdSupportRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_support_request_get_property;
  object_class->finalize = rd_support_request_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RD_TYPE_REQUEST_STATE, RD_REQUEST_QUEUED, flags);
  properties[PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, "", flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, "", flags);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, "", flags);
  properties[PROP_PRIORITY] = g_param_spec_enum ("priority", NULL, NULL, RD_TYPE_PRIORITY, RD_PRIORITY_NORMAL, flags);
  properties[PROP_REQUESTER] = g_param_spec_string ("requester", NULL, NULL, "", flags);
  properties[PROP_REQUESTER_NAME] = g_param_spec_string ("requester-name", NULL, NULL, "", flags);
  properties[PROP_AGENT] = g_param_spec_string ("agent", NULL, NULL, "", flags);
  properties[PROP_AGENT_NAME] = g_param_spec_string ("agent-name", NULL, NULL, "", flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, "", flags);
  properties[PROP_TRANSFER_NOTE] = g_param_spec_string ("transfer-note", NULL, NULL, "", flags);
  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ESTIMATED_WAIT_S] = g_param_spec_uint ("estimated-wait-s", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_AGENTS_AVAILABLE] = g_param_spec_uint ("agents-available", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_QUEUED_AT] = g_param_spec_int64 ("queued-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REQUESTER_ACTIVE_AT] = g_param_spec_int64 ("requester-active-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                             flags);
  properties[PROP_RESPOND_BY] = g_param_spec_int64 ("respond-by", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FINISHED_AT] = g_param_spec_int64 ("finished-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RATING] = g_param_spec_uint ("rating", NULL, NULL, 0, 5, 0, flags);
  properties[PROP_OFFER_EXPIRES_AT] = g_param_spec_int64 ("offer-expires-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CHANGED_AT] = g_param_spec_int64 ("changed-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_NOTES] = g_param_spec_uint ("n-notes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_support_request_init (RdSupportRequest *self)
{
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_support_note_free);
}
