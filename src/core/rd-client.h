/* rd-client.h: the one Relaydesk client implementation (no GTK).
 *
 * It keeps one WebSocket to the relay, signs in, reconnects with backoff and
 * resumes from the last sequence number it saw, sends what the outbox holds
 * once online, and exposes contacts and conversations as GListModels. The
 * desktop app, the tests and the load generator all use it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-contact.h"
#include "rd-conversation.h"
#include "rd-history-cache.h"
#include "rd-message.h"
#include "rd-protocol.h"
#include "rd-support-desk.h"

G_BEGIN_DECLS

typedef enum {
  RD_CLIENT_DISCONNECTED,   /* no connection; reconnects by itself if it has a session */
  RD_CLIENT_CONNECTING,
  RD_CLIENT_AUTHENTICATING,
  RD_CLIENT_SYNCING,
  RD_CLIENT_ONLINE,
  RD_CLIENT_SIGNED_OUT,     /* no session (never signed in, signed out, or token refused) */
} RdClientState;

#define RD_TYPE_CLIENT (rd_client_get_type ())
G_DECLARE_FINAL_TYPE (RdClient, rd_client, RD, CLIENT, GObject)

RdClient       *rd_client_new                (const char *url);
const char     *rd_client_get_url            (RdClient *self);
RdClientState   rd_client_get_state          (RdClient *self);
const char     *rd_client_get_username       (RdClient *self);
const char     *rd_client_get_display_name   (RdClient *self);
const char     *rd_client_get_role           (RdClient *self);
const char     *rd_client_get_token          (RdClient *self);
gint64          rd_client_get_last_seq       (RdClient *self);
/* Trust a relay certificate by the SHA-256 of its DER bytes (hex), e.g. self-signed. */
void            rd_client_set_pinned_certificate (RdClient *self, const char *sha256_hex);
const char     *rd_client_get_pinned_certificate (RdClient *self);
/* Every message stored by the relay that this client sees is also kept here. */
void            rd_client_set_history_cache  (RdClient *self, RdHistoryCache *cache);
RdHistoryCache *rd_client_get_history_cache  (RdClient *self);
/* Signals: "event::KIND" (kind, data JsonObject) for every stored event,
 * in order, once; "queue-changed" (waiting count; staff only, not stored);
 * "request-position" (request, position, estimated wait s, agents available;
 * requesters, not stored);
 * "message-received", "presence-changed", "typing",
 * "relay-error", "synced". */
/* The SHA-256 (hex) of the last certificate refused as untrusted, or NULL. */
const char     *rd_client_get_rejected_certificate (RdClient *self);
void            rd_client_set_device         (RdClient *self, const char *device);
/* Backoff bounds for reconnecting, in milliseconds. */
void            rd_client_set_reconnect_delay (RdClient *self, guint min_ms, guint max_ms);
/* When TRUE (default) incoming messages are acknowledged as delivered. */
void            rd_client_set_auto_delivered (RdClient *self, gboolean enabled);

/* Signing in. Both complete once the session is established and synced. */
void            rd_client_login_async        (RdClient *self, const char *username, const char *password,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean        rd_client_login_finish       (RdClient *self, GAsyncResult *result, GError **error);
void            rd_client_resume_async       (RdClient *self, const char *token, gint64 last_seq,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean        rd_client_resume_finish      (RdClient *self, GAsyncResult *result, GError **error);
void            rd_client_logout_async       (RdClient *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean        rd_client_logout_finish      (RdClient *self, GAsyncResult *result, GError **error);
/* Closes the connection for good (no reconnect); the session stays valid. */
void            rd_client_disconnect         (RdClient *self);
/* Drops the connection as a network failure would; the client reconnects. */
void            rd_client_drop_connection    (RdClient *self);
/* The desktop says the network changed or the machine woke, so the
 * connection may be dead without knowing it. Online: the relay must
 * answer a ping within 3 s or the connection is made again. Offline: the
 * wait for the next attempt ends; the client tries at a random moment
 * within @spread_ms (so desktops waking together do not all arrive in
 * the same instant) and backs off anew from there. */
void            rd_client_reconnect_soon     (RdClient *self, guint spread_ms);
/* Completes once the relay has handled every frame sent before (a ping,
 * answered in order): e.g. that a status set just now has reached it. */
void            rd_client_flush_async        (RdClient *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
gboolean        rd_client_flush_finish       (RdClient *self, GAsyncResult *result, GError **error);

/* Models */
GListModel     *rd_client_get_contacts       (RdClient *self);
GListModel     *rd_client_get_conversations  (RdClient *self);
RdConversation *rd_client_get_conversation   (RdClient *self, const char *peer, gboolean create);
/* Unread messages in all conversations ("notify::unread-total"). */
guint           rd_client_get_unread_total   (RdClient *self);
RdContact      *rd_client_find_contact       (RdClient *self, const char *username);
/* What to call @username: a contact's display name, or the name learned
 * from a support request, or the user name itself. */
const char     *rd_client_name_of            (RdClient *self, const char *username);
/* The support desk: requests, queue, offers, topics and their calls. */
RdSupportDesk  *rd_client_get_support_desk   (RdClient *self);
/* The files left with the relay for us that this session was told of (the
 * "file" events' data, JsonObject, oldest first), so that an RdTransfers
 * made after the sign-in still offers them. */
GPtrArray      *rd_client_dup_kept_files     (RdClient *self);
const char     *rd_client_get_own_status     (RdClient *self);

/* Messaging. The message is added to its conversation at once as pending
 * and sent whenever the client is online; the relay acks it durably. */
RdMessage      *rd_client_send_message       (RdClient *self, const char *to, const char *body);
guint           rd_client_get_outbox_length  (RdClient *self);
void            rd_client_mark_read          (RdClient *self, RdConversation *conversation);
void            rd_client_set_typing         (RdClient *self, const char *to, gboolean active);
void            rd_client_set_presence       (RdClient *self, const char *status, const char *text);

/* Requests answered by the relay. Replies are the relay's frames. */
void            rd_client_load_history_async (RdClient *self, RdConversation *conversation, guint limit,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
gint            rd_client_load_history_finish (RdClient *self, GAsyncResult *result, GError **error);
void            rd_client_search_directory_async (RdClient *self, const char *query,
                                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                                  gpointer user_data);
/* The people found (RdContact, not added to the contacts). */
GPtrArray      *rd_client_search_directory_finish (RdClient *self, GAsyncResult *result, GError **error);
void            rd_client_add_contact_async  (RdClient *self, const char *username, const char *group,
                                              GCancellable *cancellable, GAsyncReadyCallback callback,
                                              gpointer user_data);
void            rd_client_remove_contact_async (RdClient *self, const char *username,
                                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                                gpointer user_data);
/* Finishes an add or a removal; the contacts model is already up to date. */
gboolean        rd_client_change_contact_finish (RdClient *self, GAsyncResult *result, GError **error);
/* Any request: @frame gets an "id" and is sent; the reply frame is returned.
 * An error frame becomes a GError in RD_PROTOCOL_ERROR with its RdErrorCode. */
void            rd_client_request_async      (RdClient *self, JsonObject *frame, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
JsonObject     *rd_client_request_finish     (RdClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
