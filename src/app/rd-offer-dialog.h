/* rd-offer-dialog.h: "Support Request From Bob": one offer, with Accept
 * and Decline (the "accept" and "decline" responses). */
#pragma once

#include <adwaita.h>

#include "rd-support-request.h"

G_BEGIN_DECLS

#define RD_TYPE_OFFER_DIALOG (rd_offer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RdOfferDialog, rd_offer_dialog, RD, OFFER_DIALOG, AdwMessageDialog)

RdOfferDialog    *rd_offer_dialog_new         (GtkWindow *parent, RdSupportRequest *offer);
RdSupportRequest *rd_offer_dialog_get_request (RdOfferDialog *self);

G_END_DECLS
