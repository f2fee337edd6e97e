/* rd-client-contacts.c: the contacts model, presence pushes, the directory. */
#define G_LOG_DOMAIN "rd-client"

#include "config.h"

#include <string.h>

#include "rd-client-private.h"

/* ---- contacts and presence ---- */

RdContact *
rd_client_find_contact (RdClient   *self,
                        const char *username)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));

  for (guint i = 0; i < n; i++)
    {
      RdContact *contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      g_object_unref (contact);   /* the store keeps it alive */
      if (g_str_equal (rd_contact_get_username (contact), username))
        return contact;
    }
  return NULL;
}

static void
apply_contacts (RdClient   *self,
                JsonObject *reply)
{
  JsonArray *array = json_object_get_array_member (reply, "contacts");
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      RdContact *contact;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      contact = rd_client_find_contact (self, rd_frame_get_string (json_node_get_object (node), "username", ""));
      if (contact != NULL)
        {
          _rd_contact_update (contact, json_node_get_object (node));
          g_ptr_array_add (contacts, g_object_ref (contact));
        }
      else
        g_ptr_array_add (contacts, rd_contact_new_from_json (json_node_get_object (node)));
    }
  g_list_store_splice (self->contacts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       contacts->pdata, contacts->len);
}

/* A list was asked for: until it is in, pushed presence is kept. */
static void
listing_started (RdClient *self)
{
  self->contact_lists_pending++;
}

/* A list (or its failure) is in: presence pushed since it was asked for
 * is newer than what it says. */
static void
listing_done (RdClient   *self,
              JsonObject *reply)
{
  GHashTableIter iter;
  gpointer frame;

  g_return_if_fail (self->contact_lists_pending > 0);
  if (reply != NULL)
    {
      apply_contacts (self, reply);
      g_hash_table_iter_init (&iter, self->presence_while_listing);
      while (g_hash_table_iter_next (&iter, NULL, &frame))
        {
          RdContact *contact = rd_client_find_contact (self, rd_frame_get_string (frame, "username", ""));

          if (contact != NULL)
            _rd_contact_update (contact, frame);
        }
    }
  if (--self->contact_lists_pending == 0)
    g_hash_table_remove_all (self->presence_while_listing);
}

static void
contacts_reply_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(JsonObject) reply = rd_client_request_finish (self, result, NULL);

  listing_done (self, reply);
}

void
_rd_client_refresh_contacts (RdClient *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACTS_LIST, NULL);

  listing_started (self);
  rd_client_request_async (self, frame, NULL, contacts_reply_cb, NULL);
}

void
_rd_client_handle_presence (RdClient   *self,
                 JsonObject *frame)
{
  const char *username = rd_frame_get_string (frame, "username", "");
  RdContact *contact;

  if (g_strcmp0 (username, self->username) == 0)
    {
      g_free (self->own_status);
      self->own_status = g_strdup (rd_frame_get_string (frame, "status", "available"));
      g_object_notify_by_pspec (G_OBJECT (self), _rd_client_properties[PROP_OWN_STATUS]);
      return;
    }
  if (self->contact_lists_pending > 0)
    g_hash_table_insert (self->presence_while_listing, g_strdup (username), json_object_ref (frame));
  contact = rd_client_find_contact (self, username);
  if (contact == NULL)
    return;
  _rd_contact_update (contact, frame);
  g_signal_emit (self, _rd_client_signals[SIGNAL_PRESENCE_CHANGED], 0, contact);
}

static void
directory_reply_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *users;
  GPtrArray *people;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  users = json_object_get_array_member (reply, "users");
  /* The relay's own accounts are there even when the company directory
   * could not be searched; with none, its sentence is the answer. */
  if ((users == NULL || json_array_get_length (users) == 0) && json_object_has_member (reply, "directory_error"))
    {
      g_task_return_new_error (task, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE, "%s",
                               json_object_get_string_member (reply, "directory_error"));
      return;
    }
  people = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (user != NULL)
        g_ptr_array_add (people, rd_contact_new_from_json (user));
    }
  g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

void
rd_client_search_directory_async (RdClient            *self,
                                  const char          *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_DIRECTORY_SEARCH, NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rd_client_search_directory_async);
  json_object_set_string_member (frame, "query", query ? query : "");
  rd_client_request_async (self, frame, cancellable, directory_reply_cb, task);
}

GPtrArray *
rd_client_search_directory_finish (RdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_client_search_directory_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
contact_change_reply_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  RdClient *self = RD_CLIENT (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonObject *reply = rd_client_request_finish (self, result, &error);

  listing_done (self, reply);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, reply, (GDestroyNotify) json_object_unref);
}

static void
change_contact (RdClient            *self,
                JsonObject          *frame,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, change_contact);
  listing_started (self);
  rd_client_request_async (self, frame, cancellable, contact_change_reply_cb, task);
}

gboolean
rd_client_change_contact_finish (RdClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autoptr(JsonObject) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == change_contact, FALSE);
  reply = g_task_propagate_pointer (G_TASK (result), error);
  return reply != NULL;
}

void
rd_client_add_contact_async (RdClient            *self,
                             const char          *username,
                             const char          *group,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACT_ADD, NULL);

  json_object_set_string_member (frame, "username", username);
  if (group != NULL)
    json_object_set_string_member (frame, "group", group);
  change_contact (self, frame, cancellable, callback, user_data);
}

void
rd_client_remove_contact_async (RdClient            *self,
                                const char          *username,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACT_REMOVE, NULL);

  json_object_set_string_member (frame, "username", username);
  change_contact (self, frame, cancellable, callback, user_data);
}

