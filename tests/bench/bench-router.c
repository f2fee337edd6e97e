/* bench-router.c: routing decision time, the router alone.
 *
 * 1,000 agents (random capacity, load, skills), 10,000 waiting requests in
 * 40 topics over the four strategies; times full routing rounds and single
 * picks, and prints p50/p99.
 *
 *   _build/tests/bench/bench-router --agents 1000 --requests 10000
 */
#define G_LOG_DOMAIN "rd-bench"

#include "config.h"

#include "bench-stats.h"

#include <stdio.h>

#include "rd-router.h"

#define TOPICS 40

static GPtrArray *
make_agents (GRand *rand, guint n)
{
  GPtrArray *agents = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_agent_free);

  for (guint i = 0; i < n; i++)
    {
      RdRouteAgent *agent = rd_route_agent_new (i + 1);

      agent->available = g_rand_int_range (rand, 0, 10) < 8;
      agent->capacity = g_rand_int_range (rand, 1, 6);
      agent->load = g_rand_int_range (rand, 0, agent->capacity + 1);
      agent->free_since = g_rand_int_range (rand, 0, 1000000);
      for (gint64 topic = 0; topic < TOPICS; topic++)
        if (g_rand_int_range (rand, 0, 8) == 0)
          g_array_append_val (agent->skills, topic);
      g_ptr_array_add (agents, agent);
    }
  return agents;
}

static GPtrArray *
make_requests (GRand *rand, guint n)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_request_free);

  for (guint i = 0; i < n; i++)
    {
      RdRouteRequest *request = rd_route_request_new ();

      request->id = i + 1;
      request->topic_id = g_rand_int_range (rand, 0, TOPICS);
      request->strategy = (RdRouteStrategy) (request->topic_id % 4);
      request->priority = g_rand_int_range (rand, 0, 3);
      request->queued_at = g_rand_int_range (rand, 0, 1000000);
      for (guint d = 0; d < (guint) g_rand_int_range (rand, 0, 3); d++)
        {
          gint64 agent = g_rand_int_range (rand, 1, 1000);
          g_array_append_val (request->declined, agent);
        }
      g_ptr_array_add (requests, request);
    }
  return requests;
}

static void
report (const char *what, GArray *times)
{
  printf ("%-44s p50 %8.3f ms   p99 %8.3f ms   (%u runs)\n", what,
          bench_percentile (times, 0.5), bench_percentile (times, 0.99), times->len);
}

int
main (int argc, char *argv[])
{
  gint n_agents = 1000, n_requests = 10000, runs = 50;
  GOptionEntry entries[] = {
    { "agents", 'a', 0, G_OPTION_ARG_INT, &n_agents, "Agents online (1000)", "N" },
    { "requests", 'r', 0, G_OPTION_ARG_INT, &n_requests, "Requests waiting (10000)", "N" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Rounds to time (50)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- routing decision benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) rounds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) picks = g_array_new (FALSE, FALSE, sizeof (double));
  guint offered = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_agents < 1 || n_requests < 1 || runs < 1)
    {
      g_printerr ("%s\n", error ? error->message : "counts must be positive");
      return 2;
    }
  for (gint run = 0; run < runs; run++)
    {
      g_autoptr(GPtrArray) agents = make_agents (rand, n_agents);
      g_autoptr(GPtrArray) requests = make_requests (rand, n_requests);
      g_autoptr(GArray) offers = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      offers = rd_route_round (requests, agents, 2000000);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (rounds, ms);
      offered += offers->len;

      for (guint k = 0; k < 20; k++)
        {
          RdRouteRequest *request = g_ptr_array_index (requests, g_rand_int_range (rand, 0, requests->len));
          t0 = g_get_monotonic_time ();
          (void) rd_route_pick_agent (request, agents);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (picks, ms);
        }
    }
  printf ("%d agents, %d waiting requests, %u offers per round on average\n", n_agents, n_requests,
          offered / runs);
  report ("full routing round (sort + offer everything)", rounds);
  report ("one pick (best agent for one request)", picks);
  return 0;
}
