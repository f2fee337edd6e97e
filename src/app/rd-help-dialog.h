/* rd-help-dialog.h: "Get help": topic, summary, details, priority and
 * screenshots. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_HELP_DIALOG (rd_help_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RdHelpDialog, rd_help_dialog, RD, HELP_DIALOG, AdwWindow)

RdHelpDialog *rd_help_dialog_new      (GtkWindow *parent, RdClient *client);
/* For tests: fill in (and press "Send"); FALSE while the topics are not loaded. */
gboolean      rd_help_dialog_fill     (RdHelpDialog *self, const char *topic, const char *summary,
                                       const char *details, guint priority);
gboolean      rd_help_dialog_submit   (RdHelpDialog *self, const char *topic, const char *summary,
                                       const char *details, guint priority);
const char   *rd_help_dialog_get_error (RdHelpDialog *self);
/* Screenshots and files for the agent who takes the request; the window
 * takes them when "created" is emitted. */
void          rd_help_dialog_attach   (RdHelpDialog *self, GFile *file);
guint         rd_help_dialog_get_n_attachments (RdHelpDialog *self);
GPtrArray    *rd_help_dialog_take_attachments (RdHelpDialog *self);
/* For tests: Ctrl+V in the details. */
void          rd_help_dialog_paste_into_details (RdHelpDialog *self);

G_END_DECLS
