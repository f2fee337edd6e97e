/* rd-fd-limit.h: every connection is a file descriptor. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Raises the soft limit on open files to the hard limit; returns the new
 * soft limit (or the old one when it cannot be raised). */
guint64 rd_raise_fd_limit (void);

G_END_DECLS
