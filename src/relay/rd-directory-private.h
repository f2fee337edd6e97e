/* rd-directory-private.h: what rd-directory.c shares with its helpers. */
#pragma once

#include "rd-directory.h"

G_BEGIN_DECLS

/* After a connection failed: why, in a sentence for the log (nothing
 * listens, the certificate is not trusted and why), or NULL when a second
 * look finds nothing wrong. Blocks up to the timeout. */
char *rd_directory_explain_tls_failure (const RdDirectoryConfig *config);

G_END_DECLS
