/* test-files.c: file transfers between two real RdClients through a real
 * relaydeskd on 127.0.0.1: the direct path, the relay path when no direct
 * one can exist, resuming after a cut, a wrong certificate, a damaged
 * file, cancels on each side, a file far larger than what may be held in
 * memory, and the relay's answers to frames that must be refused. */
#include "config.h"

#include <string.h>

#include "rd-test-files.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"

#define UNREACHABLE "192.0.2.1:9"   /* TEST-NET-1: routes nowhere */

typedef struct {
  RdTestRelay *relay;
  RdClient    *alice;      /* agent: sends */
  RdClient    *bob;        /* requester: receives */
  RdTransfers *sending;
  RdTransfers *receiving;
  RdTransfer  *offered;
  char        *dir;
} Pair;

static void
offered_cb (RdTransfers *transfers, RdTransfer *transfer, Pair *pair)
{
  g_set_object (&pair->offered, transfer);
}

/* Alice signed in on @relay with her transfers, and a folder for files. */
static void
pair_set_up_sender (Pair *pair, RdTestRelay *relay)
{
  g_autoptr(GError) error = NULL;

  pair->relay = relay;
  pair->alice = rd_test_client_login (pair->relay, "alice", "alice-password");
  pair->sending = rd_transfers_new (pair->alice, &error);
  g_assert_no_error (error);
  pair->dir = g_dir_make_tmp ("relaydesk-files-XXXXXX", &error);
  g_assert_no_error (error);
}

/* Bob signs in, with his transfers. */
static void
pair_add_recipient (Pair *pair)
{
  g_autoptr(GError) error = NULL;

  pair->bob = rd_test_client_login (pair->relay, "bob", "bob-password");
  pair->receiving = rd_transfers_new (pair->bob, &error);
  g_assert_no_error (error);
  g_signal_connect (pair->receiving, "offered", G_CALLBACK (offered_cb), pair);
}

static void
pair_set_up (Pair *pair)
{
  pair_set_up_sender (pair, rd_test_relay_new_team ());
  pair_add_recipient (pair);
}

static void
pair_tear_down (Pair *pair)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", pair->dir);

  g_clear_object (&pair->offered);
  g_clear_object (&pair->sending);
  g_clear_object (&pair->receiving);
  g_clear_object (&pair->alice);
  g_clear_object (&pair->bob);
  rd_test_relay_free (pair->relay);
  g_assert_cmpint (system (command), ==, 0);
  g_free (pair->dir);
}

/* A file of @size bytes in the pair's folder. */
static GFile *
make_file (Pair *pair, const char *name, gsize size)
{
  return rd_test_make_file (pair->dir, name, size);
}

/* Offers @file from alice, waits for bob's side and accepts it into
 * "received-<name>"; returns alice's transfer. */
static RdTransfer *
offer_and_accept (Pair *pair, GFile *file, GFile **out_destination)
{
  RdTransfer *sent = rd_transfers_send_file (pair->sending, "bob", file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *dest_name = g_strconcat ("received-", name, NULL);
  g_autofree char *dest_path = g_build_filename (pair->dir, dest_name, NULL);

  g_clear_object (&pair->offered);
  RD_TEST_WAIT (pair->offered != NULL, 30000);
  g_assert_cmpstr (rd_transfer_get_id (pair->offered), ==, rd_transfer_get_id (sent));
  g_assert_cmpstr (rd_transfer_get_name (pair->offered), ==, name);
  g_assert_cmpstr (rd_transfer_get_peer_name (pair->offered), ==, "Alice Agent");
  g_assert_cmpint (rd_transfer_get_size (pair->offered), ==, rd_transfer_get_size (sent));
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_OFFERED, 10000);
  *out_destination = g_file_new_for_path (dest_path);
  rd_transfers_accept (pair->receiving, pair->offered, *out_destination);
  return sent;
}

static void
assert_arrived (GFile *file, GFile *destination, RdTransfer *sent, RdTransfer *received, const char *path)
{
  g_autofree char *want = rd_test_sha256_of (file);
  g_autofree char *got = NULL;
  g_autofree char *part = g_strconcat (g_file_peek_path (destination), ".part", NULL);

  RD_TEST_WAIT (rd_transfer_is_finished (sent) && rd_transfer_is_finished (received), 60000);
  g_assert_cmpstr (rd_transfer_get_error (received), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (received), ==, RD_TRANSFER_DONE);
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (received), ==, path);
  g_assert_cmpstr (rd_transfer_get_path (sent), ==, path);
  g_assert_cmpint (rd_transfer_get_bytes (received), ==, rd_transfer_get_size (received));
  got = rd_test_sha256_of (destination);
  g_assert_cmpstr (got, ==, want);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* A file of @size from alice to bob, which must arrive whole over @path. */
static void
send_over (Pair *pair, const char *name, gsize size, const char *path)
{
  g_autoptr(GFile) file = make_file (pair, name, size);
  g_autoptr(GFile) destination = NULL;
  gint64 accepted = g_get_monotonic_time ();
  RdTransfer *sent = offer_and_accept (pair, file, &destination);

  g_assert_cmpint (rd_transfer_get_first_byte_time (pair->offered), ==, 0);
  assert_arrived (file, destination, sent, pair->offered, path);
  /* When the first bytes came: after the accept, before the end. */
  g_assert_cmpint (rd_transfer_get_first_byte_time (pair->offered), >=, accepted);
  g_assert_cmpint (rd_transfer_get_first_byte_time (pair->offered), <=, g_get_monotonic_time ());
}

static void
test_direct (void)
{
  Pair pair = { 0 };

  pair_set_up (&pair);
  /* A long fallback delay: only the direct path can make it in time. */
  rd_transfers_set_fallback_delay (pair.receiving, 20000);
  send_over (&pair, "screenshot.png", 3 * 1024 * 1024 + 17, "direct");
  g_assert_cmpuint (rd_transfers_get_refused_connections (pair.receiving), ==, 0);
  pair_tear_down (&pair);
}

static void
test_relay_when_no_direct_path (void)
{
  Pair pair = { 0 };

  pair_set_up (&pair);
  /* Neither side listens; both advertise an address that leads nowhere. */
  rd_transfers_set_advertised_candidates (pair.sending, UNREACHABLE);
  rd_transfers_set_advertised_candidates (pair.receiving, UNREACHABLE);
  rd_transfers_set_fallback_delay (pair.receiving, 500);
  send_over (&pair, "logs.tar", 5 * 1024 * 1024, "relay");
  pair_tear_down (&pair);
}

/* A desktop that allows no peer-to-peer connections (one side is enough):
 * it neither listens nor dials, so even with both on one machine the bytes
 * go through the relay. */
static void
test_direct_not_allowed (void)
{
  Pair pair = { 0 };

  pair_set_up (&pair);
  rd_transfers_set_direct_allowed (pair.sending, FALSE);
  g_assert_false (rd_transfers_get_direct_allowed (pair.sending));
  /* Time enough for a direct connection on loopback, were one tried. */
  rd_transfers_set_fallback_delay (pair.receiving, 1500);
  send_over (&pair, "screenshot.png", 2 * 1024 * 1024, "relay");
  g_assert_cmpuint (rd_transfers_get_refused_connections (pair.receiving), ==, 0);
  pair_tear_down (&pair);
}

/* The message in @client's conversation with @peer that stands for @transfer. */
static RdMessage *
file_message (RdClient *client, const char *peer, RdTransfer *transfer)
{
  g_autofree char *uuid = g_strdup_printf ("file:%s", rd_transfer_get_id (transfer));
  RdConversation *conversation = rd_client_get_conversation (client, peer, FALSE);

  g_assert_nonnull (conversation);
  return rd_conversation_find (conversation, uuid);
}

/* Both sides see the file in their conversation's timeline, after the
 * messages written before it; the recipient counts it unread until read. */
static void
test_file_in_timeline (void)
{
  Pair pair = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  RdConversation *conversation;
  RdMessage *mine, *theirs, *last;
  RdTransfer *sent;
  guint n;

  pair_set_up (&pair);
  rd_client_send_message (pair.alice, "bob", "Here is the log you asked for.");
  RD_TEST_WAIT ((conversation = rd_client_get_conversation (pair.bob, "alice", FALSE)) != NULL &&
                rd_conversation_get_unread (conversation) == 1, 10000);
  rd_client_mark_read (pair.bob, conversation);
  g_assert_cmpuint (rd_conversation_get_unread (conversation), ==, 0);

  file = make_file (&pair, "vpn.log", 64 * 1024);
  sent = offer_and_accept (&pair, file, &destination);
  mine = file_message (pair.alice, "bob", sent);
  theirs = file_message (pair.bob, "alice", pair.offered);
  g_assert_nonnull (mine);
  g_assert_nonnull (theirs);
  g_assert_true (rd_message_get_transfer (mine) == sent);
  g_assert_true (rd_message_get_transfer (theirs) == pair.offered);
  g_assert_true (rd_message_get_outgoing (mine));
  g_assert_false (rd_message_get_outgoing (theirs));
  g_assert_cmpstr (rd_message_get_body (theirs), ==, "vpn.log");
  n = g_list_model_get_n_items (rd_conversation_get_messages (conversation));
  last = g_list_model_get_item (rd_conversation_get_messages (conversation), n - 1);
  g_assert_true (last == theirs);
  g_object_unref (last);
  g_assert_cmpuint (rd_conversation_get_unread (conversation), ==, 1);
  rd_client_mark_read (pair.bob, conversation);
  g_assert_cmpuint (rd_conversation_get_unread (conversation), ==, 0);
  assert_arrived (file, destination, sent, pair.offered, "direct");
  /* The relay was never asked about a message it did not carry. */
  g_assert_cmpint (rd_message_get_state (mine), ==, RD_MESSAGE_SENT);
  pair_tear_down (&pair);
}

static gboolean
kept_on_relay (Pair *pair, const char *transfer_id)
{
  g_autofree char *path = g_build_filename (pair->relay->dir, "data", "files", transfer_id, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Bob is offline: alice is told, leaves the file with the relay, which
 * keeps it across a restart; bob, back, is offered it and fetches it whole
 * through the relay, which then forgets it. */
static void
test_left_with_relay (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  RdTransfer *sent;

  pair_set_up_sender (&pair, rd_test_relay_new_team ());
  file = make_file (&pair, "crash-report.txt", 3 * 1024 * 1024 + 5);
  want = rd_test_sha256_of (file);

  sent = rd_transfers_send_file (pair.sending, "bob", file);
  RD_TEST_WAIT (rd_transfer_is_finished (sent), 10000);
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_FAILED);
  g_assert_nonnull (strstr (rd_transfer_get_error (sent), "offline"));
  g_assert_true (rd_transfer_can_leave_with_relay (sent));

  rd_transfers_leave_with_relay (pair.sending, sent);
  RD_TEST_WAIT (rd_transfer_is_finished (sent), 30000);
  g_assert_cmpstr (rd_transfer_get_error (sent), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_DONE);
  g_assert_true (rd_transfer_is_kept_by_relay (sent));
  g_assert_false (rd_transfer_can_leave_with_relay (sent));
  g_assert_true (kept_on_relay (&pair, rd_transfer_get_id (sent)));

  /* What was acknowledged survives the relay going down hard. */
  rd_test_relay_kill (pair.relay);
  rd_test_relay_start (pair.relay);

  pair_add_recipient (&pair);
  /* Told while signing in, before this RdTransfers existed: offered all the same. */
  RD_TEST_WAIT ((pair.offered = rd_transfers_find (pair.receiving, rd_transfer_get_id (sent))) != NULL, 10000);
  g_object_ref (pair.offered);
  g_assert_cmpstr (rd_transfer_get_name (pair.offered), ==, "crash-report.txt");
  g_assert_cmpstr (rd_transfer_get_peer_name (pair.offered), ==, "Alice Agent");
  g_assert_true (rd_transfer_is_kept_by_relay (pair.offered));
  {
    g_autofree char *path = g_build_filename (pair.dir, "fetched-crash-report.txt", NULL);

    destination = g_file_new_for_path (path);
  }
  rd_transfers_accept (pair.receiving, pair.offered, destination);
  RD_TEST_WAIT (rd_transfer_is_finished (pair.offered), 30000);
  g_assert_cmpstr (rd_transfer_get_error (pair.offered), ==, NULL);
  g_assert_cmpint (rd_transfer_get_state (pair.offered), ==, RD_TRANSFER_DONE);
  g_assert_cmpstr (rd_transfer_get_path (pair.offered), ==, "relay");
  got = rd_test_sha256_of (destination);
  g_assert_cmpstr (got, ==, want);
  /* Fetched: the relay keeps it no longer. */
  RD_TEST_WAIT (!kept_on_relay (&pair, rd_transfer_get_id (sent)), 10000);
  pair_tear_down (&pair);
}

/* Files too large to keep, someone else's kept file, a decline. */
static void
test_left_with_relay_refusals (void)
{
  Pair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) small = NULL;
  g_autoptr(GFile) large = NULL;
  g_autoptr(RdClient) dave = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) frame = NULL;
  RdTestRelay *relay;
  RdTransfer *big, *sent;

  relay = rd_test_relay_new ();
  rd_test_relay_configure (relay, "file_store_max_mb=1\n");
  rd_test_relay_add_team (relay);
  rd_test_relay_start (relay);
  pair_set_up_sender (&pair, relay);

  /* Over the relay's limit: refused, said so, nothing kept. */
  large = make_file (&pair, "disk-image.bin", 2 * 1024 * 1024);
  big = rd_transfers_send_file (pair.sending, "bob", large);
  RD_TEST_WAIT (rd_transfer_can_leave_with_relay (big), 10000);
  rd_transfers_leave_with_relay (pair.sending, big);
  RD_TEST_WAIT (rd_transfer_get_state (big) == RD_TRANSFER_FAILED, 10000);
  g_assert_nonnull (strstr (rd_transfer_get_error (big), "up to 1 MB"));
  g_assert_false (kept_on_relay (&pair, rd_transfer_get_id (big)));

  /* Bytes that do not match the announced SHA-256: refused, nothing kept. */
  {
    g_autoptr(GFile) damaged = make_file (&pair, "damaged.log", 100000);
    RdTransfer *bad;

    rd_transfers_claim_next_sha256 (pair.sending, "0000000000000000000000000000000000000000000000000000000000000000");
    bad = rd_transfers_send_file (pair.sending, "bob", damaged);
    RD_TEST_WAIT (rd_transfer_can_leave_with_relay (bad), 10000);
    rd_transfers_leave_with_relay (pair.sending, bad);
    RD_TEST_WAIT (rd_transfer_get_state (bad) == RD_TRANSFER_FAILED, 20000);
    g_assert_nonnull (strstr (rd_transfer_get_error (bad), "did not match"));
    g_assert_false (kept_on_relay (&pair, rd_transfer_get_id (bad)));
  }

  small = make_file (&pair, "ipconfig.txt", 4096);
  sent = rd_transfers_send_file (pair.sending, "bob", small);
  RD_TEST_WAIT (rd_transfer_can_leave_with_relay (sent), 10000);
  rd_transfers_leave_with_relay (pair.sending, sent);
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_DONE, 30000);

  /* Dave is neither party: for him the kept file does not exist. */
  dave = rd_test_client_login (pair.relay, "dave", "dave-password");
  frame = rd_frame_new (RD_FRAME_FILE_PROXY, NULL);
  json_object_set_string_member (frame, "transfer", rd_transfer_get_id (sent));
  reply = rd_test_request (dave, frame, &error);
  g_assert_null (reply);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&frame, json_object_unref);
  frame = rd_frame_new (RD_FRAME_FILE_ANSWER, NULL);
  json_object_set_string_member (frame, "transfer", rd_transfer_get_id (sent));
  json_object_set_boolean_member (frame, "accept", FALSE);
  reply = rd_test_request (dave, frame, &error);
  g_assert_null (reply);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (kept_on_relay (&pair, rd_transfer_get_id (sent)));
  /* The sender cannot fetch it back as if it were the recipient. */
  g_clear_pointer (&frame, json_object_unref);
  frame = rd_frame_new (RD_FRAME_FILE_ANSWER, NULL);
  json_object_set_string_member (frame, "transfer", rd_transfer_get_id (sent));
  json_object_set_boolean_member (frame, "accept", TRUE);
  reply = rd_test_request (pair.alice, frame, &error);
  g_assert_null (reply);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Bob declines it: the relay deletes it. */
  pair_add_recipient (&pair);
  RD_TEST_WAIT ((pair.offered = rd_transfers_find (pair.receiving, rd_transfer_get_id (sent))) != NULL, 10000);
  g_object_ref (pair.offered);
  rd_transfers_decline (pair.receiving, pair.offered);
  RD_TEST_WAIT (!kept_on_relay (&pair, rd_transfer_get_id (sent)), 10000);
  pair_tear_down (&pair);
}

static void
cut_at_a_third (RdTransfer *received, GParamSpec *pspec, Pair *pair)
{
  if (rd_transfer_get_resumed_from (received) == 0 &&
      rd_transfer_get_bytes (received) > rd_transfer_get_size (received) / 3 &&
      rd_transfer_get_bytes (received) < rd_transfer_get_size (received) &&
      g_object_get_data (G_OBJECT (received), "cut") == NULL)
    {
      g_object_set_data (G_OBJECT (received), "cut", GINT_TO_POINTER (1));
      rd_transfers_cut (pair->receiving, received);
    }
}

static void
test_resume_after_cut (gconstpointer data)
{
  const char *path = data;
  Pair pair = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  RdTransfer *sent;

  pair_set_up (&pair);
  /* Big enough to be cut mid-way at ten progress reports a second. */
  file = make_file (&pair, "disk-image.bin", 512 * 1024 * 1024);
  if (g_str_equal (path, "relay"))
    {
      rd_transfers_set_advertised_candidates (pair.sending, UNREACHABLE);
      rd_transfers_set_advertised_candidates (pair.receiving, UNREACHABLE);
      rd_transfers_set_fallback_delay (pair.receiving, 300);
    }
  else
    rd_transfers_set_fallback_delay (pair.receiving, 20000);
  sent = offer_and_accept (&pair, file, &destination);
  g_signal_connect (pair.offered, "notify::bytes", G_CALLBACK (cut_at_a_third), &pair);
  assert_arrived (file, destination, sent, pair.offered, path);
  /* It went on from where it was cut, not from the start. */
  g_assert_nonnull (g_object_get_data (G_OBJECT (pair.offered), "cut"));
  g_assert_cmpint (rd_transfer_get_resumed_from (pair.offered), >, rd_transfer_get_size (sent) / 3);
  g_assert_cmpint (rd_transfer_get_resumed_from (sent), ==, rd_transfer_get_resumed_from (pair.offered));
  pair_tear_down (&pair);
}

static void
test_wrong_certificate_refused (void)
{
  Pair pair = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  RdTransfer *sent;

  pair_set_up (&pair);
  file = make_file (&pair, "report.pdf", 1024 * 1024);
  /* Alice signals her fingerprint but shows another certificate: bob drops
   * every direct connection, and the file comes through the relay. */
  rd_transfers_use_wrong_certificate (pair.sending);
  rd_transfers_set_fallback_delay (pair.receiving, 1500);
  sent = offer_and_accept (&pair, file, &destination);
  assert_arrived (file, destination, sent, pair.offered, "relay");
  g_assert_cmpuint (rd_transfers_get_refused_connections (pair.receiving), >, 0);
  pair_tear_down (&pair);
}

static void
test_hash_mismatch (void)
{
  Pair pair = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autofree char *part = NULL;
  RdTransfer *sent;

  pair_set_up (&pair);
  file = make_file (&pair, "photo.jpg", 2 * 1024 * 1024);
  rd_transfers_claim_next_sha256 (pair.sending,
                                  "0000000000000000000000000000000000000000000000000000000000000000");
  sent = offer_and_accept (&pair, file, &destination);
  RD_TEST_WAIT (rd_transfer_is_finished (sent) && rd_transfer_is_finished (pair.offered), 30000);
  g_assert_cmpint (rd_transfer_get_state (pair.offered), ==, RD_TRANSFER_FAILED);
  g_assert_nonnull (strstr (rd_transfer_get_error (pair.offered), "SHA-256"));
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_FAILED);
  g_assert_nonnull (strstr (rd_transfer_get_error (sent), "did not match"));
  part = g_strconcat (g_file_peek_path (destination), ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_query_exists (destination, NULL));
  pair_tear_down (&pair);
}

static void
cancel_when_moving (RdTransfer *received, GParamSpec *pspec, Pair *pair)
{
  if (rd_transfer_get_bytes (received) > 0 && !rd_transfer_is_finished (received))
    rd_transfers_cancel (pair->receiving, received);
}

static void
test_cancel_each_side (void)
{
  Pair pair = { 0 };
  g_autoptr(GFile) small = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GFile) destination2 = NULL;
  g_autofree char *part = NULL;
  RdTransfer *sent;

  pair_set_up (&pair);
  /* The sender takes an offer back before it is answered. */
  small = make_file (&pair, "notes.txt", 1000);
  sent = rd_transfers_send_file (pair.sending, "bob", small);
  RD_TEST_WAIT (pair.offered != NULL, 30000);
  rd_transfers_cancel (pair.sending, sent);
  g_assert_cmpint (rd_transfer_get_state (sent), ==, RD_TRANSFER_CANCELLED);
  RD_TEST_WAIT (rd_transfer_get_state (pair.offered) == RD_TRANSFER_CANCELLED, 10000);
  g_assert_nonnull (strstr (rd_transfer_get_error (pair.offered), "Alice Agent cancelled"));

  /* The recipient stops one while bytes flow: the partial file goes. */
  big = make_file (&pair, "video.mkv", 128 * 1024 * 1024);
  sent = offer_and_accept (&pair, big, &destination2);
  g_signal_connect (pair.offered, "notify::bytes", G_CALLBACK (cancel_when_moving), &pair);
  RD_TEST_WAIT (rd_transfer_get_state (pair.offered) == RD_TRANSFER_CANCELLED, 60000);
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_CANCELLED, 10000);
  part = g_strconcat (g_file_peek_path (destination2), ".part", NULL);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_query_exists (destination2, NULL));
  pair_tear_down (&pair);
}

static gint64
peak_rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static void
test_larger_than_memory_allows (void)
{
  Pair pair = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) destination = NULL;
  const gsize size = 384 * 1024 * 1024;
  g_autofree char *relay_pid = NULL;
  gint64 before, relay_before;
  RdTransfer *sent;

  pair_set_up (&pair);
  relay_pid = g_strdup (g_subprocess_get_identifier (pair.relay->process));
  file = make_file (&pair, "big.iso", size);
  before = peak_rss_kib ("self");
  relay_before = peak_rss_kib (relay_pid);
  /* Through the relay, which must not hold it either. */
  rd_transfers_set_advertised_candidates (pair.sending, UNREACHABLE);
  rd_transfers_set_advertised_candidates (pair.receiving, UNREACHABLE);
  rd_transfers_set_fallback_delay (pair.receiving, 300);
  sent = offer_and_accept (&pair, file, &destination);
  assert_arrived (file, destination, sent, pair.offered, "relay");
  /* Both clients here, and the relay, stayed far below the file's size. */
  g_test_message ("peak RSS: test process +%" G_GINT64_FORMAT " KiB, relay +%" G_GINT64_FORMAT " KiB",
                  peak_rss_kib ("self") - before, peak_rss_kib (relay_pid) - relay_before);
  g_assert_cmpint (peak_rss_kib ("self") - before, <, 64 * 1024);
  g_assert_cmpint (peak_rss_kib (relay_pid) - relay_before, <, 32 * 1024);
  pair_tear_down (&pair);
}

static JsonObject *
file_frame (RdFrameType type, const char *transfer)
{
  JsonObject *frame = rd_frame_new (type, NULL);

  json_object_set_string_member (frame, "transfer", transfer);
  return frame;
}

static void
assert_refused (RdClient *client, JsonObject *frame, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_test_request (client, frame, &error);

  g_assert_null (reply);
  g_assert_error (error, RD_PROTOCOL_ERROR, code);
}

static void
test_bad_requests (void)
{
  Pair pair = { 0 };
  g_autoptr(RdClient) dave = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) offer = file_frame (RD_FRAME_FILE_OFFER, id);
  g_autoptr(JsonObject) answer_by_sender = file_frame (RD_FRAME_FILE_ANSWER, id);
  g_autoptr(JsonObject) signal = file_frame (RD_FRAME_FILE_SIGNAL, id);
  g_autoptr(JsonObject) stranger_cancel = file_frame (RD_FRAME_FILE_CANCEL, id);
  g_autoptr(JsonObject) early_proxy = file_frame (RD_FRAME_FILE_PROXY, id);
  g_autoptr(JsonObject) unknown = file_frame (RD_FRAME_FILE_SIGNAL, "00000000-0000-4000-8000-000000000000");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;

  pair_set_up (&pair);
  dave = rd_test_client_login (pair.relay, "dave", "dave-password");
  json_object_set_string_member (offer, "to", "bob");
  json_object_set_string_member (offer, "name", "a.txt");
  json_object_set_int_member (offer, "size", 10);
  json_object_set_string_member (offer, "sha256", "not-a-hash");
  assert_refused (pair.alice, offer, RD_ERROR_INVALID_VALUE);             /* malformed hash */
  json_object_set_string_member (offer, "sha256",
                                 "abababababababababababababababababababababababababababababababab");
  json_object_set_int_member (offer, "size", -1);
  assert_refused (pair.alice, offer, RD_ERROR_INVALID_VALUE);             /* negative size */
  json_object_set_int_member (offer, "size", 10);
  assert_refused (dave, offer, RD_ERROR_FORBIDDEN);                       /* requesters do not send to requesters */
  json_object_set_string_member (offer, "to", "carol");
  assert_refused (pair.alice, offer, RD_ERROR_RECIPIENT_OFFLINE);         /* carol is not signed in */
  json_object_set_string_member (offer, "to", "nobody");
  assert_refused (pair.alice, offer, RD_ERROR_UNKNOWN_USER);
  json_object_set_string_member (offer, "to", "bob");
  ok = rd_test_request (pair.alice, offer, &error);
  g_assert_no_error (error);
  assert_refused (pair.alice, offer, RD_ERROR_CONFLICT);                  /* same id twice */

  json_object_set_boolean_member (answer_by_sender, "accept", TRUE);
  assert_refused (pair.alice, answer_by_sender, RD_ERROR_FORBIDDEN);      /* only bob answers */
  json_object_set_string_member (signal, "fingerprint",
                                 "abababababababababababababababababababababababababababababababab");
  assert_refused (pair.alice, signal, RD_ERROR_CONFLICT);                 /* not accepted yet */
  assert_refused (pair.alice, early_proxy, RD_ERROR_CONFLICT);
  json_object_set_string_member (unknown, "fingerprint",
                                 "abababababababababababababababababababababababababababababababab");
  assert_refused (pair.alice, unknown, RD_ERROR_INVALID_VALUE);
  assert_refused (dave, stranger_cancel, RD_ERROR_INVALID_VALUE);         /* not his: as if unknown */

  /* Leaving a file with the relay: the same rules, and the relay's limit. */
  {
    g_autofree char *store_id = g_uuid_string_random ();
    g_autoptr(JsonObject) store = json_object_ref (offer);

    json_object_set_string_member (store, "type", "file_store");
    assert_refused (pair.alice, store, RD_ERROR_CONFLICT);                /* the live transfer's id */
    json_object_set_string_member (store, "transfer", store_id);
    assert_refused (dave, store, RD_ERROR_FORBIDDEN);
    json_object_set_string_member (store, "to", "nobody");
    assert_refused (pair.alice, store, RD_ERROR_UNKNOWN_USER);
    json_object_set_string_member (store, "to", "carol");
    json_object_set_int_member (store, "size", (gint64) 1 << 40);
    assert_refused (pair.alice, store, RD_ERROR_FILE_TOO_LARGE);          /* over the default 100 MB */
    json_object_set_string_member (store, "sha256", "short");
    assert_refused (pair.alice, store, RD_ERROR_INVALID_VALUE);
  }

  /* The proxy wants a ticket, and the upgrade. */
  url = g_strdup_printf ("http://127.0.0.1:%u/files?ticket=forged", pair.relay->port);
  {
    g_autofree char *argv_out = NULL;
    const char *argv[] = { "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Upgrade: relaydesk-file",
                           "-H", "Connection: Upgrade", url, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL,
                                 &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, "403");
  }
  pair_tear_down (&pair);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/files/direct", test_direct);
  g_test_add_func ("/files/relay-when-no-direct-path", test_relay_when_no_direct_path);
  g_test_add_func ("/files/direct-not-allowed", test_direct_not_allowed);
  g_test_add_func ("/files/file-in-timeline", test_file_in_timeline);
  g_test_add_func ("/files/left-with-relay", test_left_with_relay);
  g_test_add_func ("/files/left-with-relay-refusals", test_left_with_relay_refusals);
  g_test_add_data_func ("/files/resume-after-cut/direct", "direct", test_resume_after_cut);
  g_test_add_data_func ("/files/resume-after-cut/relay", "relay", test_resume_after_cut);
  g_test_add_func ("/files/wrong-certificate-refused", test_wrong_certificate_refused);
  g_test_add_func ("/files/hash-mismatch", test_hash_mismatch);
  g_test_add_func ("/files/cancel-each-side", test_cancel_each_side);
  g_test_add_func ("/files/larger-than-memory-allows", test_larger_than_memory_allows);
  g_test_add_func ("/files/bad-requests", test_bad_requests);
  return g_test_run ();
}
