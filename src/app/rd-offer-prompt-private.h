/* rd-offer-prompt-private.h: what the UI tests drive and read in rd-offer-prompt.c. */
#pragma once

#include "rd-offer-prompt.h"

G_BEGIN_DECLS

/* The dialog on screen, or NULL (for tests). */
AdwMessageDialog *rd_offer_prompt_get_dialog (RdOfferPrompt *self);

G_END_DECLS
