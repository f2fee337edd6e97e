/* rd-offer-prompt.h: asks the agent to accept or decline an offered request. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_OFFER_PROMPT (rd_offer_prompt_get_type ())
G_DECLARE_FINAL_TYPE (RdOfferPrompt, rd_offer_prompt, RD, OFFER_PROMPT, GObject)

/* Shows a dialog over @parent for each offer in @client's support desk; emits
 * "accepted" (request id, requester user name) once the relay agreed. */
RdOfferPrompt    *rd_offer_prompt_new        (GtkWindow *parent, RdClient *client);

G_END_DECLS
