/* test-metrics.c: GET /metrics on a real relay parses as Prometheus text
 * (format 0.0.4), its figures move with the traffic, and only whom the
 * "metrics" setting allows may read it. */
#include "config.h"

#include <ifaddrs.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <string.h>

#include "rd-test-relay.h"

/* ---- reading Prometheus text, strictly ---- */

/* Every sample as "name{labels}" -> value; the test fails on a line that
 * is not a comment, a HELP or TYPE line or a well-formed sample of a
 * family whose TYPE came before it. */
static GHashTable *
parse_exposition (const char *text)
{
  g_autoptr(GRegex) sample = g_regex_new ("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)$",
                                          0, 0, NULL);
  g_autoptr(GRegex) type = g_regex_new ("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$",
                                        0, 0, NULL);
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_suffix (text, "\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *name = NULL, *labels = NULL, *value = NULL, *family = NULL;
      const char *kind;
      char *end;
      double number;

      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], "# HELP "))
        continue;
      if (g_regex_match (type, lines[i], 0, &match))
        {
          g_hash_table_insert (families, g_match_info_fetch (match, 1), g_match_info_fetch (match, 2));
          continue;
        }
      g_clear_pointer (&match, g_match_info_free);
      if (!g_regex_match (sample, lines[i], 0, &match))
        g_error ("not Prometheus text: %s", lines[i]);
      name = g_match_info_fetch (match, 1);
      labels = g_match_info_fetch (match, 3);
      value = g_match_info_fetch (match, 4);
      family = g_strdup (name);
      kind = g_hash_table_lookup (families, family);
      for (const char *suffix = "_bucket\0_sum\0_count\0"; kind == NULL && *suffix; suffix += strlen (suffix) + 1)
        if (g_str_has_suffix (name, suffix))
          {
            family[strlen (name) - strlen (suffix)] = '\0';
            kind = g_hash_table_lookup (families, family);
            g_assert_cmpstr (kind, ==, "histogram");
          }
      g_assert_nonnull (kind);   /* its TYPE came first */
      number = g_ascii_strtod (value, &end);
      g_assert_true (*end == '\0' || g_str_equal (value, "+Inf"));
      g_hash_table_insert (samples, g_strdup_printf ("%s{%s}", name, labels ? labels : ""),
                           g_memdup2 (&number, sizeof number));
    }
  return samples;
}

static double
sample (GHashTable *samples,
        const char *key)
{
  double *value = g_hash_table_lookup (samples, key);

  if (value == NULL)
    g_error ("no sample %s", key);
  return *value;
}

/* ---- asking ---- */

static guint
get_metrics (const char  *host,
             guint16      port,
             const char  *token,
             char       **out_body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://%s:%u/metrics", host, port);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (out_body)
    *out_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (message);
}

static GHashTable *
read_metrics (RdTestRelay *relay)
{
  g_autofree char *body = NULL;

  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, NULL, &body), ==, 200);
  return parse_exposition (body);
}

/* ---- the figures move ---- */

static double
connections (RdTestRelay *relay)
{
  g_autoptr(GHashTable) now = read_metrics (relay);

  return sample (now, "relaydesk_connections{}");
}

static void
test_figures_move (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) later = NULL;
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(RdClient) bob = NULL;
  gint64 request, waiting;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Printers \"B\"", NULL), ==, 0);
  before = read_metrics (relay);
  g_assert_cmpfloat (sample (before, "relaydesk_connections{}"), ==, 0);
  g_assert_cmpfloat (sample (before, "relaydesk_messages_total{}"), ==, 0);

  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login (relay, "bob", "bob-password");
  for (guint i = 0; i < 3; i++)
    rd_client_send_message (bob, "alice", "the printer again");
  RD_TEST_WAIT (rd_test_n_messages (alice, "bob") == 3, 10000);
  rd_client_mark_read (alice, rd_client_get_conversation (alice, "bob", FALSE));

  /* A request offered to alice and accepted; another waits, on a topic
   * whose name needs escaping. */
  request = rd_test_create_request (bob, "Network", "The VPN drops", 0, NULL);
  RD_TEST_WAIT (rd_support_desk_lookup (rd_client_get_support_desk (alice), request) != NULL &&
                rd_support_request_get_state (rd_support_desk_lookup (rd_client_get_support_desk (alice), request))
                  == RD_REQUEST_OFFERED, 10000);
  rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, request);
  rd_client_set_presence (alice, "busy", NULL);
  rd_test_spin (300);
  waiting = rd_test_create_request (bob, "Printers \"B\"", "Printer jammed", 0, NULL);
  rd_test_spin (500);

  after = read_metrics (relay);
  g_assert_cmpfloat (sample (after, "relaydesk_connections{}"), ==, 2);
  g_assert_cmpfloat (sample (after, "relaydesk_signed_in_accounts{}"), ==, 2);
  g_assert_cmpfloat (sample (after, "relaydesk_webhook_backlog{}"), ==, 0);   /* none configured */
  g_assert_cmpfloat (sample (after, "relaydesk_messages_total{}"), ==, 3);
  g_assert_cmpfloat (sample (after, "relaydesk_receipts_total{kind=\"delivered\"}"), >=, 3);
  g_assert_cmpfloat (sample (after, "relaydesk_receipts_total{kind=\"read\"}"), >=, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_requests{topic=\"Network\",state=\"active\"}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_requests{topic=\"Printers \\\"B\\\"\",state=\"queued\"}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_offers_total{outcome=\"accepted\"}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_offer_seconds_count{}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_wait_seconds_count{}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_wait_seconds_bucket{le=\"+Inf\"}"), ==, 1);
  g_assert_cmpfloat (sample (after, "relaydesk_store_commit_seconds_count{}"), >,
                     sample (before, "relaydesk_store_commit_seconds_count{}"));
  g_assert_cmpfloat (sample (after, "relaydesk_store_commit_seconds_sum{}"), >, 0);

  /* Taken from the queue by hand: a first response too. */
  rd_test_act (alice, RD_FRAME_REQUEST_TAKE, waiting);
  later = read_metrics (relay);
  g_assert_cmpfloat (sample (later, "relaydesk_wait_seconds_count{}"), ==, 2);
  g_assert_cmpfloat (sample (later, "relaydesk_requests{topic=\"Printers \\\"B\\\"\",state=\"active\"}"), ==, 1);

  g_clear_object (&bob);
  g_clear_object (&alice);
  RD_TEST_WAIT (connections (relay) == 0, 10000);
}

/* ---- who may read ---- */

/* This machine's first address that is not loopback, or NULL. */
static char *
other_local_address (void)
{
  struct ifaddrs *list = NULL;
  char *found = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *a = list; a != NULL && found == NULL; a = a->ifa_next)
    if (a->ifa_addr != NULL && a->ifa_addr->sa_family == AF_INET)
      {
        g_autoptr(GSocketAddress) address = g_socket_address_new_from_native (a->ifa_addr, sizeof (struct sockaddr_in));
        GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));

        if (!g_inet_address_get_is_loopback (inet))
          found = g_inet_address_to_string (inet);
      }
  freeifaddrs (list);
  return found;
}

/* Starts @relay listening on 0.0.0.0, on its port. */
static void
relay_on_every_address (RdTestRelay *relay)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("0.0.0.0:%u", relay->port);
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  relay->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("RELAYDESKD"), "--config",
                                     relay->config_path, "--listen", listen, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (relay->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "relaydeskd: listening on "));
}

static void
test_access (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autofree char *token_path = g_build_filename (relay->dir, "metrics-token", NULL);
  g_autofree char *config = NULL;
  g_autofree char *body = NULL;
  g_autofree char *elsewhere = other_local_address ();

  g_assert_true (g_file_set_contents (token_path, "s3cret-metrics-token-0123\n", -1, NULL));

  /* With a token: none or a wrong one is refused, the right one reads. */
  config = g_strdup_printf ("metrics=token\nmetrics_token_file=%s\n", token_path);
  rd_test_relay_configure (relay, config);
  rd_test_relay_start (relay);
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, NULL, &body), ==, 401);
  g_assert_nonnull (strstr (body, "token"));
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, "s3cret-metrics-token-0124", NULL), ==, 401);
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, "s3cret-metrics-token-012", NULL), ==, 401);
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, "s3cret-metrics-token-0123", NULL), ==, 200);
  rd_test_relay_stop (relay);

  /* Off: not there at all. */
  rd_test_relay_configure (relay, "metrics=off\n");
  rd_test_relay_start (relay);
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, NULL, NULL), ==, 404);
  rd_test_relay_stop (relay);

  /* Loopback (the default), on every address: another address of this
   * machine is not loopback, and is refused. */
  if (elsewhere == NULL)
    {
      g_test_message ("no address but loopback here: the refusal from elsewhere is not tried");
      return;
    }
  rd_test_relay_configure (relay, "allow_insecure=true\n");
  relay_on_every_address (relay);
  g_assert_cmpuint (get_metrics ("127.0.0.1", relay->port, NULL, NULL), ==, 200);
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (get_metrics (elsewhere, relay->port, NULL, &body), ==, 403);
  g_assert_nonnull (strstr (body, "metrics=loopback"));
  g_subprocess_force_exit (relay->process);
  g_subprocess_wait (relay->process, NULL, NULL);
  g_clear_object (&relay->process);
}

/* Bad settings are refused at start, naming the key. */
static void
test_bad_settings (void)
{
  static const struct { const char *lines; const char *says; } cases[] = {
    { "metrics=public", "metrics must be off, loopback or token" },
    { "metrics=token", "metrics=token needs metrics_token_file" },
    { "metrics=token\nmetrics_token_file=/nonexistent/token", "metrics_token_file:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    rd_test_relay_assert_refused (cases[i].lines, cases[i].says);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/figures-move", test_figures_move);
  g_test_add_func ("/metrics/access", test_access);
  g_test_add_func ("/metrics/bad-settings", test_bad_settings);
  return g_test_run ();
}
