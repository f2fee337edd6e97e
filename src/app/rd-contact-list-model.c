/* rd-contact-list-model.c: rebuilds the grouped list whenever a contact
 * comes, goes or changes presence, at most once a main-loop turn. Groups
 * are sorted by name with ungrouped contacts last ("Other"); within a group
 * people who can answer come first, then by name. */
#define G_LOG_DOMAIN "rd-contact-list-model"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-contact-list-model.h"
#include "rd-presence.h"

struct _RdContactGroup
{
  GObject  parent_instance;
  char    *name;
  guint    count;
};

G_DEFINE_FINAL_TYPE (RdContactGroup, rd_contact_group, G_TYPE_OBJECT)

static void
rd_contact_group_finalize (GObject *object)
{
  g_free (RD_CONTACT_GROUP (object)->name);
  G_OBJECT_CLASS (rd_contact_group_parent_class)->finalize (object);
}

static void
rd_contact_group_class_init (RdContactGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_contact_group_finalize;
}

static void
rd_contact_group_init (RdContactGroup *self)
{
}

const char *
rd_contact_group_get_name (RdContactGroup *self)
{
  g_return_val_if_fail (RD_IS_CONTACT_GROUP (self), NULL);
  return self->name;
}

guint
rd_contact_group_get_count (RdContactGroup *self)
{
  g_return_val_if_fail (RD_IS_CONTACT_GROUP (self), 0);
  return self->count;
}

struct _RdContactListModel
{
  GObject     parent_instance;

  GListModel *source;
  char       *search;      /* casefolded, NULL for none */
  GPtrArray  *items;       /* RdContactGroup and RdContact */
  GHashTable *watched;     /* RdContact (a reference) -> handler id */
  guint       rebuild_source;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdContactListModel, rd_contact_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
get_n_items (GListModel *model)
{
  return RD_CONTACT_LIST_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RdContactListModel *self = RD_CONTACT_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static const char *
group_of (RdContact *contact)
{
  const char *group = rd_contact_get_group (contact);

  return group && *group ? group : NULL;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
matches (RdContactListModel *self,
         RdContact          *contact)
{
  if (self->search == NULL)
    return TRUE;
  return contains_folded (rd_contact_get_display_name (contact), self->search) ||
         contains_folded (rd_contact_get_username (contact), self->search) ||
         contains_folded (group_of (contact), self->search) ||
         contains_folded (rd_contact_get_status_text (contact), self->search);
}

static int
compare_contacts (gconstpointer a,
                  gconstpointer b)
{
  RdContact *x = *(RdContact **) a;
  RdContact *y = *(RdContact **) b;
  const char *gx = group_of (x);
  const char *gy = group_of (y);
  guint rx, ry;

  /* Ungrouped last. */
  if ((gx == NULL) != (gy == NULL))
    return gx == NULL ? 1 : -1;
  if (gx && gy)
    {
      int by_group = g_utf8_collate (gx, gy);
      if (by_group != 0)
        return by_group;
    }
  rx = rd_presence_rank (rd_contact_get_status (x));
  ry = rd_presence_rank (rd_contact_get_status (y));
  if (rx != ry)
    return rx < ry ? -1 : 1;
  return g_utf8_collate (rd_contact_get_display_name (x), rd_contact_get_display_name (y));
}

static void
rebuild (RdContactListModel *self)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  RdContactGroup *current = NULL;
  const char *current_name = NULL;
  guint old_n = self->items->len;
  guint n = self->source ? g_list_model_get_n_items (self->source) : 0;

  for (guint i = 0; i < n; i++)
    {
      RdContact *contact = g_list_model_get_item (self->source, i);

      if (matches (self, contact))
        g_ptr_array_add (contacts, contact);
      else
        g_object_unref (contact);
    }
  g_ptr_array_sort (contacts, compare_contacts);

  for (guint i = 0; i < contacts->len; i++)
    {
      RdContact *contact = g_ptr_array_index (contacts, i);
      const char *name = group_of (contact);

      if (current == NULL || g_strcmp0 (name, current_name) != 0)
        {
          current = g_object_new (RD_TYPE_CONTACT_GROUP, NULL);
          /* Translators: the heading of contacts in no group. */
          current->name = g_strdup (name ? name : _("Other"));
          current_name = name;
          g_ptr_array_add (items, current);
        }
      current->count++;
      g_ptr_array_add (items, g_object_ref (contact));
    }

  g_ptr_array_unref (self->items);
  self->items = items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, items->len);
}

static gboolean
rebuild_cb (gpointer data)
{
  RdContactListModel *self = data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (RdContactListModel *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_cb, self, NULL);
}

void
rd_contact_list_model_flush (RdContactListModel *self)
{
  g_return_if_fail (RD_IS_CONTACT_LIST_MODEL (self));

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  rebuild (self);
}

static void
contact_changed_cb (RdContactListModel *self)
{
  queue_rebuild (self);
}

static void
watch_all (RdContactListModel *self)
{
  guint n = self->source ? g_list_model_get_n_items (self->source) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdContact) contact = g_list_model_get_item (self->source, i);

      if (g_hash_table_contains (self->watched, contact))
        continue;
      g_hash_table_insert (self->watched, g_object_ref (contact),
                           GSIZE_TO_POINTER (g_signal_connect_object (contact, "notify",
                                                                      G_CALLBACK (contact_changed_cb),
                                                                      self, G_CONNECT_SWAPPED)));
    }
}

static void
unwatch_all (RdContactListModel *self)
{
  GHashTableIter iter;
  gpointer contact, handler;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &contact, &handler))
    g_signal_handler_disconnect (contact, GPOINTER_TO_SIZE (handler));
  g_hash_table_remove_all (self->watched);
}

static void
source_changed_cb (RdContactListModel *self)
{
  /* Forget contacts that left, watch those that came. */
  unwatch_all (self);
  watch_all (self);
  queue_rebuild (self);
}

void
rd_contact_list_model_set_source (RdContactListModel *self,
                                  GListModel         *contacts)
{
  g_return_if_fail (RD_IS_CONTACT_LIST_MODEL (self));

  if (self->source)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      unwatch_all (self);
    }
  g_set_object (&self->source, contacts);
  if (contacts)
    {
      g_signal_connect_object (contacts, "items-changed", G_CALLBACK (source_changed_cb), self,
                               G_CONNECT_SWAPPED);
      watch_all (self);
    }
  rd_contact_list_model_flush (self);
}

void
rd_contact_list_model_set_search (RdContactListModel *self,
                                  const char         *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  g_return_if_fail (RD_IS_CONTACT_LIST_MODEL (self));

  g_free (self->search);
  self->search = *stripped ? g_utf8_casefold (stripped, -1) : NULL;
  rd_contact_list_model_flush (self);
}

RdContactListModel *
rd_contact_list_model_new (void)
{
  return g_object_new (RD_TYPE_CONTACT_LIST_MODEL, NULL);
}

static void
rd_contact_list_model_dispose (GObject *object)
{
  RdContactListModel *self = RD_CONTACT_LIST_MODEL (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->source)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      unwatch_all (self);
    }
  g_clear_object (&self->source);
  G_OBJECT_CLASS (rd_contact_list_model_parent_class)->dispose (object);
}

static void
rd_contact_list_model_finalize (GObject *object)
{
  RdContactListModel *self = RD_CONTACT_LIST_MODEL (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->watched);
  g_free (self->search);
  G_OBJECT_CLASS (rd_contact_list_model_parent_class)->finalize (object);
}

static void
rd_contact_list_model_class_init (RdContactListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_contact_list_model_dispose;
  object_class->finalize = rd_contact_list_model_finalize;
}

static void
rd_contact_list_model_init (RdContactListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}
