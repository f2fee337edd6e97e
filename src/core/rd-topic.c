/* rd-topic.c: an immutable topic; the desk replaces its list when the
 * relay's changes. */
#define G_LOG_DOMAIN "rd-topic"

#include "config.h"

#include "rd-topic.h"

struct _RdTopic
{
  GObject          parent_instance;

  char            *name;
  RdRouteStrategy  strategy;
};

G_DEFINE_FINAL_TYPE (RdTopic, rd_topic, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_STRATEGY, N_PROPS };
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

static void
rd_topic_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdTopic *self = RD_TOPIC (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_STRATEGY: g_value_set_enum (value, self->strategy); break;
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
  g_free (RD_TOPIC (object)->name);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_topic_init (RdTopic *self)
{
}
