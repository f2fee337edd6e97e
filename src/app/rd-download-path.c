/* rd-download-path.c: safe, unique names for received files. */
#define G_LOG_DOMAIN "rd-download-path"

#include "config.h"

#include <string.h>

#include "rd-download-path.h"

#define MAX_NAME_BYTES 200

char *
rd_download_safe_name (const char *offered_name)
{
  const char *slash;
  const char *start;
  GString *name = g_string_new (NULL);

  if (offered_name == NULL || !g_utf8_validate (offered_name, -1, NULL))
    offered_name = "";
  /* A name that holds a path keeps only its last part, whichever slash. */
  slash = strrchr (offered_name, '/');
  start = slash ? slash + 1 : offered_name;
  slash = strrchr (start, '\\');
  start = slash ? slash + 1 : start;
  while (*start == '.' || *start == ' ')
    start++;
  for (const char *p = start; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        continue;
      if (name->len + (g_utf8_next_char (p) - p) > MAX_NAME_BYTES)
        break;
      g_string_append_unichar (name, c);
    }
  while (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_assign (name, "file");
  return g_string_free (name, FALSE);
}

static gboolean
taken (GFile *candidate)
{
  g_autofree char *part_path = g_strconcat (g_file_peek_path (candidate), ".part", NULL);

  return g_file_query_exists (candidate, NULL) || g_file_test (part_path, G_FILE_TEST_EXISTS);
}

GFile *
rd_download_destination (GFile      *folder,
                         const char *offered_name)
{
  g_autofree char *name = rd_download_safe_name (offered_name);
  const char *dot = strrchr (name, '.');
  g_autofree char *stem = g_strndup (name, dot && dot != name ? (gsize) (dot - name) : strlen (name));
  const char *extension = dot && dot != name ? dot : "";
  GFile *candidate;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  candidate = g_file_get_child (folder, name);
  for (guint n = 2; taken (candidate) && n < 10000; n++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s (%u)%s", stem, n, extension);

      g_object_unref (candidate);
      candidate = g_file_get_child (folder, numbered);
    }
  return candidate;
}

GFile *
rd_download_folder (GSettings *settings)
{
  g_autofree char *chosen = settings ? g_settings_get_string (settings, "download-folder") : NULL;
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (chosen != NULL && *chosen != '\0')
    return g_file_new_for_path (chosen);
  return g_file_new_for_path (downloads ? downloads : g_get_home_dir ());
}
