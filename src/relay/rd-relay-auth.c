/* rd-relay-auth.c: hello, login, resume and logout.
 *
 * Password checks run argon2id, or ask the company directory, in a worker
 * thread so the relay keeps serving everyone else; a failed attempt is
 * answered only after a delay that grows with the failures seen from that
 * address.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-credentials.h"
#include "rd-relay-private.h"
#include "rd-ws-codec.h"

typedef struct {
  RdRelaySession          *session;
  char                    *id;
  char                    *username;
  char                    *password;
  char                    *device;
  RdAccount               *account;   /* NULL when the user does not exist */
  const RdDirectoryConfig *directory; /* the server's, or NULL */
  RdDirectoryPerson       *person;    /* whom the directory signed in */
  RdSignInVerdict          verdict;
  char                    *token;
} LoginJob;

static void
login_job_free (LoginJob *job)
{
  g_clear_object (&job->session);
  g_free (job->id);
  g_free (job->username);
  if (job->password)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job->device);
  g_clear_pointer (&job->account, rd_account_free);
  g_clear_pointer (&job->person, rd_directory_person_free);
  g_free (job->token);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginJob, login_job_free)

gint64
_rd_relay_now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
_rd_relay_handle_hello (RdRelaySession *self,
                        const char     *id,
                        JsonObject     *frame)
{
  g_autoptr(JsonObject) reply = NULL;
  gint64 version = rd_frame_get_int (frame, "version", 0);

  if (version != RD_PROTOCOL_VERSION_CURRENT)
    {
      g_autofree char *message = g_strdup_printf ("this relay speaks protocol version %d",
                                                  RD_PROTOCOL_VERSION_CURRENT);
      rd_relay_session_send_error (self, id, RD_ERROR_UNSUPPORTED_VERSION, message);
      return;
    }
  reply = rd_frame_new (RD_FRAME_HELLO_OK, id);
  json_object_set_int_member (reply, "version", RD_PROTOCOL_VERSION_CURRENT);
  json_object_set_string_member (reply, "server", "relaydeskd " PACKAGE_VERSION);
  rd_relay_session_send (self, reply);
}

static JsonObject *
welcome_frame (const char *id,
               RdAccount  *account,
               const char *token)
{
  JsonObject *reply = rd_frame_new (RD_FRAME_WELCOME, id);
  JsonObject *info = json_object_new ();

  json_object_set_string_member (info, "username", account->username);
  json_object_set_string_member (info, "display_name", account->display_name);
  json_object_set_string_member (info, "role", rd_role_to_string (account->role));
  json_object_set_object_member (reply, "account", info);
  if (token != NULL)
    json_object_set_string_member (reply, "token", token);
  json_object_set_int_member (reply, "seq", account->last_seq);
  return reply;
}

static void
become_authenticated (RdRelaySession *self,
                      RdAccount      *account,
                      const char     *token_hash,
                      const char     *device)
{
  self->account = account;
  self->token_hash = g_strdup (token_hash);
  self->device = g_strdup (device ? device : "");
  _rd_relay_server_login_succeeded (self->server, self->remote_host);
  _rd_relay_server_session_authenticated (self->server, self);
}

typedef struct {
  RdRelaySession *session;
  char           *id;
  RdErrorCode     code;
  char           *message;
} DelayedError;

static void
delayed_error_free (DelayedError *delayed)
{
  g_object_unref (delayed->session);
  g_free (delayed->id);
  g_free (delayed->message);
  g_free (delayed);
}

static gboolean
delayed_error_cb (gpointer data)
{
  DelayedError *delayed = data;

  delayed->session->auth_pending = FALSE;
  rd_relay_session_send_error (delayed->session, delayed->id, delayed->code, delayed->message);
  return G_SOURCE_REMOVE;
}

/* Refuses a sign-in after the slow-down delay for this address. */
static void
refuse_sign_in (RdRelaySession *self,
                const char     *id,
                RdErrorCode     code,
                const char     *message)
{
  DelayedError *delayed = g_new0 (DelayedError, 1);
  guint delay;

  _rd_relay_server_login_failed (self->server, self->remote_host);
  delay = _rd_relay_server_login_delay_ms (self->server, self->remote_host);
  delayed->session = g_object_ref (self);
  delayed->id = g_strdup (id);
  delayed->code = code;
  delayed->message = g_strdup (message);
  self->auth_pending = TRUE;
  g_timeout_add_full (G_PRIORITY_DEFAULT, delay, delayed_error_cb, delayed,
                      (GDestroyNotify) delayed_error_free);
}

static gboolean
check_can_authenticate (RdRelaySession *self,
                        const char     *id)
{
  if (self->account != NULL || self->auth_pending)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_ALREADY_AUTHENTICATED,
                                   self->account ? "already signed in on this connection"
                                                 : "a sign-in is already in progress");
      return FALSE;
    }
  return TRUE;
}

static const char *
dummy_hash (RdHashStrength strength)
{
  static char *hash;

  /* Unknown users cost as much to refuse as known ones. */
  if (hash == NULL)
    hash = rd_password_hash ("relaydesk-dummy-password", strength, NULL);
  return hash;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoginJob *job = task_data;
  RdDirectoryPerson *person = NULL;
  RdSignInVerdict verdict;
  const char *hash;
  gboolean ok;

  /* From here the sign-in may be answered without us (the directory's
   * deadline): the job is only read until we know it was not. */
  if (!g_task_set_return_on_cancel (task, TRUE))
    return;
  verdict = _rd_relay_directory_check (job->directory, job->account, job->username, job->password, &person);
  ok = verdict == RD_SIGN_IN_DIRECTORY_OK;
  if (verdict == RD_SIGN_IN_CHECK_LOCAL)
    {
      hash = job->account ? job->account->password_hash
                          : dummy_hash (job->session->server->config->hash_strength);
      ok = rd_password_verify (hash, job->password) && job->account != NULL;
    }
  if (!g_task_set_return_on_cancel (task, FALSE))
    {
      rd_directory_person_free (person);
      return;
    }
  job->verdict = verdict;
  job->person = person;
  g_task_return_boolean (task, ok);
}

static void
login_committed_cb (RdRelayServer *server,
                    const GError  *error,
                    gpointer       data)
{
  LoginJob *job = data;
  RdRelaySession *self = job->session;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *token_hash = NULL;

  self->auth_pending = FALSE;
  if (error != NULL)
    {
      _rd_relay_session_store_error (self, job->id, error);
      return;
    }
  if (!rd_relay_session_is_open (self))
    return;

  token_hash = rd_token_hash (job->token);
  reply = welcome_frame (job->id, job->account, job->token);
  become_authenticated (self, g_steal_pointer (&job->account), token_hash, job->device);
  rd_relay_session_send (self, reply);
}

/* The account the directory's person signs in to, in place of the one
 * looked up by name before the check. */
static gboolean
take_directory_account (RdRelayServer  *server,
                        LoginJob       *job,
                        GError        **error)
{
  g_clear_pointer (&job->account, rd_account_free);
  job->account = _rd_relay_directory_account (server, job->person, error);
  return job->account != NULL;
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RdRelaySession *self = RD_RELAY_SESSION (source);
  LoginJob *shell = g_task_get_task_data (G_TASK (result));
  g_autoptr(LoginJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token_hash = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The directory did not answer in time; its thread goes on reading
       * the job, which the task frees once that thread is done. */
      g_warning ("the company directory did not answer %s's sign-in within %u s", shell->username,
                 _rd_relay_directory_deadline_s (shell->directory));
      self->auth_pending = FALSE;
      rd_relay_session_send_error (self, shell->id, RD_ERROR_DIRECTORY_UNAVAILABLE,
                                   "the company directory cannot be reached, try again later");
      return;
    }
  g_clear_error (&error);
  /* The thread is done with the job: it moves here, for the commit. */
  job = g_memdup2 (shell, sizeof *shell);
  memset (shell, 0, sizeof *shell);

  if (!ok)
    {
      if (job->verdict == RD_SIGN_IN_UNAVAILABLE)
        {
          /* Says nothing about the password: not counted as a failure. */
          self->auth_pending = FALSE;
          rd_relay_session_send_error (self, job->id, RD_ERROR_DIRECTORY_UNAVAILABLE,
                                       "the company directory cannot be reached, try again later");
        }
      else if (job->verdict == RD_SIGN_IN_DISABLED)
        refuse_sign_in (self, job->id, RD_ERROR_ACCOUNT_DISABLED, "this account is disabled");
      else
        refuse_sign_in (self, job->id, RD_ERROR_AUTH_FAILED, "wrong user name or password");
      return;
    }

  job->token = rd_token_new ();
  token_hash = rd_token_hash (job->token);
  if (!_rd_relay_server_write_begin (self->server, &error) ||
      (job->person != NULL && !take_directory_account (self->server, job, &error)) ||
      (!job->account->disabled &&
       !rd_store_session_add (self->server->store, job->account->id, token_hash, job->device, &error)))
    {
      self->auth_pending = FALSE;
      if (rd_store_in_transaction (self->server->store))
        _rd_relay_server_write_failed (self->server, error);
      _rd_relay_session_store_error (self, job->id, error);
      return;
    }

  if (job->account->disabled)
    {
      refuse_sign_in (self, job->id, RD_ERROR_ACCOUNT_DISABLED, "this account is disabled");
      return;
    }
  _rd_relay_server_after_commit (self->server, login_committed_cb, g_steal_pointer (&job),
                                 (GDestroyNotify) login_job_free);
}

void
_rd_relay_handle_login (RdRelaySession *self,
                        const char     *id,
                        JsonObject     *frame)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  LoginJob *job;

  if (!check_can_authenticate (self, id))
    return;

  job = g_new0 (LoginJob, 1);
  job->session = g_object_ref (self);
  job->id = g_strdup (id);
  job->username = g_strdup (rd_frame_get_string (frame, "username", ""));
  job->directory = self->server->config->directory;
  job->password = g_strdup (rd_frame_get_string (frame, "password", ""));
  job->device = g_strdup (rd_frame_get_string (frame, "device", ""));
  job->account = rd_store_account_lookup (self->server->store, job->username, &error);
  if (job->account == NULL && !g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
    {
      _rd_relay_session_store_error (self, id, error);
      login_job_free (job);
      return;
    }

  self->auth_pending = TRUE;
  /* A sign-in the directory does not answer in time is answered without it. */
  task = _rd_relay_directory_task_new (self, job->directory, verify_done_cb);
  /* The task owns the job: a thread the deadline left behind still reads it. */
  g_task_set_task_data (task, job, (GDestroyNotify) login_job_free);
  g_task_run_in_thread (task, verify_thread);
}

void
_rd_relay_handle_resume (RdRelaySession *self,
                         const char     *id,
                         JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *token_hash = NULL;
  RdAccount *account;
  gint64 account_id;

  if (!check_can_authenticate (self, id))
    return;

  token_hash = rd_token_hash (rd_frame_get_string (frame, "token", ""));
  account_id = rd_store_session_lookup (self->server->store, token_hash, &error);
  if (account_id == 0)
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        refuse_sign_in (self, id, RD_ERROR_INVALID_TOKEN, "this session token is not valid; sign in again");
      else
        _rd_relay_session_store_error (self, id, error);
      return;
    }
  account = rd_store_account_by_id (self->server->store, account_id, &error);
  if (account == NULL)
    {
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  if (account->disabled)
    {
      rd_account_free (account);
      refuse_sign_in (self, id, RD_ERROR_ACCOUNT_DISABLED, "this account is disabled");
      return;
    }

  reply = welcome_frame (id, account, NULL);
  become_authenticated (self, account, token_hash, rd_frame_get_string (frame, "device", ""));
  rd_relay_session_send (self, reply);
}

static void
logout_committed_cb (RdRelayServer *server,
                     const GError  *error,
                     gpointer       data)
{
  RdRelaySession *self = data;
  g_autoptr(JsonObject) reply = NULL;

  if (error != NULL)
    {
      _rd_relay_session_store_error (self, NULL, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_OK, g_object_get_data (G_OBJECT (self), "logout-id"));
  rd_relay_session_send (self, reply);
  rd_relay_session_close (self, RD_WS_CLOSE_NORMAL, "signed out");
}

void
_rd_relay_handle_logout (RdRelaySession *self,
                         const char     *id,
                         JsonObject     *frame)
{
  g_autoptr(GError) error = NULL;

  if (!_rd_relay_server_write_begin (self->server, &error) ||
      !rd_store_session_revoke (self->server->store, self->token_hash, &error))
    {
      if (rd_store_in_transaction (self->server->store))
        _rd_relay_server_write_failed (self->server, error);
      _rd_relay_session_store_error (self, id, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "logout-id", g_strdup (id), g_free);
  _rd_relay_server_after_commit (self->server, logout_committed_cb, g_object_ref (self), g_object_unref);
}
