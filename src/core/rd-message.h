/* rd-message.h: one chat message as the client sees it. */
#pragma once

#include <glib-object.h>

#include "rd-transfer.h"

G_BEGIN_DECLS

typedef enum {
  RD_MESSAGE_PENDING,    /* in the outbox, not yet acknowledged by the relay */
  RD_MESSAGE_SENT,       /* stored by the relay */
  RD_MESSAGE_DELIVERED,  /* reached one of the recipient's devices */
  RD_MESSAGE_READ,
  RD_MESSAGE_FAILED,     /* refused by the relay; will not be retried */
} RdMessageState;

#define RD_TYPE_MESSAGE (rd_message_get_type ())
G_DECLARE_FINAL_TYPE (RdMessage, rd_message, RD, MESSAGE, GObject)

RdMessage      *rd_message_new          (const char *uuid, const char *from, const char *to,
                                         const char *body, gboolean outgoing);
const char     *rd_message_get_uuid     (RdMessage *self);
const char     *rd_message_get_from     (RdMessage *self);
const char     *rd_message_get_to       (RdMessage *self);
const char     *rd_message_get_body     (RdMessage *self);
gboolean        rd_message_get_outgoing (RdMessage *self);
gint64          rd_message_get_ts       (RdMessage *self);
gint64          rd_message_get_mid      (RdMessage *self);
RdMessageState  rd_message_get_state    (RdMessage *self);
const char     *rd_message_get_error    (RdMessage *self);
gboolean        rd_message_get_read_by_me (RdMessage *self);
/* A file sent or offered in this conversation during this session: the
 * message stands for it in the timeline and is never sent as text. */
RdMessage      *rd_message_new_for_transfer (RdTransfer *transfer, const char *own_username);
RdTransfer     *rd_message_get_transfer (RdMessage *self);

/* Used by RdClient as the relay reports progress. */
void            _rd_message_set_stored  (RdMessage *self, gint64 mid, gint64 ts);
void            _rd_message_advance     (RdMessage *self, RdMessageState state);
void            _rd_message_fail        (RdMessage *self, const char *error);
void            _rd_message_set_read_by_me (RdMessage *self, gboolean read);

G_END_DECLS
