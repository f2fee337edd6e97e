/* test-store-queue.c: the support queue's durable state: atomic offers,
 * accept/decline by the right agent only, requeue, survival across reopen,
 * and the upgrade of a schema 1 database. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-store-queue.h"
#include "rd-test-store.h"

typedef struct {
  char    *dir;
  char    *path;
  RdStore *store;
  gint64   requester;
  gint64   agent_a;
  gint64   agent_b;
  gint64   network;
} Fixture;

static gint64
account (RdStore *store, const char *name, RdRole role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) added = NULL;

  g_assert_true (rd_store_account_add (store, name, name, role, "x", &error));
  added = rd_store_account_lookup (store, name, &error);
  g_assert_no_error (error);
  return added->id;
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rd-queue-XXXXXX", NULL);
  f->path = rd_test_store_where (f->dir);
  f->store = rd_store_open (f->path, &error);
  g_assert_no_error (error);
  f->requester = account (f->store, "bob", RD_ROLE_REQUESTER);
  f->agent_a = account (f->store, "alice", RD_ROLE_AGENT);
  f->agent_b = account (f->store, "carol", RD_ROLE_AGENT);
  f->network = rd_store_topic_add (f->store, "Network", RD_ROUTE_LEAST_BUSY, &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_pointer (&f->store, rd_store_close);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_topics (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) topics = NULL;
  g_autoptr(RdStoredTopic) found = NULL;

  rd_store_topic_add (f->store, "Accounts", RD_ROUTE_SKILLS, &error);
  g_assert_no_error (error);
  /* Names are unique. */
  g_assert_cmpint (rd_store_topic_add (f->store, "Network", RD_ROUTE_MANUAL, &error), ==, 0);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  topics = rd_store_topic_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (topics->len, ==, 2);
  g_assert_cmpstr (((RdStoredTopic *) g_ptr_array_index (topics, 0))->name, ==, "Accounts");
  g_assert_cmpint (((RdStoredTopic *) g_ptr_array_index (topics, 0))->strategy, ==, RD_ROUTE_SKILLS);
  found = rd_store_topic_lookup (f->store, "Network", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, f->network);
  g_assert_null (rd_store_topic_lookup (f->store, "Nothing", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
}

static void
test_offer_is_atomic (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = NULL;
  gint64 id = rd_store_request_create (f->store, f->requester, f->network, "VPN down", "since 9:00", 1, 1000, &error);

  g_assert_no_error (error);
  g_assert_true (rd_store_request_offer (f->store, id, f->agent_a, 2000, &error));
  /* The same request cannot be given to a second agent. */
  g_assert_false (rd_store_request_offer (f->store, id, f->agent_b, 2001, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Only the agent it was offered to may accept or decline it. */
  g_assert_false (rd_store_request_accept (f->store, id, f->agent_b, 2002, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (rd_store_request_decline (f->store, id, f->agent_b, &error));
  g_clear_error (&error);
  g_assert_true (rd_store_request_accept (f->store, id, f->agent_a, 2003, &error));
  g_assert_cmpuint (rd_store_agent_load (f->store, f->agent_a, &error), ==, 1);
  g_assert_cmpuint (rd_store_agent_load (f->store, f->agent_b, &error), ==, 0);

  request = rd_store_request_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (request->state, ==, RD_REQUEST_ACTIVE);
  g_assert_cmpint (request->agent_id, ==, f->agent_a);
  g_assert_cmpstr (request->summary, ==, "VPN down");
  /* Cancelling is for waiting requests; resolving for active ones. */
  g_assert_false (rd_store_request_finish (f->store, id, RD_REQUEST_CANCELLED, 3000, &error));
  g_clear_error (&error);
  g_assert_true (rd_store_request_finish (f->store, id, RD_REQUEST_RESOLVED, 3000, &error));
  g_assert_cmpuint (rd_store_agent_load (f->store, f->agent_a, &error), ==, 0);
}

static void
test_decline_and_requeue (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 first = rd_store_request_create (f->store, f->requester, f->network, "one", "", 0, 100, &error);
  gint64 second = rd_store_request_create (f->store, f->requester, f->network, "two", "", 0, 200, &error);
  RdRouteRequest *routed;

  g_assert_true (rd_store_request_offer (f->store, first, f->agent_a, 300, &error));
  g_assert_true (rd_store_request_decline (f->store, first, f->agent_a, &error));
  queue = rd_store_queue_for_routing (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  routed = g_ptr_array_index (queue, 0);
  g_assert_cmpint (routed->id, ==, first);
  g_assert_cmpuint (routed->declined->len, ==, 1);
  g_assert_cmpint (g_array_index (routed->declined, gint64, 0), ==, f->agent_a);
  g_assert_cmpint (routed->strategy, ==, RD_ROUTE_LEAST_BUSY);

  /* Agent B takes both, then drops: both go back, at the head. */
  g_assert_true (rd_store_request_offer (f->store, first, f->agent_b, 400, &error));
  g_assert_true (rd_store_request_accept (f->store, first, f->agent_b, 401, &error));
  g_assert_true (rd_store_request_offer (f->store, second, f->agent_b, 402, &error));
  g_assert_cmpuint (rd_store_agent_load (f->store, f->agent_b, &error), ==, 2);
  g_assert_cmpint (rd_store_requeue_agent (f->store, f->agent_b, &error), ==, 2);
  after = rd_store_queue_for_routing (f->store, &error);
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (((RdRouteRequest *) g_ptr_array_index (after, i))->at_head);
  g_assert_cmpuint (rd_store_agent_load (f->store, f->agent_b, &error), ==, 0);
}

static void
test_survives_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) request = NULL;
  g_autoptr(GArray) skills = NULL;
  gint64 id = rd_store_request_create (f->store, f->requester, f->network, "printer", "", 2, 10, &error);

  g_assert_true (rd_store_request_offer (f->store, id, f->agent_a, 20, &error));
  g_assert_true (rd_store_agent_set_capacity (f->store, f->agent_a, 5, &error));
  g_assert_true (rd_store_agent_set_skill (f->store, f->agent_a, f->network, TRUE, &error));
  rd_store_close (f->store);
  f->store = rd_store_open (f->path, &error);
  g_assert_no_error (error);

  request = rd_store_request_get (f->store, id, &error);
  g_assert_cmpint (request->state, ==, RD_REQUEST_OFFERED);
  g_assert_cmpint (request->agent_id, ==, f->agent_a);
  g_assert_cmpint (request->priority, ==, 2);
  g_assert_cmpuint (rd_store_agent_get_capacity (f->store, f->agent_a, &error), ==, 5);
  g_assert_cmpuint (rd_store_agent_get_capacity (f->store, f->agent_b, &error), ==, 3);   /* default */
  skills = rd_store_agent_skills (f->store, f->agent_a, &error);
  g_assert_cmpuint (skills->len, ==, 1);
  g_assert_cmpint (g_array_index (skills, gint64, 0), ==, f->network);
}

static void
test_schema_1_upgrades (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) topics = NULL;

  /* Make it look like a relay of the first schema wrote it. */
  rd_store_close (f->store);
  f->store = NULL;
  rd_test_store_exec (f->path, "DROP TABLE request_declines; DROP TABLE requests; DROP TABLE agent_skills;"
                               "DROP TABLE agent_profiles; DROP TABLE topics;"
                               "UPDATE meta SET value = '1' WHERE key = 'schema_version';");

  f->store = rd_store_open (f->path, &error);
  g_assert_no_error (error);
  topics = rd_store_topic_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (topics->len, ==, 0);
  {
    g_autoptr(RdAccount) bob = rd_store_account_lookup (f->store, "bob", &error);
    g_assert_nonnull (bob);
  }
}

static gint
compare_route_requests (gconstpointer a, gconstpointer b)
{
  return rd_route_compare_requests (*(RdRouteRequest **) a, *(RdRouteRequest **) b);
}

/* The store's order (RD_QUEUE_ORDER_SQL) and the router's comparison are
 * one rule: every key of it decides somewhere in this queue. */
static void
test_one_queue_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) routed = NULL;
  gint64 ids[6];

  ids[0] = rd_store_request_create (f->store, f->requester, f->network, "normal, old", "", 0, 100, &error);
  ids[1] = rd_store_request_create (f->store, f->requester, f->network, "high", "", 1, 500, &error);
  ids[2] = rd_store_request_create (f->store, f->requester, f->network, "normal, same time, later id", "", 0, 100,
                                    &error);
  ids[3] = rd_store_request_create (f->store, f->requester, f->network, "urgent", "", 2, 900, &error);
  ids[4] = rd_store_request_create (f->store, f->requester, f->network, "normal, newest", "", 0, 800, &error);
  ids[5] = rd_store_request_create (f->store, f->requester, f->network, "normal, agent left", "", 0, 700, &error);
  g_assert_no_error (error);
  /* Its agent left: back at the head of its priority. */
  g_assert_true (rd_store_request_offer (f->store, ids[5], f->agent_a, 750, &error));
  g_assert_cmpint (rd_store_requeue_agent (f->store, f->agent_a, &error), ==, 1);

  listed = rd_store_queue_list (f->store, &error);
  g_assert_no_error (error);
  routed = rd_store_queue_for_routing (f->store, &error);
  g_assert_no_error (error);
  g_ptr_array_sort (routed, compare_route_requests);
  g_assert_cmpuint (listed->len, ==, G_N_ELEMENTS (ids));
  g_assert_cmpuint (routed->len, ==, G_N_ELEMENTS (ids));
  {
    const gint64 expected[] = { ids[3], ids[1], ids[5], ids[0], ids[2], ids[4] };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_assert_cmpint (((RdStoredRequest *) g_ptr_array_index (listed, i))->id, ==, expected[i]);
        g_assert_cmpint (((RdRouteRequest *) g_ptr_array_index (routed, i))->id, ==, expected[i]);
        g_assert_cmpuint (rd_store_request_position (f->store, expected[i], &error), ==, i + 1);
      }
  }
}

static void
test_position_and_manual (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) routable = NULL;
  gint64 manual = rd_store_topic_add (f->store, "Hardware", RD_ROUTE_MANUAL, &error);
  gint64 old = rd_store_request_create (f->store, f->requester, f->network, "old", "", 0, 100, &error);
  gint64 urgent = rd_store_request_create (f->store, f->requester, f->network, "urgent", "", 2, 300, &error);
  gint64 by_hand = rd_store_request_create (f->store, f->requester, manual, "by hand", "", 0, 200, &error);
  gint64 newest = rd_store_request_create (f->store, f->requester, f->network, "newest", "", 0, 400, &error);

  g_assert_no_error (error);
  /* Queue order: priority, then age; manual topics wait in the same queue. */
  g_assert_cmpuint (rd_store_request_position (f->store, urgent, &error), ==, 1);
  g_assert_cmpuint (rd_store_request_position (f->store, old, &error), ==, 2);
  g_assert_cmpuint (rd_store_request_position (f->store, by_hand, &error), ==, 3);
  g_assert_cmpuint (rd_store_request_position (f->store, newest, &error), ==, 4);
  g_assert_true (rd_store_request_offer (f->store, urgent, f->agent_a, 500, &error));
  g_assert_cmpuint (rd_store_request_position (f->store, urgent, &error), ==, 0);
  g_assert_cmpuint (rd_store_request_position (f->store, newest, &error), ==, 3);

  /* The router is not shown what it may never offer. */
  routable = rd_store_queue_for_routing (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (routable->len, ==, 2);
  for (guint i = 0; i < routable->len; i++)
    g_assert_cmpint (((RdRouteRequest *) g_ptr_array_index (routable, i))->id, !=, by_hand);
}

static void
test_transfer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredRequest) to_agent = NULL;
  g_autoptr(RdStoredRequest) to_topic = NULL;
  gint64 accounts = rd_store_topic_add (f->store, "Accounts", RD_ROUTE_SKILLS, &error);
  gint64 id = rd_store_request_create (f->store, f->requester, f->network, "locked out", "", 0, 10, &error);

  g_assert_true (rd_store_request_take (f->store, id, f->agent_a, 20, &error));
  /* Only its agent transfers it, and only while active. */
  g_assert_false (rd_store_request_transfer (f->store, id, f->agent_b, f->agent_a, 0, 30, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (rd_store_request_transfer (f->store, id, f->agent_a, f->agent_b, 0, 30, &error));
  to_agent = rd_store_request_get (f->store, id, &error);
  g_assert_cmpint (to_agent->state, ==, RD_REQUEST_OFFERED);
  g_assert_cmpint (to_agent->agent_id, ==, f->agent_b);
  g_assert_cmpint (to_agent->topic_id, ==, f->network);

  g_assert_true (rd_store_request_accept (f->store, id, f->agent_b, 40, &error));
  g_assert_true (rd_store_request_transfer (f->store, id, f->agent_b, 0, accounts, 50, &error));
  to_topic = rd_store_request_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (to_topic->state, ==, RD_REQUEST_QUEUED);
  g_assert_cmpint (to_topic->agent_id, ==, 0);
  g_assert_true (to_topic->at_head);
  g_assert_cmpint (to_topic->topic_id, ==, accounts);
}

int
main (int argc, char *argv[])
{
  rd_test_store_init ();
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store-queue/topics", Fixture, NULL, set_up, test_topics, tear_down);
  g_test_add ("/store-queue/offer-is-atomic", Fixture, NULL, set_up, test_offer_is_atomic, tear_down);
  g_test_add ("/store-queue/decline-and-requeue", Fixture, NULL, set_up, test_decline_and_requeue, tear_down);
  g_test_add ("/store-queue/survives-reopen", Fixture, NULL, set_up, test_survives_reopen, tear_down);
  g_test_add ("/store-queue/position-and-manual", Fixture, NULL, set_up, test_position_and_manual, tear_down);
  g_test_add ("/store-queue/one-queue-order", Fixture, NULL, set_up, test_one_queue_order, tear_down);
  g_test_add ("/store-queue/transfer", Fixture, NULL, set_up, test_transfer, tear_down);
  if (!rd_test_store_is_postgresql ())   /* PostgreSQL databases start at schema 3 */
    g_test_add ("/store-queue/schema-1-upgrades", Fixture, NULL, set_up, test_schema_1_upgrades, tear_down);
  return g_test_run ();
}
