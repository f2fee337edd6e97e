/* rd-attachment-tray.h: files waiting above a composer to go out with the
 * next Send, each with a thumbnail or icon, its name and a remove button;
 * hidden while empty. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_ATTACHMENT_TRAY (rd_attachment_tray_get_type ())
G_DECLARE_FINAL_TYPE (RdAttachmentTray, rd_attachment_tray, RD, ATTACHMENT_TRAY, GtkBox)

RdAttachmentTray *rd_attachment_tray_new       (void);
/* Adds @file unless it is there already. */
void              rd_attachment_tray_add       (RdAttachmentTray *self, GFile *file);
void              rd_attachment_tray_add_all   (RdAttachmentTray *self, GPtrArray *files);
guint             rd_attachment_tray_get_n_files (RdAttachmentTray *self);
/* The files, oldest first (GFile), leaving the tray empty. */
GPtrArray        *rd_attachment_tray_take_files (RdAttachmentTray *self);

/* Where files come from. A paste into @text_widget (GtkTextView or GtkText)
 * of copied files or of a picture without text adds them here (text pastes
 * as usual); files or a picture dropped on @area are added; the file
 * chooser adds the files chosen. */
void              rd_attachment_tray_take_pastes_from (RdAttachmentTray *self, GtkWidget *text_widget);
void              rd_attachment_tray_take_drops_on    (RdAttachmentTray *self, GtkWidget *area);
void              rd_attachment_tray_choose_files     (RdAttachmentTray *self);

/* Signal "changed": files were added or removed. */

G_END_DECLS
