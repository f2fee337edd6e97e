/* rd-relay-directory.c: sign-in through the company directory, and the
 * accounts it creates.
 *
 * The directory's verdict is asked in the sign-in's worker thread
 * (rd-relay-auth.c); what it says about the person (name, role) is written
 * to the account on the loop. Which wins for a name that is both a local
 * account and a person in the directory is the precedence setting; a local
 * account signs in with its own password whenever the directory cannot be
 * reached, so an admin can always get in.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"

RdSignInVerdict
_rd_relay_directory_check (const RdDirectoryConfig  *directory,
                           const RdAccount          *account,
                           const char               *username,
                           const char               *password,
                           RdDirectoryPerson       **out_person)
{
  g_autoptr(GError) error = NULL;
  gboolean local = account != NULL && !rd_account_is_directory (account);

  *out_person = NULL;
  if (directory == NULL || (local && directory->local_first))
    return RD_SIGN_IN_CHECK_LOCAL;

  *out_person = rd_directory_sign_in (directory, username, password, &error);
  if (*out_person != NULL)
    return RD_SIGN_IN_DIRECTORY_OK;

  if (g_error_matches (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_WRONG_PASSWORD))
    {
      g_info ("directory sign-in of %s refused: %s", username, error->message);
      return RD_SIGN_IN_REFUSED;
    }
  if (g_error_matches (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_DISABLED))
    {
      g_info ("directory sign-in of %s refused: %s", username, error->message);
      return RD_SIGN_IN_DISABLED;
    }
  if (g_error_matches (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_NO_SUCH_PERSON))
    {
      g_info ("directory sign-in of %s: %s", username, error->message);
      return local ? RD_SIGN_IN_CHECK_LOCAL : RD_SIGN_IN_REFUSED;
    }
  /* Unreachable, an untrusted certificate, the service account refused,
   * or a search the server failed: the admin reads why. */
  g_warning ("the company directory cannot be reached (%s signs in %s): %s", username,
             local ? "with the local password instead" : "nowhere", error->message);
  return local ? RD_SIGN_IN_CHECK_LOCAL : RD_SIGN_IN_UNAVAILABLE;
}

/* The account @person signs in to, created the first time, with the name
 * and role the directory gives now. A local account of the same name (the
 * directory won it) keeps its password for when the directory is down. */
RdAccount *
_rd_relay_directory_account (RdRelayServer      *server,
                             RdDirectoryPerson  *person,
                             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  RdAccount *account = rd_store_account_lookup (server->store, person->username, &local_error);

  if (account == NULL)
    {
      if (!g_error_matches (local_error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!rd_store_account_add (server->store, person->username, person->display_name, person->role,
                                 RD_DIRECTORY_PASSWORD_MARK, error))
        return NULL;
      g_message ("%s signed in from the company directory for the first time, as %s (%s)",
                 person->username, rd_role_to_string (person->role), person->dn);
      return rd_store_account_lookup (server->store, person->username, error);
    }
  if (g_strcmp0 (account->display_name, person->display_name) != 0 || account->role != person->role)
    {
      if (!rd_store_account_set_profile (server->store, account->id, person->display_name, person->role, error))
        {
          rd_account_free (account);
          return NULL;
        }
      if (account->role != person->role)
        g_message ("%s is now %s, as the company directory says", person->username,
                   rd_role_to_string (person->role));
      g_free (account->display_name);
      account->display_name = g_strdup (person->display_name);
      account->role = person->role;
    }
  return account;
}

/* ---- the periodic check of directory accounts ---- */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const RdDirectoryConfig *directory = task_data;
  GError *error = NULL;
  GPtrArray *people = rd_directory_list_everyone (directory, &error);

  if (people == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

/* Ends the account's sessions on every relay, as "user disable" does, and
 * its held requests go back to the queue (the notice's reader). */
static gboolean
sign_out (RdRelayServer    *self,
          RdAccount        *account,
          RdAccountNotice   notice,
          GError          **error)
{
  return rd_store_session_revoke_all (self->store, account->id, error) &&
         rd_store_account_notice_add (self->store, account->id, notice, error);
}

/* What changed for one directory account; FALSE on a store error. */
static gboolean
follow_person (RdRelayServer      *self,
               RdAccount          *account,
               RdDirectoryPerson  *person,
               GError            **error)
{
  gint64 active;

  if (person == NULL || person->disabled)
    {
      if ((active = rd_store_sessions_active (self->store, account->id, error)) < 0)
        return FALSE;
      if (active == 0)
        return TRUE;
      g_message ("%s is %s the company directory: signed out", account->username,
                 person ? "disabled in" : "no longer admitted by");
      return sign_out (self, account, RD_ACCOUNT_NOTICE_DISABLED, error);
    }
  if (g_strcmp0 (account->display_name, person->display_name) == 0 && account->role == person->role)
    return TRUE;
  if (!rd_store_account_set_profile (self->store, account->id, person->display_name, person->role, error))
    return FALSE;
  if (account->role == person->role)
    return TRUE;
  /* A role is what the session was granted at sign-in: the next sign-in
   * gets the new one. */
  g_message ("%s is now %s, as the company directory says: signed out", account->username,
             rd_role_to_string (person->role));
  return sign_out (self, account, RD_ACCOUNT_NOTICE_SIGNED_OUT, error);
}

static void
follow_directory (RdRelayServer *self,
                  GPtrArray     *people)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) accounts = rd_store_account_list (self->store, &error);
  guint n_directory = 0;

  if (accounts == NULL)
    {
      g_warning ("cannot check the directory accounts: %s", error->message);
      return;
    }
  for (guint i = 0; i < people->len; i++)
    {
      RdDirectoryPerson *person = people->pdata[i];
      g_hash_table_insert (by_name, person->username, person);
    }
  for (guint i = 0; i < accounts->len; i++)
    n_directory += rd_account_is_directory (accounts->pdata[i]);
  /* A directory that lists nobody is more likely a wrong base or filter
   * than a company that let everyone go. */
  if (people->len == 0 && n_directory > 0)
    {
      g_warning ("the company directory listed nobody under %s; nobody is signed out",
                 self->config->directory->base);
      return;
    }
  if (!_rd_relay_server_write_begin (self, &error))
    {
      g_warning ("cannot check the directory accounts: %s", error->message);
      return;
    }
  for (guint i = 0; i < accounts->len; i++)
    {
      RdAccount *account = accounts->pdata[i];

      if (rd_account_is_directory (account) &&
          !follow_person (self, account, g_hash_table_lookup (by_name, account->username), &error))
        {
          g_warning ("cannot check the directory account %s: %s", account->username, error->message);
          _rd_relay_server_write_failed (self, error);
          return;
        }
    }
  g_info ("company directory checked: %u people, %u directory accounts", people->len, n_directory);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RdRelayServer *self = RD_RELAY_SERVER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = g_task_propagate_pointer (G_TASK (result), &error);

  self->directory_check_running = FALSE;
  if (g_cancellable_is_cancelled (self->directory_cancellable))
    return;
  if (people == NULL)
    {
      g_warning ("the company directory cannot be listed; nobody is signed out: %s", error->message);
      return;
    }
  follow_directory (self, people);
}

static gboolean
check_cb (gpointer data)
{
  RdRelayServer *self = data;
  g_autoptr(GTask) task = NULL;

  /* One relay of a cluster does it; one check at a time. */
  if (self->directory_check_running || !_rd_relay_cluster_is_leader (self))
    return G_SOURCE_CONTINUE;
  self->directory_check_running = TRUE;
  task = g_task_new (self, self->directory_cancellable, listed_cb, NULL);
  g_task_set_task_data (task, self->config->directory, NULL);
  g_task_run_in_thread (task, list_thread);
  return G_SOURCE_CONTINUE;
}

void
_rd_relay_directory_start (RdRelayServer *self)
{
  if (self->config->directory == NULL)
    return;
  self->directory_cancellable = g_cancellable_new ();
  self->directory_check_source = g_timeout_add_seconds (self->config->directory->sync_interval_s, check_cb, self);
}

void
_rd_relay_directory_stop (RdRelayServer *self)
{
  g_clear_pointer (&self->directory_found, g_hash_table_unref);
  g_clear_handle_id (&self->directory_check_source, g_source_remove);
  if (self->directory_cancellable != NULL)
    g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
}

/* ---- the deadline of a call to the directory ---- */

guint
_rd_relay_directory_deadline_s (const RdDirectoryConfig *directory)
{
  return 2 * directory->timeout_s;
}

static gboolean
cancel_at_deadline_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

GTask *
_rd_relay_directory_task_new (gpointer                 source,
                              const RdDirectoryConfig *directory,
                              GAsyncReadyCallback      callback)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (directory == NULL)
    return g_task_new (source, NULL, callback, NULL);
  cancellable = g_cancellable_new ();
  /* The timer keeps the cancellable to its deadline; cancelled once the
   * task is done, it changes nothing. */
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, _rd_relay_directory_deadline_s (directory),
                              cancel_at_deadline_cb, g_object_ref (cancellable), g_object_unref);
  return g_task_new (source, cancellable, callback, NULL);
}

/* ---- "add someone from the directory" ---- */

/* People a search found are kept this long, so that adding one of them,
 * who may never have signed in, needs no second look at the directory. */
#define FOUND_KEEP_US (10 * 60 * G_USEC_PER_SEC)

typedef struct {
  RdDirectoryPerson *person;
  gint64             at;
} FoundPerson;

static void
found_person_free (FoundPerson *found)
{
  rd_directory_person_free (found->person);
  g_free (found);
}

static void
remember_found (RdRelayServer     *self,
                RdDirectoryPerson *person,
                gint64             now)
{
  FoundPerson *found = g_new0 (FoundPerson, 1);

  found->person = person;
  found->at = now;
  g_hash_table_replace (self->directory_found, person->username, found);
}

/* Once a search, before what it found is kept. */
static void
forget_stale_found (RdRelayServer *self,
                    gint64         now)
{
  GHashTableIter iter;
  gpointer value;

  if (self->directory_found == NULL)
    self->directory_found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                   (GDestroyNotify) found_person_free);
  g_hash_table_iter_init (&iter, self->directory_found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - ((FoundPerson *) value)->at > FOUND_KEEP_US)
      g_hash_table_iter_remove (&iter);
}

RdDirectoryPerson *
_rd_relay_directory_recently_found (RdRelayServer *self,
                                    const char    *username)
{
  FoundPerson *found = self->directory_found ? g_hash_table_lookup (self->directory_found, username) : NULL;

  if (found == NULL || g_get_monotonic_time () - found->at > FOUND_KEEP_US)
    return NULL;
  return found->person;
}

typedef struct {
  RdRelaySession          *session;
  char                    *id;
  char                    *query;
  guint                    limit;
  guint                    wanted;  /* from the directory */
  JsonArray               *users;   /* the relay's own accounts found */
  const RdDirectoryConfig *config;
} DirectorySearch;

static void
directory_search_free (DirectorySearch *search)
{
  g_object_unref (search->session);
  g_free (search->id);
  g_free (search->query);
  json_array_unref (search->users);
  g_free (search);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DirectorySearch *search = task_data;
  GError *error = NULL;
  GPtrArray *people;

  /* Past the deadline the reply goes without us. */
  if (!g_task_set_return_on_cancel (task, TRUE))
    return;
  people = rd_directory_search (search->config, search->query, search->wanted, &error);
  if (!g_task_set_return_on_cancel (task, FALSE))
    {
      g_clear_pointer (&people, g_ptr_array_unref);
      g_clear_error (&error);
      return;
    }
  if (people == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, people, (GDestroyNotify) g_ptr_array_unref);
}

static JsonObject *
find_user (JsonArray  *users,
           const char *username)
{
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_strcmp0 (rd_frame_get_string (user, "username", NULL), username) == 0)
        return user;
    }
  return NULL;
}

static void
set_directory_details (JsonObject        *user,
                       RdDirectoryPerson *person)
{
  if (person->mail != NULL)
    json_object_set_string_member (user, "mail", person->mail);
  if (person->department != NULL)
    json_object_set_string_member (user, "department", person->department);
}

/* The directory's people joined to the accounts found: details for those
 * who have one, a new entry (offline) for those who never signed in. */
static void
add_people (DirectorySearch *search,
            GPtrArray       *people)
{
  RdRelaySession *self = search->session;
  gboolean staff = rd_role_is_staff (self->account->role);
  gint64 now = g_get_monotonic_time ();

  forget_stale_found (self->server, now);
  while (people->len > 0)
    {
      RdDirectoryPerson *person = g_ptr_array_steal_index (people, 0);
      JsonObject *user;

      if (g_str_equal (person->username, self->account->username) ||
          (!staff && !rd_role_is_staff (person->role)))
        {
          rd_directory_person_free (person);
          continue;
        }
      if ((user = find_user (search->users, person->username)) == NULL &&
          json_array_get_length (search->users) < search->limit)
        {
          user = json_object_new ();
          json_object_set_string_member (user, "username", person->username);
          json_object_set_string_member (user, "display_name", person->display_name);
          json_object_set_string_member (user, "role", rd_role_to_string (person->role));
          json_object_set_string_member (user, "status", "offline");
          json_array_add_object_element (search->users, user);
        }
      if (user != NULL)
        set_directory_details (user, person);
      remember_found (self->server, person, now);
    }
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DirectorySearch *search = g_task_get_task_data (G_TASK (result));
  RdRelaySession *self = search->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(JsonObject) reply = rd_frame_new (RD_FRAME_DIRECTORY, search->id);

  if (!rd_relay_session_is_open (self))
    return;
  if (people != NULL)
    add_people (search, people);
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("the company directory did not answer %s's search within %u s", self->account->username,
                   _rd_relay_directory_deadline_s (search->config));
      else
        g_warning ("the company directory cannot be searched for %s: %s", self->account->username,
                   error->message);
      json_object_set_string_member (reply, "directory_error",
                                     "the company directory cannot be reached, try again later");
    }
  json_object_set_array_member (reply, "users", json_array_ref (search->users));
  _rd_relay_session_reply_after_commit (self, search->id, reply);
}

gboolean
_rd_relay_directory_search (RdRelaySession *self,
                            const char     *id,
                            const char     *query,
                            guint           limit,
                            JsonArray      *users)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = g_strstrip (g_strdup (query));
  DirectorySearch *search;

  if (self->server->config->directory == NULL || *text == '\0')
    return FALSE;
  search = g_new0 (DirectorySearch, 1);
  search->session = g_object_ref (self);
  search->id = g_strdup (id);
  search->query = g_steal_pointer (&text);
  search->limit = limit;
  /* Requesters see support staff only: ask for more so the page fills. */
  search->wanted = rd_role_is_staff (self->account->role) ? limit + 1 : limit * 4 + 1;
  search->users = json_array_ref (users);
  search->config = self->server->config->directory;
  task = _rd_relay_directory_task_new (self->server, search->config, searched_cb);
  g_task_set_task_data (task, search, (GDestroyNotify) directory_search_free);
  g_task_run_in_thread (task, search_thread);
  return TRUE;
}
