/* rd-application.h: the Relaydesk desktop app; owns the one RdClient. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"
#include "rd-notifier.h"
#include "rd-transfers.h"

G_BEGIN_DECLS

#define RD_APPLICATION_ID "org.relaydesk.Relaydesk"

#define RD_TYPE_APPLICATION (rd_application_get_type ())
G_DECLARE_FINAL_TYPE (RdApplication, rd_application, RD, APPLICATION, AdwApplication)

RdApplication *rd_application_new            (void);
/* NULL until signed in (or while the remembered session resumes). */
RdClient      *rd_application_get_client     (RdApplication *self);
GSettings     *rd_application_get_settings   (RdApplication *self);
/* The files of this session; NULL while signed out. */
RdTransfers   *rd_application_get_transfers  (RdApplication *self);
/* Accepts an offered file into the download folder. */
void           rd_application_accept_transfer (RdApplication *self, RdTransfer *transfer);
void           rd_application_sign_in_async  (RdApplication *self, const char *url, const char *username,
                                              const char *password, const char *pinned_sha256,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
/* On failure, @out_rejected_sha256 names a certificate the user may choose to trust. */
gboolean       rd_application_sign_in_finish (RdApplication *self, GAsyncResult *result,
                                              char **out_rejected_sha256, GError **error);
void           rd_application_sign_out       (RdApplication *self);
/* The notifier of the session signed in, or NULL. */
RdNotifier    *rd_application_get_notifier   (RdApplication *self);
/* Closes the windows (each saves its state) and ends the app, signed in
 * or not, without asking (app.quit asks first while requests are open). */
void           rd_application_quit           (RdApplication *self);
/* Opens (or focuses) the conversation with @username in the active window. */
void           rd_application_open_conversation (RdApplication *self, const char *username);

G_END_DECLS
