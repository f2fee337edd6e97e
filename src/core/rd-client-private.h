/* rd-client-private.h: what the files of RdClient share. Private to src/core.
 *
 *   rd-client.c             the object, its properties and signals, sending
 *                           requests and matching their replies
 *   rd-client-connection.c  connect, sign in, sync, keep alive, reconnect
 *   rd-client-events.c      the stored events: messages, receipts, names,
 *                           kept files (the support desk follows its own)
 *   rd-client-contacts.c    contacts, presence, the directory
 *   rd-client-messaging.c   the outbox, read marks, typing, own presence,
 *                           history pages
 */
#pragma once

#include <libsoup/soup.h>

#include "rd-client.h"

G_BEGIN_DECLS


struct _RdClient {
  GObject                  parent_instance;

  char                    *url;
  char                    *device;
  char                    *pinned_sha256;
  char                    *rejected_sha256;
  RdHistoryCache          *history_cache;
  SoupSession             *soup;
  SoupWebsocketConnection *ws;
  GCancellable            *connect_cancellable;
  RdClientState            state;
  gboolean                 want_online;

  /* session */
  char                    *username;
  char                    *display_name;
  char                    *role;
  char                    *token;
  char                    *pending_password;   /* only until the relay answers the login */
  gint64                   last_seq;
  GTask                   *auth_task;          /* login_async / resume_async */

  /* requests */
  guint64                  next_id;
  GHashTable              *pending;            /* id -> GTask */
  gint64                   last_frame_us;  /* the relay's last frame */
  gint64                   last_sent_us;   /* our last frame */

  /* outbox */
  GQueue                   outbox;             /* RdMessage *, owned */
  GHashTable              *in_flight;          /* uuid -> TRUE */
  guint                    outbox_retry_source;
  gboolean                 auto_delivered;

  /* reconnecting */
  guint                    reconnect_source;
  guint                    probe_source;   /* a ping asked after a network change */
  gint64                   probe_sent_us;
  guint                    reconnect_attempt;
  guint                    reconnect_min_ms;
  guint                    reconnect_max_ms;
  guint                    watchdog_source;

  /* models */
  GListStore              *contacts;
  /* Contact lists asked for and not answered yet, and the presence pushed
   * meanwhile (username -> presence frame): a list is made when asked but
   * sent after the commit, so a push can overtake it and must win. */
  guint                    contact_lists_pending;
  GHashTable              *presence_while_listing;
  GListStore              *conversations;
  guint                    unread_total;   /* of all conversations */
  GHashTable              *conversation_by_peer;  /* peer -> RdConversation (unowned) */
  char                    *own_status;
  char                    *own_status_text;

  /* support */
  RdSupportDesk           *support_desk;
  GPtrArray               *kept_files;         /* JsonObject (the "file" events' data) of this session */
  GHashTable              *known_names;        /* username -> display name, of people met in requests */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_OWN_STATUS,
  PROP_UNREAD_TOTAL,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_PRESENCE_CHANGED,
  SIGNAL_TYPING,
  SIGNAL_RELAY_ERROR,
  SIGNAL_EVENT,
  SIGNAL_QUEUE_CHANGED,
  SIGNAL_REQUEST_POSITION,
  SIGNAL_FILE_NOTICE,
  SIGNAL_SYNCED,
  N_SIGNALS
};

extern GParamSpec *_rd_client_properties[N_PROPS];
extern guint       _rd_client_signals[N_SIGNALS];

/* For tests of bad input (rd-client.c). */
/* Sends @text exactly as given, for tests of bad input; the reply to @id
 * (which the text should carry) is returned like rd_client_request_finish.
 * With @id NULL the relay cannot name the frame in its answer (malformed or
 * oversized text): the task completes once the text is queued, returning
 * NULL, and the relay's answer comes as a "relay-error" signal without id. */
void         rd_client_send_raw_async           (RdClient *self, const char *id, const char *text,
                                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                                 gpointer user_data);

/* rd-client.c */
void         _rd_client_set_state               (RdClient *self, RdClientState state);
void         _rd_client_finish_auth_task        (RdClient *self, GError *error);
void         _rd_client_clear_password          (RdClient *self);
gboolean     _rd_client_is_permanent_send_error (const GError *error);
gboolean     _rd_client_send_frame              (RdClient *self, JsonObject *frame);
/* The reply @frame (of @type) to request @id completes its task. */
void         _rd_client_complete_pending        (RdClient *self, const char *id, RdFrameType type,
                                                 JsonObject *frame);
/* Every request waiting for a reply fails: the connection is gone. */
void         _rd_client_fail_pending            (RdClient *self);
void         _rd_client_ignore_reply_cb         (GObject *source, GAsyncResult *result, gpointer user_data);

/* rd-client-events.c */
void         _rd_client_handle_event            (RdClient *self, JsonObject *frame);
RdMessage   *_rd_client_message_from_json       (RdClient *self, JsonObject *data);
void         _rd_client_send_receipt            (RdClient *self, const char *uuid, const char *status);

/* rd-client-contacts.c */
void         _rd_client_refresh_contacts        (RdClient *self);
void         _rd_client_handle_presence         (RdClient *self, JsonObject *frame);

/* rd-client-messaging.c */
void         _rd_client_flush_outbox            (RdClient *self);
void         _rd_client_remove_from_outbox      (RdClient *self, const char *uuid);

G_END_DECLS
