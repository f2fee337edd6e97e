/* rd-transfers.h: a client's file transfers. Offers and answers go through
 * the relay; bytes go over a direct TLS connection between the two
 * desktops when one comes up within the fallback delay, through the
 * relay's file proxy otherwise. A cut connection resumes where it stopped;
 * the SHA-256 of the whole file is checked at the end. */
#pragma once

#include "rd-client.h"
#include "rd-transfer.h"

G_BEGIN_DECLS

#define RD_TRANSFERS_FALLBACK_MS 3000

#define RD_TYPE_TRANSFERS (rd_transfers_get_type ())
G_DECLARE_FINAL_TYPE (RdTransfers, rd_transfers, RD, TRANSFERS, GObject)

RdTransfers *rd_transfers_new        (RdClient *client, GError **error);
/* Every transfer of this session, oldest first (RdTransfer). */
GListModel  *rd_transfers_get_list   (RdTransfers *self);
RdTransfer  *rd_transfers_find       (RdTransfers *self, const char *transfer_id);

/* Offers @file to @peer (hashed first, in a thread). */
RdTransfer  *rd_transfers_send_file  (RdTransfers *self, const char *peer, GFile *file);
/* The recipient's answer: the file goes to @destination (via
 * "@destination.part" until its hash is checked). */
void         rd_transfers_accept     (RdTransfers *self, RdTransfer *transfer, GFile *destination);
void         rd_transfers_decline    (RdTransfers *self, RdTransfer *transfer);
/* The recipient was offline (rd_transfer_can_leave_with_relay): the relay
 * keeps a copy, and offers it to them when they are back. */
void         rd_transfers_leave_with_relay (RdTransfers *self, RdTransfer *transfer);
/* Either side, at any time before the end. */
void         rd_transfers_cancel     (RdTransfers *self, RdTransfer *transfer);

/* How long the direct path may take before the relay path is used. */
void         rd_transfers_set_fallback_delay (RdTransfers *self, guint ms);

/* FALSE: neither listen nor dial, every transfer goes through the relay
 * (for networks where peer-to-peer connections are not wanted). */
void         rd_transfers_set_direct_allowed (RdTransfers *self, gboolean allowed);
gboolean     rd_transfers_get_direct_allowed (RdTransfers *self);

/* Signal: "offered" (RdTransfer *): someone offers us a file. */

/* For tests. Advertise these candidates and do not listen (no direct path
 * from the peer's side); show another certificate than the one whose
 * fingerprint is signalled; claim another SHA-256 for the next file sent;
 * cut the current connection of @transfer as a network fault would. */
void         rd_transfers_set_advertised_candidates (RdTransfers *self, const char *candidates);
void         rd_transfers_use_wrong_certificate     (RdTransfers *self);
void         rd_transfers_claim_next_sha256         (RdTransfers *self, const char *sha256);
void         rd_transfers_cut                       (RdTransfers *self, RdTransfer *transfer);
guint        rd_transfers_get_refused_connections   (RdTransfers *self);

G_END_DECLS
