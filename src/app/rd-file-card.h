/* rd-file-card.h: a file in a conversation: a thumbnail for pictures, a
 * player for sound (voice messages), or an icon; name, size and where it stands (progress, speed, time left,
 * the path it took); and what can be done with it now. */
#pragma once

#include <gtk/gtk.h>

#include "rd-transfer.h"

G_BEGIN_DECLS

#define RD_TYPE_FILE_CARD (rd_file_card_get_type ())
G_DECLARE_FINAL_TYPE (RdFileCard, rd_file_card, RD, FILE_CARD, GtkBox)

RdFileCard *rd_file_card_new          (void);
/* Follows @transfer until unbound (NULL unbinds). */
void        rd_file_card_bind         (RdFileCard *self, RdTransfer *transfer);
RdTransfer *rd_file_card_get_transfer (RdFileCard *self);

G_END_DECLS
