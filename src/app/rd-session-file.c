/* rd-session-file.c: reads and writes the remembered sign-in. */
#define G_LOG_DOMAIN "rd-session-file"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "rd-session-file.h"

#define GROUP "session"

static char *
session_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "relaydesk", "session.ini", NULL);
}

RdSession *
rd_session_file_load (void)
{
  g_autofree char *path = session_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  RdSession *session;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  session = g_new0 (RdSession, 1);
  session->url = g_key_file_get_string (file, GROUP, "url", NULL);
  session->username = g_key_file_get_string (file, GROUP, "username", NULL);
  session->token = g_key_file_get_string (file, GROUP, "token", NULL);
  session->pinned_sha256 = g_key_file_get_string (file, GROUP, "pinned_sha256", NULL);
  session->last_seq = g_key_file_get_int64 (file, GROUP, "last_seq", NULL);
  if (session->url == NULL || session->token == NULL || session->last_seq < 0)
    {
      g_debug ("ignoring an incomplete session file %s", path);
      rd_session_free (session);
      return NULL;
    }
  return session;
}

gboolean
rd_session_file_save (const RdSession  *session,
                      GError          **error)
{
  g_autofree char *path = session_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (session != NULL && session->url != NULL && session->token != NULL, FALSE);

  g_key_file_set_string (file, GROUP, "url", session->url);
  g_key_file_set_string (file, GROUP, "username", session->username ? session->username : "");
  g_key_file_set_string (file, GROUP, "token", session->token);
  if (session->pinned_sha256)
    g_key_file_set_string (file, GROUP, "pinned_sha256", session->pinned_sha256);
  g_key_file_set_int64 (file, GROUP, "last_seq", session->last_seq);
  text = g_key_file_to_data (file, NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
rd_session_file_clear (void)
{
  g_autofree char *path = session_path ();

  g_unlink (path);
}

void
rd_session_free (RdSession *session)
{
  if (session == NULL)
    return;
  g_free (session->url);
  g_free (session->username);
  g_free (session->token);
  g_free (session->pinned_sha256);
  g_free (session);
}
