/* rd-test-files.h: files for the transfer tests. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file of @size bytes that are not all alike, @name in @dir. */
GFile *rd_test_make_file  (const char *dir, const char *name, gsize size);
/* Its SHA-256, read a piece at a time. */
char  *rd_test_sha256_of  (GFile *file);

G_END_DECLS
