/* rd-transfer.h: one file going to or coming from a peer, as the app shows
 * it: what, with whom, where it stands, which path it took, how far. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  RD_TRANSFER_PREPARING,    /* the sender hashes the file */
  RD_TRANSFER_OFFERED,      /* waiting for the recipient's answer */
  RD_TRANSFER_CONNECTING,   /* accepted; finding a path (also after a cut) */
  RD_TRANSFER_MOVING,       /* bytes are flowing */
  RD_TRANSFER_DONE,         /* all there, SHA-256 checked */
  RD_TRANSFER_FAILED,       /* see rd_transfer_get_error */
  RD_TRANSFER_CANCELLED,
  RD_TRANSFER_DECLINED,
} RdTransferState;

#define RD_TYPE_TRANSFER (rd_transfer_get_type ())
G_DECLARE_FINAL_TYPE (RdTransfer, rd_transfer, RD, TRANSFER, GObject)

const char      *rd_transfer_get_id        (RdTransfer *self);
gboolean         rd_transfer_is_outgoing   (RdTransfer *self);
const char      *rd_transfer_get_peer      (RdTransfer *self);
const char      *rd_transfer_get_peer_name (RdTransfer *self);
const char      *rd_transfer_get_name      (RdTransfer *self);
const char      *rd_transfer_get_mime      (RdTransfer *self);
gint64           rd_transfer_get_size      (RdTransfer *self);
const char      *rd_transfer_get_sha256    (RdTransfer *self);
/* The file sent, or the file received (once it is done, its final place). */
GFile           *rd_transfer_get_file      (RdTransfer *self);
RdTransferState  rd_transfer_get_state     (RdTransfer *self);
gboolean         rd_transfer_is_finished   (RdTransfer *self);
/* "direct" or "relay" once bytes flow, else NULL. */
const char      *rd_transfer_get_path      (RdTransfer *self);
gint64           rd_transfer_get_bytes     (RdTransfer *self);
/* Bytes a second lately, and seconds left at that speed (-1 unknown). */
double           rd_transfer_get_speed     (RdTransfer *self);
gint64           rd_transfer_get_seconds_left (RdTransfer *self);
/* Recipient: g_get_monotonic_time () when the first bytes of the file
 * arrived (and were written), 0 before. */
gint64           rd_transfer_get_first_byte_time (RdTransfer *self);
/* Where the last (re)connection started in the file: > 0 after a resume. */
gint64           rd_transfer_get_resumed_from (RdTransfer *self);
const char      *rd_transfer_get_error     (RdTransfer *self);
/* The recipient was offline: the sender may leave the file with the relay
 * (rd_transfers_leave_with_relay). */
gboolean         rd_transfer_can_leave_with_relay (RdTransfer *self);
/* Goes through a copy kept by the relay: left there by the sender, or
 * fetched from there by the recipient. */
gboolean         rd_transfer_is_kept_by_relay (RdTransfer *self);

G_END_DECLS
