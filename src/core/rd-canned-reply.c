/* rd-canned-reply.c: an immutable reply; an edit on the relay replaces it. */
#define G_LOG_DOMAIN "rd-canned-reply"

#include "config.h"

#include "rd-canned-reply.h"

struct _RdCannedReply
{
  GObject  parent_instance;

  char    *title;
  char    *body;
};

G_DEFINE_FINAL_TYPE (RdCannedReply, rd_canned_reply, G_TYPE_OBJECT)

enum { PROP_0, PROP_TITLE, PROP_BODY, N_PROPS };
static GParamSpec *properties[N_PROPS];

RdCannedReply *
rd_canned_reply_new (const char *title,
                     const char *body)
{
  return g_object_new (RD_TYPE_CANNED_REPLY, "title", title, "body", body, NULL);
}

const char *
rd_canned_reply_get_title (RdCannedReply *self)
{
  g_return_val_if_fail (RD_IS_CANNED_REPLY (self), NULL);
  return self->title;
}

const char *
rd_canned_reply_get_body (RdCannedReply *self)
{
  g_return_val_if_fail (RD_IS_CANNED_REPLY (self), NULL);
  return self->body;
}

static void
rd_canned_reply_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdCannedReply *self = RD_CANNED_REPLY (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_canned_reply_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RdCannedReply *self = RD_CANNED_REPLY (object);

  switch (prop_id)
    {
    case PROP_TITLE: self->title = g_value_dup_string (value); break;
    case PROP_BODY: self->body = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_canned_reply_finalize (GObject *object)
{
  RdCannedReply *self = RD_CANNED_REPLY (object);

  g_free (self->title);
  g_free (self->body);
  G_OBJECT_CLASS (rd_canned_reply_parent_class)->finalize (object);
}

static void
rd_canned_reply_class_init (RdCannedReplyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_canned_reply_get_property;
  object_class->set_property = rd_canned_reply_set_property;
  object_class->finalize = rd_canned_reply_finalize;
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_canned_reply_init (RdCannedReply *self)
{
}
