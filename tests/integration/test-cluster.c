/* test-cluster.c: three relays on one PostgreSQL database (started by the
 * test), with the clients of one conversation on different relays:
 * messages, receipts, typing, presence and contact changes cross from one
 * relay to another, in order; a relay that is killed has its users go
 * offline everywhere else within the bound docs/admin.md gives. The
 * support queue works across them: offers, accept, resolve, Take pressed
 * on two relays at once, and the router relay killed with an offer out.
 * Files too: a transfer through the relays between parties on two of
 * them, and a file left for someone offline fetched through another relay
 * after the one it was left with is gone (the relays share files_dir).
 * Each relay's connections carry its name in pg_stat_activity (or the
 * name its URL gives). A relay whose connections to the database are cut
 * under it still gets
 * what the others gave its users to them, although its first read fails.
 * Last, the database itself: stopped, then hung (SIGSTOP): every relay
 * says 503 on /health, and once it is back a message sent meanwhile
 * arrives, once. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rd-test-files.h"
#include "rd-test-postgresql.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"

#define N_RELAYS 3
/* docs/admin.md: a heartbeat every 2 s, dead after 10 s silent. */
#define DEAD_RELAY_NOTICED_MS 15000

typedef struct {
  RdTestRelay *relays[N_RELAYS];
  char        *database;      /* their URL */
  char        *files_dir;     /* kept files, shared by the three */
} Cluster;

static void
cluster_set_up (Cluster *c, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  c->database = rd_test_postgresql_new_database ();
  c->files_dir = g_dir_make_tmp ("relaydesk-shared-files-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_RELAYS; i++)
    {
      g_autofree char *extra = g_strdup_printf ("relay_id=relay-%u\nfiles_dir=%s", i, c->files_dir);
      /* The last names its connections in its URL, which wins. */
      g_autofree char *url = i == N_RELAYS - 1 ? g_strconcat (c->database, "&application_name=named-by-url", NULL)
                                               : g_strdup (c->database);

      c->relays[i] = rd_test_relay_new_on (url);
      rd_test_relay_configure (c->relays[i], extra);
      if (i == 0)
        {
          rd_test_relay_add_team (c->relays[i]);
          g_assert_cmpint (rd_test_relay_admin (c->relays[i], NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
          g_assert_cmpint (rd_test_relay_admin (c->relays[i], NULL, NULL, NULL, "topic", "add", "Hardware",
                                                "--strategy", "manual", NULL), ==, 0);
        }
      rd_test_relay_start (c->relays[i]);
    }
}

static void
cluster_tear_down (Cluster *c, gconstpointer data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", c->files_dir);

  for (guint i = 0; i < N_RELAYS; i++)
    rd_test_relay_free (c->relays[i]);
  g_assert_cmpint (system (command), ==, 0);
  g_free (c->files_dir);
  g_free (c->database);
}

static RdTransfers *
transfers_of (RdClient *client)
{
  g_autoptr(GError) error = NULL;
  RdTransfers *transfers = rd_transfers_new (client, &error);

  g_assert_no_error (error);
  return transfers;
}

static void
offered_cb (RdTransfers *transfers, RdTransfer *transfer, RdTransfer **out)
{
  g_set_object (out, transfer);
}

static void
assert_received (RdTransfer *received, GFile *file, GFile *destination)
{
  g_autofree char *want = rd_test_sha256_of (file);
  g_autofree char *got = NULL;

  RD_TEST_WAIT (rd_transfer_is_finished (received), 60000);
  g_assert_cmpstr (rd_transfer_get_error (received), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (received), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (received), ==, "relay");
  got = rd_test_sha256_of (destination);
  g_assert_cmpstr (got, ==, want);
}

/* Alice on one relay, bob on another, no direct path allowed: both proxy
 * connections must meet on one relay, whichever each side asked for its
 * ticket. Twice, the other way round the second time. */
static void
test_file_cross_relays (Cluster *c, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-cluster-files-XXXXXX", &error);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  RdClient *clients[2] = { rd_test_client_login (c->relays[0], "alice", "alice-password"),
                           rd_test_client_login (c->relays[1], "bob", "bob-password") };
  const char *names[2] = { "alice", "bob" };
  RdTransfers *transfers[2] = { transfers_of (clients[0]), transfers_of (clients[1]) };
  RdTransfer *offered[2] = { NULL, NULL };

  for (guint i = 0; i < 2; i++)
    {
      rd_transfers_set_direct_allowed (transfers[i], FALSE);
      g_signal_connect (transfers[i], "offered", G_CALLBACK (offered_cb), &offered[i]);
    }
  for (guint from = 0; from < 2; from++)
    {
      guint to = 1 - from;
      g_autofree char *name = g_strdup_printf ("from-%s.bin", names[from]);
      g_autofree char *dest_path = g_build_filename (dir, "received", NULL);
      g_autoptr(GFile) file = rd_test_make_file (dir, name, 2 * 1024 * 1024 + from);
      g_autoptr(GFile) destination = g_file_new_for_path (dest_path);
      RdTransfer *sent = rd_transfers_send_file (transfers[from], names[to], file);

      g_file_delete (destination, NULL, NULL);
      RD_TEST_WAIT (offered[to] != NULL, 30000);
      g_assert_cmpstr (rd_transfer_get_id (offered[to]), ==, rd_transfer_get_id (sent));
      rd_transfers_accept (transfers[to], offered[to], destination);
      assert_received (offered[to], file, destination);
      RD_TEST_WAIT (rd_transfer_is_finished (sent), 10000);
      g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_DONE);
      g_clear_object (&offered[to]);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_object_unref (transfers[i]);
      g_object_unref (clients[i]);
    }
  g_assert_cmpint (system (command), ==, 0);
}

/* Bob is offline: alice leaves a file with her relay, which then dies;
 * bob, back on another relay, is offered it and fetches it whole. */
static void
test_kept_file_any_relay (Cluster *c, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-cluster-files-XXXXXX", &error);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree char *dest_path = g_build_filename (dir, "fetched", NULL);
  g_autoptr(GFile) file = rd_test_make_file (dir, "crash-report.txt", 3 * 1024 * 1024 + 5);
  g_autoptr(GFile) destination = g_file_new_for_path (dest_path);
  g_autoptr(RdTransfer) offered = NULL;

  {
    g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
    g_autoptr(RdTransfers) sending = transfers_of (alice);
    RdTransfer *sent = rd_transfers_send_file (sending, "bob", file);

    RD_TEST_WAIT (rd_transfer_is_finished (sent), 10000);
    g_assert_true (rd_transfer_can_leave_with_relay (sent));
    rd_transfers_leave_with_relay (sending, sent);
    RD_TEST_WAIT (rd_transfer_is_finished (sent), 30000);
    g_assert_cmpstr (rd_transfer_get_error (sent), ==, NULL);
    g_assert_true (rd_transfer_is_kept_by_relay (sent));
  }
  rd_test_relay_kill (c->relays[0]);
  {
    g_autoptr(RdClient) bob = rd_test_client_login (c->relays[2], "bob", "bob-password");
    g_autoptr(RdTransfers) receiving = transfers_of (bob);
    g_autofree char *kept = NULL;

    RD_TEST_WAIT (g_list_model_get_n_items (rd_transfers_get_list (receiving)) == 1, 10000);
    offered = g_list_model_get_item (rd_transfers_get_list (receiving), 0);
    g_assert_true (rd_transfer_is_kept_by_relay (offered));
    rd_transfers_accept (receiving, offered, destination);
    assert_received (offered, file, destination);
    /* Fetched: no relay keeps it any longer. */
    kept = g_build_filename (c->files_dir, rd_transfer_get_id (offered), NULL);
    RD_TEST_WAIT (!g_file_test (kept, G_FILE_TEST_EXISTS), 10000);
  }
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_messages_cross_relays (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  g_autoptr(RdClient) bob_phone = rd_test_client_login (c->relays[2], "bob", "bob-password");
  RdMessage *sent = NULL;

  /* In order, to both of bob's devices, each on another relay than alice. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = g_strdup_printf ("line %u", i);

      sent = rd_client_send_message (alice, "bob", body);
    }
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 50, 20000);
  RD_TEST_WAIT (rd_test_n_messages (bob_phone, "alice") == 50, 20000);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *body = g_strdup_printf ("line %u", i);
      RdMessage *on_laptop = rd_test_nth_message (bob, "alice", i);
      RdMessage *on_phone = rd_test_nth_message (bob_phone, "alice", i);

      g_assert_cmpstr (rd_message_get_body (on_laptop), ==, body);
      g_assert_cmpstr (rd_message_get_body (on_phone), ==, body);
    }

  /* Delivered and read receipts come back across. */
  RD_TEST_WAIT (rd_message_get_state (sent) == RD_MESSAGE_DELIVERED, 10000);
  rd_client_mark_read (bob, rd_client_get_conversation (bob, "alice", FALSE));
  RD_TEST_WAIT (rd_message_get_state (sent) == RD_MESSAGE_READ, 10000);

  /* And the answer, the other way. */
  rd_client_send_message (bob_phone, "alice", "thanks");
  RD_TEST_WAIT (rd_test_n_messages (alice, "bob") == 51, 10000);
  /* bob's laptop sees what his phone sent (its own copy, across relays). */
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 51, 10000);
}

static void
typing_cb (RdClient *client, const char *from, gboolean active, gpointer user_data)
{
  gint *state = user_data;

  *state = active ? 1 : 0;
}

static void
test_typing_and_presence_cross_relays (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
  g_autoptr(RdClient) alice_desk = rd_test_client_login (c->relays[2], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  g_autoptr(RdClient) carol = NULL;
  gint state = -1;

  /* A contact added on one relay reaches the account's device on another. */
  g_assert_null (rd_test_add_contact (alice, "bob", "Customers"));
  g_assert_null (rd_test_add_contact (alice, "carol", "Team"));
  RD_TEST_WAIT (g_list_model_get_n_items (rd_client_get_contacts (alice_desk)) == 2, 10000);
  g_assert_cmpstr (rd_test_status_of (alice, "bob"), ==, "available");
  g_assert_cmpstr (rd_test_status_of (alice, "carol"), ==, "offline");

  /* Presence set on relay 1 is seen on relays 0 and 2. */
  rd_client_set_presence (bob, "away", "At lunch");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "away") == 0, 10000);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice_desk, "bob"), "away") == 0, 10000);
  g_assert_cmpstr (rd_contact_get_status_text (rd_client_find_contact (alice, "bob")), ==, "At lunch");

  /* An account is as reachable as its best device, wherever it is. */
  carol = rd_test_client_login (c->relays[1], "carol", "carol-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "available") == 0, 10000);
  rd_client_set_presence (carol, "busy", "");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "busy") == 0, 10000);
  {
    g_autoptr(RdClient) carol_phone = rd_test_client_login (c->relays[2], "carol", "carol-password");

    RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "available") == 0, 10000);
  }
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "busy") == 0, 10000);
  g_clear_object (&carol);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "carol"), "offline") == 0, 10000);

  /* Typing is not stored: it crosses as a notification. */
  g_signal_connect (alice, "typing", G_CALLBACK (typing_cb), &state);
  rd_client_set_typing (bob, "alice", TRUE);
  RD_TEST_WAIT (state == 1, 10000);
  rd_client_set_typing (bob, "alice", FALSE);
  RD_TEST_WAIT (state == 0, 10000);
}

static void
test_killed_relay_goes_offline (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  gint64 killed_at;
  gint64 noticed_ms;

  g_assert_null (rd_test_add_contact (alice, "bob", "Customers"));
  g_assert_cmpstr (rd_test_status_of (alice, "bob"), ==, "available");
  rd_client_set_reconnect_delay (bob, 60000, 60000);   /* stays away */

  /* A relay stopped in order tells the others at once. */
  rd_test_relay_stop (c->relays[1]);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0, 5000);

  /* A relay killed says nothing: the others notice its silence. */
  rd_test_relay_start (c->relays[1]);
  g_clear_object (&bob);
  bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);
  rd_client_set_reconnect_delay (bob, 60000, 60000);
  rd_test_relay_kill (c->relays[1]);
  killed_at = g_get_monotonic_time ();
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0, DEAD_RELAY_NOTICED_MS);
  noticed_ms = (g_get_monotonic_time () - killed_at) / 1000;
  g_test_message ("a killed relay's users were offline elsewhere after %" G_GINT64_FORMAT " ms", noticed_ms);

  /* Restarted, it takes its users back. */
  rd_test_relay_start (c->relays[1]);
  g_clear_object (&bob);
  bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);
}

/* The newest offer an agent got, and the newest state of a request its
 * requester was told. */
typedef struct {
  guint  offers;
  gint64 offered;
  char  *state;
} Inbox;

static void
event_cb (RdClient *client, const char *kind, JsonObject *data, Inbox *inbox)
{
  if (g_str_equal (kind, "offer"))
    {
      inbox->offers++;
      inbox->offered = rd_frame_get_int (data, "request", 0);
    }
  else if (g_str_equal (kind, "request"))
    {
      g_free (inbox->state);
      inbox->state = g_strdup (rd_frame_get_string (data, "state", ""));
    }
}

static void
test_queue_cross_relays (Cluster *c, gconstpointer data)
{
  /* relay-0 routes (it started first); nobody of this request is on it. */
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[1], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[2], "bob", "bob-password");
  Inbox agent = { 0 }, requester = { 0 };
  gint64 id;

  g_signal_connect (alice, "event", G_CALLBACK (event_cb), &agent);
  g_signal_connect (bob, "event", G_CALLBACK (event_cb), &requester);
  id = rd_test_create_request (bob, "Network", "VPN fails", 0, NULL);
  RD_TEST_WAIT (agent.offered == id, 10000);
  rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, id);
  RD_TEST_WAIT (g_strcmp0 (requester.state, "active") == 0, 10000);
  rd_test_act (alice, RD_FRAME_REQUEST_RESOLVE, id);
  RD_TEST_WAIT (g_strcmp0 (requester.state, "resolved") == 0, 10000);

  /* The router dies with an offer out: another relay takes over and the
   * request goes back to the queue and out again, as after a restart. */
  id = rd_test_create_request (bob, "Network", "Printer jams", 0, NULL);
  RD_TEST_WAIT (agent.offered == id, 10000);
  g_assert_cmpuint (agent.offers, ==, 2);
  rd_test_relay_kill (c->relays[0]);
  RD_TEST_WAIT (agent.offers == 3, 20000);
  g_assert_cmpint (agent.offered, ==, id);
  rd_test_act (alice, RD_FRAME_OFFER_ACCEPT, id);
  RD_TEST_WAIT (g_strcmp0 (requester.state, "active") == 0, 10000);
  g_free (requester.state);
  g_free (agent.state);
}

/* The dashboard counts the staff online on every relay, as routing does. */
static void
test_dashboard_cross_relays (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[1], "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (c->relays[0], "carol", "carol-password");
  g_autoptr(RdClient) sam = NULL;
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[0], "bob", "bob-password");
  RdSupportDesk *desk;

  rd_test_relay_add_user (c->relays[2], "sam", "supervisor", "sam-password");
  sam = rd_test_client_login (c->relays[2], "sam", "sam-password");
  desk = rd_client_get_support_desk (sam);
  rd_support_desk_get_staff (desk);
  RD_TEST_WAIT (rd_support_desk_find_staff_member (desk, "alice") != NULL &&
                rd_support_desk_find_staff_member (desk, "carol") != NULL, 10000);
  g_assert_nonnull (rd_support_desk_find_staff_member (desk, "sam"));
  g_assert_null (rd_support_desk_find_staff_member (desk, "bob"));
  g_assert_cmpstr (rd_staff_member_get_status (rd_support_desk_find_staff_member (desk, "alice")), ==, "available");
  /* Gone from its relay: gone from the dashboard at a refresh (the
   * dashboard page asks every 10 s). */
  g_clear_object (&alice);
  for (guint i = 0; i < 40 && rd_support_desk_find_staff_member (desk, "alice") != NULL; i++)
    {
      rd_support_desk_refresh_dashboard_async (desk, NULL, NULL, NULL);
      rd_test_spin (500);
    }
  g_assert_null (rd_support_desk_find_staff_member (desk, "alice"));
  g_assert_nonnull (rd_support_desk_find_staff_member (desk, "carol"));
}

typedef struct {
  guint     done;
  guint     taken;
  guint     refused;
} TakeRace;

static void
take_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TakeRace *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  race->done++;
  if (reply != NULL)
    race->taken++;
  else if (g_error_matches (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT))
    race->refused++;
}

static void
test_take_race_cross_relays (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[1], "alice", "alice-password");
  g_autoptr(RdClient) carol = rd_test_client_login (c->relays[2], "carol", "carol-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[0], "bob", "bob-password");

  /* Both press Take on the same request at once, on two relays: one has
   * it, the other is told it is taken; never both. */
  for (guint i = 0; i < 10; i++)
    {
      gint64 id = rd_test_create_request (bob, "Hardware", "Screen flickers", 0, NULL);
      g_autoptr(JsonObject) by_alice = rd_frame_new (RD_FRAME_REQUEST_TAKE, NULL);
      g_autoptr(JsonObject) by_carol = rd_frame_new (RD_FRAME_REQUEST_TAKE, NULL);
      TakeRace race = { 0 };

      json_object_set_int_member (by_alice, "request", id);
      json_object_set_int_member (by_carol, "request", id);
      rd_client_request_async (alice, by_alice, NULL, take_done_cb, &race);
      rd_client_request_async (carol, by_carol, NULL, take_done_cb, &race);
      RD_TEST_WAIT (race.done == 2, 10000);
      g_assert_cmpuint (race.taken, ==, 1);
      g_assert_cmpuint (race.refused, ==, 1);
    }
}

/* Moving up and back: a SQLite relay's data into PostgreSQL with
 * `relaydeskd migrate`, a relay on it, and back into a new SQLite file. */
static void
test_migrate_and_back (void)
{
  g_autoptr(RdTestRelay) on_sqlite = rd_test_relay_new_on (NULL);
  g_autoptr(RdTestRelay) on_postgresql = NULL;
  g_autoptr(RdTestRelay) back = rd_test_relay_new_on (NULL);
  g_autofree char *database = rd_test_postgresql_new_database ();
  g_autofree char *back_file = g_build_filename (back->dir, "data", "relaydesk.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 request;

  rd_test_relay_add_team (on_sqlite);
  g_assert_cmpint (rd_test_relay_admin (on_sqlite, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  rd_test_relay_start (on_sqlite);
  {
    g_autoptr(RdClient) alice = rd_test_client_login (on_sqlite, "alice", "alice-password");
    g_autoptr(RdClient) bob = rd_test_client_login (on_sqlite, "bob", "bob-password");

    g_assert_null (rd_test_add_contact (alice, "bob", "Customers"));
    for (guint i = 0; i < 20; i++)
      {
        g_autofree char *body = g_strdup_printf ("line %u", i);
        rd_client_send_message (alice, "bob", body);
      }
    RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 20, 10000);
    {
      g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
      g_autoptr(JsonObject) facts = json_object_new ();
      g_autoptr(JsonObject) reply = NULL;

      json_object_set_string_member (frame, "topic", "Network");
      json_object_set_string_member (frame, "summary", "VPN fails");
      json_object_set_string_member (facts, "os", "Debian GNU/Linux 12 (bookworm)");
      json_object_set_object_member (frame, "facts", json_object_ref (facts));
      reply = rd_test_request (bob, frame, NULL);
      g_assert_nonnull (reply);
      request = rd_frame_get_int (reply, "request", 0);
    }
  }
  /* While it runs: a consistent snapshot, every table counted. */
  g_assert_cmpint (rd_test_relay_admin (on_sqlite, NULL, &out, &err, "migrate", "--to", database, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "messages           20 rows"));
  g_assert_nonnull (strstr (out, "every table's rows counted"));
  rd_test_relay_stop (on_sqlite);

  /* Into a database that is not empty: refused, nothing changed. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (on_sqlite, NULL, NULL, &err, "migrate", "--to", database, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));

  /* A relay on PostgreSQL has it all: sign-in, contacts, history, the request. */
  on_postgresql = rd_test_relay_new_on (database);
  rd_test_relay_start (on_postgresql);
  {
    g_autoptr(RdClient) alice = rd_test_client_login (on_postgresql, "alice", "alice-password");
    g_autoptr(RdClient) bob = rd_test_client_login (on_postgresql, "bob", "bob-password");
    g_autoptr(JsonObject) reply = NULL;
    g_autoptr(GError) error = NULL;

    RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);
    rd_client_send_message (bob, "alice", "still there?");
    RD_TEST_WAIT (rd_test_n_messages (alice, "bob") >= 1, 10000);
    /* New rows get new ids after the copied ones. */
    g_assert_cmpint (rd_test_create_request (bob, "Network", "And the printer", 0, NULL), >, request);
    /* Its facts came along. */
    reply = rd_test_ask (bob, RD_FRAME_REQUEST_FACTS, request, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "facts"), "os"), ==,
                     "Debian GNU/Linux 12 (bookworm)");
    g_clear_pointer (&reply, json_object_unref);
    reply = rd_test_ask (bob, RD_FRAME_REQUEST_CANCEL, request, &error);
    g_assert_no_error (error);
  }
  rd_test_relay_stop (on_postgresql);

  /* And back, into a new SQLite file. */
  g_clear_pointer (&out, g_free);
  {
    g_autofree char *folder = g_path_get_dirname (back_file);
    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  }
  g_assert_cmpint (rd_test_relay_admin (on_postgresql, NULL, &out, NULL, "migrate", "--to", back_file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "messages           21 rows"));
  rd_test_relay_start (back);
  {
    g_autoptr(RdClient) alice = rd_test_client_login (back, "alice", "alice-password");

    RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0, 10000);
  }
}

/* The status of @relay's /health. */
static guint
health_of (RdTestRelay *relay)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/health", relay->port);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

  return soup_message_get_status (message);
}

static gboolean
all_say (Cluster *c, guint status)
{
  for (guint i = 0; i < N_RELAYS; i++)
    if (health_of (c->relays[i]) != status)
      return FALSE;
  return TRUE;
}

static guint
count_connections (Cluster *c, const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pid FROM pg_stat_activity WHERE application_name = '%s'", name);
  g_autoptr(GPtrArray) found = rd_test_postgresql_rows (c->database, sql);

  return found->len;
}

/* Ends the connections to the database whose application_name is @name
 * (relaydeskd calls them after the relay): how many there were. */
static guint
cut_connections (Cluster *c, const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                                          "WHERE application_name = '%s'", name);
  g_autoptr(GPtrArray) cut = rd_test_postgresql_rows (c->database, sql);

  return cut->len;
}

/* Relay 1's connections to the database are cut under it. First its store
 * connection alone: the next read on it fails, and that read is the one
 * that fetches what relay 0 just gave bob, told by a NOTIFY: relay 1 must
 * read it again until it can, not leave bob waiting for his next event.
 * Then both its connections: what relay 0 gives bob while relay 1 is not
 * listening (a message, alice's new presence) reaches bob once relay 1
 * listens again, although its first read then fails. Each message once. */
static void
test_store_connection_cut (Cluster *c, gconstpointer data)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[1], "bob", "bob-password");

  /* Each relay's two connections carry its name, or the URL's. */
  g_assert_cmpuint (count_connections (c, "relaydeskd relay-0"), ==, 1);
  g_assert_cmpuint (count_connections (c, "relaydeskd relay-0 listener"), ==, 1);
  g_assert_cmpuint (count_connections (c, "named-by-url"), ==, 2);

  g_assert_null (rd_test_add_contact (bob, "alice", "Team"));
  rd_client_send_message (alice, "bob", "before");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 1, 10000);

  g_assert_cmpuint (cut_connections (c, "relaydeskd relay-1"), ==, 1);
  rd_client_send_message (alice, "bob", "after the store connection was cut");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 2, 10000);

  g_assert_cmpuint (cut_connections (c, "relaydeskd relay-1 listener"), ==, 1);
  g_assert_cmpuint (cut_connections (c, "relaydeskd relay-1"), ==, 1);
  rd_client_send_message (alice, "bob", "while relay 1 was not listening");
  rd_client_set_presence (alice, "away", "In a meeting");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 3, 10000);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (bob, "alice"), "away") == 0, 10000);

  rd_test_spin (1000);
  g_assert_cmpint (rd_test_n_messages (bob, "alice"), ==, 3);
  g_assert_cmpstr (rd_message_get_body (rd_test_nth_message (bob, "alice", 1)), ==,
                   "after the store connection was cut");
  g_assert_cmpstr (rd_message_get_body (rd_test_nth_message (bob, "alice", 2)), ==,
                   "while relay 1 was not listening");
}

/* The database goes away (@hang: stops answering, SIGSTOP; else it is
 * shut down): every relay says 503; a message sent meanwhile is not
 * acknowledged; the database back, the relays say 200 and the message
 * arrives once. */
static void
database_away_and_back (Cluster *c, gboolean hang)
{
  g_autoptr(RdClient) alice = rd_test_client_login (c->relays[0], "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (c->relays[1], "bob", "bob-password");
  RdMessage *during;
  gint64 since;

  rd_client_send_message (alice, "bob", "before");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 1, 10000);
  g_assert_true (all_say (c, 200));

  since = g_get_monotonic_time ();
  if (hang)
    rd_test_postgresql_signal (SIGSTOP);
  else
    rd_test_postgresql_ctl ("stop -m fast");
  /* docs/admin.md: 3 s to connect, 5 s for an unanswered request, a probe
   * every 2 s answered within 3 s. */
  RD_TEST_WAIT (all_say (c, 503), 30000);
  g_test_message ("database %s: every relay said 503 after %.1f s", hang ? "hung" : "stopped",
                  (g_get_monotonic_time () - since) / 1e6);
  during = rd_client_send_message (alice, "bob", "while it was away");
  rd_test_spin (2000);
  g_assert_cmpint (rd_message_get_state (during), ==, RD_MESSAGE_PENDING);

  if (hang)
    rd_test_postgresql_signal (SIGCONT);
  else
    rd_test_postgresql_start ();
  RD_TEST_WAIT (all_say (c, 200), 30000);
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 2, 60000);
  g_assert_cmpstr (rd_message_get_body (rd_test_nth_message (bob, "alice", 1)), ==, "while it was away");
  RD_TEST_WAIT (rd_message_get_state (during) != RD_MESSAGE_PENDING, 30000);
  rd_test_spin (1000);
  g_assert_cmpint (rd_test_n_messages (bob, "alice"), ==, 2);
}

static void
test_database_stopped (Cluster *c, gconstpointer data)
{
  database_away_and_back (c, FALSE);
}

static void
test_database_hangs (Cluster *c, gconstpointer data)
{
  database_away_and_back (c, TRUE);
}

#define ADD(path, func) g_test_add (path, Cluster, NULL, cluster_set_up, func, cluster_tear_down)

int
main (int argc, char *argv[])
{
  g_autofree char *missing = rd_test_postgresql_missing ();

  if (missing != NULL)
    {
      printf ("1..0 # SKIP %s\n", missing);
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  ADD ("/cluster/messages-cross-relays", test_messages_cross_relays);
  ADD ("/cluster/typing-and-presence-cross-relays", test_typing_and_presence_cross_relays);
  ADD ("/cluster/killed-relay-goes-offline", test_killed_relay_goes_offline);
  ADD ("/cluster/queue-cross-relays", test_queue_cross_relays);
  ADD ("/cluster/take-race-cross-relays", test_take_race_cross_relays);
  ADD ("/cluster/dashboard-cross-relays", test_dashboard_cross_relays);
  ADD ("/cluster/file-cross-relays", test_file_cross_relays);
  ADD ("/cluster/kept-file-any-relay", test_kept_file_any_relay);
  ADD ("/cluster/store-connection-cut", test_store_connection_cut);
  g_test_add_func ("/cluster/migrate-and-back", test_migrate_and_back);
  /* Last: they stop the database everyone shares. */
  ADD ("/cluster/database-stopped", test_database_stopped);
  ADD ("/cluster/database-hangs", test_database_hangs);
  return g_test_run ();
}
