/* rd-file-proxy.c: file_proxy for a ticket, connect (with the same
 * certificate rules as the relay connection), send the upgrade request,
 * read the answer byte by byte up to its blank line (so that no byte of the
 * transfer is read into a buffer here), and hand the stream over. */
#define G_LOG_DOMAIN "rd-file-proxy"

#include "config.h"

#include <string.h>

#include "rd-file-proxy.h"
#include "rd-peer-certificate.h"

#define ANSWER_MAX_BYTES 1024

typedef struct {
  GIOStream *stream;
  char      *request;
  GString   *answer;
  char       byte;
  char      *pinned_sha256;
} Upgrade;

static void
upgrade_free (Upgrade *upgrade)
{
  g_clear_object (&upgrade->stream);
  g_free (upgrade->request);
  if (upgrade->answer)
    g_string_free (upgrade->answer, TRUE);
  g_free (upgrade->pinned_sha256);
  g_free (upgrade);
}

static void
read_byte_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upgrade *upgrade = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      g_task_return_error (task, error ? error : g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                              "the relay closed the file connection"));
      return;
    }
  g_string_append_c (upgrade->answer, upgrade->byte);
  if (g_str_has_suffix (upgrade->answer->str, "\r\n\r\n"))
    {
      if (!g_str_has_prefix (upgrade->answer->str, "HTTP/1.1 101"))
        {
          char *line_end = strstr (upgrade->answer->str, "\r\n");

          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "the relay refused: %.*s",
                                   (int) (line_end - upgrade->answer->str), upgrade->answer->str);
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&upgrade->stream), g_object_unref);
      return;
    }
  if (upgrade->answer->len >= ANSWER_MAX_BYTES)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the relay's answer is too long");
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (upgrade->stream), &upgrade->byte, 1, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_byte_cb, g_object_ref (task));
}

static void
request_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upgrade *upgrade = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  upgrade->answer = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (upgrade->stream), &upgrade->byte, 1, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_byte_cb, g_object_ref (task));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upgrade *upgrade = g_task_get_task_data (task);
  GError *error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (source), result, &error);

  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  upgrade->stream = G_IO_STREAM (connection);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (upgrade->stream), upgrade->request,
                                   strlen (upgrade->request), G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   request_written_cb, g_object_ref (task));
}

/* A relay with a pinned (self-signed) certificate: the same pin applies here. */
static gboolean
accept_pinned_cb (GTlsConnection       *connection,
                  GTlsCertificate      *certificate,
                  GTlsCertificateFlags  errors,
                  Upgrade              *upgrade)
{
  g_autofree char *digest = rd_certificate_sha256 (certificate);

  if (digest == NULL || upgrade->pinned_sha256 == NULL)
    return FALSE;
  return g_ascii_strcasecmp (digest, upgrade->pinned_sha256) == 0;
}

static void
socket_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 Upgrade            *upgrade)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (accept_pinned_cb), upgrade);
}

static void
ticket_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upgrade *upgrade = g_task_get_task_data (task);
  RdClient *client = RD_CLIENT (source);
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (client, result, &error);
  g_autoptr(GUri) relay = NULL;
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autofree char *uri = NULL;
  gboolean tls;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Relays sharing a database name the one both sides meet on. */
  relay = g_uri_parse (rd_frame_get_string (reply, "url", rd_client_get_url (client)), G_URI_FLAGS_NONE, &error);
  if (relay == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tls = g_strcmp0 (g_uri_get_scheme (relay), "wss") == 0;
  upgrade->request = g_strdup_printf ("GET %s?ticket=%s HTTP/1.1\r\n"
                                      "Host: %s\r\n"
                                      "Upgrade: relaydesk-file\r\n"
                                      "Connection: Upgrade\r\n"
                                      "\r\n",
                                      rd_frame_get_string (reply, "path", "/files"),
                                      rd_frame_get_string (reply, "ticket", ""), g_uri_get_host (relay));
  upgrade->pinned_sha256 = g_strdup (rd_client_get_pinned_certificate (client));
  socket_client = g_socket_client_new ();
  g_socket_client_set_tls (socket_client, tls);
  g_signal_connect (socket_client, "event", G_CALLBACK (socket_event_cb), upgrade);
  uri = g_strdup_printf ("%s://%s:%d", tls ? "https" : "http", g_uri_get_host (relay), g_uri_get_port (relay));
  g_socket_client_connect_to_uri_async (socket_client, uri, tls ? 443 : 80, g_task_get_cancellable (task),
                                        connected_cb, g_object_ref (task));
}

void
rd_file_proxy_connect_async (RdClient            *client,
                             const char          *transfer_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_FILE_PROXY, NULL);

  g_task_set_source_tag (task, rd_file_proxy_connect_async);
  g_task_set_task_data (task, g_new0 (Upgrade, 1), (GDestroyNotify) upgrade_free);
  json_object_set_string_member (frame, "transfer", transfer_id);
  rd_client_request_async (client, frame, cancellable, ticket_cb, task);
}

GIOStream *
rd_file_proxy_connect_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
