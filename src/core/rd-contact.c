/* rd-contact.c: contact data updated in place, so bound widgets follow. */
#define G_LOG_DOMAIN "rd-contact"

#include "config.h"

#include "rd-contact.h"
#include "rd-model-update.h"
#include "rd-protocol.h"

struct _RdContact {
  GObject  parent_instance;

  char    *username;
  char    *display_name;
  char    *role;
  char    *group;
  char    *status;
  char    *status_text;
  char    *mail;          /* from the company directory, in searches */
  char    *department;
  gint64   idle;
};

G_DEFINE_FINAL_TYPE (RdContact, rd_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_GROUP,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_rd_contact_update (RdContact  *self,
                    JsonObject *object)
{
  GObject *gobject = G_OBJECT (self);

  g_object_freeze_notify (gobject);
  _rd_model_update_string (gobject, &self->display_name, object, "display_name", properties[PROP_DISPLAY_NAME]);
  _rd_model_update_string (gobject, &self->role, object, "role", NULL);
  _rd_model_update_string (gobject, &self->group, object, "group", properties[PROP_GROUP]);
  _rd_model_update_string (gobject, &self->status, object, "status", properties[PROP_STATUS]);
  _rd_model_update_string (gobject, &self->status_text, object, "text", properties[PROP_STATUS_TEXT]);
  _rd_model_update_int (gobject, &self->idle, object, "idle", NULL);
  _rd_model_update_string (gobject, &self->mail, object, "mail", NULL);
  _rd_model_update_string (gobject, &self->department, object, "department", NULL);
  g_object_thaw_notify (gobject);
}

RdContact *
rd_contact_new_from_json (JsonObject *object)
{
  RdContact *self = g_object_new (RD_TYPE_CONTACT, NULL);

  self->username = g_strdup (rd_frame_get_string (object, "username", ""));
  _rd_contact_update (self, object);
  if (self->display_name == NULL)
    self->display_name = g_strdup (self->username);
  return self;
}

const char *rd_contact_get_username (RdContact *self) { return self->username; }
const char *rd_contact_get_display_name (RdContact *self) { return self->display_name; }
const char *rd_contact_get_role (RdContact *self) { return self->role ? self->role : ""; }
const char *rd_contact_get_group (RdContact *self) { return self->group ? self->group : ""; }
const char *rd_contact_get_status (RdContact *self) { return self->status ? self->status : "offline"; }
const char *rd_contact_get_status_text (RdContact *self) { return self->status_text ? self->status_text : ""; }
gint64 rd_contact_get_idle (RdContact *self) { return self->idle; }
const char *rd_contact_get_mail (RdContact *self) { return self->mail ? self->mail : ""; }
const char *rd_contact_get_department (RdContact *self) { return self->department ? self->department : ""; }

static void
rd_contact_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdContact *self = RD_CONTACT (object);

  switch (prop_id)
    {
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_GROUP: g_value_set_string (value, rd_contact_get_group (self)); break;
    case PROP_STATUS: g_value_set_string (value, rd_contact_get_status (self)); break;
    case PROP_STATUS_TEXT: g_value_set_string (value, rd_contact_get_status_text (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_contact_finalize (GObject *object)
{
  RdContact *self = RD_CONTACT (object);

  g_free (self->username);
  g_free (self->display_name);
  g_free (self->role);
  g_free (self->group);
  g_free (self->status);
  g_free (self->status_text);
  g_free (self->mail);
  g_free (self->department);
  G_OBJECT_CLASS (rd_contact_parent_class)->finalize (object);
}

static void
rd_contact_class_init (RdContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_contact_get_property;
  object_class->finalize = rd_contact_finalize;

  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_contact_init (RdContact *self)
{
}
