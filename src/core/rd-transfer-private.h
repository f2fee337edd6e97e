/* rd-transfer-private.h: RdTransfer's insides, for the manager that runs it
 * (rd-transfers.c). */
#pragma once

#include "rd-peer-link.h"
#include "rd-sha256.h"
#include "rd-transfer.h"

G_BEGIN_DECLS

struct _RdTransfer
{
  GObject          parent_instance;

  char            *id;
  gboolean         outgoing;
  char            *peer;
  char            *peer_name;
  char            *name;
  char            *mime;
  gint64           size;
  char            *sha256;
  GFile           *file;          /* sender: the source; recipient: the destination */
  GFile           *part;          /* recipient: where bytes land until checked */
  RdTransferState  state;
  const char      *path;
  gint64           bytes;
  gint64           resumed_from;
  double           speed;
  char            *error;
  gboolean         kept;          /* goes through a copy the relay keeps (recipient offline) */
  gboolean         recipient_offline;   /* the offer was refused for that */

  /* running it */
  gpointer         manager;       /* RdTransfers, unowned: it outlives its transfers' work */
  RdPeerLink      *link;
  GIOStream       *stream;        /* the chosen path */
  GPtrArray       *candidates;    /* sender: streams that may become the path */
  GCancellable    *cancellable;   /* this attempt */
  RdSha256        *checksum;      /* recipient: of the bytes received so far */
  GOutputStream   *part_out;
  guint            fallback_source;
  guint            attempts;
  gint64           moved;         /* bytes the current pump copied (written by its thread) */
  gint64           first_byte_us; /* recipient: monotonic time the first bytes came (written by the pump's thread) */
  guint            progress_source;
  gint64           last_notify_us;
  gint64           last_notify_bytes;
  guint8           offset_bytes[8];
  guint8           result_byte;
};

RdTransfer *_rd_transfer_new         (const char *id, gboolean outgoing, const char *peer, const char *peer_name,
                                      const char *name, const char *mime, gint64 size, const char *sha256);
void        _rd_transfer_set_state   (RdTransfer *self, RdTransferState state, const char *error);
void        _rd_transfer_set_path    (RdTransfer *self, const char *path);
/* A failed transfer that starts again (left with the relay) forgets why. */
void        _rd_transfer_clear_error (RdTransfer *self);
/* Bytes flow from @from on: "bytes" follows the pump's progress ten times
 * a second (with the speed) until _rd_transfer_stop_moving. */
void        _rd_transfer_start_moving (RdTransfer *self, gint64 from);
void        _rd_transfer_stop_moving  (RdTransfer *self);
/* Ends the current attempt: closes the path and everything that could
 * have become it. */
void        _rd_transfer_stop_attempt (RdTransfer *self);
/* Shuts the socket under @stream down, as a network fault would. */
void        _rd_transfer_cut_stream   (GIOStream *stream);

G_END_DECLS
