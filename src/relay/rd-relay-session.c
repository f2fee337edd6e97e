/* rd-relay-session.c: reads frames from one WebSocket and dispatches them.
 *
 * A bad frame gets an error frame echoing its id and the connection lives
 * on; only transport-level violations (a message beyond RD_TRANSPORT_MAX_BYTES,
 * broken WebSocket framing) close it, with code 1009 or 1002
 * (rd-relay-connection.c).
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include "rd-relay-private.h"
#include "rd-ws-codec.h"

typedef void (*FrameHandler) (RdRelaySession *self, const char *id, JsonObject *frame);

typedef struct {
  FrameHandler handler;
  gboolean     needs_account;
} Route;

static const Route routes[RD_FRAME_N_TYPES] = {
  [RD_FRAME_HELLO]            = { _rd_relay_handle_hello, FALSE },
  [RD_FRAME_LOGIN]            = { _rd_relay_handle_login, FALSE },
  [RD_FRAME_RESUME]           = { _rd_relay_handle_resume, FALSE },
  [RD_FRAME_LOGOUT]           = { _rd_relay_handle_logout, TRUE },
  [RD_FRAME_SYNC]             = { _rd_relay_handle_sync, TRUE },
  [RD_FRAME_PING]             = { NULL, FALSE },
  [RD_FRAME_PRESENCE_SET]     = { _rd_relay_handle_presence_set, TRUE },
  [RD_FRAME_DIRECTORY_SEARCH] = { _rd_relay_handle_directory_search, TRUE },
  [RD_FRAME_CONTACTS_LIST]    = { _rd_relay_handle_contacts_list, TRUE },
  [RD_FRAME_CONTACT_ADD]      = { _rd_relay_handle_contact_add, TRUE },
  [RD_FRAME_CONTACT_REMOVE]   = { _rd_relay_handle_contact_remove, TRUE },
  [RD_FRAME_MESSAGE_SEND]     = { _rd_relay_handle_message_send, TRUE },
  [RD_FRAME_HISTORY]          = { _rd_relay_handle_history, TRUE },
  [RD_FRAME_RECEIPT]          = { _rd_relay_handle_receipt, TRUE },
  [RD_FRAME_TYPING]           = { _rd_relay_handle_typing, TRUE },
  [RD_FRAME_TOPICS_LIST]      = { _rd_relay_handle_topics_list, TRUE },
  [RD_FRAME_REQUEST_CREATE]   = { _rd_relay_handle_request_create, TRUE },
  [RD_FRAME_REQUEST_CANCEL]   = { _rd_relay_handle_request_cancel, TRUE },
  [RD_FRAME_OFFER_ACCEPT]     = { _rd_relay_handle_offer_accept, TRUE },
  [RD_FRAME_OFFER_DECLINE]    = { _rd_relay_handle_offer_decline, TRUE },
  [RD_FRAME_REQUEST_RESOLVE]  = { _rd_relay_handle_request_resolve, TRUE },
  [RD_FRAME_REQUEST_TAKE]     = { _rd_relay_handle_request_take, TRUE },
  [RD_FRAME_REQUEST_RATE]     = { _rd_relay_handle_request_rate, TRUE },
  [RD_FRAME_QUEUE_LIST]       = { _rd_relay_handle_queue_list, TRUE },
  [RD_FRAME_DASHBOARD_GET]    = { _rd_relay_handle_dashboard_get, TRUE },
  [RD_FRAME_AGENT_CAPACITY_SET] = { _rd_relay_handle_agent_capacity_set, TRUE },
  [RD_FRAME_AGENT_SKILL_SET] = { _rd_relay_handle_agent_skill_set, TRUE },
  [RD_FRAME_FILE_OFFER]       = { _rd_relay_handle_file_offer, TRUE },
  [RD_FRAME_FILE_ANSWER]      = { _rd_relay_handle_file_answer, TRUE },
  [RD_FRAME_FILE_SIGNAL]      = { _rd_relay_handle_file_signal, TRUE },
  [RD_FRAME_FILE_CANCEL]      = { _rd_relay_handle_file_cancel, TRUE },
  [RD_FRAME_FILE_PROXY]       = { _rd_relay_handle_file_proxy, TRUE },
  [RD_FRAME_FILE_STORE]       = { _rd_relay_handle_file_store, TRUE },
  [RD_FRAME_REQUEST_NOTE]     = { _rd_relay_handle_request_note, TRUE },
  [RD_FRAME_REQUEST_TRANSFER] = { _rd_relay_handle_request_transfer, TRUE },
  [RD_FRAME_REQUEST_TAKEOVER] = { _rd_relay_handle_request_takeover, TRUE },
  [RD_FRAME_REQUEST_HISTORY]  = { _rd_relay_handle_request_history, TRUE },
  [RD_FRAME_TOPIC_POLICY_SET] = { _rd_relay_handle_topic_policy_set, TRUE },
  [RD_FRAME_REQUESTER_REQUESTS] = { _rd_relay_handle_requester_requests, TRUE },
  [RD_FRAME_REQUEST_TRANSCRIPT] = { _rd_relay_handle_request_transcript, TRUE },
  [RD_FRAME_REQUEST_FACTS]    = { _rd_relay_handle_request_facts, TRUE },
  [RD_FRAME_SCREENSHOT_ASK]   = { _rd_relay_handle_screenshot_ask, TRUE },
  [RD_FRAME_SCREENSHOT_ANSWER] = { _rd_relay_handle_screenshot_answer, TRUE },
  [RD_FRAME_CANNED_LIST]      = { _rd_relay_handle_canned_list, TRUE },
  [RD_FRAME_CANNED_SET]       = { _rd_relay_handle_canned_set, TRUE },
  [RD_FRAME_CANNED_DELETE]    = { _rd_relay_handle_canned_delete, TRUE },
  [RD_FRAME_TOPIC_ADD]        = { _rd_relay_handle_topic_add, TRUE },
};

G_DEFINE_FINAL_TYPE (RdRelaySession, rd_relay_session, G_TYPE_OBJECT)

gboolean
rd_relay_session_is_open (RdRelaySession *self)
{
  return self->connection != NULL && rd_relay_connection_is_open (self->connection);
}

/* Replies come in the order of the requests (docs/protocol.md): while a
 * reply waits for its commit to reach the disk, a later reply (a frame with
 * an id) waits behind it. Pushed frames carry no id and go at once. */
void
rd_relay_session_send (RdRelaySession *self,
                       JsonObject     *frame)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RD_IS_RELAY_SESSION (self));

  if (!rd_relay_session_is_open (self))
    return;
  if (self->replies_waiting > 0 && !self->replying && json_object_has_member (frame, "id"))
    {
      _rd_relay_session_reply_after_commit (self, json_object_get_string_member (frame, "id"), frame);
      return;
    }
  text = rd_frame_to_string (frame);
  rd_relay_connection_send_text (self->connection, text, strlen (text));
}

void
rd_relay_session_send_text (RdRelaySession *self,
                            const char     *text,
                            gsize           length)
{
  g_return_if_fail (RD_IS_RELAY_SESSION (self));

  if (rd_relay_session_is_open (self))
    rd_relay_connection_send_text (self->connection, text, length);
}

void
rd_relay_session_send_error (RdRelaySession *self,
                             const char     *id,
                             RdErrorCode     code,
                             const char     *message)
{
  g_autoptr(JsonObject) frame = rd_frame_new_error (id, code, message);

  rd_relay_session_send (self, frame);
}

void
rd_relay_session_close (RdRelaySession *self,
                        gushort         code,
                        const char     *reason)
{
  if (rd_relay_session_is_open (self))
    rd_relay_connection_close (self->connection, code, reason);
}

void
_rd_relay_session_store_error (RdRelaySession *self,
                               const char     *id,
                               const GError   *error)
{
  g_warning ("request %s from %s failed in the store: %s", id ? id : "-",
             self->account ? self->account->username : self->remote_host, error->message);
  rd_relay_session_send_error (self, id, RD_ERROR_STORAGE,
                               "the relay could not store this request; nothing was saved, try again");
  /* The database went away mid-way (another relay's clients see it too).
   * Frames this client sent after this one may already be here and could
   * be stored before this one is sent again: close, so that it reconnects
   * and sends again what was not acknowledged, in its order. */
  if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_UNAVAILABLE))
    rd_relay_session_close (self, RD_WS_CLOSE_TRY_AGAIN_LATER, "the relay lost its database; reconnect");
}

void
_rd_relay_session_write_error (RdRelaySession *self,
                               const char     *id,
                               const GError   *error)
{
  _rd_relay_server_write_failed (self->server, error);
  _rd_relay_session_store_error (self, id, error);
}

gboolean
_rd_relay_session_is_staff (RdRelaySession *self,
                            const char     *id)
{
  if (rd_role_is_staff (self->account->role))
    return TRUE;
  rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "only support staff may do this");
  return FALSE;
}

gboolean
_rd_relay_session_is_supervisor (RdRelaySession *self,
                                 const char     *id)
{
  if (rd_role_is_supervisor (self->account->role))
    return TRUE;
  rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "only supervisors may do this");
  return FALSE;
}

void
_rd_relay_session_change_error (RdRelaySession *self,
                                const char     *id,
                                const GError   *error,
                                const char     *message)
{
  if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT))
    rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, message);
  else
    _rd_relay_session_write_error (self, id, error);
}

typedef struct {
  RdRelaySession *session;
  char           *id;
  JsonObject     *frame;
} PendingReply;

static void
pending_reply_free (gpointer data)
{
  PendingReply *reply = data;

  g_object_unref (reply->session);
  g_free (reply->id);
  json_object_unref (reply->frame);
  g_free (reply);
}

static void
pending_reply_commit_cb (RdRelayServer *server,
                         const GError  *error,
                         gpointer       data)
{
  PendingReply *reply = data;
  RdRelaySession *session = reply->session;

  session->replies_waiting--;
  session->replying = TRUE;
  if (error != NULL)
    _rd_relay_session_store_error (session, reply->id, error);
  else
    rd_relay_session_send (session, reply->frame);
  session->replying = FALSE;
}

void
_rd_relay_session_reply_after_commit (RdRelaySession *self,
                                      const char     *id,
                                      JsonObject     *frame)
{
  PendingReply *reply = g_new0 (PendingReply, 1);

  reply->session = g_object_ref (self);
  reply->id = g_strdup (id);
  reply->frame = json_object_ref (frame);
  self->replies_waiting++;
  _rd_relay_server_after_commit (self->server, pending_reply_commit_cb, reply, pending_reply_free);
}

/* A token bucket: frames_per_second on average, twice that at once. */
static gboolean
take_token (RdRelaySession *self)
{
  guint rate = self->server->config->frames_per_second;
  gint64 now = g_get_monotonic_time ();

  if (rate == 0)
    return TRUE;
  if (self->tokens_at == 0)
    self->tokens = 2.0 * rate;
  else
    self->tokens = MIN (2.0 * rate, self->tokens + (now - self->tokens_at) * rate / 1e6);
  self->tokens_at = now;
  if (self->tokens < 1.0)
    return FALSE;
  self->tokens -= 1.0;
  return TRUE;
}

static void
dispatch_text (RdRelaySession *self,
               const char     *data,
               gsize           length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *id = NULL;
  RdFrameType type;
  const Route *route;

  frame = rd_frame_decode (data, length, RD_DIRECTION_TO_RELAY, &type, &id, &error);
  if (frame == NULL)
    {
      g_debug ("bad frame from %s: %s", self->remote_host, error->message);
      rd_relay_session_send_error (self, id, error->code, error->message);
      return;
    }

  if (!take_token (self))
    {
      if (id != NULL)
        rd_relay_session_send_error (self, id, RD_ERROR_RATE_LIMITED, "too many requests at once; slow down");
      return;
    }
  route = &routes[type];
  if (route->needs_account && self->account == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_NOT_AUTHENTICATED, "sign in first");
      return;
    }

  if (type == RD_FRAME_PING)
    {
      g_autoptr(JsonObject) pong = rd_frame_new (RD_FRAME_PONG, id);
      rd_relay_session_send (self, pong);
      return;
    }

  g_assert (route->handler != NULL);
  route->handler (self, id, frame);
}

static void
connection_message_cb (gpointer    data,
                       gboolean    text,
                       const char *bytes,
                       gsize       length)
{
  RdRelaySession *self = data;

  _rd_relay_server_session_heard (self->server, self);
  if (!text)
    {
      rd_relay_session_send_error (self, NULL, RD_ERROR_MALFORMED_JSON,
                                   "binary frames are not accepted on this socket");
      return;
    }
  dispatch_text (self, bytes, length);
}

static void
connection_closed_cb (gpointer data)
{
  RdRelaySession *self = data;
  g_autoptr(RdRelaySession) hold = g_object_ref (self);
  gsize dropped_with = rd_relay_connection_get_dropped_with (self->connection);

  if (dropped_with > 0)
    g_message ("dropped %s's connection from %s: it read nothing while %" G_GSIZE_FORMAT " bytes waited "
               "(send_queue_max_kb); it catches up with sync when it comes back",
               self->account ? self->account->username : "a client", self->remote_host, dropped_with);
  self->live = FALSE;
  _rd_relay_server_session_closed (self->server, self);
}

static const RdRelayConnectionHandler connection_handler = {
  connection_message_cb,
  connection_closed_cb,
};

RdRelaySession *
rd_relay_session_new (RdRelayServer *server,
                      GIOStream     *stream,
                      GSocket       *socket,
                      const char    *remote_host)
{
  RdRelaySession *self = g_object_new (RD_TYPE_RELAY_SESSION, NULL);

  self->server = server;
  self->connection = rd_relay_connection_new (server->poller, stream, socket, RD_TRANSPORT_MAX_BYTES,
                                              (gsize) server->config->send_queue_max_kb * 1024);
  self->remote_host = g_strdup (remote_host);
  self->quiet_since_us = g_get_monotonic_time ();
  self->deadline_link.data = self;
  return self;
}

gboolean
rd_relay_session_start (RdRelaySession  *self,
                        GError         **error)
{
  return rd_relay_connection_start (self->connection, &connection_handler, self, error);
}

static void
rd_relay_session_finalize (GObject *object)
{
  RdRelaySession *self = RD_RELAY_SESSION (object);

  if (self->connection)
    rd_relay_connection_detach (self->connection);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->remote_host, g_free);
  g_clear_pointer (&self->account, rd_account_free);
  g_clear_pointer (&self->token_hash, g_free);
  g_clear_pointer (&self->device, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->status_text, g_free);

  G_OBJECT_CLASS (rd_relay_session_parent_class)->finalize (object);
}

static void
rd_relay_session_class_init (RdRelaySessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_relay_session_finalize;
}

static void
rd_relay_session_init (RdRelaySession *self)
{
  self->status = g_strdup ("available");
  self->status_text = g_strdup ("");
  self->status_since = g_get_monotonic_time ();
}
