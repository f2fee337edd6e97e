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
  g_clear_handle_id (&self->directory_check_source, g_source_remove);
  if (self->directory_cancellable != NULL)
    g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
}
