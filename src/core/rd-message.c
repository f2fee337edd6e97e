/* rd-message.c: a message's content and delivery state.
 *
 * State only moves forward (pending, sent, delivered, read), so receipts
 * that arrive late or twice never make a message look less delivered.
 */
#define G_LOG_DOMAIN "rd-message"

#include "config.h"

#include "rd-message.h"

struct _RdMessage {
  GObject         parent_instance;

  char           *uuid;
  char           *from;
  char           *to;
  char           *body;
  char           *error;
  gboolean        outgoing;
  gboolean        read_by_me;
  gint64          ts;
  gint64          mid;
  RdMessageState  state;
  RdTransfer     *transfer;
};

G_DEFINE_FINAL_TYPE (RdMessage, rd_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_TS,
  PROP_READ_BY_ME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RdMessage *
rd_message_new (const char *uuid,
                const char *from,
                const char *to,
                const char *body,
                gboolean    outgoing)
{
  RdMessage *self = g_object_new (RD_TYPE_MESSAGE, NULL);

  self->uuid = g_strdup (uuid);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->body = g_strdup (body);
  self->outgoing = outgoing;
  self->state = outgoing ? RD_MESSAGE_PENDING : RD_MESSAGE_SENT;
  self->ts = g_get_real_time () / 1000;
  return self;
}

RdMessage *
rd_message_new_for_transfer (RdTransfer *transfer,
                             const char *own_username)
{
  g_autofree char *uuid = NULL;
  gboolean outgoing;
  RdMessage *self;

  g_return_val_if_fail (RD_IS_TRANSFER (transfer), NULL);

  outgoing = rd_transfer_is_outgoing (transfer);
  uuid = g_strdup_printf ("file:%s", rd_transfer_get_id (transfer));
  self = rd_message_new (uuid, outgoing ? own_username : rd_transfer_get_peer (transfer),
                         outgoing ? rd_transfer_get_peer (transfer) : own_username,
                         rd_transfer_get_name (transfer), outgoing);
  /* Nothing to deliver: the transfer itself says where it stands. */
  self->state = RD_MESSAGE_SENT;
  self->transfer = g_object_ref (transfer);
  return self;
}

RdTransfer *rd_message_get_transfer (RdMessage *self) { return self->transfer; }
const char *rd_message_get_uuid (RdMessage *self) { return self->uuid; }
const char *rd_message_get_from (RdMessage *self) { return self->from; }
const char *rd_message_get_to (RdMessage *self) { return self->to; }
const char *rd_message_get_body (RdMessage *self) { return self->body; }
const char *rd_message_get_error (RdMessage *self) { return self->error; }
gboolean rd_message_get_outgoing (RdMessage *self) { return self->outgoing; }
gboolean rd_message_get_read_by_me (RdMessage *self) { return self->read_by_me; }
gint64 rd_message_get_ts (RdMessage *self) { return self->ts; }
gint64 rd_message_get_mid (RdMessage *self) { return self->mid; }
RdMessageState rd_message_get_state (RdMessage *self) { return self->state; }

void
_rd_message_set_stored (RdMessage *self,
                        gint64     mid,
                        gint64     ts)
{
  if (mid > 0)
    self->mid = mid;
  if (ts > 0 && ts != self->ts)
    {
      self->ts = ts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TS]);
    }
  _rd_message_advance (self, RD_MESSAGE_SENT);
}

void
_rd_message_advance (RdMessage      *self,
                     RdMessageState  state)
{
  if (self->state == RD_MESSAGE_FAILED || state <= self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_rd_message_fail (RdMessage  *self,
                  const char *error)
{
  if (self->state != RD_MESSAGE_PENDING)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  self->state = RD_MESSAGE_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_rd_message_set_read_by_me (RdMessage *self,
                            gboolean   read)
{
  if (self->read_by_me == read)
    return;
  self->read_by_me = read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_BY_ME]);
}

static void
rd_message_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdMessage *self = RD_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_TS:
      g_value_set_int64 (value, self->ts);
      break;
    case PROP_READ_BY_ME:
      g_value_set_boolean (value, self->read_by_me);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_message_finalize (GObject *object)
{
  RdMessage *self = RD_MESSAGE (object);

  g_free (self->uuid);
  g_free (self->from);
  g_free (self->to);
  g_free (self->body);
  g_free (self->error);
  g_clear_object (&self->transfer);
  G_OBJECT_CLASS (rd_message_parent_class)->finalize (object);
}

static void
rd_message_class_init (RdMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_message_get_property;
  object_class->finalize = rd_message_finalize;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, RD_MESSAGE_PENDING, RD_MESSAGE_FAILED,
                                             RD_MESSAGE_PENDING,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TS] = g_param_spec_int64 ("ts", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_BY_ME] = g_param_spec_boolean ("read-by-me", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_message_init (RdMessage *self)
{
}
