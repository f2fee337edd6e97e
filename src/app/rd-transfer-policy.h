/* rd-transfer-policy.h: what the app decides about files, from the
 * preferences: where received files go, which are taken without asking
 * (pictures up to a size), and whether direct connections are allowed. */
#pragma once

#include <gio/gio.h>

#include "rd-transfers.h"

G_BEGIN_DECLS

/* Pictures up to this size arrive without a click, as in other messengers. */
#define RD_AUTO_ACCEPT_MAX_BYTES (25 * 1024 * 1024)

#define RD_TYPE_TRANSFER_POLICY (rd_transfer_policy_get_type ())
G_DECLARE_FINAL_TYPE (RdTransferPolicy, rd_transfer_policy, RD, TRANSFER_POLICY, GObject)

RdTransferPolicy *rd_transfer_policy_new    (RdTransfers *transfers, GSettings *settings);
/* Accepts @transfer into the download folder, under a name not taken yet. */
void              rd_transfer_policy_accept (RdTransferPolicy *self, RdTransfer *transfer);
gboolean          rd_transfer_policy_accepts_by_itself (RdTransferPolicy *self, RdTransfer *transfer);

G_END_DECLS
