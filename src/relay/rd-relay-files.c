/* rd-relay-files.c: file transfers, as far as the relay sees them.
 *
 * Offers, answers, connection candidates and cancels go between the two
 * parties as "file_notice" frames, live only (a transfer needs both sides
 * online). What the relay knows of a transfer (who sends, who receives,
 * whether it was accepted) is in the store, so that every relay on one
 * database knows it wherever the two parties are signed in. When no direct
 * path comes up, each side asks for a one-time ticket (file_proxy), also
 * in the store, and opens GET /files?ticket= with "Upgrade: relaydesk-file"
 * on the relay the ticket names (the transfer's host: the first relay
 * asked, or another if that one is gone); that relay answers 101, takes the
 * raw connection from the HTTP server and, once both sides are there,
 * copies bytes each way with a bounded buffer, so a slow receiver slows the
 * sender down and the relay never holds more than a buffer per direction. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include "rd-credentials.h"
#include "rd-relay-private.h"
#include "rd-stream-pump.h"

#define TICKET_LIFETIME_MS       (60 * 1000)
#define TRANSFER_LIFETIME_MS     ((gint64) 24 * 3600 * 1000)
#define TRANSFERS_PER_ACCOUNT    64
#define UPGRADE_TOKEN            "relaydesk-file"

/* The two proxy connections of a transfer met on this relay. */
typedef struct {
  char         *id;
  gint64        created_us;
  GIOStream    *waiting[2];       /* [0] the sender's, [1] the recipient's proxy connection */
  GCancellable *pumping;          /* set while the two are joined */
} ProxyJoin;

typedef enum {
  TICKET_SENDER,      /* the two sides of a live transfer, joined here */
  TICKET_RECIPIENT,
  TICKET_UPLOAD,      /* a file left with the relay (rd-relay-file-store.c) */
  TICKET_FETCH,
} TicketKind;

static void
proxy_join_stop (ProxyJoin *join)
{
  if (join->pumping)
    g_cancellable_cancel (join->pumping);
  g_clear_object (&join->pumping);
  for (guint i = 0; i < 2; i++)
    if (join->waiting[i])
      {
        g_io_stream_close_async (join->waiting[i], G_PRIORITY_DEFAULT, NULL, NULL, NULL);
        g_clear_object (&join->waiting[i]);
      }
}

static void
proxy_join_free (ProxyJoin *join)
{
  proxy_join_stop (join);
  g_free (join->id);
  g_free (join);
}

/* ---- signalling ---- */

static JsonObject *
notice_new (const char *kind,
            const char *transfer_id)
{
  JsonObject *notice = rd_frame_new (RD_FRAME_FILE_NOTICE, NULL);

  json_object_set_string_member (notice, "kind", kind);
  json_object_set_string_member (notice, "transfer", transfer_id);
  return notice;
}

typedef struct {
  gint64      account_id;
  JsonObject *notice;
} HeldNotice;

static void
held_notice_free (gpointer data)
{
  HeldNotice *held = data;

  json_object_unref (held->notice);
  g_free (held);
}

static void
held_notice_cb (RdRelayServer *server,
                const GError  *error,
                gpointer       data)
{
  HeldNotice *held = data;

  if (error == NULL)
    _rd_relay_server_send_to_account (server, held->account_id, held->notice);
}

/* Tells @account_id once the change it is about is committed, so that
 * whatever relay their answer reaches finds the transfer as it was told. */
static void
notify_after_commit (RdRelayServer *server,
                     gint64         account_id,
                     JsonObject    *notice)
{
  HeldNotice *held = g_new0 (HeldNotice, 1);

  held->account_id = account_id;
  held->notice = json_object_ref (notice);
  _rd_relay_server_after_commit (server, held_notice_cb, held, held_notice_free);
}

static void
reply_ok (RdRelaySession *self,
          const char     *id)
{
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  rd_relay_session_send (self, ok);
}

static void
reply_ok_after_commit (RdRelaySession *self,
                       const char     *id)
{
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  _rd_relay_session_reply_after_commit (self, id, ok);
}

static RdLiveTransfer *
lookup_transfer (RdRelayServer *server,
                 const char    *transfer_id)
{
  g_autoptr(GError) error = NULL;
  RdLiveTransfer *transfer = rd_store_transfer_get (server->store, transfer_id, &error);

  if (transfer == NULL && !g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
    g_warning ("cannot read file transfer %s: %s", transfer_id, error->message);
  return transfer;
}

gboolean
_rd_relay_files_is_live (RdRelayServer *self,
                         const char    *transfer_id)
{
  g_autoptr(RdLiveTransfer) transfer = lookup_transfer (self, transfer_id);

  return transfer != NULL;
}

/* The transfer of @frame, read once for the whole request. */
static RdLiveTransfer *
frame_transfer (RdRelaySession *self,
                JsonObject     *frame)
{
  return lookup_transfer (self->server, rd_frame_get_string (frame, "transfer", ""));
}

/* @found (taken; may be NULL) if @self's account is one of its two
 * parties, else NULL with the error sent. */
static RdLiveTransfer *
party_transfer (RdRelaySession *self,
                const char     *id,
                RdLiveTransfer *found)
{
  g_autoptr(RdLiveTransfer) transfer = found;

  /* Someone else's is said the same way as a missing one: ids of others'
   * transfers stay unknown. */
  if (transfer == NULL ||
      (transfer->sender_id != self->account->id && transfer->recipient_id != self->account->id))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such transfer");
      return NULL;
    }
  return g_steal_pointer (&transfer);
}

/* The same, once its recipient has accepted it (conflict otherwise). */
static RdLiveTransfer *
accepted_transfer (RdRelaySession *self,
                   const char     *id,
                   RdLiveTransfer *found)
{
  g_autoptr(RdLiveTransfer) transfer = party_transfer (self, id, found);

  if (transfer != NULL && !transfer->accepted)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "this offer is not accepted");
      return NULL;
    }
  return g_steal_pointer (&transfer);
}

static gint64
other_party (RdLiveTransfer *transfer,
             RdRelaySession *self)
{
  return transfer->sender_id == self->account->id ? transfer->recipient_id : transfer->sender_id;
}

static void
forget_old_joins (RdRelayServer *server)
{
  GHashTableIter iter;
  ProxyJoin *join;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, server->file_joins);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &join))
    if (now - join->created_us > TRANSFER_LIFETIME_MS * 1000)
      g_hash_table_iter_remove (&iter);
}

/* Starts @transfer in the open transaction, after the old ones are gone
 * and if its sender has room for one more. */
static gboolean
start_transfer (RdRelaySession  *self,
                const char      *id,
                RdLiveTransfer  *transfer)
{
  RdRelayServer *server = self->server;
  g_autoptr(GError) error = NULL;
  gint64 now = _rd_relay_now_ms ();
  gint64 running;

  if (!_rd_relay_server_write_begin (server, &error) ||
      !rd_store_transfers_expire (server->store, now - TRANSFER_LIFETIME_MS, now, &error) ||
      (running = rd_store_transfers_count_of (server->store, transfer->sender_id, &error)) < 0)
    {
      _rd_relay_session_write_error (self, id, error);
      return FALSE;
    }
  if (running >= TRANSFERS_PER_ACCOUNT)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_RATE_LIMITED, "too many transfers at once");
      return FALSE;
    }
  if (!rd_store_transfer_add (server->store, transfer, &error))
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "a transfer with this id exists");
      else
        _rd_relay_session_write_error (self, id, error);
      return FALSE;
    }
  return TRUE;
}

void
_rd_relay_handle_file_offer (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  const char *transfer_id = rd_frame_get_string (frame, "transfer", "");
  g_autoptr(RdAccount) peer = _rd_relay_lookup_peer (self, id, rd_frame_get_string (frame, "to", ""));
  g_autoptr(JsonObject) notice = NULL;
  RdLiveTransfer transfer = { 0 };

  if (peer == NULL)
    return;
  forget_old_joins (server);
  if (g_str_equal (_rd_relay_presence_of (server, peer->id, NULL, NULL), "offline"))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_RECIPIENT_OFFLINE, "the recipient is offline");
      return;
    }
  transfer.id = (char *) transfer_id;
  transfer.sender_id = self->account->id;
  transfer.recipient_id = peer->id;
  transfer.created = _rd_relay_now_ms ();
  if (!start_transfer (self, id, &transfer))
    return;

  notice = notice_new ("offer", transfer_id);
  json_object_set_string_member (notice, "from", self->account->username);
  json_object_set_string_member (notice, "from_name", self->account->display_name);
  json_object_set_string_member (notice, "name", rd_frame_get_string (frame, "name", ""));
  json_object_set_int_member (notice, "size", rd_frame_get_int (frame, "size", 0));
  json_object_set_string_member (notice, "mime", rd_frame_get_string (frame, "mime", ""));
  json_object_set_string_member (notice, "sha256", rd_frame_get_string (frame, "sha256", ""));
  reply_ok_after_commit (self, id);
  notify_after_commit (server, peer->id, notice);
}

/* Ends @transfer in the open transaction (and its proxy here, if any). */
static gboolean
end_transfer (RdRelaySession *self,
              const char     *id,
              RdLiveTransfer *transfer)
{
  g_autoptr(GError) error = NULL;

  if (!_rd_relay_server_write_begin (self->server, &error) ||
      !rd_store_transfer_remove (self->server->store, transfer->id, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return FALSE;
    }
  g_hash_table_remove (self->server->file_joins, transfer->id);
  return TRUE;
}

void
_rd_relay_handle_file_answer (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  gboolean accept = rd_frame_get_bool (frame, "accept", FALSE);
  g_autoptr(JsonObject) notice = NULL;
  g_autoptr(RdLiveTransfer) transfer = frame_transfer (self, frame);
  g_autoptr(GError) error = NULL;

  if (transfer == NULL && _rd_relay_file_store_answer (self, id, frame))
    return;
  transfer = party_transfer (self, id, g_steal_pointer (&transfer));
  if (transfer == NULL)
    return;
  if (transfer->recipient_id != self->account->id)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "only its recipient answers an offer");
      return;
    }
  if (transfer->accepted)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "this offer was answered already");
      return;
    }
  if (!accept)
    {
      if (!end_transfer (self, id, transfer))
        return;
    }
  else if (!_rd_relay_server_write_begin (self->server, &error) ||
           !rd_store_transfer_accept (self->server->store, transfer->id, &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  notice = notice_new ("answer", transfer->id);
  json_object_set_boolean_member (notice, "accept", accept);
  reply_ok_after_commit (self, id);
  notify_after_commit (self->server, transfer->sender_id, notice);
}

void
_rd_relay_handle_file_signal (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  g_autoptr(RdLiveTransfer) transfer = accepted_transfer (self, id, frame_transfer (self, frame));
  g_autoptr(JsonObject) notice = NULL;

  if (transfer == NULL)
    return;
  notice = notice_new ("signal", transfer->id);
  json_object_set_string_member (notice, "fingerprint", rd_frame_get_string (frame, "fingerprint", ""));
  json_object_set_string_member (notice, "candidates", rd_frame_get_string (frame, "candidates", ""));
  /* Where this party's connection comes from, as seen from here: behind a
   * NAT it is the one address the other side may reach. */
  json_object_set_string_member (notice, "observed", self->remote_host ? self->remote_host : "");
  _rd_relay_server_send_to_account (self->server, other_party (transfer, self), notice);
  reply_ok (self, id);
}

void
_rd_relay_handle_file_cancel (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  g_autoptr(JsonObject) notice = NULL;
  g_autoptr(RdLiveTransfer) transfer = frame_transfer (self, frame);

  if (transfer == NULL && _rd_relay_file_store_cancel (self, id, frame))
    return;
  transfer = party_transfer (self, id, g_steal_pointer (&transfer));
  if (transfer == NULL || !end_transfer (self, id, transfer))
    return;
  notice = notice_new ("cancel", transfer->id);
  json_object_set_string_member (notice, "reason", rd_frame_get_string (frame, "reason", ""));
  reply_ok_after_commit (self, id);
  notify_after_commit (self->server, other_party (transfer, self), notice);
}

/* Gives a one-time ticket for @transfer_id in the open transaction; for a
 * live transfer on several relays, also the URL of the relay both sides
 * meet on (@out_url): its public_url, or, when that is another relay that
 * has none, the URL it listens on. */
static char *
give_ticket (RdRelaySession  *self,
             const char      *transfer_id,
             TicketKind       kind,
             char           **out_url,
             GError         **error)
{
  RdRelayServer *server = self->server;
  const char *relay_id = _rd_relay_cluster_relay_id (server);
  g_autofree char *secret = rd_token_new ();
  g_autofree char *secret_hash = rd_token_hash (secret);
  g_autofree char *host = NULL;

  if (!_rd_relay_server_write_begin (server, error))
    return NULL;
  if (relay_id != NULL && (kind == TICKET_SENDER || kind == TICKET_RECIPIENT))
    {
      host = rd_store_transfer_claim_host (server->store, transfer_id, relay_id, out_url, error);
      if (host == NULL)
        return NULL;
      /* Hosted here and no public_url set: the address the client came
       * through is the best there is (it may be a proxy this relay does
       * not know of). */
      if (g_str_equal (host, relay_id) && server->config->public_url == NULL)
        g_clear_pointer (out_url, g_free);
    }
  if (!rd_store_ticket_add (server->store, secret_hash, transfer_id, kind,
                            _rd_relay_now_ms () + TICKET_LIFETIME_MS, error))
    return NULL;
  return g_steal_pointer (&secret);
}

void
_rd_relay_handle_file_proxy (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  const char *transfer_id = rd_frame_get_string (frame, "transfer", "");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(RdLiveTransfer) transfer = frame_transfer (self, frame);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *url = NULL;
  gboolean upload = FALSE;
  TicketKind kind;

  if (transfer == NULL &&
      _rd_relay_file_store_may_connect (self->server, self->account->id, transfer_id, &upload))
    kind = upload ? TICKET_UPLOAD : TICKET_FETCH;
  else if ((transfer = accepted_transfer (self, id, g_steal_pointer (&transfer))) != NULL)
    kind = transfer->recipient_id == self->account->id ? TICKET_RECIPIENT : TICKET_SENDER;
  else
    return;
  secret = give_ticket (self, transfer_id, kind, &url, &error);
  if (secret == NULL)
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  reply = rd_frame_new (RD_FRAME_FILE_TICKET, id);
  json_object_set_string_member (reply, "ticket", secret);
  json_object_set_string_member (reply, "path", "/files");
  if (url != NULL)
    json_object_set_string_member (reply, "url", url);
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* ---- the proxy ---- */

/* Two pumps, one each way, of one join. */
typedef struct {
  GWeakRef       server;        /* the relay may shut down under a pair */
  char          *transfer_id;
  GCancellable  *pumping;       /* the join's, while it is this pair */
  guint          running;
} PumpPair;

static void
pumped_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PumpPair *pair = user_data;
  g_autoptr(GError) error = NULL;
  gint64 copied = rd_stream_pump_finish (result, &error);
  g_autoptr(RdRelayServer) server = g_weak_ref_get (&pair->server);
  ProxyJoin *join;

  if (copied < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("file proxy for %s: %s", pair->transfer_id, error->message);
  /* One direction ended (done, cut or cancelled): the pair is over. Both
   * sides come back with new tickets if they resume. */
  if (--pair->running == 1)
    {
      join = server ? g_hash_table_lookup (server->file_joins, pair->transfer_id) : NULL;
      if (join != NULL && join->pumping == pair->pumping)
        proxy_join_stop (join);
      return;
    }
  g_weak_ref_clear (&pair->server);
  g_clear_object (&pair->pumping);
  g_free (pair->transfer_id);
  g_free (pair);
}

static void
close_streams_cb (GCancellable *cancellable)
{
  GIOStream *streams[] = { g_object_get_data (G_OBJECT (cancellable), "sender"),
                           g_object_get_data (G_OBJECT (cancellable), "recipient") };

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    if (streams[i])
      g_io_stream_close (streams[i], NULL, NULL);
}

static void
join_streams (RdRelayServer *server,
              ProxyJoin     *join)
{
  PumpPair *pair = g_new0 (PumpPair, 1);
  GIOStream *sender = join->waiting[0];
  GIOStream *recipient = join->waiting[1];

  g_weak_ref_init (&pair->server, server);
  pair->transfer_id = g_strdup (join->id);
  pair->running = 2;
  join->pumping = g_cancellable_new ();
  pair->pumping = g_object_ref (join->pumping);
  g_info ("file transfer %s goes through the relay", join->id);
  rd_stream_pump_async (g_io_stream_get_input_stream (sender), g_io_stream_get_output_stream (recipient), -1,
                        NULL, NULL, NULL, join->pumping, pumped_cb, pair);
  rd_stream_pump_async (g_io_stream_get_input_stream (recipient), g_io_stream_get_output_stream (sender), -1,
                        NULL, NULL, NULL, join->pumping, pumped_cb, pair);
  /* The pumps hold the streams now; closing them is theirs and the stop's. */
  g_object_set_data_full (G_OBJECT (join->pumping), "sender", g_steal_pointer (&join->waiting[0]),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (join->pumping), "recipient", g_steal_pointer (&join->waiting[1]),
                          g_object_unref);
  g_signal_connect (join->pumping, "cancelled", G_CALLBACK (close_streams_cb), NULL);
}

/* A side's proxy connection for @transfer_id is here: it waits for the
 * other's, or the two are joined. */
static void
meet (RdRelayServer *server,
      const char    *transfer_id,
      gboolean       is_recipient,
      GIOStream     *stream)
{
  ProxyJoin *join = g_hash_table_lookup (server->file_joins, transfer_id);

  if (join == NULL)
    {
      join = g_new0 (ProxyJoin, 1);
      join->id = g_strdup (transfer_id);
      join->created_us = g_get_monotonic_time ();
      g_hash_table_insert (server->file_joins, join->id, join);
    }
  if (join->pumping)
    proxy_join_stop (join);   /* a resume: the old pair is gone */
  if (join->waiting[is_recipient])
    g_io_stream_close (join->waiting[is_recipient], NULL, NULL);
  g_set_object (&join->waiting[is_recipient], stream);
  if (join->waiting[0] && join->waiting[1])
    join_streams (server, join);
}

static void
upgraded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRelayServer) server = g_weak_ref_get (g_object_get_data (G_OBJECT (stream), "server"));
  const char *transfer_id = g_object_get_data (G_OBJECT (stream), "transfer");
  TicketKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (stream), "kind"));

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) || server == NULL)
    return;
  if (kind == TICKET_UPLOAD || kind == TICKET_FETCH)
    _rd_relay_file_store_serve (server, stream, transfer_id, kind == TICKET_UPLOAD);
  else if (!_rd_relay_files_is_live (server, transfer_id))
    g_io_stream_close (stream, NULL, NULL);
  else
    meet (server, transfer_id, kind == TICKET_RECIPIENT, stream);
}

static void
weak_ref_free (GWeakRef *weak)
{
  g_weak_ref_clear (weak);
  g_free (weak);
}

static const char switching[] =
  "HTTP/1.1 101 Switching Protocols\r\n"
  "Upgrade: " UPGRADE_TOKEN "\r\n"
  "Connection: Upgrade\r\n"
  "\r\n";

/* Uses up the ticket @secret: its transfer and kind, or NULL with the
 * status to answer (403: unknown, used, expired or not for this relay; 503:
 * the database cannot say now). */
static char *
redeem_ticket (RdRelayServer *server,
               const char    *secret,
               TicketKind    *out_kind,
               guint         *out_status)
{
  g_autofree char *secret_hash = rd_token_hash (secret);
  g_autofree char *transfer_id = NULL;
  g_autoptr(RdLiveTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  const char *relay_id = _rd_relay_cluster_relay_id (server);
  int kind = 0;

  *out_status = SOUP_STATUS_FORBIDDEN;
  if (!_rd_relay_server_write_begin (server, &error) ||
      !rd_store_ticket_take (server->store, secret_hash, _rd_relay_now_ms (), &transfer_id, &kind, &error))
    {
      if (!g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
        {
          g_warning ("cannot check a file ticket: %s", error->message);
          _rd_relay_server_write_failed (server, error);
          *out_status = SOUP_STATUS_SERVICE_UNAVAILABLE;
        }
      return NULL;
    }
  *out_kind = kind;
  if (kind == TICKET_UPLOAD || kind == TICKET_FETCH)
    return g_steal_pointer (&transfer_id);
  transfer = lookup_transfer (server, transfer_id);
  if (transfer == NULL)
    return NULL;
  if (relay_id != NULL && !g_str_equal (transfer->host, relay_id))
    {
      g_message ("a proxy connection for %s came here, not to relay %s", transfer_id, transfer->host);
      return NULL;
    }
  return g_steal_pointer (&transfer_id);
}

static void
files_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  RdRelayServer *server = user_data;
  const char *secret = query ? g_hash_table_lookup (query, "ticket") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *upgrade = soup_message_headers_get_one (headers, "Upgrade");
  g_autofree char *transfer_id = NULL;
  TicketKind kind = TICKET_SENDER;
  guint status = SOUP_STATUS_FORBIDDEN;
  GIOStream *stream;

  if (g_strcmp0 (upgrade, UPGRADE_TOKEN) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, "expected Upgrade: " UPGRADE_TOKEN);
      return;
    }
  if (secret != NULL)
    transfer_id = redeem_ticket (server, secret, &kind, &status);
  if (transfer_id == NULL)
    {
      soup_server_message_set_status (msg, status, status == SOUP_STATUS_FORBIDDEN ? "unknown or expired ticket"
                                                                                     : "the database is unreachable");
      return;
    }
  /* The raw connection is ours from here; the 101 is written by hand. */
  stream = soup_server_message_steal_connection (msg);
  {
    GWeakRef *weak = g_new0 (GWeakRef, 1);

    g_weak_ref_init (weak, server);
    g_object_set_data_full (G_OBJECT (stream), "server", weak, (GDestroyNotify) weak_ref_free);
  }
  g_object_set_data_full (G_OBJECT (stream), "transfer", g_steal_pointer (&transfer_id), g_free);
  g_object_set_data (G_OBJECT (stream), "kind", GINT_TO_POINTER (kind));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), switching, strlen (switching),
                                   G_PRIORITY_DEFAULT, NULL, upgraded_cb, stream);
}

void
_rd_relay_files_init (RdRelayServer *self)
{
  self->file_joins = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) proxy_join_free);
}

void
_rd_relay_files_listen (RdRelayServer *self)
{
  soup_server_add_handler (self->soup, "/files", files_cb, self, NULL);
}

void
_rd_relay_files_clear (RdRelayServer *self)
{
  g_clear_pointer (&self->file_joins, g_hash_table_unref);
}
