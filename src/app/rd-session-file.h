/* rd-session-file.h: the remembered sign-in, so later starts skip the form.
 *
 * Kept in $XDG_CONFIG_HOME/relaydesk/session.ini, readable by the user only.
 * We chose a private file over libsecret: a Secret Service is missing on
 * many of the managed desktops and kiosks support desks serve, and the token
 * is revocable on the relay (sign out, `relaydeskd user passwd|disable`). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *url;
  char   *username;
  char   *token;
  char   *pinned_sha256;   /* a self-signed relay certificate the user trusted */
  gint64  last_seq;
} RdSession;

RdSession *rd_session_file_load  (void);
gboolean   rd_session_file_save  (const RdSession *session, GError **error);
void       rd_session_file_clear (void);
void       rd_session_free       (RdSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSession, rd_session_free)

G_END_DECLS
