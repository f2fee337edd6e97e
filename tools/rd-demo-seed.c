/* rd-demo-seed.c: plays a short conversation into a relay so the demo of
 * `./relaydesk-dev run` opens on a messenger with history in it.
 *
 *   rd-demo-seed URL FILE     (lines of from:password|to|text; # comments)
 */
#define G_LOG_DOMAIN "rd-demo-seed"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rd-client.h"

typedef struct {
  gboolean  done;
  GError   *error;
} Wait;

static void
login_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  rd_client_login_finish (RD_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
iterate_until (gboolean *flag, guint seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return *flag;
}

static RdClient *
client_for (GHashTable *clients, const char *url, const char *user, const char *password)
{
  RdClient *client = g_hash_table_lookup (clients, user);
  Wait wait = { 0 };

  if (client != NULL)
    return client;
  client = rd_client_new (url);
  rd_client_login_async (client, user, password, NULL, login_cb, &wait);
  if (!iterate_until (&wait.done, 20) || wait.error != NULL)
    {
      g_printerr ("rd-demo-seed: %s cannot sign in: %s\n", user, wait.error ? wait.error->message : "timeout");
      exit (1);
    }
  g_hash_table_insert (clients, g_strdup (user), client);
  return client;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GHashTable) clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *sent = g_ptr_array_new ();
  gboolean all_acked = FALSE;

  if (argc != 3)
    {
      g_printerr ("usage: rd-demo-seed URL FILE\n");
      return 2;
    }
  if (!g_file_get_contents (argv[2], &text, NULL, &error))
    {
      g_printerr ("rd-demo-seed: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_auto(GStrv) credentials = NULL;
      RdClient *client;

      if (*lines[i] == '\0' || *lines[i] == '#')
        continue;
      fields = g_strsplit (lines[i], "|", 3);
      credentials = fields[0] ? g_strsplit (fields[0], ":", 2) : NULL;
      if (g_strv_length (fields) != 3 || g_strv_length (credentials) != 2)
        {
          g_printerr ("rd-demo-seed: line %u is not from:password|to|text\n", i + 1);
          return 1;
        }
      client = client_for (clients, argv[1], credentials[0], credentials[1]);
      g_ptr_array_add (sent, g_object_ref (rd_client_send_message (client, fields[1], fields[2])));
      /* Let each message get its own time. */
      g_usleep (20000);
      g_main_context_iteration (NULL, FALSE);
    }
  for (guint round = 0; round < 3000 && !all_acked; round++)
    {
      all_acked = TRUE;
      for (guint i = 0; i < sent->len; i++)
        all_acked &= rd_message_get_state (g_ptr_array_index (sent, i)) != RD_MESSAGE_PENDING;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  if (!all_acked)
    {
      g_printerr ("rd-demo-seed: the relay did not take every message\n");
      return 1;
    }
  g_print ("rd-demo-seed: %u messages sent\n", sent->len);
  g_ptr_array_free (sent, TRUE);
  return 0;
}
