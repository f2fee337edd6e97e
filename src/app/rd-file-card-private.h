/* rd-file-card-private.h: what the UI tests drive and read in rd-file-card.c. */
#pragma once

#include "rd-file-card.h"

G_BEGIN_DECLS

/* For tests: whether a thumbnail is shown, and the path text. */
gboolean    rd_file_card_has_thumbnail (RdFileCard *self);
const char *rd_file_card_get_path_text (RdFileCard *self);
/* The sound the card's player plays, NULL when it shows none. */
GtkMediaStream *rd_file_card_get_sound (RdFileCard *self);

G_END_DECLS
