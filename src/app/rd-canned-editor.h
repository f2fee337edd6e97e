/* rd-canned-editor.h: the canned replies kept on the relay, as a supervisor
 * sees them: listed, added, edited in place and deleted. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_CANNED_EDITOR (rd_canned_editor_get_type ())
G_DECLARE_FINAL_TYPE (RdCannedEditor, rd_canned_editor, RD, CANNED_EDITOR, GtkBox)

/* Made by the dashboard's template; given its desk once. */
void            rd_canned_editor_set_desk (RdCannedEditor *self, RdSupportDesk *desk);

G_END_DECLS
