/* rd-relay-metrics.c: the figures, the /metrics handler and who may read it.
 *
 * Access: metrics=loopback (the default) answers peers on 127.0.0.1 or
 * ::1 only; metrics=token anyone sending "Authorization: Bearer TOKEN"
 * (compared in constant time); metrics=off answers 404. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "rd-relay-private.h"
#include "rd-store-webhooks.h"

static const double offer_bounds[] = { 1, 2, 5, 10, 15, 20, 30, 45, 60, 120 };
static const double wait_bounds[] = { 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400 };
static const double commit_bounds[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                        0.25, 1 };

G_STATIC_ASSERT (G_N_ELEMENTS (wait_bounds) <= RD_HISTOGRAM_MAX_BOUNDS);
G_STATIC_ASSERT (G_N_ELEMENTS (commit_bounds) <= RD_HISTOGRAM_MAX_BOUNDS);

void
rd_relay_metrics_init (RdRelayMetrics *metrics)
{
  memset (metrics, 0, sizeof *metrics);
  metrics->offer_seconds.bounds = offer_bounds;
  metrics->offer_seconds.n_bounds = G_N_ELEMENTS (offer_bounds);
  metrics->wait_seconds.bounds = wait_bounds;
  metrics->wait_seconds.n_bounds = G_N_ELEMENTS (wait_bounds);
  metrics->commit_seconds.bounds = commit_bounds;
  metrics->commit_seconds.n_bounds = G_N_ELEMENTS (commit_bounds);
}

void
rd_histogram_observe (RdHistogram *histogram,
                      double       seconds)
{
  guint i = 0;

  seconds = MAX (seconds, 0);
  while (i < histogram->n_bounds && seconds > histogram->bounds[i])
    i++;
  if (i < histogram->n_bounds)
    histogram->counts[i]++;
  histogram->count++;
  histogram->sum += seconds;
}

/* ---- the text ---- */

static void
describe (GString    *out,
          const char *name,
          const char *type,
          const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
number (GString    *out,
        const char *name,
        const char *labels,
        double      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "%s%s%s%s %s\n", name, labels ? "{" : "", labels ? labels : "", labels ? "}" : "",
                          g_ascii_dtostr (text, sizeof text, value));
}

static void
one (GString    *out,
     const char *name,
     const char *type,
     const char *help,
     double      value)
{
  describe (out, name, type, help);
  number (out, name, NULL, value);
}

/* A label value, with \, " and line breaks escaped. */
static char *
label_value (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (escaped, '\\');
      if (*p == '\n')
        g_string_append (escaped, "\\n");
      else
        g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}

static void
histogram (GString           *out,
           const char        *name,
           const char        *help,
           const RdHistogram *histogram)
{
  g_autofree char *bucket = g_strconcat (name, "_bucket", NULL);
  g_autofree char *sum = g_strconcat (name, "_sum", NULL);
  g_autofree char *count = g_strconcat (name, "_count", NULL);
  guint64 cumulative = 0;
  char bound[G_ASCII_DTOSTR_BUF_SIZE];

  describe (out, name, "histogram", help);
  for (guint i = 0; i < histogram->n_bounds; i++)
    {
      g_autofree char *labels = g_strdup_printf ("le=\"%s\"", g_ascii_dtostr (bound, sizeof bound,
                                                                              histogram->bounds[i]));

      cumulative += histogram->counts[i];
      number (out, bucket, labels, (double) cumulative);
    }
  number (out, bucket, "le=\"+Inf\"", (double) histogram->count);
  number (out, sum, NULL, histogram->sum);
  number (out, count, NULL, (double) histogram->count);
}

static gboolean
requests_by_topic (GString        *out,
                   RdRelayServer  *server,
                   GError        **error)
{
  g_autoptr(GArray) counts = rd_store_request_counts (server->store, error);

  if (counts == NULL)
    return FALSE;
  describe (out, "relaydesk_requests", "gauge", "Open support requests, by topic and state.");
  for (guint i = 0; i < counts->len; i++)
    {
      RdRequestCount *row = &g_array_index (counts, RdRequestCount, i);
      g_autofree char *topic = label_value (row->topic);
      g_autofree char *labels = g_strdup_printf ("topic=\"%s\",state=\"%s\"", topic,
                                                 rd_request_state_to_string (row->state));

      number (out, "relaydesk_requests", labels, row->count);
    }
  return TRUE;
}

char *
_rd_relay_metrics_render (RdRelayServer  *server,
                          GError        **error)
{
  RdRelayMetrics *m = &server->metrics;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 backlog;

  one (out, "relaydesk_connections", "gauge", "Open client connections, signed in or not.", server->sessions->len);
  one (out, "relaydesk_signed_in_accounts", "gauge", "Accounts with a signed-in connection to this relay.",
       g_hash_table_size (server->sessions_by_account));
  one (out, "relaydesk_messages_total", "counter", "Messages stored by this relay.", (double) m->messages);
  describe (out, "relaydesk_receipts_total", "counter", "Receipts stored by this relay, by kind.");
  number (out, "relaydesk_receipts_total", "kind=\"delivered\"", (double) m->receipts_delivered);
  number (out, "relaydesk_receipts_total", "kind=\"read\"", (double) m->receipts_read);
  if (!requests_by_topic (out, server, error))
    return NULL;
  describe (out, "relaydesk_offers_total", "counter", "Offers of requests to agents, by how they ended.");
  number (out, "relaydesk_offers_total", "outcome=\"accepted\"", (double) m->offers_accepted);
  number (out, "relaydesk_offers_total", "outcome=\"declined\"", (double) m->offers_declined);
  number (out, "relaydesk_offers_total", "outcome=\"timed_out\"", (double) m->offers_timed_out);
  histogram (out, "relaydesk_offer_seconds", "From an offer to its answer or time-out.", &m->offer_seconds);
  histogram (out, "relaydesk_wait_seconds", "From a request's queueing to an agent accepting its offer or taking it.",
             &m->wait_seconds);
  histogram (out, "relaydesk_store_commit_seconds", "A group commit of the store, on the relay's loop.",
             &m->commit_seconds);
  if ((backlog = rd_store_webhook_backlog (server->store, error)) < 0)
    return NULL;
  one (out, "relaydesk_webhook_backlog", "gauge", "Webhook deliveries not yet answered 2xx (every URL, every relay).",
       (double) backlog);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- who may read it ---- */

static gboolean
from_loopback (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return G_IS_INET_SOCKET_ADDRESS (remote) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
}

static gboolean
has_token (SoupServerMessage *msg,
           const char        *token)
{
  const char *given = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  size_t length = strlen (token);

  if (given == NULL || !g_str_has_prefix (given, "Bearer "))
    return FALSE;
  given += strlen ("Bearer ");
  return strlen (given) == length && sodium_memcmp (given, token, length) == 0;
}

static void
refuse (SoupServerMessage *msg,
        guint              status,
        const char        *why)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, why, strlen (why));
}

static void
metrics_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  RdRelayServer *server = user_data;
  g_autoptr(GError) error = NULL;
  char *text;

  if (server->config->metrics == RD_METRICS_OFF)
    return refuse (msg, SOUP_STATUS_NOT_FOUND, "metrics are off (the relay's metrics setting)\n");
  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    return refuse (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "GET only\n");
  if (server->config->metrics == RD_METRICS_LOOPBACK && !from_loopback (msg))
    return refuse (msg, SOUP_STATUS_FORBIDDEN, "metrics are served to this machine only (metrics=loopback)\n");
  if (server->config->metrics == RD_METRICS_TOKEN && !has_token (msg, server->config->metrics_token))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", "Bearer");
      return refuse (msg, SOUP_STATUS_UNAUTHORIZED, "metrics need the token (Authorization: Bearer)\n");
    }
  text = _rd_relay_metrics_render (server, &error);
  if (text == NULL)
    {
      g_warning ("metrics: %s", error->message);
      return refuse (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "the store cannot be read now\n");
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE, text,
                                    strlen (text));
}

void
_rd_relay_metrics_listen (RdRelayServer *server)
{
  soup_server_add_handler (server->soup, "/metrics", metrics_cb, server, NULL);
}
