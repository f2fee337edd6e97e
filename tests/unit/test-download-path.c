/* test-download-path.c: names offered by another desktop never become a
 * path outside the download folder, a hidden file or an overwrite. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rd-download-path.h"

static void
test_safe_name (void)
{
  struct { const char *offered, *want; } cases[] = {
    { "screenshot.png", "screenshot.png" },
    { "../../.bashrc", "bashrc" },
    { "/etc/passwd", "passwd" },
    { "C:\\Users\\bob\\report.pdf", "report.pdf" },
    { "..", "file" },
    { "", "file" },
    { NULL, "file" },
    { "  .hidden  ", "hidden" },
    { "line\nbreak\tname.txt", "linebreakname.txt" },
    { "dir/", "file" },
    { "r\xc3\xa9sum\xc3\xa9.odt", "r\xc3\xa9sum\xc3\xa9.odt" },
    { "bad\xff" "utf8", "file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rd_download_safe_name (cases[i].offered);

      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static void
test_long_name_cut_on_a_character (void)
{
  g_autoptr(GString) offered = g_string_new (NULL);
  g_autofree char *got = NULL;

  for (int i = 0; i < 300; i++)
    g_string_append (offered, "\xc3\xa9");   /* two bytes each */
  got = rd_download_safe_name (offered->str);
  g_assert_cmpuint (strlen (got), <=, 200);
  g_assert_true (g_utf8_validate (got, -1, NULL));
}

static void
touch (GFile *folder, const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);

  g_assert_true (g_file_replace_contents (file, "x", 1, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
}

static void
test_destination_never_overwrites (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-download-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) first = rd_download_destination (folder, "shot.png");
  g_autoptr(GFile) second = NULL;
  g_autoptr(GFile) third = NULL;
  g_autoptr(GFile) bare = NULL;
  g_autoptr(GFile) escaped = rd_download_destination (folder, "../outside.txt");
  g_autoptr(GFile) parent = g_file_get_parent (escaped);
  g_autofree char *name = NULL;
  g_autofree char *clean_up = g_strdup_printf ("rm -rf '%s'", dir);

  name = g_file_get_basename (first);
  g_assert_cmpstr (name, ==, "shot.png");
  touch (folder, "shot.png");
  second = rd_download_destination (folder, "shot.png");
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (second);
  g_assert_cmpstr (name, ==, "shot (2).png");
  /* A transfer still arriving holds its name too. */
  touch (folder, "shot (2).png.part");
  third = rd_download_destination (folder, "shot.png");
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (third);
  g_assert_cmpstr (name, ==, "shot (3).png");
  touch (folder, "README");
  bare = rd_download_destination (folder, "README");
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (bare);
  g_assert_cmpstr (name, ==, "README (2)");
  g_assert_true (g_file_equal (parent, folder));

  g_assert_cmpint (system (clean_up), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/download-path/safe-name", test_safe_name);
  g_test_add_func ("/download-path/long-name", test_long_name_cut_on_a_character);
  g_test_add_func ("/download-path/never-overwrites", test_destination_never_overwrites);
  return g_test_run ();
}
