/* rd-reassign-dialog.h: asks a supervisor where a request goes (an agent
 * and/or a topic) and the note that goes with it; answers "reassign" or
 * "cancel" as its "response". */
#pragma once

#include <adwaita.h>

#include "rd-support-request.h"

G_BEGIN_DECLS

#define RD_TYPE_REASSIGN_DIALOG (rd_reassign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RdReassignDialog, rd_reassign_dialog, RD, REASSIGN_DIALOG, AdwMessageDialog)

RdReassignDialog *rd_reassign_dialog_new       (GtkWindow *parent, RdSupportRequest *request);
RdSupportRequest *rd_reassign_dialog_get_request (RdReassignDialog *self);
/* What was typed, trimmed; "" for none. */
char             *rd_reassign_dialog_dup_agent (RdReassignDialog *self);
char             *rd_reassign_dialog_dup_topic (RdReassignDialog *self);
const char       *rd_reassign_dialog_get_note  (RdReassignDialog *self);
/* For tests: fills the form in. */
void              rd_reassign_dialog_fill      (RdReassignDialog *self, const char *agent, const char *topic,
                                                const char *note);

G_END_DECLS
