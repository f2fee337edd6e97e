/* test-router.c: each routing strategy on a deterministic clock, and a
 * property test: random arrivals, offers, accepts, declines, timeouts,
 * disconnects and restarts, with the invariants checked after every step. */
#include "config.h"

#include "rd-router.h"

static RdRouteAgent *
agent_new (gint64 id, guint capacity, guint load, gint64 free_since)
{
  RdRouteAgent *agent = rd_route_agent_new (id);

  agent->available = TRUE;
  agent->capacity = capacity;
  agent->load = load;
  agent->free_since = free_since;
  return agent;
}

static RdRouteRequest *
request_new (gint64 id, gint64 topic, RdRouteStrategy strategy, gint priority, gint64 queued_at)
{
  RdRouteRequest *request = rd_route_request_new ();

  request->id = id;
  request->topic_id = topic;
  request->strategy = strategy;
  request->priority = priority;
  request->queued_at = queued_at;
  return request;
}

static GPtrArray *
agents_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_agent_free);
}

static GPtrArray *
requests_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_request_free);
}

/* "request->agent" pairs of a round, e.g. "1>10 2>11". */
static char *
describe (GArray *offers)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < offers->len; i++)
    {
      RdRouteOffer *offer = &g_array_index (offers, RdRouteOffer, i);
      g_string_append_printf (out, "%s%" G_GINT64_FORMAT ">%" G_GINT64_FORMAT, i ? " " : "",
                              offer->request_id, offer->agent_id);
    }
  return g_string_free (out, FALSE);
}

static char *
round_of (GPtrArray *requests, GPtrArray *agents, gint64 now)
{
  g_autoptr(GArray) offers = rd_route_round (requests, agents, now);

  return describe (offers);
}

static void
test_strategy_names (void)
{
  RdRouteStrategy strategy;

  for (RdRouteStrategy s = RD_ROUTE_LEAST_BUSY; s <= RD_ROUTE_MANUAL; s++)
    {
      g_assert_true (rd_route_strategy_from_string (rd_route_strategy_to_string (s), &strategy));
      g_assert_cmpint (strategy, ==, s);
    }
  g_assert_false (rd_route_strategy_from_string ("random", &strategy));
  g_assert_false (rd_route_strategy_from_string (NULL, &strategy));
}

static void
test_least_busy_within_capacity (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autofree char *offers = NULL;

  g_ptr_array_add (agents, agent_new (10, 3, 2, 0));   /* busy */
  g_ptr_array_add (agents, agent_new (11, 3, 0, 50));  /* free, recently */
  g_ptr_array_add (agents, agent_new (12, 1, 1, 0));   /* full */
  g_ptr_array_add (agents, agent_new (13, 3, 0, 20));  /* free longest */
  for (gint64 i = 1; i <= 5; i++)
    g_ptr_array_add (requests, request_new (i, 1, RD_ROUTE_LEAST_BUSY, 0, i));

  /* Least busy first, ties to the one free longest; never past a capacity. */
  offers = round_of (requests, agents, 100);
  g_assert_cmpstr (offers, ==, "1>13 2>11 3>13 4>11 5>10");
  for (guint i = 0; i < agents->len; i++)
    {
      RdRouteAgent *agent = g_ptr_array_index (agents, i);
      g_assert_cmpuint (agent->load, <=, agent->capacity);
    }
}

static void
test_longest_idle_round_robin (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autoptr(GPtrArray) later = requests_new ();

  /* Different loads do not matter here, only who waited longest. */
  g_ptr_array_add (agents, agent_new (10, 9, 3, 30));
  g_ptr_array_add (agents, agent_new (11, 9, 0, 20));
  g_ptr_array_add (agents, agent_new (12, 9, 1, 10));
  for (gint64 i = 1; i <= 3; i++)
    g_ptr_array_add (requests, request_new (i, 1, RD_ROUTE_LONGEST_IDLE, 0, i));
  first = round_of (requests, agents, 100);
  g_assert_cmpstr (first, ==, "1>12 2>11 3>10");

  /* The next round goes around again in the same order: fair turns. */
  for (gint64 i = 4; i <= 6; i++)
    g_ptr_array_add (later, request_new (i, 1, RD_ROUTE_LONGEST_IDLE, 0, i));
  second = round_of (later, agents, 200);
  g_assert_cmpstr (second, ==, "4>12 5>11 6>10");
}

static void
test_priority_then_age (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autofree char *offers = NULL;
  RdRouteRequest *requeued;

  g_ptr_array_add (agents, agent_new (10, 3, 0, 0));
  g_ptr_array_add (requests, request_new (1, 1, RD_ROUTE_LEAST_BUSY, 0, 100));   /* oldest, normal */
  g_ptr_array_add (requests, request_new (2, 1, RD_ROUTE_LEAST_BUSY, 2, 300));   /* urgent, new */
  g_ptr_array_add (requests, request_new (3, 1, RD_ROUTE_LEAST_BUSY, 0, 50));    /* even older */
  requeued = request_new (4, 1, RD_ROUTE_LEAST_BUSY, 0, 400);                    /* back from a dropped agent */
  requeued->at_head = TRUE;
  g_ptr_array_add (requests, requeued);

  g_assert_cmpuint (rd_route_position (requests, 2), ==, 1);
  g_assert_cmpuint (rd_route_position (requests, 4), ==, 2);
  g_assert_cmpuint (rd_route_position (requests, 3), ==, 3);
  g_assert_cmpuint (rd_route_position (requests, 1), ==, 4);
  g_assert_cmpuint (rd_route_position (requests, 99), ==, 0);
  /* Capacity 3: the fourth waits. */
  offers = round_of (requests, agents, 500);
  g_assert_cmpstr (offers, ==, "2>10 4>10 3>10");
}

static void
test_skills_and_manual (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autofree char *offers = NULL;
  gint64 network = 7, printers = 8;
  RdRouteAgent *net_agent = agent_new (10, 2, 1, 0);
  RdRouteAgent *both = agent_new (11, 1, 0, 0);

  g_array_append_val (net_agent->skills, network);
  g_array_append_val (both->skills, network);
  g_array_append_val (both->skills, printers);
  g_ptr_array_add (agents, net_agent);
  g_ptr_array_add (agents, both);
  g_ptr_array_add (agents, agent_new (12, 5, 0, 0));   /* no skills at all */
  g_ptr_array_add (requests, request_new (1, printers, RD_ROUTE_SKILLS, 0, 1));
  g_ptr_array_add (requests, request_new (2, network, RD_ROUTE_SKILLS, 0, 2));
  g_ptr_array_add (requests, request_new (3, printers, RD_ROUTE_SKILLS, 0, 3));
  g_ptr_array_add (requests, request_new (4, 9, RD_ROUTE_MANUAL, 5, 0));     /* taken by hand only */
  g_ptr_array_add (requests, request_new (5, 99, RD_ROUTE_SKILLS, 0, 4));    /* nobody serves topic 99 */

  offers = round_of (requests, agents, 10);
  g_assert_cmpstr (offers, ==, "1>11 2>10");   /* 3 waits: 11 is full; 12 lacks the skill */
}

static void
test_declines_move_on (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  RdRouteRequest *request = request_new (1, 1, RD_ROUTE_LEAST_BUSY, 0, 1);
  gint64 declined;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_ptr_array_add (agents, agent_new (10, 2, 0, 0));
  g_ptr_array_add (agents, agent_new (11, 2, 0, 5));
  g_ptr_array_add (requests, request);
  first = round_of (requests, agents, 10);
  g_assert_cmpstr (first, ==, "1>10");

  /* Agent 10 declines (or lets it time out): it goes to the next agent. */
  ((RdRouteAgent *) g_ptr_array_index (agents, 0))->load = 0;
  declined = 10;
  g_array_append_val (request->declined, declined);
  second = round_of (requests, agents, 20);
  g_assert_cmpstr (second, ==, "1>11");

  /* Everyone declined: it stays queued for someone new or a manual take. */
  ((RdRouteAgent *) g_ptr_array_index (agents, 1))->load = 0;
  declined = 11;
  g_array_append_val (request->declined, declined);
  third = round_of (requests, agents, 30);
  g_assert_cmpstr (third, ==, "");
}

static void
test_unavailable_agents (void)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autofree char *offers = NULL;
  RdRouteAgent *away = agent_new (10, 5, 0, 0);

  away->available = FALSE;
  g_ptr_array_add (agents, away);
  g_ptr_array_add (requests, request_new (1, 1, RD_ROUTE_LONGEST_IDLE, 0, 1));
  offers = round_of (requests, agents, 10);
  g_assert_cmpstr (offers, ==, "");
}

/* ---- property test ---- */

typedef enum { QUEUED, OFFERED, ACTIVE, DONE } State;

typedef struct {
  gint64  id;
  gint64  topic;
  gint    priority;
  gboolean at_head;
  gint64  queued_at;
  State   state;
  gint64  agent;        /* when offered or active */
  gint64  offered_at;
  GArray *declined;
} SimRequest;

typedef struct {
  gint64  id;
  gboolean online;
  guint   capacity;
  gint64  free_since;
  GArray *skills;
} SimAgent;

typedef struct {
  GRand     *rand;
  GPtrArray *requests;  /* SimRequest */
  GPtrArray *agents;    /* SimAgent */
  gint64     now;
  gint64     next_id;
  guint      created;
} Sim;

static guint
load_of (Sim *sim, gint64 agent)
{
  guint load = 0;

  for (guint i = 0; i < sim->requests->len; i++)
    {
      SimRequest *r = g_ptr_array_index (sim->requests, i);
      if ((r->state == OFFERED || r->state == ACTIVE) && r->agent == agent)
        load++;
    }
  return load;
}

static RdRouteStrategy
strategy_of (gint64 topic)
{
  return (RdRouteStrategy) (topic % 4);
}

/* What the server does: build the router's view from its state, apply. */
static void
route (Sim *sim)
{
  g_autoptr(GPtrArray) agents = agents_new ();
  g_autoptr(GPtrArray) requests = requests_new ();
  g_autoptr(GArray) offers = NULL;

  for (guint i = 0; i < sim->agents->len; i++)
    {
      SimAgent *a = g_ptr_array_index (sim->agents, i);
      RdRouteAgent *view = agent_new (a->id, a->capacity, load_of (sim, a->id), a->free_since);

      view->available = a->online;
      g_array_append_vals (view->skills, a->skills->data, a->skills->len);
      g_ptr_array_add (agents, view);
    }
  for (guint i = 0; i < sim->requests->len; i++)
    {
      SimRequest *r = g_ptr_array_index (sim->requests, i);
      RdRouteRequest *view;

      if (r->state != QUEUED)
        continue;
      view = request_new (r->id, r->topic, strategy_of (r->topic), r->priority, r->queued_at);
      view->at_head = r->at_head;
      g_array_append_vals (view->declined, r->declined->data, r->declined->len);
      g_ptr_array_add (requests, view);
    }
  offers = rd_route_round (requests, agents, sim->now);
  for (guint i = 0; i < offers->len; i++)
    {
      RdRouteOffer *offer = &g_array_index (offers, RdRouteOffer, i);

      for (guint k = 0; k < sim->requests->len; k++)
        {
          SimRequest *r = g_ptr_array_index (sim->requests, k);

          if (r->id == offer->request_id)
            {
              /* The one atomic step: only a queued request can be offered. */
              g_assert_cmpint (r->state, ==, QUEUED);
              r->state = OFFERED;
              r->agent = offer->agent_id;
              r->offered_at = sim->now;
            }
        }
      for (guint k = 0; k < sim->agents->len; k++)
        {
          SimAgent *a = g_ptr_array_index (sim->agents, k);
          if (a->id == offer->agent_id)
            a->free_since = sim->now;
        }
    }
}

static SimRequest *
random_request_in (Sim *sim, State state)
{
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();

  for (guint i = 0; i < sim->requests->len; i++)
    if (((SimRequest *) g_ptr_array_index (sim->requests, i))->state == state)
      g_ptr_array_add (matching, g_ptr_array_index (sim->requests, i));
  if (matching->len == 0)
    return NULL;
  return g_ptr_array_index (matching, g_rand_int_range (sim->rand, 0, matching->len));
}

static void
back_to_queue (SimRequest *r, gboolean at_head)
{
  r->state = QUEUED;
  r->at_head = r->at_head || at_head;
  r->agent = 0;
}

static void
check_invariants (Sim *sim)
{
  guint counted = 0;

  for (guint i = 0; i < sim->requests->len; i++)
    {
      SimRequest *r = g_ptr_array_index (sim->requests, i);

      counted++;
      if (r->state == OFFERED || r->state == ACTIVE)
        {
          SimAgent *owner = NULL;

          g_assert_cmpint (r->agent, !=, 0);
          for (guint k = 0; k < sim->agents->len; k++)
            if (((SimAgent *) g_ptr_array_index (sim->agents, k))->id == r->agent)
              owner = g_ptr_array_index (sim->agents, k);
          g_assert_nonnull (owner);
          /* Never offered to someone who declined it, nor off-skill. */
          for (guint d = 0; d < r->declined->len && r->state == OFFERED; d++)
            g_assert_cmpint (g_array_index (r->declined, gint64, d), !=, r->agent);
        }
      else
        g_assert_cmpint (r->agent, ==, 0);
    }
  /* Never lost: every request created is still accounted for. */
  g_assert_cmpuint (counted, ==, sim->created);
  /* Never over capacity. */
  for (guint k = 0; k < sim->agents->len; k++)
    {
      SimAgent *a = g_ptr_array_index (sim->agents, k);
      g_assert_cmpuint (load_of (sim, a->id), <=, a->capacity);
    }
}

static void
sim_request_free (SimRequest *r)
{
  g_array_unref (r->declined);
  g_free (r);
}

static void
sim_agent_free (SimAgent *a)
{
  g_array_unref (a->skills);
  g_free (a);
}

/* A relay restart: only what a store keeps survives; in-memory views are rebuilt. */
static void
restart (Sim *sim)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_request_free);

  for (guint i = 0; i < sim->requests->len; i++)
    {
      SimRequest *r = g_ptr_array_index (sim->requests, i);
      SimRequest *copy = g_memdup2 (r, sizeof *r);

      copy->declined = g_array_copy (r->declined);
      /* Offers in flight are not trusted across a restart: back to the queue, first. */
      if (copy->state == OFFERED)
        back_to_queue (copy, TRUE);
      g_ptr_array_add (kept, copy);
    }
  g_ptr_array_set_size (sim->requests, 0);
  g_ptr_array_extend_and_steal (sim->requests, g_steal_pointer (&kept));
}

static void
test_property_random_days (void)
{
  for (guint seed = 1; seed <= 60; seed++)
    {
      Sim sim = { 0 };

      sim.rand = g_rand_new_with_seed (seed);
      sim.requests = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_request_free);
      sim.agents = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_agent_free);
      sim.next_id = 1;
      for (guint k = 0; k < 1 + seed % 6; k++)
        {
          SimAgent *a = g_new0 (SimAgent, 1);
          a->id = 100 + k;
          a->online = g_rand_boolean (sim.rand);
          a->capacity = g_rand_int_range (sim.rand, 1, 4);
          a->skills = g_array_new (FALSE, FALSE, sizeof (gint64));
          for (gint64 topic = 0; topic < 8; topic++)
            if (g_rand_int_range (sim.rand, 0, 3) == 0)
              g_array_append_val (a->skills, topic);
          g_ptr_array_add (sim.agents, a);
        }

      for (guint step = 0; step < 400; step++)
        {
          SimRequest *r;
          guint what = g_rand_int_range (sim.rand, 0, 9);

          sim.now += g_rand_int_range (sim.rand, 1, 30);
          switch (what)
            {
            case 0: case 1:   /* arrival */
              r = g_new0 (SimRequest, 1);
              r->id = sim.next_id++;
              r->topic = g_rand_int_range (sim.rand, 0, 8);
              r->priority = g_rand_int_range (sim.rand, 0, 3);
              r->queued_at = sim.now;
              r->declined = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_ptr_array_add (sim.requests, r);
              sim.created++;
              break;
            case 2:           /* accept */
              if ((r = random_request_in (&sim, OFFERED)))
                r->state = ACTIVE;
              break;
            case 3:           /* decline, or the offer times out */
              if ((r = random_request_in (&sim, OFFERED)))
                {
                  g_array_append_val (r->declined, r->agent);
                  back_to_queue (r, FALSE);
                }
              break;
            case 4:           /* resolve, or the requester cancels */
              if ((r = random_request_in (&sim, g_rand_boolean (sim.rand) ? ACTIVE : QUEUED)))
                {
                  r->state = DONE;
                  r->agent = 0;
                }
              break;
            case 5:           /* an agent drops past the grace period, or comes back */
              {
                SimAgent *a = g_ptr_array_index (sim.agents, g_rand_int_range (sim.rand, 0, sim.agents->len));

                a->online = !a->online;
                if (!a->online)
                  for (guint i = 0; i < sim.requests->len; i++)
                    {
                      SimRequest *own = g_ptr_array_index (sim.requests, i);
                      if ((own->state == OFFERED || own->state == ACTIVE) && own->agent == a->id)
                        back_to_queue (own, TRUE);
                    }
              }
              break;
            case 6:
              restart (&sim);
              break;
            default:
              route (&sim);
              break;
            }
          check_invariants (&sim);
        }
      g_ptr_array_unref (sim.requests);
      g_ptr_array_unref (sim.agents);
      g_rand_free (sim.rand);
    }
}

/* Who serves a topic, and the wait a requester is told. */
static void
test_estimates (void)
{
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_route_agent_free);
  RdRouteAgent *ann = rd_route_agent_new (1);
  RdRouteAgent *ben = rd_route_agent_new (2);
  RdRouteAgent *cy = rd_route_agent_new (3);
  gint64 printers = 7;
  guint slots, free_slots;

  ann->available = TRUE;
  ann->capacity = 2;
  ann->load = 2;
  g_array_append_val (ann->skills, printers);
  ben->available = TRUE;
  ben->capacity = 3;
  ben->load = 1;
  cy->available = FALSE;   /* away: serves nothing now */
  cy->capacity = 5;
  g_array_append_val (cy->skills, printers);
  g_ptr_array_add (agents, ann);
  g_ptr_array_add (agents, ben);
  g_ptr_array_add (agents, cy);

  /* A least-busy topic: both present agents, busy or not. */
  g_assert_cmpuint (rd_route_serving_agents (agents, 9, RD_ROUTE_LEAST_BUSY, &slots, &free_slots), ==, 2);
  g_assert_cmpuint (slots, ==, 5);
  g_assert_cmpuint (free_slots, ==, 2);
  /* Skills: only ann serves printers, and she is full. */
  g_assert_cmpuint (rd_route_serving_agents (agents, printers, RD_ROUTE_SKILLS, &slots, &free_slots), ==, 1);
  g_assert_cmpuint (slots, ==, 2);
  g_assert_cmpuint (free_slots, ==, 0);
  /* Capacity 0 takes nothing. */
  ben->capacity = 0;
  g_assert_cmpuint (rd_route_serving_agents (agents, 9, RD_ROUTE_MANUAL, &slots, &free_slots), ==, 1);

  /* Nobody: no estimate. A free slot: the usual pick-up time. */
  g_assert_cmpuint (rd_route_estimate_wait_s (0, 0, 0, 300, 20), ==, 0);
  g_assert_cmpuint (rd_route_estimate_wait_s (1, 5, 2, 300, 20), ==, 20);
  g_assert_cmpuint (rd_route_estimate_wait_s (0, 5, 2, 300, 0), ==, 1);
  /* Beyond the free slots: one handling time per turnover of all slots. */
  g_assert_cmpuint (rd_route_estimate_wait_s (2, 5, 2, 300, 20), ==, 300);
  g_assert_cmpuint (rd_route_estimate_wait_s (6, 5, 2, 300, 20), ==, 300);
  g_assert_cmpuint (rd_route_estimate_wait_s (7, 5, 2, 300, 20), ==, 600);
  g_assert_cmpuint (rd_route_estimate_wait_s (0, 2, 0, 120, 20), ==, 120);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/router/strategy-names", test_strategy_names);
  g_test_add_func ("/router/estimates", test_estimates);
  g_test_add_func ("/router/least-busy-within-capacity", test_least_busy_within_capacity);
  g_test_add_func ("/router/longest-idle-round-robin", test_longest_idle_round_robin);
  g_test_add_func ("/router/priority-then-age", test_priority_then_age);
  g_test_add_func ("/router/skills-and-manual", test_skills_and_manual);
  g_test_add_func ("/router/declines-move-on", test_declines_move_on);
  g_test_add_func ("/router/unavailable-agents", test_unavailable_agents);
  g_test_add_func ("/router/property-random-days", test_property_random_days);
  return g_test_run ();
}
