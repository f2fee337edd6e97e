/* rd-topic.c: name and strategy are fixed; the desk updates the rest in
 * place from the relay's topic lists. */
#define G_LOG_DOMAIN "rd-topic"

#include "config.h"

#include "rd-model-update.h"
#include "rd-protocol.h"
#include "rd-support-desk-private.h"
#include "rd-topic.h"

struct _RdTopic
{
  GObject          parent_instance;

  char            *name;
  RdRouteStrategy  strategy;
  gint64           first_response_s;
  gint64           wrap_up_s;
  gint64           idle_warn_s;
  gint64           idle_close_s;
  char            *hours;
  char            *time_zone;
  char            *closed_days;
  gint64           open;
  gint64           opens_at;
};

G_DEFINE_FINAL_TYPE (RdTopic, rd_topic, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_STRATEGY, PROP_FIRST_RESPONSE_S, PROP_HOURS, PROP_TIME_ZONE, PROP_CLOSED_DAYS,
       PROP_OPEN, PROP_OPENS_AT, PROP_WRAP_UP_S, PROP_IDLE_WARN_S, PROP_IDLE_CLOSE_S, N_PROPS };
static GParamSpec *properties[N_PROPS];

RdTopic *
rd_topic_new (const char      *name,
              RdRouteStrategy  strategy)
{
  return g_object_new (RD_TYPE_TOPIC, "name", name, "strategy", strategy, NULL);
}

const char *
rd_topic_get_name (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), NULL);
  return self->name;
}

RdRouteStrategy
rd_topic_get_strategy (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), RD_ROUTE_LEAST_BUSY);
  return self->strategy;
}

guint
rd_topic_get_first_response_s (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), 0);
  return (guint) self->first_response_s;
}

const char *
rd_topic_get_hours (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), NULL);
  return self->hours ? self->hours : "";
}

const char *
rd_topic_get_time_zone (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), NULL);
  return self->time_zone ? self->time_zone : "";
}

const char *
rd_topic_get_closed_days (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), NULL);
  return self->closed_days ? self->closed_days : "";
}

gboolean
rd_topic_is_open (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), TRUE);
  return self->open != 0;
}

guint
rd_topic_get_wrap_up_s (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), 0);
  return (guint) self->wrap_up_s;
}

guint
rd_topic_get_idle_warn_s (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), 0);
  return (guint) self->idle_warn_s;
}

guint
rd_topic_get_idle_close_s (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), 0);
  return (guint) self->idle_close_s;
}

gint64
rd_topic_get_opens_at (RdTopic *self)
{
  g_return_val_if_fail (RD_IS_TOPIC (self), 0);
  return self->opens_at;
}

void
_rd_topic_update (RdTopic    *self,
                  JsonObject *data)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  _rd_model_update_int (object, &self->first_response_s, data, "first_response_s", properties[PROP_FIRST_RESPONSE_S]);
  _rd_model_update_int (object, &self->wrap_up_s, data, "wrap_up_s", properties[PROP_WRAP_UP_S]);
  _rd_model_update_int (object, &self->idle_warn_s, data, "idle_warn_s", properties[PROP_IDLE_WARN_S]);
  _rd_model_update_int (object, &self->idle_close_s, data, "idle_close_s", properties[PROP_IDLE_CLOSE_S]);
  _rd_model_update_string (object, &self->hours, data, "hours", properties[PROP_HOURS]);
  _rd_model_update_string (object, &self->time_zone, data, "time_zone", properties[PROP_TIME_ZONE]);
  _rd_model_update_string (object, &self->closed_days, data, "closed_days", properties[PROP_CLOSED_DAYS]);
  if (json_object_has_member (data, "open"))
    _rd_model_set_int (object, &self->open, rd_frame_get_bool (data, "open", TRUE), properties[PROP_OPEN]);
  if (json_object_has_member (data, "opens_at"))
    _rd_model_set_int (object, &self->opens_at, rd_frame_get_int (data, "opens_at", 0) * 1000,
                       properties[PROP_OPENS_AT]);
  g_object_thaw_notify (object);
}

static void
rd_topic_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdTopic *self = RD_TOPIC (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_STRATEGY: g_value_set_enum (value, self->strategy); break;
    case PROP_FIRST_RESPONSE_S: g_value_set_uint (value, (guint) self->first_response_s); break;
    case PROP_HOURS: g_value_set_string (value, rd_topic_get_hours (self)); break;
    case PROP_TIME_ZONE: g_value_set_string (value, rd_topic_get_time_zone (self)); break;
    case PROP_CLOSED_DAYS: g_value_set_string (value, rd_topic_get_closed_days (self)); break;
    case PROP_OPEN: g_value_set_boolean (value, self->open != 0); break;
    case PROP_OPENS_AT: g_value_set_int64 (value, self->opens_at); break;
    case PROP_WRAP_UP_S: g_value_set_uint (value, (guint) self->wrap_up_s); break;
    case PROP_IDLE_WARN_S: g_value_set_uint (value, (guint) self->idle_warn_s); break;
    case PROP_IDLE_CLOSE_S: g_value_set_uint (value, (guint) self->idle_close_s); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_topic_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RdTopic *self = RD_TOPIC (object);

  switch (prop_id)
    {
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_STRATEGY: self->strategy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_topic_finalize (GObject *object)
{
  RdTopic *self = RD_TOPIC (object);

  g_free (self->name);
  g_free (self->hours);
  g_free (self->time_zone);
  g_free (self->closed_days);
  G_OBJECT_CLASS (rd_topic_parent_class)->finalize (object);
}

static void
rd_topic_class_init (RdTopicClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_topic_get_property;
  object_class->set_property = rd_topic_set_property;
  object_class->finalize = rd_topic_finalize;
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_STRATEGY] = g_param_spec_enum ("strategy", NULL, NULL, RD_TYPE_ROUTE_STRATEGY, RD_ROUTE_LEAST_BUSY,
                                                 flags);
  properties[PROP_FIRST_RESPONSE_S] = g_param_spec_uint ("first-response-s", NULL, NULL, 0, G_MAXUINT, 0,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOURS] = g_param_spec_string ("hours", NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] = g_param_spec_string ("time-zone", NULL, NULL, "",
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED_DAYS] = g_param_spec_string ("closed-days", NULL, NULL, "",
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] = g_param_spec_boolean ("open", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPENS_AT] = g_param_spec_int64 ("opens-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRAP_UP_S] = g_param_spec_uint ("wrap-up-s", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_WARN_S] = g_param_spec_uint ("idle-warn-s", NULL, NULL, 0, G_MAXUINT, 0,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_CLOSE_S] = g_param_spec_uint ("idle-close-s", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_topic_init (RdTopic *self)
{
  self->open = TRUE;
}
