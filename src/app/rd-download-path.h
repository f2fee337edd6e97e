/* rd-download-path.h: where a received file is saved. The name comes from
 * the other desktop, so it is made safe first: never a path, never hidden,
 * never over a file that is already there. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @offered_name as a plain file name: the last path component, without
 * control characters or a leading dot, at most 200 bytes; "file" when
 * nothing is left. */
char  *rd_download_safe_name   (const char *offered_name);
/* A file in @folder named after @offered_name that does not exist yet
 * (nor its ".part"): "name.png", then "name (2).png", "name (3).png", … */
GFile *rd_download_destination (GFile *folder, const char *offered_name);
/* The folder chosen in the preferences, else the user's Downloads folder,
 * else the home folder. */
GFile *rd_download_folder      (GSettings *settings);

G_END_DECLS
