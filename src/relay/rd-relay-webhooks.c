/* rd-relay-webhooks.c: each support request's life, POSTed to the URLs an
 * admin configured (webhook_urls), for a ticket system to keep.
 *
 * Recording a step of a request (rd-relay-queue.c) writes, in the same
 * transaction, one outbox row per URL for the steps a ticket system
 * wants: created, taken (accepted, taken by hand, taken over), transferred
 * (or reassigned), resolved (or closed for silence; with the transcript),
 * cancelled and rated. So an event exists exactly when its change does.
 * Once the transaction is on disk, and every second after, the relay
 * claims due rows for a lease, POSTs each body signed with HMAC-SHA256
 * under the shared secret, deletes the row on a 2xx answer and otherwise
 * counts the failure and tries again after 1, 2, 4 ... 300 s. A row is
 * only ever deleted after a 2xx, so an event is never lost; a relay that
 * dies between a receiver's 2xx and the delete sends it again, with the
 * same id, for the receiver to see it has it already (docs/integrations.md). */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rd-relay-private.h"
#include "rd-store-webhooks.h"

#define DUE_PER_RUN 16
#define LEASE_MARGIN_S 5
#define RETRY_MAX_S 300

struct _RdRelayWebhooks {
  SoupSession  *session;
  GCancellable *cancellable;
  GHashTable   *in_flight;   /* "event_id url" */
  guint         source;
};

static gint64
now_us (void)
{
  return g_get_real_time ();
}

/* ---- events, in the transaction of their change ---- */

static const char *
event_type (const char *what)
{
  static const struct { const char *what; const char *type; } types[] = {
    { "created", "request.created" },
    { "accepted", "request.taken" },
    { "taken", "request.taken" },
    { "taken_over", "request.taken" },
    { "transferred", "request.transferred" },
    { "reassigned", "request.transferred" },
    { "resolved", "request.resolved" },
    { "closed_idle", "request.resolved" },
    { "cancelled", "request.cancelled" },
    { "rated", "request.rated" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].what, what) == 0)
      return types[i].type;
  return NULL;
}

static JsonObject *
event_body (RdRelayServer    *server,
            RdStoredRequest  *request,
            RdRequestStep    *step,
            const char       *type,
            const char       *event_id,
            GError          **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *what = json_object_new ();

  json_object_set_string_member (body, "id", event_id);
  json_object_set_string_member (body, "type", type);
  json_object_set_int_member (body, "at", step->at_us / 1000);
  json_object_set_object_member (body, "request", _rd_relay_queue_request_json (server, request, NULL));
  json_object_set_string_member (what, "what", step->what);
  _rd_relay_set_person (server, what, "by", step->actor_id);
  _rd_relay_set_person (server, what, "to", step->target_id);
  json_object_set_string_member (what, "note", step->text ? step->text : "");
  json_object_set_object_member (body, "step", what);
  if (g_str_equal (type, "request.rated"))
    {
      json_object_set_int_member (body, "rating", step->rating);
      json_object_set_string_member (body, "comment", step->text ? step->text : "");
    }
  if (g_str_equal (type, "request.resolved"))
    {
      JsonArray *transcript = _rd_relay_request_transcript (server, request, error);

      if (transcript == NULL)
        return NULL;
      json_object_set_array_member (body, "transcript", transcript);
    }
  return g_steal_pointer (&body);
}

static void kick (RdRelayServer *server, const GError *error, gpointer data);

gboolean
_rd_relay_webhooks_add (RdRelayServer  *server,
                        gint64          request_id,
                        RdRequestStep  *step,
                        GError        **error)
{
  const char *type = event_type (step->what);
  char **urls = server->config->webhook_urls;
  g_autoptr(RdStoredRequest) request = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *text = NULL;

  if (urls == NULL || type == NULL)
    return TRUE;
  if ((request = rd_store_request_get (server->store, request_id, error)) == NULL)
    return FALSE;
  event_id = g_uuid_string_random ();
  if ((body = event_body (server, request, step, type, event_id, error)) == NULL)
    return FALSE;
  node = json_node_init_object (json_node_alloc (), body);
  text = json_to_string (node, FALSE);
  for (guint i = 0; urls[i] != NULL; i++)
    if (!rd_store_webhook_add (server->store, event_id, urls[i], text, now_us (), error))
      return FALSE;
  _rd_relay_server_after_commit (server, kick, NULL, NULL);
  return TRUE;
}

/* ---- delivery ---- */

char *
_rd_relay_webhooks_sign (const char *secret,
                         const char *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));

  g_hmac_update (hmac, (const guchar *) body, -1);
  return g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
}

typedef struct {
  RdRelayServer     *server;
  RdWebhookDelivery *delivery;
  SoupMessage       *message;
  char              *key;
} Sending;

static void
sending_free (Sending *sending)
{
  g_object_unref (sending->server);
  rd_webhook_delivery_free (sending->delivery);
  g_object_unref (sending->message);
  g_free (sending->key);
  g_free (sending);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Sending *sending = data;
  RdRelayServer *server = sending->server;
  RdWebhookDelivery *delivery = sending->delivery;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = soup_message_get_status (sending->message);
  gint64 delay_s;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || server->webhooks == NULL)
    {
      sending_free (sending);   /* stopping: the lease runs out, and it is sent again */
      return;
    }
  g_hash_table_remove (server->webhooks->in_flight, sending->key);
  if (answer != NULL && status >= 200 && status < 300)
    {
      if (!_rd_relay_server_write_begin (server, &store_error) ||
          !rd_store_webhook_delivered (server->store, delivery, &store_error))
        g_warning ("webhook %s delivered but not forgotten: %s", delivery->event_id, store_error->message);
      else
        g_debug ("webhook %s delivered to %s", delivery->event_id, delivery->url);
      _rd_relay_server_after_commit (server, kick, NULL, NULL);
      sending_free (sending);
      return;
    }
  delay_s = MIN (RETRY_MAX_S, (gint64) 1 << MIN (delivery->attempts, 9));
  g_message ("webhook %s to %s: %s; trying again in %" G_GINT64_FORMAT " s", delivery->event_id, delivery->url,
             error ? error->message : soup_status_get_phrase (status), delay_s);
  if (!_rd_relay_server_write_begin (server, &store_error) ||
      !rd_store_webhook_retry (server->store, delivery, now_us () + delay_s * G_USEC_PER_SEC, &store_error))
    g_warning ("webhook %s: the next attempt was not recorded: %s", delivery->event_id, store_error->message);
  sending_free (sending);
}

static void
send (RdRelayServer      *server,
      RdWebhookDelivery  *delivery,
      const char         *key)
{
  Sending *sending = g_new0 (Sending, 1);
  g_autofree char *signature = _rd_relay_webhooks_sign (server->config->webhook_secret, delivery->body);
  g_autoptr(GBytes) body = g_bytes_new (delivery->body, strlen (delivery->body));
  SoupMessageHeaders *headers;

  sending->server = g_object_ref (server);
  sending->delivery = delivery;
  sending->key = g_strdup (key);
  sending->message = soup_message_new ("POST", delivery->url);
  headers = soup_message_get_request_headers (sending->message);
  soup_message_headers_replace (headers, "X-Relaydesk-Delivery", delivery->event_id);
  soup_message_headers_replace (headers, "X-Relaydesk-Signature", signature);
  soup_message_set_request_body_from_bytes (sending->message, "application/json", body);
  g_hash_table_add (server->webhooks->in_flight, g_strdup (key));
  soup_session_send_and_read_async (server->webhooks->session, sending->message, G_PRIORITY_DEFAULT,
                                    server->webhooks->cancellable, sent_cb, sending);
}

/* Claims and sends what is due and not already on its way from here. */
static void
run (RdRelayServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gint64 now = now_us ();
  gint64 lease = (server->config->webhook_timeout_s + LEASE_MARGIN_S) * G_USEC_PER_SEC;

  if (server->webhooks == NULL)
    return;
  if ((due = rd_store_webhooks_due (server->store, now, DUE_PER_RUN, &error)) == NULL)
    {
      g_warning ("webhooks: %s", error->message);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      RdWebhookDelivery *delivery = g_ptr_array_index (due, i);
      g_autofree char *key = g_strconcat (delivery->event_id, " ", delivery->url, NULL);
      gboolean claimed = FALSE;

      if (g_hash_table_contains (server->webhooks->in_flight, key))
        continue;
      if (!_rd_relay_server_write_begin (server, &error) ||
          !rd_store_webhook_claim (server->store, delivery, now, now + lease, &claimed, &error))
        {
          g_warning ("webhooks: %s", error->message);
          return;
        }
      if (claimed)
        send (server, g_steal_pointer (&g_ptr_array_index (due, i)), key);
    }
}

static void
kick (RdRelayServer *server,
      const GError  *error,
      gpointer       data)
{
  if (error == NULL)
    run (server);
}

static gboolean
tick_cb (gpointer data)
{
  run (data);
  return G_SOURCE_CONTINUE;
}

void
_rd_relay_webhooks_start (RdRelayServer *server)
{
  RdRelayWebhooks *webhooks;

  if (server->config->webhook_urls == NULL)
    return;
  webhooks = g_new0 (RdRelayWebhooks, 1);
  webhooks->session = soup_session_new_with_options ("timeout", server->config->webhook_timeout_s,
                                                     "user-agent", "relaydeskd/" PACKAGE_VERSION, NULL);
  webhooks->cancellable = g_cancellable_new ();
  webhooks->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  webhooks->source = g_timeout_add_seconds (1, tick_cb, server);
  server->webhooks = webhooks;
  run (server);
}

void
_rd_relay_webhooks_stop (RdRelayServer *server)
{
  RdRelayWebhooks *webhooks = g_steal_pointer (&server->webhooks);

  if (webhooks == NULL)
    return;
  g_clear_handle_id (&webhooks->source, g_source_remove);
  g_cancellable_cancel (webhooks->cancellable);
  soup_session_abort (webhooks->session);
  g_object_unref (webhooks->cancellable);
  g_object_unref (webhooks->session);
  g_hash_table_unref (webhooks->in_flight);
  g_free (webhooks);
}
