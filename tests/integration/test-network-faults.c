/* test-network-faults.c: clients that reach the relay through a bad network
 * (rd-fault-proxy: delays, stalls, cuts) deliver everything once the path
 * heals, exactly once and in order; a file going through the relay resumes
 * after its connections are cut. */
#include "config.h"

#include <string.h>

#include "rd-fault-proxy.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"

typedef struct {
  GHashTable *seen;      /* uuid -> count */
  guint       last;      /* number of the last new message */
  guint       out_of_order;
} Inbox;

static void
message_cb (RdClient *client, const char *kind, JsonObject *data, Inbox *inbox)
{
  const char *uuid = rd_frame_get_string (data, "uuid", "");
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (inbox->seen, uuid));
  guint number = (guint) g_ascii_strtoull (rd_frame_get_string (data, "body", ""), NULL, 10);

  if (!g_str_equal (rd_frame_get_string (data, "to", ""), "alice"))
    return;
  if (count == 0)
    {
      if (number <= inbox->last)
        inbox->out_of_order++;
      inbox->last = number;
    }
  g_hash_table_insert (inbox->seen, g_strdup (uuid), GUINT_TO_POINTER (count + 1));
}

static void
send_some (RdClient *bob, GPtrArray *sent, guint *number, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%u through a bad network", ++*number);

      g_ptr_array_add (sent, g_object_ref (rd_client_send_message (bob, "alice", body)));
    }
}

static gboolean
all_in (GPtrArray *sent, Inbox *inbox)
{
  for (guint i = 0; i < sent->len; i++)
    if (!g_hash_table_contains (inbox->seen, rd_message_get_uuid (g_ptr_array_index (sent, i))))
      return FALSE;
  return TRUE;
}

static void
test_messages_through_faults (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  RdFaultProxy *bobs_path = rd_fault_proxy_new (relay->port);
  RdFaultProxy *alices_path = rd_fault_proxy_new (relay->port);
  g_autofree char *bob_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (bobs_path));
  g_autofree char *alice_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (alices_path));
  g_autoptr(RdClient) bob = rd_test_client_login_at (bob_url, "bob", "bob-password");
  g_autoptr(RdClient) alice = rd_test_client_login_at (alice_url, "alice", "alice-password");
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_object_unref);
  Inbox inbox = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0, 0 };
  guint number = 0, duplicates = 0;
  GHashTableIter iter;
  gpointer count;

  g_signal_connect (alice, "event::message", G_CALLBACK (message_cb), &inbox);

  /* Slow: every chunk a quarter second late, both ways. */
  rd_fault_proxy_set_delay (bobs_path, 250);
  rd_fault_proxy_set_delay (alices_path, 250);
  send_some (bob, sent, &number, 20);
  rd_test_spin (1500);

  /* Stalled: nothing moves for three seconds, no connection closes. */
  rd_fault_proxy_set_delay (bobs_path, 0);
  rd_fault_proxy_set_delay (alices_path, 0);
  rd_fault_proxy_set_stalled (bobs_path, TRUE);
  rd_fault_proxy_set_stalled (alices_path, TRUE);
  send_some (bob, sent, &number, 20);
  rd_test_spin (3000);
  rd_fault_proxy_set_stalled (bobs_path, FALSE);
  rd_fault_proxy_set_stalled (alices_path, FALSE);

  /* Cut, again and again, with messages in flight each time. */
  for (guint i = 0; i < 5; i++)
    {
      send_some (bob, sent, &number, 10);
      rd_test_spin (g_test_rand_int_range (0, 150));
      rd_fault_proxy_cut (i % 2 ? alices_path : bobs_path);
      rd_test_spin (200);
    }

  /* Healed: everything arrives, once, in order. */
  RD_TEST_WAIT (all_in (sent, &inbox), 60000);
  rd_test_spin (1000);
  for (guint i = 0; i < sent->len; i++)
    g_assert_cmpint (rd_message_get_state (g_ptr_array_index (sent, i)), >=, RD_MESSAGE_SENT);
  g_hash_table_iter_init (&iter, inbox.seen);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    duplicates += GPOINTER_TO_UINT (count) - 1;
  g_test_message ("%u messages through delays, a stall and 5 cuts: %u arrived, %u duplicates, %u out of order",
                  sent->len, g_hash_table_size (inbox.seen), duplicates, inbox.out_of_order);
  g_assert_cmpuint (g_hash_table_size (inbox.seen), ==, sent->len);
  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (inbox.out_of_order, ==, 0);

  g_clear_object (&alice);
  g_clear_object (&bob);
  rd_fault_proxy_free (bobs_path);
  rd_fault_proxy_free (alices_path);
  g_hash_table_unref (inbox.seen);
}

static RdTransfer *offered;

static void
offered_cb (RdTransfers *transfers, RdTransfer *transfer, gpointer data)
{
  g_set_object (&offered, transfer);
}

/* A file through the relay (no direct path allowed), over a path that is
 * slowed down and cut twice mid-way: it resumes and arrives whole. */
static void
test_file_resumes_through_faults (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  RdFaultProxy *path = rd_fault_proxy_new (relay->port);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (path));
  g_autoptr(RdClient) alice = rd_test_client_login_at (url, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login_at (url, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTransfers) sending = rd_transfers_new (alice, &error);
  g_autoptr(RdTransfers) receiving = rd_transfers_new (bob, &error);
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-faults-XXXXXX", NULL);
  g_autofree char *source_path = g_build_filename (dir, "image.iso", NULL);
  g_autofree char *dest_path = g_build_filename (dir, "received.iso", NULL);
  g_autofree char *cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) destination = g_file_new_for_path (dest_path);
  g_autofree guint8 *bytes = g_malloc (24 * 1024 * 1024);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  RdTransfer *sent;
  guint cuts = 0;

  g_assert_no_error (error);
  for (gsize i = 0; i < 24 * 1024 * 1024; i++)
    bytes[i] = (guint8) (i * 2654435761u >> 13);
  g_assert_true (g_file_set_contents (source_path, (char *) bytes, 24 * 1024 * 1024, NULL));
  want = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, 24 * 1024 * 1024);
  rd_transfers_set_direct_allowed (sending, FALSE);
  rd_transfers_set_direct_allowed (receiving, FALSE);
  rd_transfers_set_fallback_delay (receiving, 0);
  g_signal_connect (receiving, "offered", G_CALLBACK (offered_cb), NULL);

  sent = rd_transfers_send_file (sending, "bob", source);
  RD_TEST_WAIT (offered != NULL, 20000);
  rd_fault_proxy_set_delay (path, 2);   /* slow enough to cut it mid-way */
  rd_transfers_accept (receiving, offered, destination);
  while (!rd_transfer_is_finished (offered) && cuts < 2)
    {
      gint64 size = rd_transfer_get_size (offered);

      RD_TEST_WAIT (rd_transfer_get_bytes (offered) > size * (cuts + 1) / 3 || rd_transfer_is_finished (offered),
                    60000);
      if (!rd_transfer_is_finished (offered))
        {
          rd_fault_proxy_cut (path);
          cuts++;
        }
    }
  rd_fault_proxy_set_delay (path, 0);
  RD_TEST_WAIT (rd_transfer_is_finished (offered) && rd_transfer_is_finished (sent), 120000);
  g_assert_cmpstr (rd_transfer_get_error (offered), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (offered), ==, RD_TRANSFER_DONE);
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (offered), ==, "relay");
  g_assert_cmpuint (cuts, ==, 2);
  g_assert_cmpint (rd_transfer_get_resumed_from (offered), >, 0);
  g_assert_true (g_file_get_contents (dest_path, &contents, &length, NULL));
  got = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guint8 *) contents, length);
  g_assert_cmpstr (got, ==, want);
  g_test_message ("cut twice, resumed from %" G_GINT64_FORMAT " bytes the last time",
                  rd_transfer_get_resumed_from (offered));

  g_clear_object (&offered);
  g_clear_object (&sending);
  g_clear_object (&receiving);
  g_clear_object (&alice);
  g_clear_object (&bob);
  rd_fault_proxy_free (path);
  g_assert_cmpint (system (cleanup), ==, 0);
}

static gboolean
online (gpointer client)
{
  return rd_client_get_state (client) == RD_CLIENT_ONLINE;
}

/* The desktop says the network changed (rd_client_reconnect_soon): a
 * connection that still answers is kept; one whose path went silent is
 * given up after the 3 s probe instead of the 45 s keep-alive, and made
 * again once the path works. */
static void
test_network_change_probe (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  RdFaultProxy *path = rd_fault_proxy_new (relay->port);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", rd_fault_proxy_get_port (path));
  g_autoptr(RdClient) alice = rd_test_client_login_at (url, "alice", "alice-password");
  gint64 start;

  /* Alive: the probe's ping is answered, the same connection stays. */
  g_assert_cmpuint (rd_fault_proxy_get_n_links (path), ==, 1);
  rd_client_reconnect_soon (alice, 500);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 4 * G_USEC_PER_SEC)
    {
      g_assert_true (online (alice));
      rd_test_iterate ();
    }
  g_assert_cmpuint (rd_fault_proxy_get_n_links (path), ==, 1);

  /* Silent: dropped within the probe's deadline, back once it heals. */
  rd_fault_proxy_set_stalled (path, TRUE);
  rd_client_reconnect_soon (alice, 500);
  start = g_get_monotonic_time ();
  RD_TEST_WAIT (!online (alice), 6000);
  g_test_message ("gave up a silent connection %.1f s after the change", (g_get_monotonic_time () - start) / 1e6);
  rd_fault_proxy_set_stalled (path, FALSE);
  rd_client_reconnect_soon (alice, 500);
  RD_TEST_WAIT (online (alice), 10000);
  rd_fault_proxy_free (path);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/network-faults/messages", test_messages_through_faults);
  g_test_add_func ("/network-faults/file-resumes", test_file_resumes_through_faults);
  g_test_add_func ("/network-faults/network-change-probe", test_network_change_probe);
  return g_test_run ();
}
