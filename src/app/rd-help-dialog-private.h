/* rd-help-dialog-private.h: what the UI tests drive in rd-help-dialog.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-facts-consent.h"
#include "rd-help-dialog.h"

G_BEGIN_DECLS

/* For tests: fill in (and press "Send"); FALSE while the topics are not loaded. */
gboolean      rd_help_dialog_fill     (RdHelpDialog *self, const char *topic, const char *summary,
                                       const char *details, guint priority);
gboolean      rd_help_dialog_submit   (RdHelpDialog *self, const char *topic, const char *summary,
                                       const char *details, guint priority);
guint         rd_help_dialog_get_n_attachments (RdHelpDialog *self);
/* What the form says about the chosen topic's hours ("" while it is open). */
const char   *rd_help_dialog_get_hours_text (RdHelpDialog *self);
/* The "Include Details About This Computer" part. */
RdFactsConsent *rd_help_dialog_get_facts_consent (RdHelpDialog *self);
/* For tests: Ctrl+V in the details. */
void          rd_help_dialog_paste_into_details (RdHelpDialog *self);

G_END_DECLS
