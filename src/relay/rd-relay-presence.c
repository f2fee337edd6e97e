/* rd-relay-presence.c: presence, contacts and the company directory.
 *
 * An account's presence is the most reachable status among its signed-in
 * devices (available, then busy, then away); with none it is offline. A
 * change is pushed to every signed-in device of those who have the account
 * as a contact, and to the account's own devices.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"

static int
status_rank (const char *status)
{
  if (g_str_equal (status, "available")) return 0;
  if (g_str_equal (status, "busy")) return 1;
  if (g_str_equal (status, "away")) return 2;
  return 3;
}

/* The account's presence from its devices on this relay. */
static const char *
local_presence (RdRelayServer  *self,
                gint64          account_id,
                const char    **out_text,
                gint64         *out_since_ms)
{
  GPtrArray *sessions = _rd_relay_server_sessions_of (self, account_id);
  RdRelaySession *best = NULL;
  RdRelaySession *latest = NULL;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      RdRelaySession *session = g_ptr_array_index (sessions, i);

      if (best == NULL || status_rank (session->status) < status_rank (best->status))
        best = session;
      if (latest == NULL || session->status_since > latest->status_since)
        latest = session;
    }

  *out_text = latest ? latest->status_text : "";
  /* status_since is monotonic; others compare wall clocks (ms). */
  *out_since_ms = best ? _rd_relay_now_ms () - (g_get_monotonic_time () - best->status_since) / 1000 : 0;
  return best ? best->status : "offline";
}

/* ... and on every relay: the most reachable status, the latest text. */
const char *
_rd_relay_presence_of (RdRelayServer  *self,
                       gint64          account_id,
                       const char    **out_text,
                       gint64         *out_idle)
{
  const char *text;
  gint64 since;
  const char *status = local_presence (self, account_id, &text, &since);
  GHashTable *elsewhere = _rd_relay_cluster_remote_presence (self, account_id);
  gint64 latest = g_str_equal (status, "offline") ? G_MININT64 : since;
  GHashTableIter iter;
  gpointer value;

  if (elsewhere != NULL)
    {
      g_hash_table_iter_init (&iter, elsewhere);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          RdStoredPresence *there = value;

          if (status_rank (there->status) < status_rank (status))
            {
              status = there->status;
              since = there->since;
            }
          if (there->since > latest)
            {
              latest = there->since;
              text = there->text;
            }
        }
    }
  if (out_text)
    *out_text = text;
  if (out_idle)
    *out_idle = g_str_equal (status, "away") ? MAX (0, (_rd_relay_now_ms () - since) / 1000) : 0;
  return status;
}

void
_rd_relay_presence_update (RdRelayServer *self,
                           gint64         account_id)
{
  const char *text;
  gint64 since;
  const char *status = local_presence (self, account_id, &text, &since);

  _rd_relay_cluster_publish_presence (self, account_id, status, text, since);
  _rd_relay_presence_refresh (self, account_id);
}

void
_rd_relay_presence_refresh (RdRelayServer *self,
                            gint64         account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) watchers = NULL;
  g_autoptr(RdAccount) account = NULL;
  g_autoptr(JsonObject) frame = NULL;
  const char *text;
  gint64 idle;
  const char *status = _rd_relay_presence_of (self, account_id, &text, &idle);
  g_autofree char *summary = g_strdup_printf ("%s\n%s", status, text);
  const char *previous = g_hash_table_lookup (self->presence_cache, &account_id);

  _rd_relay_queue_presence_changed (self, account_id);
  if (g_strcmp0 (previous, summary) == 0 || (previous == NULL && g_str_equal (status, "offline")))
    return;
  if (g_str_equal (status, "offline"))
    g_hash_table_remove (self->presence_cache, &account_id);
  else
    g_hash_table_insert (self->presence_cache, g_memdup2 (&account_id, sizeof account_id),
                         g_steal_pointer (&summary));

  account = rd_store_account_by_id (self->store, account_id, &error);
  watchers = account ? rd_store_contact_watchers (self->store, account_id, &error) : NULL;
  if (watchers == NULL)
    {
      g_warning ("cannot push presence of account %" G_GINT64_FORMAT ": %s", account_id, error->message);
      return;
    }

  frame = rd_frame_new (RD_FRAME_PRESENCE, NULL);
  json_object_set_string_member (frame, "username", account->username);
  json_object_set_string_member (frame, "status", status);
  json_object_set_string_member (frame, "text", text);
  json_object_set_int_member (frame, "idle", idle);
  /* Here only: every relay works out and pushes presence to its own. */
  for (guint i = 0; i < watchers->len; i++)
    _rd_relay_server_send_here (self, g_array_index (watchers, gint64, i), frame);
  _rd_relay_server_send_here (self, account_id, frame);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
_rd_relay_online_staff (RdRelayServer  *self,
                        GError        **error)
{
  g_autoptr(GHashTable) online = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) staff = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->sessions_by_account);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *sessions = value;
      RdRelaySession *session = sessions->len ? g_ptr_array_index (sessions, 0) : NULL;

      if (session != NULL && session->account != NULL && rd_role_is_staff (session->account->role))
        g_array_append_val (staff, *(gint64 *) key);
    }
  /* Elsewhere: the store knows their role. */
  _rd_relay_cluster_add_remote_accounts (self, online);
  g_hash_table_iter_init (&iter, online);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 account_id = *(gint64 *) key;
      g_autoptr(RdAccount) account = NULL;

      if (g_hash_table_contains (self->sessions_by_account, &account_id))
        continue;
      account = rd_store_account_by_id (self->store, account_id, error);
      if (account == NULL)
        return NULL;
      if (rd_role_is_staff (account->role))
        g_array_append_val (staff, account_id);
    }
  g_array_sort (staff, compare_ids);
  return g_steal_pointer (&staff);
}

void
_rd_relay_presence_forget (RdRelayServer *self,
                           gint64         account_id)
{
  g_hash_table_remove (self->presence_cache, &account_id);
}

void
_rd_relay_handle_presence_set (RdRelaySession *self,
                               const char     *id,
                               JsonObject     *frame)
{
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  g_free (self->status);
  self->status = g_strdup (rd_frame_get_string (frame, "status", "available"));
  g_free (self->status_text);
  self->status_text = g_strdup (rd_frame_get_string (frame, "text", ""));
  self->status_since = g_get_monotonic_time ();
  rd_relay_session_send (self, ok);
  _rd_relay_presence_update (self->server, self->account->id);
}

JsonObject *
_rd_relay_account_to_json (RdRelayServer *self,
                           RdAccount     *account,
                           gboolean       with_presence)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "username", account->username);
  json_object_set_string_member (object, "display_name", account->display_name);
  json_object_set_string_member (object, "role", rd_role_to_string (account->role));
  if (with_presence)
    {
      const char *text;
      gint64 idle;
      const char *status = _rd_relay_presence_of (self, account->id, &text, &idle);

      json_object_set_string_member (object, "status", status);
      json_object_set_string_member (object, "text", text);
      json_object_set_int_member (object, "idle", idle);
    }
  return object;
}

static JsonObject *
contacts_frame (RdRelaySession  *self,
                const char      *id,
                GError         **error)
{
  g_autoptr(GPtrArray) contacts = rd_store_contact_list (self->server->store, self->account->id, error);
  JsonObject *frame;
  JsonArray *array;

  if (contacts == NULL)
    return NULL;
  array = json_array_new ();
  for (guint i = 0; i < contacts->len; i++)
    {
      RdStoredContact *contact = g_ptr_array_index (contacts, i);
      JsonObject *object = _rd_relay_account_to_json (self->server, contact->account, TRUE);

      json_object_set_string_member (object, "group", contact->group);
      json_array_add_object_element (array, object);
    }
  frame = rd_frame_new (RD_FRAME_CONTACTS, id);
  json_object_set_array_member (frame, "contacts", array);
  return frame;
}

void
_rd_relay_handle_contacts_list (RdRelaySession *self,
                                const char     *id,
                                JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = contacts_frame (self, id, &error);

  /* After the acks of writes it may reflect, once they are on disk. */
  if (reply == NULL)
    _rd_relay_session_store_error (self, id, error);
  else
    _rd_relay_session_reply_after_commit (self, id, reply);
}

/* Adds or removes a contact, tells the account's devices, replies with the list. */
static void
change_contact (RdRelaySession *self,
                const char     *id,
                JsonObject     *frame,
                gboolean        add)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) peer = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  const char *username = rd_frame_get_string (frame, "username", "");
  RdDirectoryPerson *found;
  gboolean changed;

  if (g_str_equal (username, self->account->username))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "you cannot be your own contact");
      return;
    }
  peer = rd_store_account_lookup (server->store, username, &error);
  /* Someone the company directory found who never signed in: their
   * account is made now, as their first sign-in would. */
  if (peer == NULL && add && g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND) &&
      (found = _rd_relay_directory_recently_found (server, username)) != NULL)
    {
      g_clear_error (&error);
      if (!_rd_relay_server_write_begin (server, &error) ||
          (peer = _rd_relay_directory_account (server, found, &error)) == NULL)
        {
          _rd_relay_session_write_error (self, id, error);
          return;
        }
    }
  if (peer == NULL)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no such user");
      else
        _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (add && (peer->disabled ||
              (!rd_role_is_staff (self->account->role) && !rd_role_is_staff (peer->role))))
    {
      if (peer->disabled)
        rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "no such user");
      else
        rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "requesters can only add support staff");
      return;
    }

  if (!_rd_relay_server_write_begin (server, &error))
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  changed = add
    ? rd_store_contact_add (server->store, self->account->id, peer->id,
                            rd_frame_get_string (frame, "group", ""), &error)
    : rd_store_contact_remove (server->store, self->account->id, peer->id, &error);
  if (!changed && g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_UNKNOWN_USER, "not in your contacts");
      return;
    }
  json_object_set_string_member (data, "username", peer->username);
  json_object_set_string_member (data, "change", add ? "added" : "removed");
  if (!changed ||
      !_rd_relay_server_append_event (server, self->account->id, "contacts", data, _rd_relay_now_ms (), &error) ||
      (reply = contacts_frame (self, id, &error)) == NULL)
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, reply);
}

void
_rd_relay_handle_contact_add (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  change_contact (self, id, frame, TRUE);
}

void
_rd_relay_handle_contact_remove (RdRelaySession *self,
                                 const char     *id,
                                 JsonObject     *frame)
{
  change_contact (self, id, frame, FALSE);
}

void
_rd_relay_handle_directory_search (RdRelaySession *self,
                                   const char     *id,
                                   JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonObject) reply = NULL;
  gboolean staff = rd_role_is_staff (self->account->role);
  JsonArray *users;
  guint limit = rd_frame_get_int (frame, "limit", 20);

  /* Ask for a little more so filtering still fills the page. */
  found = rd_store_account_search (self->server->store, rd_frame_get_string (frame, "query", ""),
                                   staff ? limit + 1 : limit * 4 + 1, &error);
  if (found == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  users = json_array_new ();
  for (guint i = 0; i < found->len && json_array_get_length (users) < limit; i++)
    {
      RdAccount *account = g_ptr_array_index (found, i);

      if (account->id == self->account->id)
        continue;
      if (!staff && !rd_role_is_staff (account->role))
        continue;
      json_array_add_object_element (users, _rd_relay_account_to_json (self->server, account, TRUE));
    }
  if (_rd_relay_directory_search (self, id, rd_frame_get_string (frame, "query", ""), limit, users))
    {
      json_array_unref (users);
      return;
    }
  reply = rd_frame_new (RD_FRAME_DIRECTORY, id);
  json_object_set_array_member (reply, "users", users);
  /* After the acks of writes it may reflect, once they are on disk. */
  _rd_relay_session_reply_after_commit (self, id, reply);
}
