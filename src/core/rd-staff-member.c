/* rd-staff-member.c: one entry of the dashboard's "agents", kept as one
 * object per user name so rows bound to it survive refreshes. */
#define G_LOG_DOMAIN "rd-staff-member"

#include "config.h"

#include "rd-model-update.h"
#include "rd-protocol.h"
#include "rd-support-desk-private.h"

struct _RdStaffMember
{
  GObject  parent_instance;

  char    *username;
  char    *display_name;
  char    *status;
  gint64   load;
  gint64   capacity;
  gint64   idle_s;
  GStrv    skills;
};

G_DEFINE_FINAL_TYPE (RdStaffMember, rd_staff_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_STATUS,
  PROP_LOAD,
  PROP_CAPACITY,
  PROP_IDLE_S,
  PROP_SKILLS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RdStaffMember *
_rd_staff_member_new (const char *username)
{
  RdStaffMember *self = g_object_new (RD_TYPE_STAFF_MEMBER, NULL);

  self->username = g_strdup (username);
  return self;
}

static void
update_skills (RdStaffMember *self,
               JsonArray     *skills)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; skills != NULL && i < json_array_get_length (skills); i++)
    {
      const char *name = json_array_get_string_element (skills, i);

      if (name != NULL)
        g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);
  if (self->skills != NULL && g_strv_equal ((const char * const *) names, (const char * const *) self->skills))
    return;
  g_strfreev (self->skills);
  self->skills = g_steal_pointer (&names);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS]);
}

/* An entry of a "dashboard" reply's "agents". */
void
_rd_staff_member_update (RdStaffMember *self,
                         JsonObject    *data)
{
  GObject *object = G_OBJECT (self);
  JsonNode *skills = json_object_get_member (data, "skills");

  g_object_freeze_notify (object);
  _rd_model_update_string (object, &self->display_name, data, "display_name", properties[PROP_DISPLAY_NAME]);
  _rd_model_update_string (object, &self->status, data, "status", properties[PROP_STATUS]);
  _rd_model_update_int (object, &self->load, data, "load", properties[PROP_LOAD]);
  _rd_model_update_int (object, &self->capacity, data, "capacity", properties[PROP_CAPACITY]);
  _rd_model_update_int (object, &self->idle_s, data, "idle", properties[PROP_IDLE_S]);
  if (skills != NULL && JSON_NODE_HOLDS_ARRAY (skills))
    update_skills (self, json_node_get_array (skills));
  g_object_thaw_notify (object);
}

const char *
rd_staff_member_get_username (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), NULL);
  return self->username;
}

const char *
rd_staff_member_get_display_name (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), NULL);
  return self->display_name && *self->display_name ? self->display_name : self->username;
}

const char *
rd_staff_member_get_status (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), NULL);
  return self->status ? self->status : "offline";
}

guint
rd_staff_member_get_load (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), 0);
  return self->load;
}

guint
rd_staff_member_get_capacity (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), 0);
  return self->capacity;
}

guint
rd_staff_member_get_idle_s (RdStaffMember *self)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), 0);
  return self->idle_s;
}

const char * const *
rd_staff_member_get_skills (RdStaffMember *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), none);
  return self->skills ? (const char * const *) self->skills : none;
}

gboolean
rd_staff_member_serves (RdStaffMember *self,
                        const char    *topic)
{
  g_return_val_if_fail (RD_IS_STAFF_MEMBER (self), FALSE);
  return self->skills != NULL && g_strv_contains ((const char * const *) self->skills, topic);
}

static void
rd_staff_member_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdStaffMember *self = RD_STAFF_MEMBER (object);

  switch (prop_id)
    {
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, rd_staff_member_get_display_name (self)); break;
    case PROP_STATUS: g_value_set_string (value, rd_staff_member_get_status (self)); break;
    case PROP_LOAD: g_value_set_uint (value, self->load); break;
    case PROP_CAPACITY: g_value_set_uint (value, self->capacity); break;
    case PROP_IDLE_S: g_value_set_uint (value, self->idle_s); break;
    case PROP_SKILLS: g_value_set_boxed (value, self->skills); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_staff_member_finalize (GObject *object)
{
  RdStaffMember *self = RD_STAFF_MEMBER (object);

  g_free (self->username);
  g_free (self->display_name);
  g_free (self->status);
  g_strfreev (self->skills);
  G_OBJECT_CLASS (rd_staff_member_parent_class)->finalize (object);
}

static void
rd_staff_member_class_init (RdStaffMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_staff_member_get_property;
  object_class->finalize = rd_staff_member_finalize;
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, "", flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, "", flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "offline", flags);
  properties[PROP_LOAD] = g_param_spec_uint ("load", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CAPACITY] = g_param_spec_uint ("capacity", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_IDLE_S] = g_param_spec_uint ("idle-s", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SKILLS] = g_param_spec_boxed ("skills", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_staff_member_init (RdStaffMember *self)
{
}
