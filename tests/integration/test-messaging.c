/* test-messaging.c: delivery, store and forward, resume, restarts, receipts,
 * several devices, deduplication, history and typing. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

/* Every body appears exactly once and in the order sent. */
static void
assert_bodies_in_order (RdClient   *client,
                        const char *peer,
                        const char *prefix,
                        guint       count)
{
  guint next = 0;

  for (guint i = 0; i < rd_test_n_messages (client, peer); i++)
    {
      RdMessage *message = rd_test_nth_message (client, peer, i);
      g_autofree char *expected = g_strdup_printf ("%s %u", prefix, next);

      if (!g_str_has_prefix (rd_message_get_body (message), prefix))
        continue;
      g_assert_cmpstr (rd_message_get_body (message), ==, expected);
      next++;
    }
  g_assert_cmpuint (next, ==, count);
}

static void
test_online_delivery_and_receipts (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  RdMessage *sent;
  RdMessage *received;

  sent = rd_client_send_message (bob, "alice", "My laptop will not boot");
  g_assert_cmpint (rd_message_get_state (sent), ==, RD_MESSAGE_PENDING);
  RD_TEST_WAIT (rd_test_n_messages (alice, "bob") == 1, 10000);
  received = rd_test_nth_message (alice, "bob", 0);
  g_assert_cmpstr (rd_message_get_body (received), ==, "My laptop will not boot");
  g_assert_cmpstr (rd_message_get_uuid (received), ==, rd_message_get_uuid (sent));
  g_assert_false (rd_message_get_outgoing (received));
  g_assert_cmpuint (rd_conversation_get_unread (rd_client_get_conversation (alice, "bob", FALSE)), ==, 1);

  /* Acked, then delivered (alice's client confirms by itself), then read. */
  RD_TEST_WAIT (rd_message_get_state (sent) == RD_MESSAGE_DELIVERED, 10000);
  g_assert_cmpuint (rd_client_get_outbox_length (bob), ==, 0);
  rd_client_mark_read (alice, rd_client_get_conversation (alice, "bob", FALSE));
  g_assert_cmpuint (rd_conversation_get_unread (rd_client_get_conversation (alice, "bob", FALSE)), ==, 0);
  RD_TEST_WAIT (rd_message_get_state (sent) == RD_MESSAGE_READ, 10000);
}

static void
test_offline_delivery (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = NULL;
  RdMessage *sent;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("while you were out %u", i);
      sent = rd_client_send_message (alice, "bob", body);
    }
  RD_TEST_WAIT (rd_client_get_outbox_length (alice) == 0, 10000);
  g_assert_cmpint (rd_message_get_state (sent), ==, RD_MESSAGE_SENT);

  bob = rd_test_client_login (relay, "bob", "bob-password");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 5, 10000);
  assert_bodies_in_order (bob, "alice", "while you were out", 5);
  RD_TEST_WAIT (rd_message_get_state (sent) == RD_MESSAGE_DELIVERED, 10000);
}

static void
test_resume_after_drop (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");

  /* Bob's connection dies; alice keeps writing. */
  rd_client_drop_connection (bob);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("during the outage %u", i);
      rd_client_send_message (alice, "bob", body);
    }
  /* Alice's own connection drops mid-stream; her outbox keeps the rest. */
  rd_client_drop_connection (alice);
  for (guint i = 20; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("during the outage %u", i);
      rd_client_send_message (alice, "bob", body);
    }

  RD_TEST_WAIT (rd_client_get_state (alice) == RD_CLIENT_ONLINE && rd_client_get_outbox_length (alice) == 0, 15000);
  RD_TEST_WAIT (rd_client_get_state (bob) == RD_CLIENT_ONLINE && rd_test_n_messages (bob, "alice") == 30, 15000);
  assert_bodies_in_order (bob, "alice", "during the outage", 30);
  /* A little longer: nothing arrives twice. */
  for (guint i = 0; i < 20; i++)
    rd_test_iterate ();
  g_assert_cmpuint (rd_test_n_messages (bob, "alice"), ==, 30);
}

static void
test_relay_restart_between_send_and_delivery (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = g_strdup_printf ("before the crash %u", i);
      rd_client_send_message (alice, "bob", body);
    }
  RD_TEST_WAIT (rd_client_get_outbox_length (alice) == 0, 10000);

  /* Acked means durable: a SIGKILL right after loses nothing. */
  rd_test_relay_kill (relay);
  RD_TEST_WAIT (rd_client_get_state (alice) != RD_CLIENT_ONLINE, 10000);
  for (guint i = 10; i < 15; i++)
    {
      g_autofree char *body = g_strdup_printf ("before the crash %u", i);
      rd_client_send_message (alice, "bob", body);
    }
  g_assert_cmpuint (rd_client_get_outbox_length (alice), ==, 5);

  rd_test_relay_start (relay);
  RD_TEST_WAIT (rd_client_get_state (alice) == RD_CLIENT_ONLINE && rd_client_get_outbox_length (alice) == 0, 15000);

  bob = rd_test_client_login (relay, "bob", "bob-password");
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 15, 10000);
  assert_bodies_in_order (bob, "alice", "before the crash", 15);
}

static void
test_second_device (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) desk = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) laptop = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  RdMessage *on_laptop;

  /* What one device sends, the other shows as sent by us. */
  rd_client_send_message (desk, "bob", "Have you tried restarting?");
  RD_TEST_WAIT (rd_test_n_messages (laptop, "bob") == 1, 10000);
  g_assert_true (rd_message_get_outgoing (rd_test_nth_message (laptop, "bob", 0)));
  RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 1, 10000);

  /* Both devices receive the reply; reading it on one clears it on the other. */
  rd_client_send_message (bob, "alice", "Yes, twice");
  RD_TEST_WAIT (rd_test_n_messages (desk, "bob") == 2 && rd_test_n_messages (laptop, "bob") == 2, 10000);
  on_laptop = rd_test_nth_message (laptop, "bob", 1);
  g_assert_false (rd_message_get_read_by_me (on_laptop));
  rd_client_mark_read (desk, rd_client_get_conversation (desk, "bob", FALSE));
  RD_TEST_WAIT (rd_message_get_read_by_me (on_laptop), 10000);
  RD_TEST_WAIT (rd_conversation_get_unread (rd_client_get_conversation (laptop, "bob", FALSE)) == 0, 10000);
}

static void
test_duplicate_uuid (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *frame = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"m1\",\"uuid\":\"%s\",\"to\":\"alice\",\"body\":\"once\"}", uuid);
  g_autofree char *retry = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"m2\",\"uuid\":\"%s\",\"to\":\"alice\",\"body\":\"once\"}", uuid);
  g_autofree char *conflict = g_strdup_printf (
    "{\"type\":\"message_send\",\"id\":\"m3\",\"uuid\":\"%s\",\"to\":\"alice\",\"body\":\"other\"}", uuid);
  g_autoptr(JsonObject) request = rd_frame_new (RD_FRAME_HISTORY, NULL);

  first = rd_test_send_raw (bob, "m1", frame, &error);
  g_assert_no_error (error);
  again = rd_test_send_raw (bob, "m2", retry, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_frame_get_int (first, "seq", -1), ==, rd_frame_get_int (again, "seq", -2));
  g_assert_cmpint (rd_frame_get_int (first, "ts", -1), ==, rd_frame_get_int (again, "ts", -2));

  g_assert_null (rd_test_send_raw (bob, "m3", conflict, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_CONFLICT);

  json_object_set_string_member (request, "with", "alice");
  history = rd_test_request (bob, request, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (history, "messages")), ==, 1);
  RD_TEST_WAIT (rd_test_n_messages (alice, "bob") == 1, 10000);
}

static void
history_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gint *loaded = user_data;

  *loaded = rd_client_load_history_finish (RD_CLIENT (source), result, NULL);
}

static void
test_history_paging (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = NULL;
  g_autoptr(RdClient) fresh = NULL;
  RdConversation *conversation;
  gint loaded;

  bob = rd_test_client_login (relay, "bob", "bob-password");
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *body = g_strdup_printf ("line %u", i);
      rd_client_send_message (alice, "bob", body);
    }
  RD_TEST_WAIT (rd_client_get_outbox_length (alice) == 0, 15000);

  /* A device that starts from the newest page and scrolls back. */
  fresh = rd_client_new (relay->url);
  conversation = rd_client_get_conversation (fresh, "alice", TRUE);
  rd_client_resume_async (fresh, rd_client_get_token (bob), 0, NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (fresh) == RD_CLIENT_ONLINE, 10000);
  /* Sync from 0 already brought all 120; history adds nothing it knows. */
  RD_TEST_WAIT (rd_test_n_messages (fresh, "alice") == 120, 10000);

  g_clear_object (&fresh);
  fresh = rd_client_new (relay->url);
  conversation = rd_client_get_conversation (fresh, "alice", TRUE);
  rd_client_resume_async (fresh, rd_client_get_token (bob), rd_client_get_last_seq (bob), NULL, NULL, NULL);
  RD_TEST_WAIT (rd_client_get_state (fresh) == RD_CLIENT_ONLINE, 10000);
  g_assert_cmpuint (rd_test_n_messages (fresh, "alice"), ==, 0);

  loaded = -1;
  rd_client_load_history_async (fresh, conversation, 50, NULL, history_loaded_cb, &loaded);
  RD_TEST_WAIT (loaded != -1, 10000);
  g_assert_cmpint (loaded, ==, 50);
  g_assert_cmpstr (rd_message_get_body (rd_test_nth_message (fresh, "alice", 0)), ==, "line 70");
  g_assert_cmpstr (rd_message_get_body (rd_test_nth_message (fresh, "alice", 49)), ==, "line 119");
  g_assert_true (rd_conversation_get_has_more (conversation));

  loaded = -1;
  rd_client_load_history_async (fresh, conversation, 50, NULL, history_loaded_cb, &loaded);
  RD_TEST_WAIT (loaded != -1, 10000);
  loaded = -1;
  rd_client_load_history_async (fresh, conversation, 50, NULL, history_loaded_cb, &loaded);
  RD_TEST_WAIT (loaded != -1, 10000);
  g_assert_cmpint (loaded, ==, 20);
  g_assert_false (rd_conversation_get_has_more (conversation));
  assert_bodies_in_order (fresh, "alice", "line", 120);
}

static void
typing_cb (RdClient *client, const char *from, gboolean active, gpointer user_data)
{
  gint *state = user_data;

  *state = active ? 1 : 0;
}

static void
test_typing (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  gint state = -1;

  g_signal_connect (alice, "typing", G_CALLBACK (typing_cb), &state);
  rd_client_set_typing (bob, "alice", TRUE);
  RD_TEST_WAIT (state == 1, 10000);
  g_assert_true (rd_conversation_get_peer_typing (rd_client_get_conversation (alice, "bob", FALSE)));
  rd_client_set_typing (bob, "alice", FALSE);
  RD_TEST_WAIT (state == 0, 10000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/messaging/online-delivery-and-receipts", test_online_delivery_and_receipts);
  g_test_add_func ("/messaging/offline-delivery", test_offline_delivery);
  g_test_add_func ("/messaging/resume-after-drop", test_resume_after_drop);
  g_test_add_func ("/messaging/relay-restart", test_relay_restart_between_send_and_delivery);
  g_test_add_func ("/messaging/second-device", test_second_device);
  g_test_add_func ("/messaging/duplicate-uuid", test_duplicate_uuid);
  g_test_add_func ("/messaging/history-paging", test_history_paging);
  g_test_add_func ("/messaging/typing", test_typing);
  return g_test_run ();
}
