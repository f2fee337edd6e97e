/* rd-relay-file-store.c: files left with the relay for a recipient who is
 * offline.
 *
 * file_store records the file (durably, before the reply); the sender then
 * asks for a proxy ticket as for any transfer and the relay takes the
 * recipient's part of the byte protocol: it writes the offset it wants (0),
 * reads the bytes into files/<id>.part while hashing them, and answers the
 * last byte with 1 (the SHA-256 matches: the file is kept and a durable
 * "file" event tells the recipient, now or when they come back) or 2.
 * The recipient accepts with file_answer and fetches with a ticket of its
 * own; the relay then takes the sender's part: it reads the offset, sends
 * the bytes from there, and on the recipient's 1 forgets the file. A
 * decline, a cancel by either party, or file_store_days without a fetch
 * delete it too. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "rd-relay-private.h"
#include "rd-sha256.h"
#include "rd-stream-pump.h"

#define RESULT_OK        1
#define RESULT_MISMATCH  2
#define EXPIRY_CHECK_S   3600

static char *
kept_path (RdRelayServer *server,
           const char    *id,
           gboolean       part)
{
  g_autofree char *name = g_strconcat (id, part ? ".part" : "", NULL);
  g_autofree char *dir = rd_relay_config_files_dir (server->config);

  /* The id is a checked UUID: safe as a file name. */
  return g_build_filename (dir, name, NULL);
}

static void
delete_bytes (RdRelayServer *server,
              const char    *id)
{
  g_autofree char *path = kept_path (server, id, FALSE);
  g_autofree char *part = kept_path (server, id, TRUE);

  g_unlink (path);
  g_unlink (part);
}

/* Forgets @id in the store and on disk. */
static gboolean
forget (RdRelayServer  *server,
        const char     *id,
        GError        **error)
{
  if (!_rd_relay_server_write_begin (server, error) || !rd_store_file_remove (server->store, id, error))
    return FALSE;
  delete_bytes (server, id);
  return TRUE;
}

/* ---- file_store ---- */

static gboolean
room_for (RdRelayServer *server,
          gint64         size)
{
  g_autofree char *path = rd_relay_config_files_dir (server->config);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  /* Where the file system does not say, the write itself will. */
  return info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) ||
         (guint64) size < g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

void
_rd_relay_handle_file_store (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  RdRelayServer *server = self->server;
  const char *transfer_id = rd_frame_get_string (frame, "transfer", "");
  gint64 size = rd_frame_get_int (frame, "size", 0);
  gint64 max = (gint64) server->config->file_store_max_mb * 1024 * 1024;
  g_autoptr(RdAccount) peer = _rd_relay_lookup_peer (self, id, rd_frame_get_string (frame, "to", ""));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *dir = NULL;
  RdStoredFile file = { 0 };

  if (peer == NULL)
    return;
  if (size > max)
    {
      g_autofree char *text = max == 0 ? g_strdup ("this relay keeps no files for offline recipients")
                                       : g_strdup_printf ("this relay keeps files of up to %u MB",
                                                          server->config->file_store_max_mb);
      rd_relay_session_send_error (self, id, RD_ERROR_FILE_TOO_LARGE, text);
      return;
    }
  if (_rd_relay_files_is_live (server, transfer_id))
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "a transfer with this id exists");
      return;
    }
  dir = rd_relay_config_files_dir (server->config);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !room_for (server, size))
    {
      g_warning ("no room to keep %s (%" G_GINT64_FORMAT " bytes) in %s", transfer_id, size, dir);
      rd_relay_session_send_error (self, id, RD_ERROR_STORAGE, "the relay has no room for this file now");
      return;
    }
  file.id = (char *) transfer_id;
  file.sender_id = self->account->id;
  file.recipient_id = peer->id;
  file.name = (char *) rd_frame_get_string (frame, "name", "");
  file.size = size;
  file.mime = (char *) rd_frame_get_string (frame, "mime", "");
  file.sha256 = (char *) rd_frame_get_string (frame, "sha256", "");
  file.created = _rd_relay_now_ms ();
  if (!_rd_relay_server_write_begin (server, &error) || !rd_store_file_add (server->store, &file, &error))
    {
      if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "a transfer with this id exists");
      else
        _rd_relay_session_write_error (self, id, error);
      return;
    }
  g_info ("%s leaves file %s (%" G_GINT64_FORMAT " bytes) for %s", self->account->username, transfer_id, size,
          peer->username);
  reply = rd_frame_new (RD_FRAME_OK, id);
  _rd_relay_session_reply_after_commit (self, id, reply);
}

/* ---- answers and cancels ---- */

/* The kept file @transfer_id if @account_id is a party of it, else NULL
 * (a missing file and someone else's look the same). */
static RdStoredFile *
party_file (RdRelayServer *server,
            gint64         account_id,
            const char    *transfer_id)
{
  g_autoptr(RdStoredFile) file = rd_store_file_get (server->store, transfer_id, NULL);

  if (file == NULL || (file->sender_id != account_id && file->recipient_id != account_id))
    return NULL;
  return g_steal_pointer (&file);
}

static void
reply_ok (RdRelaySession *self,
          const char     *id)
{
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  _rd_relay_session_reply_after_commit (self, id, ok);
}

gboolean
_rd_relay_file_store_answer (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  g_autoptr(RdStoredFile) file = party_file (self->server, self->account->id,
                                             rd_frame_get_string (frame, "transfer", ""));
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return FALSE;
  if (file->recipient_id != self->account->id)
    rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, "only its recipient answers an offer");
  else if (!file->complete)
    rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "this file is not all there yet");
  else if (rd_frame_get_bool (frame, "accept", FALSE))
    reply_ok (self, id);   /* the fetch follows with a ticket */
  else if (!forget (self->server, file->id, &error))
    _rd_relay_session_write_error (self, id, error);
  else
    reply_ok (self, id);
  return TRUE;
}

gboolean
_rd_relay_file_store_cancel (RdRelaySession *self,
                             const char     *id,
                             JsonObject     *frame)
{
  g_autoptr(RdStoredFile) file = party_file (self->server, self->account->id,
                                             rd_frame_get_string (frame, "transfer", ""));
  const char *reason = rd_frame_get_string (frame, "reason", "");
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return FALSE;
  /* The sender's "done" after the upload says how it went, not that the
   * file should go; anything from the recipient (received, damaged,
   * cancelled) means it is no longer wanted here. */
  if (g_str_equal (reason, "done") && file->sender_id == self->account->id)
    reply_ok (self, id);
  else if (!forget (self->server, file->id, &error))
    _rd_relay_session_write_error (self, id, error);
  else
    reply_ok (self, id);
  return TRUE;
}

gboolean
_rd_relay_file_store_may_connect (RdRelayServer *server,
                                  gint64         account_id,
                                  const char    *transfer_id,
                                  gboolean      *out_upload)
{
  g_autoptr(RdStoredFile) file = party_file (server, account_id, transfer_id);

  if (file == NULL)
    return FALSE;
  /* The sender while the bytes are not all there, the recipient after. */
  *out_upload = file->sender_id == account_id;
  return *out_upload != file->complete;
}

/* ---- the bytes ---- */

typedef struct {
  GWeakRef       server;
  GIOStream     *stream;
  RdStoredFile  *file;
  RdSha256      *checksum;
  GOutputStream *out;
  GInputStream  *in;
  guint8         offset[8];
  guint8         result;
} Serving;

static void
serving_free (Serving *serving)
{
  g_weak_ref_clear (&serving->server);
  if (serving->stream)
    g_io_stream_close (serving->stream, NULL, NULL);
  g_clear_object (&serving->stream);
  g_clear_pointer (&serving->file, rd_stored_file_free);
  g_clear_pointer (&serving->checksum, rd_sha256_free);
  if (serving->out)
    g_output_stream_close (serving->out, NULL, NULL);
  g_clear_object (&serving->out);
  g_clear_object (&serving->in);
  g_free (serving);
}

static void
upload_result_written_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Serving *serving = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  serving_free (serving);
}

/* All bytes are there and match: keep them, tell the recipient. */
static gboolean
keep (RdRelayServer  *server,
      RdStoredFile   *file,
      GError        **error)
{
  g_autofree char *part = kept_path (server, file->id, TRUE);
  g_autofree char *path = kept_path (server, file->id, FALSE);
  g_autoptr(RdAccount) sender = rd_store_account_by_id (server->store, file->sender_id, error);
  g_autoptr(JsonObject) data = json_object_new ();

  if (sender == NULL)
    return FALSE;
  if (g_rename (part, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "keep %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  json_object_set_string_member (data, "transfer", file->id);
  json_object_set_string_member (data, "from", sender->username);
  json_object_set_string_member (data, "from_name", sender->display_name);
  json_object_set_string_member (data, "name", file->name);
  json_object_set_int_member (data, "size", file->size);
  json_object_set_string_member (data, "mime", file->mime);
  json_object_set_string_member (data, "sha256", file->sha256);
  return _rd_relay_server_write_begin (server, error) &&
         rd_store_file_set_complete (server->store, file->id, error) &&
         _rd_relay_server_append_event (server, file->recipient_id, "file", data, _rd_relay_now_ms (), error) != 0;
}

static void
answer_upload (Serving *serving,
               guint8   result)
{
  serving->result = result;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (serving->stream), &serving->result, 1,
                                   G_PRIORITY_DEFAULT, NULL, upload_result_written_cb, serving);
}

static void
kept_committed_cb (RdRelayServer *server,
                   const GError  *error,
                   gpointer       data)
{
  Serving *serving = data;

  if (error != NULL)
    {
      g_warning ("file %s not kept: %s", serving->file->id, error->message);
      delete_bytes (server, serving->file->id);
      answer_upload (serving, RESULT_MISMATCH);
      return;
    }
  g_info ("file %s kept for its recipient", serving->file->id);
  answer_upload (serving, RESULT_OK);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Serving *serving = user_data;
  g_autoptr(RdRelayServer) server = g_weak_ref_get (&serving->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  gint64 copied = rd_stream_pump_finish (result, &error);

  if (copied < 0 || server == NULL ||
      !g_output_stream_close (serving->out, NULL, &error))
    {
      /* Cut, or the disk is full: the sender tries again from the start. */
      g_message ("upload of %s stopped: %s", serving->file->id, error ? error->message : "relay stopping");
      if (server)
        delete_bytes (server, serving->file->id);
      serving_free (serving);
      return;
    }
  g_clear_object (&serving->out);
  sha256 = rd_sha256_finish (serving->checksum);
  g_clear_pointer (&serving->checksum, rd_sha256_free);
  if (!g_str_equal (sha256, serving->file->sha256))
    {
      g_message ("upload of %s does not match its SHA-256", serving->file->id);
      delete_bytes (server, serving->file->id);
      answer_upload (serving, RESULT_MISMATCH);
      return;
    }
  if (!keep (server, serving->file, &error))
    {
      g_warning ("cannot keep %s: %s", serving->file->id, error->message);
      _rd_relay_server_write_failed (server, error);
      delete_bytes (server, serving->file->id);
      answer_upload (serving, RESULT_MISMATCH);
      return;
    }
  /* The sender hears "kept" only once that is durable. */
  _rd_relay_server_after_commit (server, kept_committed_cb, serving, NULL);
}

static void
upload_offset_written_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Serving *serving = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      serving_free (serving);
      return;
    }
  rd_stream_pump_async (g_io_stream_get_input_stream (serving->stream), serving->out, serving->file->size,
                        rd_sha256_update_chunk, serving->checksum, NULL, NULL, uploaded_cb, serving);
}

static void
start_upload (RdRelayServer *server,
              Serving       *serving)
{
  g_autofree char *part = kept_path (server, serving->file->id, TRUE);
  g_autoptr(GFile) file = g_file_new_for_path (part);
  g_autoptr(GError) error = NULL;

  serving->out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error));
  if (serving->out == NULL)
    {
      g_warning ("cannot write %s: %s", part, error->message);
      serving_free (serving);
      return;
    }
  serving->checksum = rd_sha256_new ();
  /* Always from the start: a cut upload leaves nothing worth resuming. */
  memset (serving->offset, 0, sizeof serving->offset);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (serving->stream), serving->offset, 8,
                                   G_PRIORITY_DEFAULT, NULL, upload_offset_written_cb, serving);
}

static void
fetch_result_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Serving *serving = user_data;
  g_autoptr(RdRelayServer) server = g_weak_ref_get (&serving->server);
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  if (g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) && n == 1 &&
      serving->result == RESULT_OK && server != NULL)
    {
      if (!forget (server, serving->file->id, &error))
        g_warning ("cannot forget fetched file %s: %s", serving->file->id, error->message);
      else
        g_info ("file %s fetched by its recipient", serving->file->id);
    }
  serving_free (serving);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Serving *serving = user_data;
  g_autoptr(GError) error = NULL;

  if (rd_stream_pump_finish (result, &error) < 0)
    {
      g_debug ("fetch of %s stopped: %s", serving->file->id, error->message);
      serving_free (serving);
      return;
    }
  g_input_stream_read_all_async (g_io_stream_get_input_stream (serving->stream), &serving->result, 1,
                                 G_PRIORITY_DEFAULT, NULL, fetch_result_read_cb, serving);
}

static void
fetch_offset_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Serving *serving = user_data;
  g_autoptr(RdRelayServer) server = g_weak_ref_get (&serving->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 offset = 0;
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) || n != 8 || server == NULL)
    {
      serving_free (serving);
      return;
    }
  for (guint i = 0; i < 8; i++)
    offset = (offset << 8) | serving->offset[i];
  path = kept_path (server, serving->file->id, FALSE);
  file = g_file_new_for_path (path);
  serving->in = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  if (offset < 0 || offset > serving->file->size || serving->in == NULL ||
      !g_seekable_seek (G_SEEKABLE (serving->in), offset, G_SEEK_SET, NULL, &error))
    {
      g_warning ("cannot send %s from %" G_GINT64_FORMAT ": %s", serving->file->id, offset,
                 error ? error->message : "offset out of range");
      serving_free (serving);
      return;
    }
  rd_stream_pump_async (serving->in, g_io_stream_get_output_stream (serving->stream), serving->file->size - offset,
                        NULL, NULL, NULL, NULL, fetched_cb, serving);
}

void
_rd_relay_file_store_serve (RdRelayServer *server,
                            GIOStream     *stream,
                            const char    *transfer_id,
                            gboolean       upload)
{
  Serving *serving = g_new0 (Serving, 1);

  g_weak_ref_init (&serving->server, server);
  serving->stream = g_object_ref (stream);
  serving->file = rd_store_file_get (server->store, transfer_id, NULL);
  if (serving->file == NULL || serving->file->complete == upload)
    {
      serving_free (serving);
      return;
    }
  if (upload)
    start_upload (server, serving);
  else
    g_input_stream_read_all_async (g_io_stream_get_input_stream (stream), serving->offset, 8, G_PRIORITY_DEFAULT,
                                   NULL, fetch_offset_read_cb, serving);
}

/* ---- expiry ---- */

static gboolean
expire_cb (gpointer data)
{
  RdRelayServer *server = data;
  gint64 before = _rd_relay_now_ms () - (gint64) server->config->file_store_days * 24 * 3600 * 1000;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) old = rd_store_files_older_than (server->store, before, &error);

  for (guint i = 0; old != NULL && i < old->len; i++)
    {
      RdStoredFile *file = g_ptr_array_index (old, i);

      g_info ("file %s was not fetched in %u days: deleted", file->id, server->config->file_store_days);
      if (!forget (server, file->id, &error))
        break;
    }
  if (error != NULL)
    g_warning ("cannot delete old kept files: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
_rd_relay_file_store_start (RdRelayServer *server)
{
  expire_cb (server);
  server->file_expiry_source = g_timeout_add_seconds (EXPIRY_CHECK_S, expire_cb, server);
}

void
_rd_relay_file_store_stop (RdRelayServer *server)
{
  g_clear_handle_id (&server->file_expiry_source, g_source_remove);
}
