/* rd-file-launch.h: hand a received or sent file to the desktop: open it
 * with its default application, or show it selected in the file manager. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rd_file_launch_open           (GtkWidget *widget, GFile *file);
void rd_file_launch_show_in_folder (GtkWidget *widget, GFile *file);

G_END_DECLS
