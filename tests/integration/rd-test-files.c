/* rd-test-files.c: files for the transfer tests. */
#include "config.h"

#include <glib.h>

#include "rd-test-files.h"

/* Written a piece at a time, so that a large one is never all in memory. */
GFile *
rd_test_make_file (const char *dir,
                   const char *name,
                   gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GFile *file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_autofree guint32 *piece = g_new (guint32, 65536);
  GRand *rand = g_rand_new_with_seed ((guint32) size);

  g_assert_no_error (error);
  for (gsize written = 0; written < size;)
    {
      gsize n = MIN (size - written, 65536 * sizeof (guint32));

      for (guint i = 0; i < 65536; i++)
        piece[i] = g_rand_int (rand);
      g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), piece, n, NULL, NULL, &error));
      written += n;
    }
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_rand_free (rand);
  return file;
}

/* Mapping it would count the whole file as the test's memory. */
char *
rd_test_sha256_of (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (1 << 20);
  gssize n;

  g_assert_no_error (error);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 1 << 20, NULL, &error)) > 0)
    g_checksum_update (checksum, buffer, n);
  g_assert_no_error (error);
  return g_strdup (g_checksum_get_string (checksum));
}
