/* rd-router.c: the routing strategies. Ties are always broken by id, so
 * the same state gives the same decision. */
#define G_LOG_DOMAIN "rd-router"

#include "config.h"

#include "rd-router.h"

RdRouteAgent *
rd_route_agent_new (gint64 id)
{
  RdRouteAgent *agent = g_new0 (RdRouteAgent, 1);

  agent->id = id;
  agent->skills = g_array_new (FALSE, FALSE, sizeof (gint64));
  return agent;
}

void
rd_route_agent_free (RdRouteAgent *agent)
{
  if (agent == NULL)
    return;
  g_clear_pointer (&agent->skills, g_array_unref);
  g_free (agent);
}

RdRouteRequest *
rd_route_request_new (void)
{
  RdRouteRequest *request = g_new0 (RdRouteRequest, 1);

  request->declined = g_array_new (FALSE, FALSE, sizeof (gint64));
  return request;
}

void
rd_route_request_free (RdRouteRequest *request)
{
  if (request == NULL)
    return;
  g_clear_pointer (&request->declined, g_array_unref);
  g_free (request);
}

static gboolean
array_has (const GArray *array,
           gint64        value)
{
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, gint64, i) == value)
      return TRUE;
  return FALSE;
}

gint
rd_route_compare_requests (const RdRouteRequest *a,
                           const RdRouteRequest *b)
{
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  if (a->at_head != b->at_head)
    return a->at_head ? -1 : 1;
  if (a->queued_at != b->queued_at)
    return a->queued_at < b->queued_at ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

static gint
compare_request_ptrs (gconstpointer a,
                      gconstpointer b)
{
  return rd_route_compare_requests (*(RdRouteRequest **) a, *(RdRouteRequest **) b);
}

/* A sorted view that owns nothing (the caller's array frees the requests). */
static GPtrArray *
queue_order (GPtrArray *requests)
{
  GPtrArray *ordered = g_ptr_array_sized_new (requests->len);

  for (guint i = 0; i < requests->len; i++)
    g_ptr_array_add (ordered, g_ptr_array_index (requests, i));
  g_ptr_array_sort (ordered, compare_request_ptrs);
  return ordered;
}

gboolean
rd_route_agent_eligible (const RdRouteAgent   *agent,
                         const RdRouteRequest *request)
{
  if (!agent->available || agent->load >= agent->capacity)
    return FALSE;
  if (array_has (request->declined, agent->id))
    return FALSE;
  if (request->strategy == RD_ROUTE_SKILLS && !array_has (agent->skills, request->topic_id))
    return FALSE;
  return request->strategy != RD_ROUTE_MANUAL;
}

/* TRUE when @a should be chosen before @b for @strategy. */
static gboolean
better (const RdRouteAgent *a,
        const RdRouteAgent *b,
        RdRouteStrategy     strategy)
{
  if (strategy == RD_ROUTE_LONGEST_IDLE)
    {
      if (a->free_since != b->free_since)
        return a->free_since < b->free_since;
      return a->id < b->id;
    }
  /* Least busy (also among the skilled): fewest requests, then longest free. */
  if (a->load != b->load)
    return a->load < b->load;
  if (a->free_since != b->free_since)
    return a->free_since < b->free_since;
  return a->id < b->id;
}

RdRouteAgent *
rd_route_pick_agent (const RdRouteRequest *request,
                     GPtrArray            *agents)
{
  RdRouteAgent *best = NULL;

  g_return_val_if_fail (request != NULL && agents != NULL, NULL);

  for (guint i = 0; i < agents->len; i++)
    {
      RdRouteAgent *agent = g_ptr_array_index (agents, i);

      if (rd_route_agent_eligible (agent, request) && (best == NULL || better (agent, best, request->strategy)))
        best = agent;
    }
  return best;
}

GArray *
rd_route_round (GPtrArray *requests,
                GPtrArray *agents,
                gint64     now)
{
  g_autoptr(GPtrArray) ordered = queue_order (requests);
  GArray *offers = g_array_new (FALSE, FALSE, sizeof (RdRouteOffer));
  guint free_slots = 0;

  for (guint i = 0; i < agents->len; i++)
    {
      RdRouteAgent *agent = g_ptr_array_index (agents, i);

      if (agent->available && agent->load < agent->capacity)
        free_slots += agent->capacity - agent->load;
    }

  /* Once every slot is taken nobody else can be offered anything. */
  for (guint i = 0; i < ordered->len && free_slots > 0; i++)
    {
      RdRouteRequest *request = g_ptr_array_index (ordered, i);
      RdRouteAgent *agent = rd_route_pick_agent (request, agents);
      RdRouteOffer offer;

      if (agent == NULL)
        continue;
      offer.request_id = request->id;
      offer.agent_id = agent->id;
      g_array_append_val (offers, offer);
      agent->load++;
      free_slots--;
      /* Offered now: to the back of the line. Offers within one round are
       * a microsecond apart, so their order carries into the next round. */
      agent->free_since = now + offers->len;
    }
  return offers;
}

guint
rd_route_position (GPtrArray *requests,
                   gint64     request_id)
{
  g_autoptr(GPtrArray) ordered = queue_order (requests);

  for (guint i = 0; i < ordered->len; i++)
    if (((RdRouteRequest *) g_ptr_array_index (ordered, i))->id == request_id)
      return i + 1;
  return 0;
}

guint
rd_route_serving_agents (GPtrArray       *agents,
                         gint64           topic_id,
                         RdRouteStrategy  strategy,
                         guint           *slots,
                         guint           *free_slots)
{
  guint count = 0;

  *slots = *free_slots = 0;
  for (guint i = 0; i < agents->len; i++)
    {
      RdRouteAgent *agent = g_ptr_array_index (agents, i);

      if (!agent->available || agent->capacity == 0 ||
          (strategy == RD_ROUTE_SKILLS && !array_has (agent->skills, topic_id)))
        continue;
      count++;
      *slots += agent->capacity;
      *free_slots += agent->load < agent->capacity ? agent->capacity - agent->load : 0;
    }
  return count;
}

guint
rd_route_estimate_wait_s (guint ahead,
                          guint slots,
                          guint free_slots,
                          guint handle_s,
                          guint pickup_s)
{
  if (slots == 0)
    return 0;
  if (ahead < free_slots)
    return MAX (pickup_s, 1);
  /* The requests beyond the free slots wait for whole turnovers of all slots. */
  return ((ahead - free_slots) / slots + 1) * handle_s;
}
