/* rd-help-dialog.h: "Get help": topic, summary, details, priority and
 * screenshots. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_HELP_DIALOG (rd_help_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RdHelpDialog, rd_help_dialog, RD, HELP_DIALOG, AdwWindow)

RdHelpDialog *rd_help_dialog_new      (GtkWindow *parent, RdClient *client);
GPtrArray    *rd_help_dialog_take_attachments (RdHelpDialog *self);

G_END_DECLS
