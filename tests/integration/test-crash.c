/* test-crash.c: nothing acknowledged is lost when a relay dies.
 *
 * Sixteen agents, each signed in on two devices, send each other numbered
 * messages; four requesters ask for help and agents accept the offers; all the
 * while relaydeskd is killed with SIGKILL at random moments, ten times, and
 * started again; the clients reconnect by themselves. Then: every message
 * the relay acknowledged reached every device of its recipient exactly
 * once, in the order its device sent it, and every support request the relay
 * acknowledged is in exactly one state, the same in the store and in its
 * requester's view, held by at most one agent within capacity. The counts
 * are printed (sent, acked, delivered, duplicates, lost).
 *
 * /crash/kill-ten-times: one relay on SQLite. /crash/cluster-kill-ten-times:
 * three relays on one PostgreSQL database behind HAProxy, the clients
 * spread over them by HAProxy; one relay at a time is killed (the one that
 * routes the queue too, when chance picks it), and PostgreSQL itself is
 * restarted once in the middle. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rd-test-haproxy.h"
#include "rd-test-postgresql.h"
#include "rd-test-relay.h"
#include "rd-test-store.h"

#define N_AGENTS       16
#define N_DEVICES      2
#define N_REQUESTERS   4
#define KILLS          10
#define TICK_MS        40
#define MESSAGES_PER_TICK 3
#define MAX_RELAYS     3
/* How long the requests may take to settle at the end (an offer times out
 * after 30 s). */
#define SETTLE_MS      40000

typedef struct {
  char      *username;
  RdClient  *devices[N_DEVICES];
  GHashTable *received[N_DEVICES];   /* uuid -> count of "message" events for this account */
  GHashTable *last_number[N_DEVICES]; /* sender -> last number seen, for the order */
  guint      out_of_order;
} Agent;

typedef struct {
  RdTestRelay *relays[MAX_RELAYS];
  guint        n_relays;
  RdTestHaproxy *haproxy;          /* in front of the relays, with several */
  const char  *url;                /* where clients connect */
  char        *database;           /* what the store check reads */
  Agent        agents[N_AGENTS];
  RdClient    *requesters[N_REQUESTERS];
  GHashTable  *requester_view;       /* request id -> last state its requester was told */
  GPtrArray   *sent;                 /* RdMessage */
  GArray      *requests;             /* gint64 ids the relay acknowledged */
  guint        requests_asked;
  GHashTable  *next_number;          /* "from>to" -> next number */
  GRand       *rand;
  gboolean     sending;
} World;

/* ---- the traffic ---- */

static void
message_event_cb (RdClient *client, const char *kind, JsonObject *data, gpointer user_data)
{
  Agent *agent = user_data;
  int device = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (client), "device"));
  const char *uuid = rd_frame_get_string (data, "uuid", "");
  const char *body = rd_frame_get_string (data, "body", "");
  /* Order is kept per sending device: "<number> from <account>/<device>". */
  const char *from = strstr (body, " from ") ? strstr (body, " from ") + 6 : "";
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (agent->received[device], uuid));
  guint number = (guint) g_ascii_strtoull (body, NULL, 10);
  guint last = GPOINTER_TO_UINT (g_hash_table_lookup (agent->last_number[device], from));

  if (!g_str_equal (rd_frame_get_string (data, "to", ""), agent->username))
    return;   /* our own message, as our other device sees it */
  g_hash_table_insert (agent->received[device], g_strdup (uuid), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    {
      if (number <= last)
        agent->out_of_order++;
      g_hash_table_insert (agent->last_number[device], g_strdup (from), GUINT_TO_POINTER (number));
    }
}

static void
ignore_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);
}

/* Agents take what they are offered (an offer may come again after a
 * restart; a second accept is refused, which is fine). */
static void
offer_event_cb (RdClient *client, const char *kind, JsonObject *data, gpointer user_data)
{
  g_autoptr(JsonObject) accept = rd_frame_new (RD_FRAME_OFFER_ACCEPT, NULL);

  json_object_set_int_member (accept, "request", rd_frame_get_int (data, "request", 0));
  rd_client_request_async (client, accept, NULL, ignore_cb, NULL);
}

static void
request_event_cb (RdClient *client, const char *kind, JsonObject *data, World *world)
{
  g_hash_table_insert (world->requester_view, g_memdup2 (&(gint64) { rd_frame_get_int (data, "request", 0) }, 8),
                       g_strdup (rd_frame_get_string (data, "state", "")));
}

static void
created_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  World *world = data;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);

  /* Not acknowledged (the relay died first): the requester was told so. */
  if (reply != NULL)
    {
      gint64 id = rd_frame_get_int (reply, "request", 0);

      g_array_append_val (world->requests, id);
    }
}

static gboolean
tick_cb (gpointer data)
{
  World *world = data;
  if (!world->sending)
    return G_SOURCE_REMOVE;
  /* A few messages between agents... */
  for (guint i = 0; i < MESSAGES_PER_TICK; i++)
    {
      guint from = g_rand_int_range (world->rand, 0, N_AGENTS);
      guint to = (from + g_rand_int_range (world->rand, 1, N_AGENTS)) % N_AGENTS;
      guint d = g_rand_int_range (world->rand, 0, N_DEVICES);
      g_autofree char *key = g_strdup_printf ("%u/%u>%u", from, d, to);
      guint number = GPOINTER_TO_UINT (g_hash_table_lookup (world->next_number, key)) + 1;
      g_autofree char *body = g_strdup_printf ("%u from %s/%u", number, world->agents[from].username, d);

      g_hash_table_insert (world->next_number, g_strdup (key), GUINT_TO_POINTER (number));
      g_ptr_array_add (world->sent, g_object_ref (rd_client_send_message (world->agents[from].devices[d],
                                                                          world->agents[to].username, body)));
    }
  /* ...and now and then a request for help. */
  if (g_rand_int_range (world->rand, 0, 8) == 0)
    {
      g_autoptr(JsonObject) create = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
      RdClient *requester = world->requesters[g_rand_int_range (world->rand, 0, N_REQUESTERS)];
      g_autofree char *summary = g_strdup_printf ("request %u", ++world->requests_asked);

      json_object_set_string_member (create, "topic", "Network");
      json_object_set_string_member (create, "summary", summary);
      if (rd_client_get_state (requester) == RD_CLIENT_ONLINE)
        rd_client_request_async (requester, create, NULL, created_cb, world);
    }
  return G_SOURCE_CONTINUE;
}

static RdClient *
device (World *world, const char *username, guint n)
{
  g_autofree char *password = g_strdup_printf ("%s-password", username);
  RdClient *client = rd_test_client_login_at (world->url, username, password);

  rd_client_set_reconnect_delay (client, 50, 400);
  g_object_set_data (G_OBJECT (client), "device", GINT_TO_POINTER (n));
  return client;
}

static gboolean
all_acked (World *world)
{
  for (guint i = 0; i < world->sent->len; i++)
    if (rd_message_get_state (g_ptr_array_index (world->sent, i)) < RD_MESSAGE_SENT)
      return FALSE;
  return TRUE;
}

static gboolean
all_online (World *world)
{
  for (guint a = 0; a < N_AGENTS; a++)
    for (guint d = 0; d < N_DEVICES; d++)
      if (rd_client_get_state (world->agents[a].devices[d]) != RD_CLIENT_ONLINE)
        return FALSE;
  return TRUE;
}

static Agent *
agent_named (World *world, const char *username)
{
  for (guint a = 0; a < N_AGENTS; a++)
    if (g_str_equal (world->agents[a].username, username))
      return &world->agents[a];
  g_assert_not_reached ();
}

/* Everything acked is on every device of its recipient. */
static gboolean
all_delivered (World *world)
{
  for (guint i = 0; i < world->sent->len; i++)
    {
      RdMessage *message = g_ptr_array_index (world->sent, i);
      Agent *to = agent_named (world, rd_message_get_to (message));

      if (rd_message_get_state (message) < RD_MESSAGE_SENT)
        continue;
      for (guint d = 0; d < N_DEVICES; d++)
        if (!g_hash_table_contains (to->received[d], rd_message_get_uuid (message)))
          return FALSE;
    }
  return TRUE;
}

/* ---- the support requests, as the store has them ---- */

/* id -> its row: { id, state, agent id or "0" }. */
static GHashTable *
stored_requests (World *world)
{
  g_autoptr(GPtrArray) rows = rd_test_store_rows (world->database,
                                                  "SELECT id, state, coalesce (agent_id, 0) FROM requests");
  GHashTable *stored = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_strfreev);

  while (rows->len > 0)
    {
      char **row = g_ptr_array_steal_index_fast (rows, rows->len - 1);
      gint64 id = g_ascii_strtoll (row[0], NULL, 10);

      g_hash_table_insert (stored, g_memdup2 (&id, sizeof id), row);
    }
  return stored;
}

static void
check_requests (World *world, guint *consistent, GString *inconsistent)
{
  g_autoptr(GHashTable) stored = stored_requests (world);
  /* Active requests an agent holds, keyed by the agent's id. */
  g_autoptr(GHashTable) load = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < world->requests->len; i++)
    {
      gint64 id = g_array_index (world->requests, gint64, i);
      const char *told = g_hash_table_lookup (world->requester_view, &id);
      char **row = g_hash_table_lookup (stored, &id);
      const char *state = row ? row[1] : NULL;
      gint64 agent = row ? g_ascii_strtoll (row[2], NULL, 10) : 0;
      gboolean ok;

      /* Stored, in a known state, with an agent exactly when offered or
       * active, and what its requester was last told. */
      ok = state != NULL &&
           (g_str_equal (state, "queued") ? agent == 0
            : (g_str_equal (state, "offered") || g_str_equal (state, "active")) ? agent != 0
            : g_str_equal (state, "resolved") || g_str_equal (state, "cancelled")) &&
           g_strcmp0 (told, state) == 0;
      if (!ok)
        g_string_append_printf (inconsistent, "request %" G_GINT64_FORMAT ": store %s (agent %" G_GINT64_FORMAT
                                "), requester told %s; ", id, state ? state : "(none)", agent,
                                told ? told : "(nothing)");
      if (ok && g_str_equal (state, "active"))
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (load, &agent));

          g_hash_table_insert (load, g_memdup2 (&agent, sizeof agent), GUINT_TO_POINTER (n + 1));
        }
      *consistent += ok ? 1 : 0;
    }
  /* Default capacity 3: never more at once. */
  {
    GHashTableIter iter;
    gpointer held;

    g_hash_table_iter_init (&iter, load);
    while (g_hash_table_iter_next (&iter, NULL, &held))
      g_assert_cmpuint (GPOINTER_TO_UINT (held), <=, 3);
  }
}

/* Every request's requester was told the state the store has, and none
 * is still offered. */
static gboolean
requests_settled (World *world)
{
  g_autoptr(GHashTable) stored = stored_requests (world);

  for (guint i = 0; i < world->requests->len; i++)
    {
      gint64 id = g_array_index (world->requests, gint64, i);
      char **row = g_hash_table_lookup (stored, &id);
      const char *state = row ? row[1] : NULL;

      if (g_strcmp0 (state, "offered") == 0 || g_strcmp0 (state, g_hash_table_lookup (world->requester_view, &id)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* One relay on SQLite, or @n_relays on a new PostgreSQL database behind
 * HAProxy; the team of the test added, a topic, all started. */
static void
start_relays (World *world,
              guint  n_relays)
{
  g_autofree guint16 *ports = g_new0 (guint16, n_relays);

  world->n_relays = n_relays;
  if (n_relays > 1)
    world->database = rd_test_postgresql_new_database ();
  for (guint i = 0; i < n_relays; i++)
    {
      g_autofree char *extra = NULL;

      world->relays[i] = rd_test_relay_new_on (world->database);
      extra = g_strdup_printf ("relay_id=relay-%u", i);
      rd_test_relay_configure (world->relays[i], extra);
    }
  if (world->database == NULL)
    world->database = g_build_filename (world->relays[0]->dir, "data", "relaydesk.db", NULL);
  g_assert_cmpint (rd_test_relay_admin (world->relays[0], NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  for (guint a = 0; a < N_AGENTS; a++)
    {
      g_autofree char *name = g_strdup_printf ("agent%u", a);
      g_autofree char *password = g_strdup_printf ("%s-password", name);

      rd_test_relay_add_user (world->relays[0], name, "agent", password);
    }
  for (guint r = 0; r < N_REQUESTERS; r++)
    {
      g_autofree char *name = g_strdup_printf ("requester%u", r);
      g_autofree char *password = g_strdup_printf ("%s-password", name);

      rd_test_relay_add_user (world->relays[0], name, "requester", password);
    }
  /* A restarted relay keeps its port: HAProxy's list stays true. */
  for (guint i = 0; i < n_relays; i++)
    {
      rd_test_relay_start (world->relays[i]);
      ports[i] = world->relays[i]->port;
    }
  if (n_relays > 1)
    {
      world->haproxy = rd_test_haproxy_new (ports, n_relays);
      world->url = rd_test_haproxy_url (world->haproxy);
    }
  else
    world->url = world->relays[0]->url;
}

static void
kill_ten_times (guint n_relays)
{
  World world = { 0 };
  guint acked = 0, delivered = 0, duplicates = 0, lost = 0, out_of_order = 0;
  guint consistent = 0;
  /* What is wrong with each request that is, for the assertion's message
   * (the line of a failure that a shortened log still shows). */
  g_autoptr(GString) inconsistent = g_string_new ("");

  world.rand = g_rand_new_with_seed (g_test_rand_int ());
  world.sent = g_ptr_array_new_with_free_func (g_object_unref);
  world.requests = g_array_new (FALSE, FALSE, sizeof (gint64));
  world.next_number = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world.requester_view = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  start_relays (&world, n_relays);
  for (guint a = 0; a < N_AGENTS; a++)
    {
      Agent *agent = &world.agents[a];

      agent->username = g_strdup_printf ("agent%u", a);
      for (guint d = 0; d < N_DEVICES; d++)
        {
          agent->received[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          agent->last_number[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          agent->devices[d] = device (&world, agent->username, d);
          g_signal_connect (agent->devices[d], "event::message", G_CALLBACK (message_event_cb), agent);
        }
      g_signal_connect (agent->devices[0], "event::offer", G_CALLBACK (offer_event_cb), NULL);
    }
  for (guint r = 0; r < N_REQUESTERS; r++)
    {
      g_autofree char *name = g_strdup_printf ("requester%u", r);

      world.requesters[r] = device (&world, name, 0);
      g_signal_connect (world.requesters[r], "event::request", G_CALLBACK (request_event_cb), &world);
    }

  /* Traffic, and ten deaths at random moments. */
  world.sending = TRUE;
  g_timeout_add (TICK_MS, tick_cb, &world);
  for (guint kill = 0; kill < KILLS; kill++)
    {
      RdTestRelay *victim = world.relays[g_rand_int_range (world.rand, 0, world.n_relays)];

      rd_test_spin (g_rand_int_range (world.rand, 200, 1200));
      rd_test_relay_kill (victim);
      rd_test_spin (g_rand_int_range (world.rand, 0, 300));
      rd_test_relay_start (victim);
      /* Halfway, the database itself goes away and comes back. */
      if (world.n_relays > 1 && kill == KILLS / 2)
        rd_test_postgresql_ctl ("restart -m fast");
    }
  rd_test_spin (500);
  world.sending = FALSE;

  /* Let every client come back, every outbox empty, every event arrive. */
  RD_TEST_WAIT (all_online (&world), 60000);
  RD_TEST_WAIT (all_acked (&world), 60000);
  RD_TEST_WAIT (all_delivered (&world), 60000);
  rd_test_spin (1000);   /* time for any duplicate to show up */

  for (guint i = 0; i < world.sent->len; i++)
    {
      RdMessage *message = g_ptr_array_index (world.sent, i);
      Agent *to = agent_named (&world, rd_message_get_to (message));

      if (rd_message_get_state (message) < RD_MESSAGE_SENT)
        continue;
      acked++;
      for (guint d = 0; d < N_DEVICES; d++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (to->received[d], rd_message_get_uuid (message)));

          if (count == 0)
            lost++;
          else
            delivered++;
          if (count > 1)
            duplicates += count - 1;
        }
    }
  for (guint a = 0; a < N_AGENTS; a++)
    out_of_order += world.agents[a].out_of_order;

  /* The requests, once their requesters have caught up: the last offers
   * may still be taken (an accept lost in a death waits for its offer's
   * time-out), and a relay stopped between a change and telling it would
   * leave its requester behind, as after any stop, until the next sync. */
  RD_TEST_WAIT (g_hash_table_size (world.requester_view) >= world.requests->len, 20000);
  for (guint waited = 0; !requests_settled (&world) && waited < SETTLE_MS; waited += 250)
    rd_test_spin (250);
  for (guint i = 0; i < world.n_relays; i++)
    rd_test_relay_stop (world.relays[i]);
  check_requests (&world, &consistent, inconsistent);

  g_print ("# %u relays, %u kills: %u messages sent, %u acked, %u delivered (to %u devices each), %u duplicates, %u lost, "
           "%u out of order; %u requests acked, %u consistent, %u not\n", world.n_relays, KILLS, world.sent->len, acked, delivered,
           N_DEVICES, duplicates, lost, out_of_order, world.requests->len, consistent, world.requests->len - consistent);
  g_assert_cmpuint (acked, ==, world.sent->len);
  g_assert_cmpuint (acked, >, 100);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (out_of_order, ==, 0);
  g_assert_cmpuint (delivered, ==, acked * N_DEVICES);
  g_assert_cmpstr (inconsistent->str, ==, "");
  g_assert_cmpuint (world.requests->len, >, 0);

  for (guint a = 0; a < N_AGENTS; a++)
    {
      g_free (world.agents[a].username);
      for (guint d = 0; d < N_DEVICES; d++)
        {
          g_clear_object (&world.agents[a].devices[d]);
          g_hash_table_unref (world.agents[a].received[d]);
          g_hash_table_unref (world.agents[a].last_number[d]);
        }
    }
  for (guint r = 0; r < N_REQUESTERS; r++)
    g_clear_object (&world.requesters[r]);
  g_ptr_array_unref (world.sent);
  g_array_unref (world.requests);
  g_hash_table_unref (world.next_number);
  g_hash_table_unref (world.requester_view);
  g_rand_free (world.rand);
  g_clear_pointer (&world.haproxy, rd_test_haproxy_free);
  for (guint i = 0; i < world.n_relays; i++)
    rd_test_relay_free (world.relays[i]);
  g_free (world.database);
}

static void
test_kill_ten_times (void)
{
  kill_ten_times (1);
}

static void
test_cluster_kill_ten_times (void)
{
  g_autofree char *no_postgresql = rd_test_postgresql_missing ();
  g_autofree char *no_haproxy = rd_test_haproxy_missing ();

  if (no_postgresql != NULL || no_haproxy != NULL)
    {
      g_test_skip (no_postgresql ? no_postgresql : no_haproxy);
      return;
    }
  kill_ten_times (MAX_RELAYS);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-ten-times", test_kill_ten_times);
  g_test_add_func ("/crash/cluster-kill-ten-times", test_cluster_kill_ten_times);
  return g_test_run ();
}
