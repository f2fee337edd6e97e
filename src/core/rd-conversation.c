/* rd-conversation.c: a GListStore of messages plus a uuid index. */
#define G_LOG_DOMAIN "rd-conversation"

#include "config.h"

#include "rd-conversation.h"

struct _RdConversation {
  GObject     parent_instance;

  char       *peer;
  GListStore *messages;
  GHashTable *by_uuid;      /* uuid -> RdMessage (unowned, the store owns) */
  guint       unread;
  gboolean    peer_typing;
  gboolean    has_more;
};

G_DEFINE_FINAL_TYPE (RdConversation, rd_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNREAD,
  PROP_PEER_TYPING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RdConversation *
rd_conversation_new (const char *peer)
{
  RdConversation *self = g_object_new (RD_TYPE_CONVERSATION, NULL);

  self->peer = g_strdup (peer);
  return self;
}

const char *rd_conversation_get_peer (RdConversation *self) { return self->peer; }
GListModel *rd_conversation_get_messages (RdConversation *self) { return G_LIST_MODEL (self->messages); }
guint rd_conversation_get_unread (RdConversation *self) { return self->unread; }
gboolean rd_conversation_get_peer_typing (RdConversation *self) { return self->peer_typing; }
gboolean rd_conversation_get_has_more (RdConversation *self) { return self->has_more; }

RdMessage *
rd_conversation_find (RdConversation *self,
                      const char     *uuid)
{
  g_return_val_if_fail (RD_IS_CONVERSATION (self), NULL);
  return g_hash_table_lookup (self->by_uuid, uuid);
}

/* Constant time: a receipt stream of many reads must not rescan history. */
void
_rd_conversation_mark_message_read (RdConversation *self,
                                    RdMessage      *message)
{
  if (rd_message_get_outgoing (message) || rd_message_get_read_by_me (message))
    return;
  _rd_message_set_read_by_me (message, TRUE);
  if (self->unread > 0)
    {
      self->unread--;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
    }
}

void
_rd_conversation_recount_unread (RdConversation *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint unread = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (!rd_message_get_outgoing (message) && !rd_message_get_read_by_me (message))
        unread++;
    }
  if (unread != self->unread)
    {
      self->unread = unread;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
    }
}

void
_rd_conversation_append (RdConversation *self,
                         RdMessage      *message)
{
  g_hash_table_insert (self->by_uuid, (gpointer) rd_message_get_uuid (message), message);
  g_list_store_append (self->messages, message);
  if (!rd_message_get_outgoing (message) && !rd_message_get_read_by_me (message))
    {
      self->unread++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
    }
}

guint
_rd_conversation_prepend_history (RdConversation *self,
                                  GPtrArray      *messages)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  guint unread = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      RdMessage *message = g_ptr_array_index (messages, i);

      if (g_hash_table_contains (self->by_uuid, rd_message_get_uuid (message)))
        continue;
      g_hash_table_insert (self->by_uuid, (gpointer) rd_message_get_uuid (message), message);
      g_ptr_array_add (fresh, message);
    }
  g_list_store_splice (self->messages, 0, 0, fresh->pdata, fresh->len);
  for (guint i = 0; i < fresh->len; i++)
    if (!rd_message_get_outgoing (fresh->pdata[i]) && !rd_message_get_read_by_me (fresh->pdata[i]))
      unread++;
  if (unread > 0)
    {
      self->unread += unread;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
    }
  return fresh->len;
}

gint64
_rd_conversation_oldest_mid (RdConversation *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (rd_message_get_mid (message) > 0)
        return rd_message_get_mid (message);
    }
  return 0;
}

void
_rd_conversation_set_has_more (RdConversation *self,
                               gboolean        more)
{
  self->has_more = more;
}

void
_rd_conversation_set_peer_typing (RdConversation *self,
                                  gboolean        typing)
{
  if (self->peer_typing == typing)
    return;
  self->peer_typing = typing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_TYPING]);
}

static void
rd_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdConversation *self = RD_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_UNREAD: g_value_set_uint (value, self->unread); break;
    case PROP_PEER_TYPING: g_value_set_boolean (value, self->peer_typing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_conversation_finalize (GObject *object)
{
  RdConversation *self = RD_CONVERSATION (object);

  g_hash_table_unref (self->by_uuid);
  g_object_unref (self->messages);
  g_free (self->peer);
  G_OBJECT_CLASS (rd_conversation_parent_class)->finalize (object);
}

static void
rd_conversation_class_init (RdConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rd_conversation_get_property;
  object_class->finalize = rd_conversation_finalize;
  properties[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PEER_TYPING] = g_param_spec_boolean ("peer-typing", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_conversation_init (RdConversation *self)
{
  self->messages = g_list_store_new (RD_TYPE_MESSAGE);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->has_more = TRUE;
}
