/* rd-relay-files.c: file transfers, as far as the relay sees them.
 *
 * Offers, answers, connection candidates and cancels go between the two
 * parties as "file_notice" frames, live only (a transfer needs both sides
 * online). The relay keeps each transfer in memory: who sends, who
 * receives, whether it was accepted. When no direct path comes up, each
 * side asks for a one-time ticket (file_proxy) and opens GET /files?ticket=
 * with "Upgrade: relaydesk-file"; the relay answers 101, takes the raw
 * connection from the HTTP server and, once both sides are there, copies
 * bytes each way with a bounded buffer, so a slow receiver slows the sender
 * down and the relay never holds more than a buffer per direction. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include "rd-credentials.h"
#include "rd-relay-private.h"
#include "rd-stream-pump.h"

#define TICKET_LIFETIME_US       (60 * G_USEC_PER_SEC)
#define TRANSFER_LIFETIME_US     ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define TRANSFERS_PER_ACCOUNT    64
#define UPGRADE_TOKEN            "relaydesk-file"

typedef struct {
  char         *id;
  gint64        sender_id;
  gint64        recipient_id;
  gboolean      accepted;
  gint64        created_us;
  GIOStream    *waiting[2];       /* [0] the sender's, [1] the recipient's proxy connection */
  GCancellable *pumping;          /* set while the two are joined */
} FileTransfer;

typedef enum {
  TICKET_SENDER,      /* the two sides of a live transfer, joined here */
  TICKET_RECIPIENT,
  TICKET_UPLOAD,      /* a file left with the relay (rd-relay-file-store.c) */
  TICKET_FETCH,
} TicketKind;

typedef struct {
  char      *transfer_id;
  TicketKind kind;
  gint64     expires_us;
} FileTicket;

static void
file_transfer_stop (FileTransfer *transfer)
{
  if (transfer->pumping)
    g_cancellable_cancel (transfer->pumping);
  g_clear_object (&transfer->pumping);
  for (guint i = 0; i < 2; i++)
    if (transfer->waiting[i])
      {
        g_io_stream_close_async (transfer->waiting[i], G_PRIORITY_DEFAULT, NULL, NULL, NULL);
        g_clear_object (&transfer->waiting[i]);
      }
}

static void
file_transfer_free (FileTransfer *transfer)
{
  file_transfer_stop (transfer);
  g_free (transfer->id);
  g_free (transfer);
}

static void
file_ticket_free (FileTicket *ticket)
{
  g_free (ticket->transfer_id);
  g_free (ticket);
}

/* ---- signalling ---- */

static void
notify_account (RdRelayServer *server,
                gint64         account_id,
                JsonObject    *notice)
{
  _rd_relay_server_send_to_account (server, account_id, notice);
}

static JsonObject *
notice_new (const char *kind,
            const char *transfer_id)
{
  JsonObject *notice = rd_frame_new (RD_FRAME_FILE_NOTICE, NULL);

  json_object_set_string_member (notice, "kind", kind);
  json_object_set_string_member (notice, "transfer", transfer_id);
  return notice;
}

static void
reply_ok (RdRelaySession *self,
          const char     *id)
{
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  rd_relay_session_send (self, ok);
}

/* The transfer of @frame if @self's account is one of its two parties. */
static FileTransfer *
party_transfer (RdRelaySession *self,
                const char     *id,
                JsonObject     *frame)
{
  FileTransfer *transfer = g_hash_table_lookup (self->server->file_transfers,
                                                rd_frame_get_string (frame, "transfer", ""));

  if (transfer == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such transfer");
      return NULL;
    }
  if (transfer->sender_id != self->account->id && transfer->recipient_id != self->account->id)
    {
      /* Said the same way as a missing one: ids of others' transfers stay unknown. */
      rd_relay_session_send_error (self, id, RD_ERROR_INVALID_VALUE, "no such transfer");
      return NULL;
    }
  return transfer;
}

/* The same, once its recipient has accepted it (conflict otherwise). */
static FileTransfer *
accepted_transfer (RdRelaySession *self,
                   const char     *id,
                   JsonObject     *frame)
{
  FileTransfer *transfer = party_transfer (self, id, frame);

  if (transfer != NULL && !transfer->accepted)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "this offer is not accepted");
      return NULL;
    }
  return transfer;
}

static gint64
other_party (FileTransfer   *transfer,
             RdRelaySession *self)
{
  return transfer->sender_id == self->account->id ? transfer->recipient_id : transfer->sender_id;
}

static void
forget_old_transfers (RdRelayServer *server)
{
  GHashTableIter iter;
  FileTransfer *transfer;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, server->file_transfers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &transfer))
    if (now - transfer->created_us > TRANSFER_LIFETIME_US)
      g_hash_table_iter_remove (&iter);
}

static guint
transfers_of (RdRelayServer *server,
              gint64         sender_id)
{
  GHashTableIter iter;
  FileTransfer *transfer;
  guint n = 0;

  g_hash_table_iter_init (&iter, server->file_transfers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &transfer))
    n += transfer->sender_id == sender_id;
  return n;
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
  FileTransfer *transfer;

  if (peer == NULL)
    return;
  forget_old_transfers (server);
  if (g_hash_table_contains (server->file_transfers, transfer_id))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "a transfer with this id exists");
      return;
    }
  if (transfers_of (server, self->account->id) >= TRANSFERS_PER_ACCOUNT)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_RATE_LIMITED, "too many transfers at once");
      return;
    }
  if (_rd_relay_server_sessions_of (server, peer->id) == NULL)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_RECIPIENT_OFFLINE, "the recipient is offline");
      return;
    }
  transfer = g_new0 (FileTransfer, 1);
  transfer->id = g_strdup (transfer_id);
  transfer->sender_id = self->account->id;
  transfer->recipient_id = peer->id;
  transfer->created_us = g_get_monotonic_time ();
  g_hash_table_insert (server->file_transfers, transfer->id, transfer);

  notice = notice_new ("offer", transfer_id);
  json_object_set_string_member (notice, "from", self->account->username);
  json_object_set_string_member (notice, "from_name", self->account->display_name);
  json_object_set_string_member (notice, "name", rd_frame_get_string (frame, "name", ""));
  json_object_set_int_member (notice, "size", rd_frame_get_int (frame, "size", 0));
  json_object_set_string_member (notice, "mime", rd_frame_get_string (frame, "mime", ""));
  json_object_set_string_member (notice, "sha256", rd_frame_get_string (frame, "sha256", ""));
  reply_ok (self, id);
  notify_account (server, peer->id, notice);
}

static gboolean
is_live (RdRelaySession *self,
         JsonObject     *frame)
{
  return g_hash_table_contains (self->server->file_transfers, rd_frame_get_string (frame, "transfer", ""));
}

void
_rd_relay_handle_file_answer (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  gboolean accept = rd_frame_get_bool (frame, "accept", FALSE);
  g_autoptr(JsonObject) notice = NULL;
  FileTransfer *transfer;

  if (!is_live (self, frame) && _rd_relay_file_store_answer (self, id, frame))
    return;
  transfer = party_transfer (self, id, frame);

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
  notice = notice_new ("answer", transfer->id);
  json_object_set_boolean_member (notice, "accept", accept);
  notify_account (self->server, transfer->sender_id, notice);
  if (accept)
    transfer->accepted = TRUE;
  else
    g_hash_table_remove (self->server->file_transfers, transfer->id);
  reply_ok (self, id);
}

void
_rd_relay_handle_file_signal (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  FileTransfer *transfer = accepted_transfer (self, id, frame);
  g_autoptr(JsonObject) notice = NULL;

  if (transfer == NULL)
    return;
  notice = notice_new ("signal", transfer->id);
  json_object_set_string_member (notice, "fingerprint", rd_frame_get_string (frame, "fingerprint", ""));
  json_object_set_string_member (notice, "candidates", rd_frame_get_string (frame, "candidates", ""));
  /* Where this party's connection comes from, as seen from here: behind a
   * NAT it is the one address the other side may reach. */
  json_object_set_string_member (notice, "observed", self->remote_host ? self->remote_host : "");
  notify_account (self->server, other_party (transfer, self), notice);
  reply_ok (self, id);
}

void
_rd_relay_handle_file_cancel (RdRelaySession *self,
                              const char     *id,
                              JsonObject     *frame)
{
  g_autoptr(JsonObject) notice = NULL;
  FileTransfer *transfer;

  if (!is_live (self, frame) && _rd_relay_file_store_cancel (self, id, frame))
    return;
  transfer = party_transfer (self, id, frame);

  if (transfer == NULL)
    return;
  notice = notice_new ("cancel", transfer->id);
  json_object_set_string_member (notice, "reason", rd_frame_get_string (frame, "reason", ""));
  notify_account (self->server, other_party (transfer, self), notice);
  g_hash_table_remove (self->server->file_transfers, transfer->id);
  reply_ok (self, id);
}

void
_rd_relay_handle_file_proxy (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  const char *transfer_id = rd_frame_get_string (frame, "transfer", "");
  g_autoptr(JsonObject) reply = NULL;
  FileTransfer *transfer = NULL;
  gboolean upload = FALSE;
  TicketKind kind;
  FileTicket *ticket;
  char *secret;

  if (!is_live (self, frame) &&
      _rd_relay_file_store_may_connect (self->server, self->account->id, transfer_id, &upload))
    kind = upload ? TICKET_UPLOAD : TICKET_FETCH;
  else if ((transfer = accepted_transfer (self, id, frame)) != NULL)
    kind = transfer->recipient_id == self->account->id ? TICKET_RECIPIENT : TICKET_SENDER;
  else
    return;
  ticket = g_new0 (FileTicket, 1);
  ticket->transfer_id = g_strdup (transfer_id);
  ticket->kind = kind;
  ticket->expires_us = g_get_monotonic_time () + TICKET_LIFETIME_US;
  secret = rd_token_new ();
  g_hash_table_insert (self->server->file_tickets, secret, ticket);
  reply = rd_frame_new (RD_FRAME_FILE_TICKET, id);
  json_object_set_string_member (reply, "ticket", secret);
  json_object_set_string_member (reply, "path", "/files");
  rd_relay_session_send (self, reply);
}

/* ---- the proxy ---- */

typedef struct {
  GWeakRef       server;        /* the relay may shut down under a pair */
  char          *transfer_id;
  guint          running;
} Join;

static void
pumped_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Join *join = user_data;
  g_autoptr(GError) error = NULL;
  gint64 copied = rd_stream_pump_finish (result, &error);
  g_autoptr(RdRelayServer) server = g_weak_ref_get (&join->server);
  FileTransfer *transfer;

  if (copied < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("file proxy for %s: %s", join->transfer_id, error->message);
  /* One direction ended (done, cut or cancelled): the pair is over. Both
   * sides come back with new tickets if they resume. */
  if (--join->running == 1)
    {
      transfer = server ? g_hash_table_lookup (server->file_transfers, join->transfer_id) : NULL;
      if (transfer)
        file_transfer_stop (transfer);
      return;
    }
  g_weak_ref_clear (&join->server);
  g_free (join->transfer_id);
  g_free (join);
}

static void
join_streams (RdRelayServer *server,
              FileTransfer  *transfer)
{
  Join *join = g_new0 (Join, 1);
  GIOStream *sender = transfer->waiting[0];
  GIOStream *recipient = transfer->waiting[1];

  g_weak_ref_init (&join->server, server);
  join->transfer_id = g_strdup (transfer->id);
  join->running = 2;
  transfer->pumping = g_cancellable_new ();
  g_info ("file transfer %s goes through the relay", transfer->id);
  rd_stream_pump_async (g_io_stream_get_input_stream (sender), g_io_stream_get_output_stream (recipient), -1,
                        NULL, NULL, NULL, transfer->pumping, pumped_cb, join);
  rd_stream_pump_async (g_io_stream_get_input_stream (recipient), g_io_stream_get_output_stream (sender), -1,
                        NULL, NULL, NULL, transfer->pumping, pumped_cb, join);
  /* The pumps hold the streams now; closing them is theirs and the stop's. */
  g_object_set_data_full (G_OBJECT (transfer->pumping), "sender", g_steal_pointer (&transfer->waiting[0]),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (transfer->pumping), "recipient", g_steal_pointer (&transfer->waiting[1]),
                          g_object_unref);
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
upgraded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRelayServer) server = g_weak_ref_get (g_object_get_data (G_OBJECT (stream), "server"));
  const char *transfer_id = g_object_get_data (G_OBJECT (stream), "transfer");
  TicketKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (stream), "kind"));
  gboolean is_recipient = kind == TICKET_RECIPIENT;
  FileTransfer *transfer;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) || server == NULL)
    return;
  if (kind == TICKET_UPLOAD || kind == TICKET_FETCH)
    {
      _rd_relay_file_store_serve (server, stream, transfer_id, kind == TICKET_UPLOAD);
      return;
    }
  transfer = g_hash_table_lookup (server->file_transfers, transfer_id);
  if (transfer == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  if (transfer->pumping)
    file_transfer_stop (transfer);   /* a resume: the old pair is gone */
  if (transfer->waiting[is_recipient])
    g_io_stream_close (transfer->waiting[is_recipient], NULL, NULL);
  g_set_object (&transfer->waiting[is_recipient], stream);
  if (transfer->waiting[0] && transfer->waiting[1])
    {
      join_streams (server, transfer);
      g_signal_connect (transfer->pumping, "cancelled", G_CALLBACK (close_streams_cb), NULL);
    }
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
  FileTicket *ticket = secret ? g_hash_table_lookup (server->file_tickets, secret) : NULL;
  GIOStream *stream;

  if (g_strcmp0 (upgrade, UPGRADE_TOKEN) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, "expected Upgrade: " UPGRADE_TOKEN);
      return;
    }
  if (ticket == NULL || ticket->expires_us < g_get_monotonic_time () ||
      ((ticket->kind == TICKET_SENDER || ticket->kind == TICKET_RECIPIENT) &&
       !g_hash_table_contains (server->file_transfers, ticket->transfer_id)))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, "unknown or expired ticket");
      if (ticket)
        g_hash_table_remove (server->file_tickets, secret);
      return;
    }
  /* The raw connection is ours from here; the 101 is written by hand. */
  stream = soup_server_message_steal_connection (msg);
  {
    GWeakRef *weak = g_new0 (GWeakRef, 1);

    g_weak_ref_init (weak, server);
    g_object_set_data_full (G_OBJECT (stream), "server", weak, (GDestroyNotify) weak_ref_free);
  }
  g_object_set_data_full (G_OBJECT (stream), "transfer", g_strdup (ticket->transfer_id), g_free);
  g_object_set_data (G_OBJECT (stream), "kind", GINT_TO_POINTER (ticket->kind));
  g_hash_table_remove (server->file_tickets, secret);   /* one use */
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), switching, strlen (switching),
                                   G_PRIORITY_DEFAULT, NULL, upgraded_cb, stream);
}

void
_rd_relay_files_init (RdRelayServer *self)
{
  self->file_transfers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                (GDestroyNotify) file_transfer_free);
  self->file_tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) file_ticket_free);
}

void
_rd_relay_files_listen (RdRelayServer *self)
{
  soup_server_add_handler (self->soup, "/files", files_cb, self, NULL);
}

void
_rd_relay_files_clear (RdRelayServer *self)
{
  g_clear_pointer (&self->file_transfers, g_hash_table_unref);
  g_clear_pointer (&self->file_tickets, g_hash_table_unref);
}
