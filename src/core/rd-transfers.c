/* rd-transfers.c: runs file transfers on both sides.
 *
 * The recipient drives every attempt: on accept (and again after a cut) it
 * listens, signals its candidates and certificate fingerprint through the
 * relay and starts the fallback timer. The sender answers each such signal
 * with its own, dials the recipient's candidates and opens a relay proxy
 * connection at once. The recipient picks the path by writing, on it, the
 * 8-byte offset it wants the bytes from: on the first verified direct
 * connection, or on the relay connection once the fallback delay is over.
 * The sender reads that offset on whichever connection says it first and
 * streams the file from there; the recipient answers the last byte with one
 * byte of its own: 1 the SHA-256 matches, 2 it does not. */
#define G_LOG_DOMAIN "rd-transfers"

#include "config.h"

#include <string.h>

#include "rd-file-proxy.h"
#include "rd-peer-certificate.h"
#include "rd-stream-pump.h"
#include "rd-transfer-private.h"
#include "rd-transfers.h"

#define MAX_ATTEMPTS     8
#define RESUME_DELAY_MS  300
#define RESULT_OK        1
#define RESULT_MISMATCH  2

struct _RdTransfers
{
  GObject          parent_instance;

  RdClient        *client;
  GTlsCertificate *certificate;
  GTlsCertificate *shown_certificate;   /* the same, unless a test wants a wrong one */
  char            *fingerprint;
  GHashTable      *by_id;               /* id -> RdTransfer (unowned; the list owns) */
  GListStore      *list;
  guint            fallback_ms;
  char            *advertised;
  gboolean         direct_allowed;
  char            *claimed_sha256;
  guint            refused;
};

G_DEFINE_FINAL_TYPE (RdTransfers, rd_transfers, G_TYPE_OBJECT)

enum { SIGNAL_OFFERED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
add_transfer (RdTransfers *self,
              RdTransfer  *transfer)
{
  RdConversation *conversation = rd_client_get_conversation (self->client, transfer->peer, TRUE);
  g_autoptr(RdMessage) message = rd_message_new_for_transfer (transfer, rd_client_get_username (self->client));

  transfer->manager = self;
  g_hash_table_insert (self->by_id, transfer->id, transfer);
  g_list_store_append (self->list, transfer);
  /* The file shows in the conversation's timeline where it was sent. */
  _rd_conversation_append (conversation, message);
}

static void
fail (RdTransfer *transfer,
      const char *message)
{
  _rd_transfer_stop_attempt (transfer);
  _rd_transfer_set_state (transfer, RD_TRANSFER_FAILED, message);
}

static void
ignore_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("file frame refused: %s", error->message);
}

static void
send_cancel (RdTransfers *self,
             RdTransfer  *transfer,
             const char  *reason)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_CANCEL, NULL);

  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_string_member (frame, "reason", reason);
  rd_client_request_async (self->client, frame, NULL, ignore_reply_cb, NULL);
}

static void
refused_cb (RdTransfers *self)
{
  self->refused++;
}

/* Listens (unless a test advertises unreachable candidates instead) and
 * tells the peer where and with which certificate. */
static gboolean
start_link (RdTransfers *self,
            RdTransfer  *transfer,
            GCallback    connected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_SIGNAL, NULL);
  g_autofree char *candidates = NULL;

  transfer->cancellable = g_cancellable_new ();
  transfer->link = rd_peer_link_new (self->shown_certificate);
  g_signal_connect_object (transfer->link, "connected", connected, transfer, 0);
  g_signal_connect_object (transfer->link, "refused", G_CALLBACK (refused_cb), self, G_CONNECT_SWAPPED);
  candidates = rd_peer_link_listen (transfer->link, self->direct_allowed ? self->advertised : "", &error);
  if (candidates == NULL)
    {
      g_message ("no direct path for %s: %s", transfer->id, error->message);
      candidates = g_strdup ("");
    }
  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_string_member (frame, "fingerprint", self->fingerprint);
  json_object_set_string_member (frame, "candidates", candidates);
  rd_client_request_async (self->client, frame, NULL, ignore_reply_cb, NULL);
  return TRUE;
}

/* ---- the sender ---- */

static void upload_later (RdTransfer *transfer);

static void
sender_finish (RdTransfer *transfer,
               gboolean    arrived_whole)
{
  send_cancel (transfer->manager, transfer, "done");   /* lets the relay forget it */
  _rd_transfer_stop_attempt (transfer);
  if (arrived_whole)
    _rd_transfer_set_state (transfer, RD_TRANSFER_DONE, NULL);
  else
    _rd_transfer_set_state (transfer, RD_TRANSFER_FAILED,
                            "The recipient's copy did not match (SHA-256); it was deleted.");
}

static void
result_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error) || n != 1)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !rd_transfer_is_finished (transfer))
        {
          _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);   /* the recipient comes back */
          if (transfer->kept)
            upload_later (transfer);   /* no recipient to come back: try again */
        }
      return;
    }
  sender_finish (transfer, transfer->result_byte == RESULT_OK);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;

  gint64 copied = rd_stream_pump_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _rd_transfer_stop_moving (transfer);
  if (copied < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !rd_transfer_is_finished (transfer))
        {
          g_debug ("sending %s stopped: %s", transfer->id, error->message);
          _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
          if (transfer->kept)
            upload_later (transfer);
        }
      return;
    }
  g_input_stream_read_all_async (g_io_stream_get_input_stream (transfer->stream), &transfer->result_byte, 1,
                                 G_PRIORITY_DEFAULT, transfer->cancellable, result_read_cb,
                                 g_object_ref (transfer));
}

static void
start_sending (RdTransfer *transfer,
               gint64      offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (transfer->file, NULL, &error);

  if (in == NULL || !g_seekable_seek (G_SEEKABLE (in), offset, G_SEEK_SET, NULL, &error))
    {
      send_cancel (transfer->manager, transfer, "the file cannot be read");
      fail (transfer, error->message);
      return;
    }
  _rd_transfer_start_moving (transfer, offset);
  _rd_transfer_set_state (transfer, RD_TRANSFER_MOVING, NULL);
  rd_stream_pump_in_thread_async (G_INPUT_STREAM (in), g_io_stream_get_output_stream (transfer->stream),
                                  transfer->size - offset, NULL, NULL, &transfer->moved, transfer->cancellable,
                                  sent_cb, g_object_ref (transfer));
}

static void
offset_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;
  RdTransfer *transfer = g_object_get_data (G_OBJECT (stream), "transfer");
  guint8 *offset_bytes = g_object_get_data (G_OBJECT (stream), "offset");
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  gint64 offset = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error) || n != 8 ||
      transfer->stream != NULL || transfer->candidates == NULL)
    return;   /* not this one: it failed, or another path was chosen */
  for (guint i = 0; i < 8; i++)
    offset = (offset << 8) | offset_bytes[i];
  if (offset < 0 || offset > transfer->size)
    {
      fail (transfer, "the recipient asked for bytes past the end");
      return;
    }
  /* This is the path: the recipient said so on it. */
  g_debug ("%s: sending from %" G_GINT64_FORMAT " over the %s path", transfer->id, offset,
           (char *) g_object_get_data (G_OBJECT (stream), "path"));
  transfer->stream = g_object_ref (stream);
  g_ptr_array_remove (transfer->candidates, stream);
  for (guint i = 0; i < transfer->candidates->len; i++)
    g_io_stream_close_async (g_ptr_array_index (transfer->candidates, i), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_ptr_array_set_size (transfer->candidates, 0);
  if (transfer->link)
    rd_peer_link_close (transfer->link);
  _rd_transfer_set_path (transfer, g_object_get_data (G_OBJECT (stream), "path"));
  start_sending (transfer, offset);
}

static void
sender_candidate (RdTransfer *transfer,
                  GIOStream  *stream,
                  const char *path)
{
  guint8 *offset_bytes = g_malloc0 (8);

  if (transfer->candidates == NULL || transfer->stream != NULL)
    {
      g_free (offset_bytes);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  g_ptr_array_add (transfer->candidates, g_object_ref (stream));
  g_object_set_data (G_OBJECT (stream), "transfer", transfer);
  g_object_set_data (G_OBJECT (stream), "path", (gpointer) path);
  g_object_set_data_full (G_OBJECT (stream), "offset", offset_bytes, g_free);
  g_input_stream_read_all_async (g_io_stream_get_input_stream (stream), offset_bytes, 8, G_PRIORITY_DEFAULT,
                                 transfer->cancellable, offset_read_cb, g_object_ref (stream));
}

static void
sender_direct_cb (RdPeerLink *link,
                  GIOStream  *stream,
                  RdTransfer *transfer)
{
  sender_candidate (transfer, stream, "direct");
}

static void
sender_proxy_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = rd_file_proxy_connect_finish (result, &error);

  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("no relay path for %s: %s", transfer->id, error->message);
      return;
    }
  sender_candidate (transfer, stream, "relay");
}

/* The recipient (re)starts an attempt: answer it on every path at once. */
static void
sender_attempt (RdTransfers *self,
                RdTransfer  *transfer,
                JsonObject  *signal)
{
  g_debug ("%s: the recipient signals; sender attempt", transfer->id);
  _rd_transfer_stop_attempt (transfer);
  _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
  transfer->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  start_link (self, transfer, G_CALLBACK (sender_direct_cb));
  rd_peer_link_set_peer_fingerprint (transfer->link, rd_frame_get_string (signal, "fingerprint", ""));
  if (self->direct_allowed)
    rd_peer_link_dial (transfer->link, rd_frame_get_string (signal, "candidates", ""),
                       rd_frame_get_string (signal, "observed", ""));
  rd_file_proxy_connect_async (self->client, transfer->id, transfer->cancellable, sender_proxy_cb,
                               g_object_ref (transfer));
}

/* ---- leaving a file with the relay ---- */

/* Ends the attempt before; FALSE (and the transfer failed) once there
 * were too many. */
static gboolean
next_attempt (RdTransfer *transfer,
              const char *when_too_many)
{
  _rd_transfer_stop_attempt (transfer);
  if (++transfer->attempts > MAX_ATTEMPTS)
    {
      send_cancel (transfer->manager, transfer, "the connection broke too often");
      fail (transfer, when_too_many);
      return FALSE;
    }
  _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
  return TRUE;
}

static void
upload_attempt (RdTransfer *transfer)
{
  RdTransfers *self = transfer->manager;

  if (!next_attempt (transfer, "The connection broke too often; the file was not left with the relay."))
    return;
  /* The relay plays the recipient: on its connection it asks for the bytes. */
  transfer->cancellable = g_cancellable_new ();
  transfer->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  rd_file_proxy_connect_async (self->client, transfer->id, transfer->cancellable, sender_proxy_cb,
                               g_object_ref (transfer));
}

static gboolean
upload_again_cb (gpointer data)
{
  RdTransfer *transfer = data;

  transfer->fallback_source = 0;
  if (transfer->manager != NULL && !rd_transfer_is_finished (transfer))
    upload_attempt (transfer);
  return G_SOURCE_REMOVE;
}

static void
upload_later (RdTransfer *transfer)
{
  if (transfer->fallback_source != 0)
    return;
  transfer->fallback_source = g_timeout_add_full (G_PRIORITY_DEFAULT, RESUME_DELAY_MS, upload_again_cb,
                                                  g_object_ref (transfer), g_object_unref);
}

/* The relay's answer to a step of a kept transfer: TRUE to go on; on a
 * refusal the transfer fails, with @when_unknown for a file the relay no
 * longer has (NULL: the relay's own words). */
static gboolean
relay_agreed (GObject      *source,
              GAsyncResult *result,
              RdTransfer   *transfer,
              const char   *when_unknown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (transfer->manager == NULL || rd_transfer_is_finished (transfer))
    return FALSE;
  if (reply == NULL)
    {
      fail (transfer, when_unknown && g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE)
                        ? when_unknown : error->message);
      return FALSE;
    }
  return TRUE;
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;

  if (relay_agreed (source, result, transfer, NULL))
    upload_attempt (transfer);
}

void
rd_transfers_leave_with_relay (RdTransfers *self,
                               RdTransfer  *transfer)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_STORE, NULL);

  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_return_if_fail (RD_IS_TRANSFER (transfer));

  if (!rd_transfer_can_leave_with_relay (transfer))
    return;
  transfer->kept = TRUE;
  transfer->recipient_offline = FALSE;
  transfer->attempts = 0;
  _rd_transfer_clear_error (transfer);
  _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_string_member (frame, "to", transfer->peer);
  json_object_set_string_member (frame, "name", transfer->name);
  json_object_set_int_member (frame, "size", transfer->size);
  json_object_set_string_member (frame, "mime", transfer->mime);
  json_object_set_string_member (frame, "sha256", transfer->sha256);
  rd_client_request_async (self->client, frame, NULL, stored_cb, g_object_ref (transfer));
}

static void
offered_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      if (g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_RECIPIENT_OFFLINE))
        {
          g_autofree char *text = g_strdup_printf ("%s is offline; the file was not sent.", transfer->peer_name);

          transfer->recipient_offline = TRUE;
          fail (transfer, text);
        }
      else
        fail (transfer, error->message);
      return;
    }
  if (transfer->state == RD_TRANSFER_PREPARING)
    _rd_transfer_set_state (transfer, RD_TRANSFER_OFFERED, NULL);
}

typedef struct {
  gint64  size;
  char   *sha256;
  char   *mime;
} FileFacts;

static void
file_facts_free (FileFacts *facts)
{
  g_free (facts->sha256);
  g_free (facts->mime);
  g_free (facts);
}

static void
hash_file_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, &error);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(RdSha256) checksum = rd_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (RD_STREAM_PUMP_BUFFER);
  FileFacts *facts = g_new0 (FileFacts, 1);
  gssize n;

  info = in ? g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, G_FILE_QUERY_INFO_NONE,
                                 cancellable, NULL) : NULL;
  while (in && (n = g_input_stream_read (G_INPUT_STREAM (in), buffer, RD_STREAM_PUMP_BUFFER, cancellable,
                                          &error)) > 0)
    {
      rd_sha256_update (checksum, buffer, n);
      facts->size += n;
    }
  if (error != NULL)
    {
      file_facts_free (facts);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  facts->sha256 = rd_sha256_finish (checksum);
  if (info && g_file_info_get_content_type (info))
    facts->mime = g_content_type_get_mime_type (g_file_info_get_content_type (info));
  g_task_return_pointer (task, facts, (GDestroyNotify) file_facts_free);
}

static void
hashed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  RdTransfers *self = RD_TRANSFERS (source);
  g_autoptr(GError) error = NULL;
  FileFacts *facts = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_OFFER, NULL);

  if (facts == NULL)
    {
      fail (transfer, error->message);
      return;
    }
  if (transfer->state == RD_TRANSFER_CANCELLED)
    {
      file_facts_free (facts);
      return;
    }
  transfer->size = facts->size;
  g_free (transfer->mime);
  transfer->mime = g_strdup (facts->mime ? facts->mime : "application/octet-stream");
  if (transfer->sha256 == NULL)
    transfer->sha256 = g_strdup (facts->sha256);
  file_facts_free (facts);
  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_string_member (frame, "to", transfer->peer);
  json_object_set_string_member (frame, "name", transfer->name);
  json_object_set_int_member (frame, "size", transfer->size);
  json_object_set_string_member (frame, "mime", transfer->mime);
  json_object_set_string_member (frame, "sha256", transfer->sha256);
  rd_client_request_async (self->client, frame, NULL, offered_cb, g_object_ref (transfer));
}

RdTransfer *
rd_transfers_send_file (RdTransfers *self,
                        const char  *peer,
                        GFile       *file)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = g_file_get_basename (file);
  RdTransfer *transfer;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (RD_IS_TRANSFERS (self), NULL);
  g_return_val_if_fail (peer != NULL && G_IS_FILE (file), NULL);

  transfer = _rd_transfer_new (id, TRUE, peer, rd_client_name_of (self->client, peer), name, NULL, 0,
                               self->claimed_sha256);
  g_clear_pointer (&self->claimed_sha256, g_free);
  transfer->file = g_object_ref (file);
  add_transfer (self, transfer);
  task = g_task_new (self, NULL, hashed_cb, g_object_ref (transfer));
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, hash_file_thread);
  g_object_unref (transfer);   /* the list holds it */
  return transfer;
}

/* ---- the recipient ---- */

static void recipient_attempt (RdTransfer *transfer);

static gboolean
resume_cb (gpointer data)
{
  RdTransfer *transfer = data;

  transfer->fallback_source = 0;
  recipient_attempt (transfer);
  return G_SOURCE_REMOVE;
}

/* A cut: come back from where the bytes stopped, a few times at most. */
static void
resume_later (RdTransfer *transfer)
{
  _rd_transfer_stop_attempt (transfer);
  _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
  transfer->fallback_source = g_timeout_add_full (G_PRIORITY_DEFAULT, RESUME_DELAY_MS, resume_cb,
                                                  g_object_ref (transfer), g_object_unref);
}

static void
result_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  _rd_transfer_stop_attempt (transfer);
  /* Said over the relay too: the connection may have broken just now. */
  send_cancel (transfer->manager, transfer, transfer->result_byte == RESULT_OK ? "received" : "damaged");
  if (transfer->result_byte != RESULT_OK)
    {
      g_file_delete (transfer->part, NULL, NULL);
      _rd_transfer_set_state (transfer, RD_TRANSFER_FAILED,
                              "The file arrived damaged (its SHA-256 does not match) and was deleted.");
      return;
    }
  if (!g_file_move (transfer->part, transfer->file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      fail (transfer, error->message);
      return;
    }
  _rd_transfer_set_state (transfer, RD_TRANSFER_DONE, NULL);
}

static void
received_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  gint64 copied = rd_stream_pump_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _rd_transfer_stop_moving (transfer);
  if (copied < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || rd_transfer_is_finished (transfer))
        return;
      if (error->domain == G_IO_ERROR && (error->code == G_IO_ERROR_NO_SPACE || error->code == G_IO_ERROR_PERMISSION_DENIED))
        {
          send_cancel (transfer->manager, transfer, "the recipient cannot write the file");
          g_file_delete (transfer->part, NULL, NULL);
          fail (transfer, error->message);
          return;
        }
      g_debug ("receiving %s stopped at %" G_GINT64_FORMAT ": %s", transfer->id, transfer->bytes, error->message);
      resume_later (transfer);
      return;
    }
  g_output_stream_close (transfer->part_out, NULL, NULL);
  g_clear_object (&transfer->part_out);
  {
    g_autofree char *sha256 = rd_sha256_finish (transfer->checksum);

    transfer->result_byte = g_str_equal (sha256, transfer->sha256) ? RESULT_OK : RESULT_MISMATCH;
  }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (transfer->stream), &transfer->result_byte, 1,
                                   G_PRIORITY_DEFAULT, transfer->cancellable, result_written_cb,
                                   g_object_ref (transfer));
}

/* In the pump's thread: hashes what arrives, and notes when it first did. */
static void
received_chunk (const guint8 *data,
                gsize         length,
                gpointer      user_data)
{
  RdTransfer *transfer = user_data;

  if (__atomic_load_n (&transfer->first_byte_us, __ATOMIC_RELAXED) == 0)
    __atomic_store_n (&transfer->first_byte_us, g_get_monotonic_time (), __ATOMIC_RELAXED);
  rd_sha256_update (transfer->checksum, data, length);
}

static void
offset_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        resume_later (transfer);
      return;
    }
  _rd_transfer_start_moving (transfer, transfer->bytes);
  _rd_transfer_set_state (transfer, RD_TRANSFER_MOVING, NULL);
  /* The checksum is the pump thread's alone while it runs. */
  rd_stream_pump_in_thread_async (g_io_stream_get_input_stream (transfer->stream), transfer->part_out,
                                  transfer->size - transfer->bytes, received_chunk, transfer,
                                  &transfer->moved, transfer->cancellable, received_cb, g_object_ref (transfer));
}

static void
recipient_choose (RdTransfer *transfer,
                  GIOStream  *stream,
                  const char *path)
{
  g_autoptr(GError) error = NULL;

  if (transfer->stream != NULL || transfer->cancellable == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      return;
    }
  g_clear_handle_id (&transfer->fallback_source, g_source_remove);
  if (transfer->link)
    rd_peer_link_close (transfer->link);
  if (transfer->part_out == NULL)
    {
      transfer->part_out = G_OUTPUT_STREAM (g_file_replace (transfer->part, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                                            NULL, &error));
      if (transfer->part_out == NULL)
        {
          send_cancel (transfer->manager, transfer, "the recipient cannot write the file");
          fail (transfer, error->message);
          return;
        }
    }
  transfer->stream = g_object_ref (stream);
  for (guint i = 0; i < 8; i++)
    transfer->offset_bytes[i] = (guint8) (transfer->bytes >> (56 - 8 * i));
  _rd_transfer_set_path (transfer, path);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), transfer->offset_bytes, 8,
                                   G_PRIORITY_DEFAULT, transfer->cancellable, offset_written_cb,
                                   g_object_ref (transfer));
}

static void
recipient_direct_cb (RdPeerLink *link,
                     GIOStream  *stream,
                     RdTransfer *transfer)
{
  recipient_choose (transfer, stream, "direct");
}

static void
recipient_proxy_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = rd_file_proxy_connect_finish (result, &error);

  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        resume_later (transfer);
      return;
    }
  recipient_choose (transfer, stream, "relay");
}

static gboolean
fallback_cb (gpointer data)
{
  RdTransfer *transfer = data;
  RdTransfers *self = transfer->manager;

  transfer->fallback_source = 0;
  g_message ("no direct path for %s within %u ms: through the relay", transfer->id, self->fallback_ms);
  rd_file_proxy_connect_async (self->client, transfer->id, transfer->cancellable, recipient_proxy_cb,
                               g_object_ref (transfer));
  return G_SOURCE_REMOVE;
}

static void
recipient_attempt (RdTransfer *transfer)
{
  RdTransfers *self = transfer->manager;

  if (!next_attempt (transfer, "The connection broke too often; the transfer stopped."))
    return;
  g_debug ("%s: recipient attempt %u", transfer->id, transfer->attempts);
  if (transfer->kept)
    {
      /* The relay has the bytes: there is no other path to wait for. */
      transfer->cancellable = g_cancellable_new ();
      rd_file_proxy_connect_async (self->client, transfer->id, transfer->cancellable, recipient_proxy_cb,
                                   g_object_ref (transfer));
      return;
    }
  start_link (self, transfer, G_CALLBACK (recipient_direct_cb));
  transfer->fallback_source = g_timeout_add_full (G_PRIORITY_DEFAULT, self->fallback_ms, fallback_cb,
                                                  g_object_ref (transfer), g_object_unref);
}

static void
kept_accepted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RdTransfer) transfer = user_data;

  /* Another device of ours may have fetched it already. */
  if (relay_agreed (source, result, transfer,
                    "The relay no longer has this file (fetched on another device, or too old)."))
    recipient_attempt (transfer);
}

void
rd_transfers_accept (RdTransfers *self,
                     RdTransfer  *transfer,
                     GFile       *destination)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_ANSWER, NULL);
  g_autofree char *part_path = NULL;

  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_return_if_fail (RD_IS_TRANSFER (transfer) && !transfer->outgoing);

  if (transfer->state != RD_TRANSFER_OFFERED)
    return;
  g_set_object (&transfer->file, destination);
  part_path = g_strconcat (g_file_peek_path (destination), ".part", NULL);
  transfer->part = g_file_new_for_path (part_path);
  transfer->checksum = rd_sha256_new ();
  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_boolean_member (frame, "accept", TRUE);
  if (transfer->kept)
    {
      /* The relay says first whether it still has the file. */
      _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
      rd_client_request_async (self->client, frame, NULL, kept_accepted_cb, g_object_ref (transfer));
      return;
    }
  rd_client_request_async (self->client, frame, NULL, ignore_reply_cb, NULL);
  recipient_attempt (transfer);
}

void
rd_transfers_decline (RdTransfers *self,
                      RdTransfer  *transfer)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_ANSWER, NULL);

  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_return_if_fail (RD_IS_TRANSFER (transfer) && !transfer->outgoing);

  if (transfer->state != RD_TRANSFER_OFFERED)
    return;
  json_object_set_string_member (frame, "transfer", transfer->id);
  json_object_set_boolean_member (frame, "accept", FALSE);
  rd_client_request_async (self->client, frame, NULL, ignore_reply_cb, NULL);
  _rd_transfer_set_state (transfer, RD_TRANSFER_DECLINED, NULL);
}

/* ---- both ---- */

static void
stop_cancelled (RdTransfer *transfer,
                const char *why)
{
  _rd_transfer_stop_attempt (transfer);
  g_clear_object (&transfer->part_out);
  if (!transfer->outgoing && transfer->part)
    g_file_delete (transfer->part, NULL, NULL);
  _rd_transfer_set_state (transfer, RD_TRANSFER_CANCELLED, why);
}

void
rd_transfers_cancel (RdTransfers *self,
                     RdTransfer  *transfer)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_return_if_fail (RD_IS_TRANSFER (transfer));

  if (rd_transfer_is_finished (transfer))
    return;
  if (transfer->state != RD_TRANSFER_PREPARING)
    send_cancel (self, transfer, "cancelled");
  stop_cancelled (transfer, "You cancelled it.");
}

/* A file left with the relay for us: offered like any other, fetched from
 * the relay once accepted. */
static void
kept_file_cb (RdTransfers *self,
              const char  *kind,
              JsonObject  *data)
{
  const char *id = rd_frame_get_string (data, "transfer", "");
  g_autoptr(RdTransfer) offered = NULL;

  if (*id == '\0' || g_hash_table_contains (self->by_id, id))
    return;
  offered = _rd_transfer_new (id, FALSE, rd_frame_get_string (data, "from", ""),
                              rd_frame_get_string (data, "from_name", ""), rd_frame_get_string (data, "name", "file"),
                              rd_frame_get_string (data, "mime", ""), rd_frame_get_int (data, "size", 0),
                              rd_frame_get_string (data, "sha256", ""));
  offered->state = RD_TRANSFER_OFFERED;
  offered->kept = TRUE;
  add_transfer (self, offered);
  g_signal_emit (self, signals[SIGNAL_OFFERED], 0, offered);
}

static void
file_notice_cb (RdTransfers *self,
                const char  *kind,
                JsonObject  *notice)
{
  RdTransfer *transfer = g_hash_table_lookup (self->by_id, rd_frame_get_string (notice, "transfer", ""));

  if (g_str_equal (kind, "offer"))
    {
      g_autoptr(RdTransfer) offered = NULL;

      if (transfer != NULL)
        return;
      offered = _rd_transfer_new (rd_frame_get_string (notice, "transfer", ""), FALSE,
                                  rd_frame_get_string (notice, "from", ""), rd_frame_get_string (notice, "from_name", ""),
                                  rd_frame_get_string (notice, "name", "file"), rd_frame_get_string (notice, "mime", ""),
                                  rd_frame_get_int (notice, "size", 0), rd_frame_get_string (notice, "sha256", ""));
      offered->state = RD_TRANSFER_OFFERED;
      add_transfer (self, offered);
      g_signal_emit (self, signals[SIGNAL_OFFERED], 0, offered);
      return;
    }
  if (transfer == NULL || rd_transfer_is_finished (transfer))
    return;   /* another device's, or over */
  if (g_str_equal (kind, "answer") && transfer->outgoing && transfer->state == RD_TRANSFER_OFFERED)
    {
      if (rd_frame_get_bool (notice, "accept", FALSE))
        _rd_transfer_set_state (transfer, RD_TRANSFER_CONNECTING, NULL);
      else
        _rd_transfer_set_state (transfer, RD_TRANSFER_DECLINED, NULL);
    }
  else if (g_str_equal (kind, "signal") && transfer->outgoing)
    sender_attempt (self, transfer, notice);
  else if (g_str_equal (kind, "signal") && transfer->link != NULL && transfer->stream == NULL &&
           self->direct_allowed)
    {
      rd_peer_link_set_peer_fingerprint (transfer->link, rd_frame_get_string (notice, "fingerprint", ""));
      rd_peer_link_dial (transfer->link, rd_frame_get_string (notice, "candidates", ""),
                         rd_frame_get_string (notice, "observed", ""));
    }
  else if (g_str_equal (kind, "cancel") && transfer->outgoing &&
           (g_str_equal (rd_frame_get_string (notice, "reason", ""), "received") ||
            g_str_equal (rd_frame_get_string (notice, "reason", ""), "damaged")))
    sender_finish (transfer, g_str_equal (rd_frame_get_string (notice, "reason", ""), "received"));
  else if (g_str_equal (kind, "cancel") && !g_str_equal (rd_frame_get_string (notice, "reason", ""), "done"))
    {
      g_autofree char *why = g_strdup_printf ("%s cancelled it.", transfer->peer_name);

      stop_cancelled (transfer, why);
    }
}

/* ---- the rest ---- */

GListModel *
rd_transfers_get_list (RdTransfers *self)
{
  g_return_val_if_fail (RD_IS_TRANSFERS (self), NULL);
  return G_LIST_MODEL (self->list);
}

RdTransfer *
rd_transfers_find (RdTransfers *self,
                   const char  *transfer_id)
{
  g_return_val_if_fail (RD_IS_TRANSFERS (self), NULL);
  return g_hash_table_lookup (self->by_id, transfer_id);
}

void
rd_transfers_set_fallback_delay (RdTransfers *self,
                                 guint        ms)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  self->fallback_ms = ms;
}

void
rd_transfers_set_direct_allowed (RdTransfers *self,
                                 gboolean     allowed)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  self->direct_allowed = allowed;
}

gboolean
rd_transfers_get_direct_allowed (RdTransfers *self)
{
  g_return_val_if_fail (RD_IS_TRANSFERS (self), FALSE);
  return self->direct_allowed;
}

void
rd_transfers_set_advertised_candidates (RdTransfers *self,
                                        const char  *candidates)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_free (self->advertised);
  self->advertised = g_strdup (candidates);
}

void
rd_transfers_use_wrong_certificate (RdTransfers *self)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *other;

  g_return_if_fail (RD_IS_TRANSFERS (self));
  other = rd_peer_certificate_new (&error);
  g_assert_no_error (error);
  g_set_object (&self->shown_certificate, other);
  g_object_unref (other);
}

void
rd_transfers_claim_next_sha256 (RdTransfers *self,
                                const char  *sha256)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  g_free (self->claimed_sha256);
  self->claimed_sha256 = g_strdup (sha256);
}

void
rd_transfers_cut (RdTransfers *self,
                  RdTransfer  *transfer)
{
  g_return_if_fail (RD_IS_TRANSFERS (self));
  if (transfer->stream != NULL)
    _rd_transfer_cut_stream (transfer->stream);
}

guint
rd_transfers_get_refused_connections (RdTransfers *self)
{
  g_return_val_if_fail (RD_IS_TRANSFERS (self), 0);
  return self->refused;
}

RdTransfers *
rd_transfers_new (RdClient  *client,
                  GError   **error)
{
  g_autoptr(RdTransfers) self = g_object_new (RD_TYPE_TRANSFERS, NULL);

  self->certificate = rd_peer_certificate_new (error);
  if (self->certificate == NULL)
    return NULL;
  self->shown_certificate = g_object_ref (self->certificate);
  self->fingerprint = rd_certificate_sha256 (self->certificate);
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "file-notice", G_CALLBACK (file_notice_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "event::file", G_CALLBACK (kept_file_cb), self, G_CONNECT_SWAPPED);
  {
    g_autoptr(GPtrArray) kept = rd_client_dup_kept_files (client);

    for (guint i = 0; i < kept->len; i++)
      kept_file_cb (self, "file", g_ptr_array_index (kept, i));
  }
  return g_steal_pointer (&self);
}

static void
rd_transfers_dispose (GObject *object)
{
  RdTransfers *self = RD_TRANSFERS (object);

  for (guint i = 0; self->list && i < g_list_model_get_n_items (G_LIST_MODEL (self->list)); i++)
    {
      g_autoptr(RdTransfer) transfer = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      _rd_transfer_stop_attempt (transfer);
      transfer->manager = NULL;
    }
  g_clear_object (&self->list);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_transfers_parent_class)->dispose (object);
}

static void
rd_transfers_finalize (GObject *object)
{
  RdTransfers *self = RD_TRANSFERS (object);

  g_clear_object (&self->certificate);
  g_clear_object (&self->shown_certificate);
  g_free (self->fingerprint);
  g_free (self->advertised);
  g_free (self->claimed_sha256);
  G_OBJECT_CLASS (rd_transfers_parent_class)->finalize (object);
}

static void
rd_transfers_class_init (RdTransfersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_transfers_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_transfers_finalize;
  signals[SIGNAL_OFFERED] =
    g_signal_new ("offered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_TRANSFER);
}

static void
rd_transfers_init (RdTransfers *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->list = g_list_store_new (RD_TYPE_TRANSFER);
  self->fallback_ms = RD_TRANSFERS_FALLBACK_MS;
  self->direct_allowed = TRUE;
}
