/* rd-canned-editor-private.h: what the UI tests drive in rd-canned-editor.c as a
 * person would (filling, pressing) and read back. */
#pragma once

#include "rd-canned-editor.h"

G_BEGIN_DECLS

guint           rd_canned_editor_get_n   (RdCannedEditor *self);
/* For tests, as a supervisor would do it: press a reply's edit button
 * (FALSE if there is no such reply), then read what the form holds. */
gboolean        rd_canned_editor_edit    (RdCannedEditor *self, const char *title);
char           *rd_canned_editor_get_form_body (RdCannedEditor *self);
/* For tests: fill in the form and press Save. */
void            rd_canned_editor_save    (RdCannedEditor *self, const char *title, const char *body);

G_END_DECLS
