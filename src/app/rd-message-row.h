/* rd-message-row.h: one message in a conversation, with its day heading. */
#pragma once

#include <gtk/gtk.h>

#include "rd-file-card.h"
#include "rd-message.h"

G_BEGIN_DECLS

#define RD_TYPE_MESSAGE_ROW (rd_message_row_get_type ())
G_DECLARE_FINAL_TYPE (RdMessageRow, rd_message_row, RD, MESSAGE_ROW, GtkBox)

RdMessageRow *rd_message_row_new    (void);
/* @previous is the message before (NULL for the first), for the day heading. */
void          rd_message_row_bind   (RdMessageRow *self, RdMessage *message, RdMessage *previous);
void          rd_message_row_unbind (RdMessageRow *self);
/* The card of the file this row shows, or NULL for a text message. */
RdFileCard   *rd_message_row_get_file_card (RdMessageRow *self);

G_END_DECLS
