/* bench-queue.c: request-to-offer time through a real relay.
 *
 * 1,000 agents online and 10,000 requests waiting (in a manual-only topic,
 * so they stay queued and every routing round reads past them); then a
 * requester asks for help in a least-busy topic, again and again, and the
 * time from sending request_create to the agent receiving the offer is
 * measured. Prints p50/p99.
 *
 *   RELAYDESKD=_build/src/relay/relaydeskd _build/tests/bench/bench-queue
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include "bench-stats.h"

#include <stdio.h>

#include "rd-fd-limit.h"
#include "rd-test-relay.h"

typedef struct {
  gint64  sent_at;
  gint64  request;
  GArray *latencies;   /* double ms */
  gint64  offered_to;  /* account index + 1 of the agent offered, 0 none yet */
} Measure;

static void
offer_cb (RdClient *client, const char *kind, JsonObject *data, Measure *m)
{
  if (!g_str_equal (kind, "offer") || rd_frame_get_int (data, "request", 0) != m->request)
    return;
  {
    double ms = (g_get_monotonic_time () - m->sent_at) / 1000.0;
    g_array_append_val (m->latencies, ms);
  }
  m->offered_to = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (client), "index")) + 1;
}

static gint64
create (RdClient *client, const char *topic, const char *summary)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (frame, "topic", topic);
  json_object_set_string_member (frame, "summary", summary);
  reply = rd_test_request (client, frame, &error);
  g_assert_no_error (error);
  return rd_frame_get_int (reply, "request", 0);
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
  Measure m = { 0 };
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
  g_assert_true (g_file_set_contents (path, users->str, -1, NULL));
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "user", "import", path, NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Backlog", "--strategy", "manual",
                                        NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  rd_test_relay_start (relay);

  requester = rd_test_client_login (relay, "req", "bench-password");
  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < n_queued; i++)
    create (requester, "Backlog", "waiting in the backlog");
  printf ("queue:   %d requests waiting (created in %.1f s)\n", n_queued, (g_get_monotonic_time () - t0) / 1e6);

  m.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < n_agents; i++)
    {
      g_autofree char *name = g_strdup_printf ("agent%04d", i);
      RdClient *agent = rd_test_client_login (relay, name, "bench-password");

      g_object_set_data (G_OBJECT (agent), "index", GSIZE_TO_POINTER ((gsize) i));
      g_signal_connect (agent, "event", G_CALLBACK (offer_cb), &m);
      g_ptr_array_add (agents, agent);
    }
  printf ("agents:  %d online (signed in in %.1f s)\n", n_agents, (g_get_monotonic_time () - t0) / 1e6);

  for (gint s = 0; s < samples; s++)
    {
      RdClient *agent;

      m.offered_to = 0;
      m.sent_at = g_get_monotonic_time ();
      m.request = create (requester, "Network", "VPN down");
      RD_TEST_WAIT (m.offered_to != 0, 30000);
      /* Take it and close it, so capacity stays free for the next one. */
      agent = g_ptr_array_index (agents, m.offered_to - 1);
      rd_test_act (agent, RD_FRAME_OFFER_ACCEPT, m.request);
      rd_test_act (agent, RD_FRAME_REQUEST_RESOLVE, m.request);
    }
  printf ("offer:   request_create to the agent's offer event: p50 %.1f ms, p99 %.1f ms (%u requests)\n",
          bench_percentile (m.latencies, 0.5), bench_percentile (m.latencies, 0.99),
          m.latencies->len);
  for (guint i = 0; i < agents->len; i++)
    rd_client_disconnect (g_ptr_array_index (agents, i));
  g_array_unref (m.latencies);
  return 0;
}
