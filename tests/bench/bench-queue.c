/* bench-queue.c: request-to-offer time through a real relay.
 *
 * 1,000 agents online and 10,000 requests waiting (in a manual-only topic,
 * so they stay queued and every routing round reads past them); then a
 * requester asks for help in a least-busy topic, again and again, and the
 * time from sending request_create to the agent receiving the offer is
 * measured. Everything goes through the typed support desk (RdSupportDesk). Prints p50/p99.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-queue
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include "bench-stats.h"

#include <stdio.h>

#include "rd-fd-limit.h"
#include "rd-test-relay.h"

#define BACKLOG_PER_REQUESTER 20

/* An offer as the agent's desk heard it. The offer may come before the
 * requester hears the request's id (all clients share this loop), so
 * offers are kept by request id and matched afterwards. */
typedef struct {
  gint64 agent;        /* index */
  gint64 at;           /* monotonic µs */
} Offer;

typedef struct {
  GHashTable *offers;  /* gint64 * request -> Offer * */
  gint64      index;
} Agent;

static void
offered_cb (RdSupportDesk *desk, RdSupportRequest *request, Agent *agent)
{
  gint64 id = rd_support_request_get_id (request);
  Offer *offer = g_new (Offer, 1);

  offer->agent = agent->index;
  offer->at = g_get_monotonic_time ();
  g_hash_table_insert (agent->offers, g_memdup2 (&id, sizeof id), offer);
}

typedef struct {
  gboolean          done;
  RdSupportRequest *created;
  GError           *error;
} Call;

static void
created_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;

  call->created = rd_support_desk_create_finish (RD_SUPPORT_DESK (source), result, &call->error);
  call->done = TRUE;
}

static void
called_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;

  rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &call->error);
  call->done = TRUE;
}

static gint64
create (RdClient *client, const char *topic, const char *summary)
{
  Call call = { 0 };
  gint64 id;

  rd_support_desk_create_async (rd_client_get_support_desk (client), topic, summary, "", RD_PRIORITY_NORMAL, NULL, NULL,
                                created_cb, &call);
  RD_TEST_WAIT (call.done, 10000);
  g_assert_no_error (call.error);
  id = rd_support_request_get_id (call.created);
  g_object_unref (call.created);
  return id;
}

/* Accepts the offer, then resolves it, so capacity stays free. */
static void
help (RdClient *agent, gint64 request)
{
  RdSupportDesk *desk = rd_client_get_support_desk (agent);
  Call call = { 0 };

  rd_support_desk_accept_async (desk, request, NULL, called_cb, &call);
  RD_TEST_WAIT (call.done, 10000);
  g_assert_no_error (call.error);
  call.done = FALSE;
  rd_support_desk_resolve_async (desk, request, NULL, called_cb, &call);
  RD_TEST_WAIT (call.done, 10000);
  g_assert_no_error (call.error);
}

int
main (int argc, char *argv[])
{
  gint n_agents = 1000, n_queued = 10000, samples = 100;
  GOptionEntry entries[] = {
    { "agents", 'a', 0, G_OPTION_ARG_INT, &n_agents, "Agents online (1000)", "N" },
    { "queued", 'q', 0, G_OPTION_ARG_INT, &n_queued, "Requests waiting meanwhile (10000)", "N" },
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples, "Requests to time (100)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- request to offer through the relay");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autoptr(GString) users = g_string_new ("req:requester:Requester:bench-password\n");
  g_autofree char *path = g_build_filename (relay->dir, "users.txt", NULL);
  g_autoptr(RdClient) requester = NULL;
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Agent *closures = NULL;
  g_autoptr(GHashTable) offers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_agents < 1 || n_queued < 0 || samples < 1)
    {
      g_printerr ("%s\n", error ? error->message : "bad counts");
      return 2;
    }
  rd_raise_fd_limit ();
  rd_test_relay_configure (relay, "frames_per_second=0\nconnections_per_address=0\npassword_hash=minimum\nlog_level=warning");
  for (gint i = 0; i < n_agents; i++)
    g_string_append_printf (users, "agent%04d:agent:Agent %d:bench-password\n", i, i);
  for (gint i = 0; i < n_queued; i += BACKLOG_PER_REQUESTER)
    g_string_append_printf (users, "back%05d:requester:Backlog %d:bench-password\n", i, i);
  g_assert_true (g_file_set_contents (path, users->str, -1, NULL));
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "import", path, NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Backlog", "--strategy", "manual",
                                        NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  rd_test_relay_start (relay);

  /* The backlog comes from requesters who then sign out: a requester
   * online hears the place of each of their waiting requests at every
   * change, and nobody waits with thousands. */
  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < n_queued; i += BACKLOG_PER_REQUESTER)
    {
      g_autofree char *name = g_strdup_printf ("back%05d", i);
      g_autoptr(RdClient) backlog = rd_test_client_login (relay, name, "bench-password");

      for (gint k = i; k < MIN (n_queued, i + BACKLOG_PER_REQUESTER); k++)
        create (backlog, "Backlog", "waiting in the backlog");
      rd_client_disconnect (backlog);
    }
  requester = rd_test_client_login (relay, "req", "bench-password");
  printf ("queue:   %d requests waiting (created in %.1f s)\n", n_queued, (g_get_monotonic_time () - t0) / 1e6);

  closures = g_new0 (Agent, n_agents);
  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < n_agents; i++)
    {
      g_autofree char *name = g_strdup_printf ("agent%04d", i);
      RdClient *agent = rd_test_client_login (relay, name, "bench-password");

      closures[i].offers = offers;
      closures[i].index = i;
      g_signal_connect (rd_client_get_support_desk (agent), "offered", G_CALLBACK (offered_cb), &closures[i]);
      g_ptr_array_add (agents, agent);
    }
  printf ("agents:  %d online (signed in in %.1f s)\n", n_agents, (g_get_monotonic_time () - t0) / 1e6);

  for (gint s = 0; s < samples; s++)
    {
      gint64 sent_at = g_get_monotonic_time ();
      gint64 request = create (requester, "Network", "VPN down");
      Offer *offer;
      double ms;

      RD_TEST_WAIT ((offer = g_hash_table_lookup (offers, &request)) != NULL, 30000);
      ms = (offer->at - sent_at) / 1000.0;
      g_array_append_val (latencies, ms);
      help (g_ptr_array_index (agents, offer->agent), request);
    }
  printf ("offer:   request_create to the agent's offer event: p50 %.1f ms, p99 %.1f ms (%u requests)\n",
          bench_percentile (latencies, 0.5), bench_percentile (latencies, 0.99), latencies->len);
  for (guint i = 0; i < agents->len; i++)
    rd_client_disconnect (g_ptr_array_index (agents, i));
  return 0;
}
