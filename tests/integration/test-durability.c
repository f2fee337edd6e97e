/* test-durability.c: the relay's disk flushes run on its writer thread.
 *
 * relaydeskd runs with rd-fsync-gate preloaded, which holds or fails its
 * fdatasync calls on demand. While a flush is held, the relay keeps serving
 * (typing arrives, other requests are answered) but acknowledges and
 * delivers nothing written since; once the flush returns, the ack and the
 * message follow, once each. A flush that fails is answered with
 * storage_error, the relay takes no more writes and says so in its log; after
 * a restart the resent message is stored and delivered exactly once. A
 * session that closes, and a sign-in that races them, while batches wait for
 * the writer thread leave every message once and in order on each device. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rd-client-private.h"
#include "rd-test-relay.h"

typedef struct {
  RdTestRelay *relay;
  char        *gate_dir;
  RdClient    *alice;
  RdClient    *bob;
} Fixture;

static void
gate_set (Fixture    *f,
          const char *name,
          gboolean    present)
{
  g_autofree char *path = g_build_filename (f->gate_dir, name, NULL);

  if (present)
    g_assert_true (g_file_set_contents (path, "", 0, NULL));
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *gate = g_getenv ("RD_TEST_FSYNC_GATE");
  g_autoptr(GError) error = NULL;
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *asan_options = NULL;

  if (gate == NULL || !g_file_test (gate, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("RD_TEST_FSYNC_GATE does not name the fdatasync gate library");
      return;
    }
  f->gate_dir = g_dir_make_tmp ("rd-fsync-gate-XXXXXX", &error);
  g_assert_no_error (error);
  f->relay = rd_test_relay_new ();
  rd_test_relay_add_team (f->relay);
  g_assert_cmpint (rd_test_relay_admin (f->relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  rd_test_relay_setenv (f->relay, "LD_PRELOAD", gate);
  rd_test_relay_setenv (f->relay, "RD_TEST_FSYNC_DIR", f->gate_dir);
  /* Under AddressSanitizer the gate is loaded before its runtime. */
  asan_options = g_strdup_printf ("%s%sverify_asan_link_order=0", asan ? asan : "", asan ? ":" : "");
  rd_test_relay_setenv (f->relay, "ASAN_OPTIONS", asan_options);
  rd_test_relay_start (f->relay);
  f->alice = rd_test_client_login (f->relay, "alice", "alice-password");
  f->bob = rd_test_client_login (f->relay, "bob", "bob-password");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->alice);
  g_clear_object (&f->bob);
  if (f->gate_dir)
    {
      g_autofree char *hold = g_build_filename (f->gate_dir, "hold", NULL);
      g_autofree char *fail = g_build_filename (f->gate_dir, "fail", NULL);

      g_unlink (hold);
      g_unlink (fail);
    }
  g_clear_pointer (&f->relay, rd_test_relay_free);
  if (f->gate_dir)
    g_rmdir (f->gate_dir);
  g_clear_pointer (&f->gate_dir, g_free);
}

static void
typing_cb (RdClient   *client,
           const char *from,
           gboolean    active,
           gpointer    user_data)
{
  if (g_str_equal (from, "bob") && active)
    *(gboolean *) user_data = TRUE;
}

static void
test_ack_waits_for_the_disk (Fixture       *f,
                             gconstpointer  data)
{
  gboolean typing = FALSE;
  RdMessage *sent;

  if (f->relay == NULL)
    return;
  g_signal_connect (f->alice, "typing", G_CALLBACK (typing_cb), &typing);
  gate_set (f, "hold", TRUE);
  sent = rd_client_send_message (f->alice, "bob", "Printer on floor 3 is jammed");

  /* The loop is not waiting for the disk: typing, which stores nothing,
   * still goes through... */
  rd_client_set_typing (f->bob, "alice", TRUE);
  RD_TEST_WAIT (typing, 10000);
  /* ...but the message is neither acknowledged nor delivered. */
  rd_test_spin (300);
  g_assert_cmpint (rd_message_get_state (sent), ==, RD_MESSAGE_PENDING);
  g_assert_cmpuint (rd_test_n_messages (f->bob, "alice"), ==, 0);

  gate_set (f, "hold", FALSE);
  RD_TEST_WAIT (rd_message_get_state (sent) >= RD_MESSAGE_SENT, 10000);
  RD_TEST_WAIT (rd_test_n_messages (f->bob, "alice") == 1, 10000);
  rd_test_spin (200);
  g_assert_cmpuint (rd_test_n_messages (f->bob, "alice"), ==, 1);
}

/* A contact list in a reply is made when the request comes but sent once
 * the flush is done; presence pushed meanwhile is newer and must win over
 * it. (Seen as a rare failure of the cluster test under ThreadSanitizer.) */
static void
test_pushed_presence_outlives_an_older_list (Fixture       *f,
                                             gconstpointer  data)
{
  if (f->relay == NULL)
    return;
  g_assert_null (rd_test_add_contact (f->alice, "bob", NULL));
  g_assert_cmpstr (rd_test_status_of (f->alice, "bob"), ==, "available");
  gate_set (f, "hold", TRUE);
  /* A write waits for the disk; a list asked for now waits behind it. */
  rd_client_send_message (f->bob, "alice", "Are you there?");
  rd_test_spin (300);
  _rd_client_refresh_contacts (f->alice);
  rd_test_spin (300);
  rd_client_set_presence (f->bob, "away", "At lunch");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (f->alice, "bob"), "away") == 0, 10000);
  gate_set (f, "hold", FALSE);
  RD_TEST_WAIT (rd_test_n_messages (f->alice, "bob") == 1, 10000);
  rd_test_spin (300);
  g_assert_cmpstr (rd_test_status_of (f->alice, "bob"), ==, "away");
  g_assert_cmpstr (rd_contact_get_status_text (rd_client_find_contact (f->alice, "bob")), ==, "At lunch");
}

static void
test_failed_flush_is_an_error (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  if (f->relay == NULL)
    return;
  gate_set (f, "fail", TRUE);
  first = rd_test_message_frame (uuid, "bob", "VPN drops every hour");
  reply = rd_test_request (f->alice, first, &error);
  g_assert_null (reply);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_STORAGE);
  g_clear_error (&error);

  /* A disk that failed a flush is not trusted again, even once it works. */
  gate_set (f, "fail", FALSE);
  second = rd_test_message_frame (NULL, "bob", "and the Wi-Fi too");
  g_assert_null (rd_test_request (f->alice, second, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_STORAGE);
  g_clear_error (&error);
  rd_test_spin (200);
  g_assert_cmpuint (rd_test_n_messages (f->bob, "alice"), ==, 0);

  /* After a restart the relay takes writes again; the resent message is
   * stored once and reaches bob once. */
  g_clear_object (&f->alice);
  g_clear_object (&f->bob);
  rd_test_relay_kill (f->relay);
  rd_test_relay_start (f->relay);
  f->alice = rd_test_client_login (f->relay, "alice", "alice-password");
  f->bob = rd_test_client_login (f->relay, "bob", "bob-password");
  reply = rd_test_request (f->alice, first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  RD_TEST_WAIT (rd_test_n_messages (f->bob, "alice") >= 1, 10000);
  rd_test_spin (200);
  g_assert_cmpuint (rd_test_n_messages (f->bob, "alice"), ==, 1);
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(int *) user_data = rd_client_login_finish (RD_CLIENT (source), result, &error) ? 1 : 2;
}

/* @client has the messages "Note 0".."Note N-1" with alice once each, in order. */
static void
assert_notes (RdClient *client,
              guint     n)
{
  RdConversation *conversation = rd_client_get_conversation (client, "alice", FALSE);
  GListModel *messages;

  g_assert_nonnull (conversation);
  messages = rd_conversation_get_messages (conversation);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (messages, i);
      g_autofree char *expected = g_strdup_printf ("Note %u", i);

      g_assert_cmpstr (rd_message_get_body (message), ==, expected);
    }
}

/* While batches wait for the writer thread, their sender's connection
 * closes and the recipient signs in on a second device: once the flush
 * returns, the hooks of the closed session do no harm, the new device's
 * sign-in completes, and both of the recipient's devices hold every message
 * once and in order, as does the sender when she is back. */
static void
test_closed_and_signed_in_while_flushing (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(RdClient) bob2 = NULL;
  RdConversation *mine;
  int signed_in = 0;
  const guint n = 5;

  if (f->relay == NULL)
    return;
  gate_set (f, "hold", TRUE);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("Note %u", i);

      rd_client_send_message (f->alice, "bob", body);
    }
  rd_test_spin (200);
  g_clear_object (&f->alice);

  bob2 = rd_client_new (f->relay->url);
  rd_client_set_device (bob2, "bob-laptop");
  rd_client_login_async (bob2, "bob", "bob-password", NULL, login_done_cb, &signed_in);
  rd_test_spin (300);
  /* A session token is handed out only once it is on disk. */
  g_assert_cmpint (signed_in, ==, 0);
  g_assert_cmpuint (rd_test_n_messages (f->bob, "alice"), ==, 0);

  gate_set (f, "hold", FALSE);
  RD_TEST_WAIT (signed_in != 0, 20000);
  g_assert_cmpint (signed_in, ==, 1);
  RD_TEST_WAIT (rd_test_n_messages (f->bob, "alice") == n && rd_test_n_messages (bob2, "alice") == n, 10000);
  rd_test_spin (300);
  assert_notes (f->bob, n);
  assert_notes (bob2, n);

  f->alice = rd_test_client_login (f->relay, "alice", "alice-password");
  mine = rd_client_get_conversation (f->alice, "bob", FALSE);
  g_assert_nonnull (mine);
  g_assert_cmpuint (g_list_model_get_n_items (rd_conversation_get_messages (mine)), ==, n);
}

typedef struct {
  GString    *order;
  const char *letter;
} Tagged;

static void
tagged_reply_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Tagged *tagged = user_data;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);

  g_string_append (tagged->order, reply ? tagged->letter : "E");
}

typedef struct {
  GString    *order;     /* C: bob's request created, P: a place in the queue */
  JsonObject *queue;     /* carol's queue list */
} Reads;

static void
position_cb (RdClient *client, gint64 request, guint position, guint estimate, guint agents, Reads *reads)
{
  g_string_append_c (reads->order, 'P');
}

static void
queue_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reads *reads = user_data;

  reads->queue = rd_client_request_finish (RD_CLIENT (source), result, NULL);
  g_assert_nonnull (reads->queue);
}

/* What a read shows waits for the writes it shows: a requester hears her
 * place only after her request is acknowledged, and an agent's queue list
 * that shows the request comes once the request is on disk. */
static void
test_reads_wait_for_the_writes_they_show (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(RdClient) carol = NULL;
  g_autoptr(JsonObject) create = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autoptr(JsonObject) list = rd_frame_new (RD_FRAME_QUEUE_LIST, NULL);
  Reads reads = { g_string_new (NULL) };
  Tagged created = { reads.order, "C" };

  if (f->relay == NULL)
    return;
  /* No agent available: the request waits in the queue. */
  g_clear_object (&f->alice);
  carol = rd_test_client_login (f->relay, "carol", "carol-password");
  rd_client_set_presence (carol, "away", NULL);
  rd_test_spin (300);
  g_signal_connect (f->bob, "request-position", G_CALLBACK (position_cb), &reads);

  gate_set (f, "hold", TRUE);
  json_object_set_string_member (create, "topic", "Network");
  json_object_set_string_member (create, "summary", "Cannot reach the intranet");
  rd_client_request_async (f->bob, create, NULL, tagged_reply_cb, &created);
  rd_test_spin (200);
  rd_client_request_async (carol, list, NULL, queue_cb, &reads);
  rd_test_spin (300);
  g_assert_cmpstr (reads.order->str, ==, "");
  g_assert_null (reads.queue);

  gate_set (f, "hold", FALSE);
  RD_TEST_WAIT (strchr (reads.order->str, 'P') != NULL && reads.queue != NULL, 10000);
  g_assert_cmpint (reads.order->str[0], ==, 'C');
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reads.queue, "requests")), ==, 1);
  g_string_free (reads.order, TRUE);
  json_object_unref (reads.queue);
}

/* Replies come in the order of the requests: a presence change's ok, which
 * needs no disk, waits behind the ack of the message sent before it. */
static void
test_replies_keep_request_order (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(JsonObject) message = rd_test_message_frame (NULL, "bob", "Screen flickers");
  g_autoptr(JsonObject) presence = rd_frame_new (RD_FRAME_PRESENCE_SET, NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  Tagged sent = { order, "M" }, changed = { order, "P" };

  if (f->relay == NULL)
    return;
  json_object_set_string_member (presence, "status", "busy");
  gate_set (f, "hold", TRUE);
  rd_client_request_async (f->alice, message, NULL, tagged_reply_cb, &sent);
  rd_test_spin (100);
  rd_client_request_async (f->alice, presence, NULL, tagged_reply_cb, &changed);
  rd_test_spin (300);
  g_assert_cmpstr (order->str, ==, "");

  gate_set (f, "hold", FALSE);
  RD_TEST_WAIT (order->len == 2, 10000);
  g_assert_cmpstr (order->str, ==, "MP");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/durability/ack-waits-for-the-disk", Fixture, NULL,
              fixture_set_up, test_ack_waits_for_the_disk, fixture_tear_down);
  g_test_add ("/durability/failed-flush-is-an-error", Fixture, NULL,
              fixture_set_up, test_failed_flush_is_an_error, fixture_tear_down);
  g_test_add ("/durability/closed-and-signed-in-while-flushing", Fixture, NULL,
              fixture_set_up, test_closed_and_signed_in_while_flushing, fixture_tear_down);
  g_test_add ("/durability/reads-wait-for-the-writes-they-show", Fixture, NULL,
              fixture_set_up, test_reads_wait_for_the_writes_they_show, fixture_tear_down);
  g_test_add ("/durability/pushed-presence-outlives-an-older-list", Fixture, NULL,
              fixture_set_up, test_pushed_presence_outlives_an_older_list, fixture_tear_down);
  g_test_add ("/durability/replies-keep-request-order", Fixture, NULL,
              fixture_set_up, test_replies_keep_request_order, fixture_tear_down);
  return g_test_run ();
}
