/* rd-desktop-call.h: asking desktop services that may not be there (an
 * idle monitor, logind, a system bus at all). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether a call answered (@reply, of any type, is not NULL). If not, says
 * why in the debug log, as "no @what: ...", unless it was cancelled: then
 * the caller is gone and its callback must not touch it. */
static inline gboolean
rd_desktop_call_answered (gconstpointer  reply,
                          const GError  *error,
                          const char    *what)
{
  if (reply != NULL)
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("no %s: %s", what, error->message);
  return FALSE;
}

G_END_DECLS
