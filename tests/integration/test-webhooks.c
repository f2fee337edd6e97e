/* test-webhooks.c: a request's life reaches a stand-in ticket system (a
 * SoupServer in this test) through the relay's signed webhooks. The
 * receiver first fails (500), then stalls (never answers), and the relay
 * is killed (SIGKILL) with events still in its outbox; restarted, it
 * delivers the rest. Every event arrives at least once, the receiver
 * applies each event id once, every signature verifies, and the resolved
 * event carries the transcript, the rated one the rating. Bad settings
 * are refused at start. */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rd-test-desk.h"

#define SECRET "correct-horse-battery-staple-42"

typedef struct {
  SoupServer *server;
  guint       port;
  guint       fail_left;     /* answer 500 to this many */
  guint       stall_left;    /* then never answer this many */
  guint       received;      /* every POST */
  guint       bad_signatures;
  GHashTable *applied;       /* event id -> body (JsonObject), the first time */
  GPtrArray  *stalled;       /* SoupServerMessage, paused for ever */
  GPtrArray  *stalled_ids;   /* their event ids */
} Receiver;

static gboolean
signature_verifies (const char *header,
                    GBytes     *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) SECRET, strlen (SECRET));
  g_autofree char *expected = NULL;
  gsize length;
  const guchar *data = g_bytes_get_data (body, &length);

  g_hmac_update (hmac, data, length);
  expected = g_strconcat ("sha256=", g_hmac_get_string (hmac), NULL);
  return header != NULL && g_str_equal (header, expected);
}

static void
hook_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Receiver *receiver = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *id = soup_message_headers_get_one (headers, "X-Relaydesk-Delivery");
  g_autoptr(JsonParser) parser = json_parser_new ();

  receiver->received++;
  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  if (!signature_verifies (soup_message_headers_get_one (headers, "X-Relaydesk-Signature"), body))
    receiver->bad_signatures++;
  if (receiver->fail_left > 0)
    {
      receiver->fail_left--;
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  if (receiver->stall_left > 0)
    {
      receiver->stall_left--;
      soup_server_message_pause (msg);
      g_ptr_array_add (receiver->stalled, g_object_ref (msg));
      g_ptr_array_add (receiver->stalled_ids, g_strdup (id));
      return;
    }
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
  g_assert_nonnull (id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id"), ==, id);
  /* Applied once: a repeat of an id is acknowledged and changes nothing. */
  if (!g_hash_table_contains (receiver->applied, id))
    g_hash_table_insert (receiver->applied, g_strdup (id),
                         json_object_ref (json_node_get_object (json_parser_get_root (parser))));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
receiver_start (Receiver *receiver)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  receiver->server = soup_server_new (NULL, NULL);
  receiver->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  receiver->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  receiver->stalled_ids = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (receiver->server, "/hook", hook_cb, receiver, NULL);
  g_assert_true (soup_server_listen_local (receiver->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (receiver->server);
  receiver->port = g_uri_get_port (uris->data);
}

static void
receiver_stop (Receiver *receiver)
{
  g_ptr_array_unref (receiver->stalled);
  g_ptr_array_unref (receiver->stalled_ids);
  soup_server_disconnect (receiver->server);
  g_object_unref (receiver->server);
  g_hash_table_unref (receiver->applied);
}

/* The applied events of @type, in no particular order. */
static GPtrArray *
applied_of (Receiver   *receiver,
            const char *type)
{
  GPtrArray *found = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer body;

  g_hash_table_iter_init (&iter, receiver->applied);
  while (g_hash_table_iter_next (&iter, NULL, &body))
    if (g_str_equal (json_object_get_string_member (body, "type"), type))
      g_ptr_array_add (found, body);
  return found;
}

static guint
n_applied_of (Receiver   *receiver,
              const char *type)
{
  g_autoptr(GPtrArray) found = applied_of (receiver, type);

  return found->len;
}

static char *
webhook_settings (Receiver *receiver, const char *dir)
{
  g_autofree char *secret_file = g_build_filename (dir, "webhook-secret", NULL);

  g_assert_true (g_file_set_contents (secret_file, SECRET "\n", -1, NULL));
  return g_strdup_printf ("webhook_urls=http://127.0.0.1:%u/hook\nwebhook_secret_file=%s\nwebhook_timeout=2\n",
                          receiver->port, secret_file);
}

static void
test_life_of_a_request (void)
{
  Receiver receiver = { .fail_left = 3, .stall_left = 1 };
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-webhooks-XXXXXX", NULL);
  g_autofree char *settings = NULL;
  g_autoptr(RdTestRelay) relay = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GPtrArray) resolved = NULL;
  g_autoptr(GPtrArray) rated = NULL;
  g_autofree char *clean_up = g_strdup_printf ("rm -rf '%s'", dir);
  RdTestOutcome outcome = { 0 };
  gint64 id;

  receiver_start (&receiver);
  settings = webhook_settings (&receiver, dir);
  relay = rd_test_desk_relay (settings);
  {
    g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
    g_autoptr(RdClient) carol = rd_test_client_login (relay, "carol", "carol-password");
    g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
    g_autoptr(RdSupportRequest) mine = rd_test_desk_create (rd_client_get_support_desk (bob), "Hardware",
                                                            "The printer shows E13", RD_PRIORITY_NORMAL);

    id = rd_support_request_get_id (mine);
    rd_test_act (alice, RD_FRAME_REQUEST_TAKE, id);
    rd_client_send_message (bob, "alice", "It says E13 and blinks");
    RD_TEST_WAIT (rd_test_n_messages (alice, "bob") == 1, 10000);
    rd_client_send_message (alice, "bob", "Carol knows these printers; she will take it from here");
    RD_TEST_WAIT (rd_test_n_messages (bob, "alice") == 2, 10000);
    CALL (outcome, rd_support_desk_transfer_async, rd_client_get_support_desk (alice), id, "carol", NULL,
          "E13 on the 3rd floor printer");
    ASSERT_OK (outcome);
    RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_OFFERED, 10000);
    rd_test_act (carol, RD_FRAME_OFFER_ACCEPT, id);
    rd_client_send_message (carol, "bob", "Open the back tray and pull the stuck page out");
    RD_TEST_WAIT (rd_test_n_messages (bob, "carol") == 1, 10000);
    rd_test_act (carol, RD_FRAME_REQUEST_RESOLVE, id);
    RD_TEST_WAIT (rd_support_request_get_state (mine) == RD_REQUEST_RESOLVED, 10000);
    CALL (outcome, rd_support_desk_rate_async, rd_client_get_support_desk (bob), id, 5, "Quick help");
    ASSERT_OK (outcome);
  }

  /* The receiver failed three and holds one: the relay dies with events
   * still to deliver. */
  RD_TEST_WAIT (receiver.received >= 4 && receiver.stalled->len == 1, 30000);
  g_assert_cmpuint (g_hash_table_size (receiver.applied), <, 6);
  rd_test_relay_kill (relay);
  rd_test_relay_start (relay);
  RD_TEST_WAIT (g_hash_table_size (receiver.applied) == 6, 60000);

  g_test_message ("%u posts for 6 events", receiver.received);
  /* The one the dying relay never heard back about came again, same id. */
  g_assert_true (g_hash_table_contains (receiver.applied, g_ptr_array_index (receiver.stalled_ids, 0)));
  g_assert_cmpuint (receiver.bad_signatures, ==, 0);
  g_assert_cmpuint (receiver.received, >=, 6 + 4);
  g_assert_cmpuint (n_applied_of (&receiver, "request.created"), ==, 1);
  g_assert_cmpuint (n_applied_of (&receiver, "request.transferred"), ==, 1);
  taken = applied_of (&receiver, "request.taken");
  g_assert_cmpuint (taken->len, ==, 2);
  resolved = applied_of (&receiver, "request.resolved");
  g_assert_cmpuint (resolved->len, ==, 1);
  rated = applied_of (&receiver, "request.rated");
  g_assert_cmpuint (rated->len, ==, 1);
  {
    JsonObject *body = g_ptr_array_index (resolved, 0);
    JsonArray *transcript = json_object_get_array_member (body, "transcript");
    JsonObject *request = json_object_get_object_member (body, "request");

    g_assert_cmpint (json_object_get_int_member (request, "request"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (request, "state"), ==, "resolved");
    g_assert_cmpstr (json_object_get_string_member (request, "requester"), ==, "bob");
    g_assert_cmpstr (json_object_get_string_member (request, "agent"), ==, "carol");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "step"), "by"), ==, "carol");
    g_assert_cmpuint (json_array_get_length (transcript), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transcript, 0), "body"), ==,
                     "It says E13 and blinks");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transcript, 2), "body"), ==,
                     "Open the back tray and pull the stuck page out");
  }
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (rated, 0), "rating"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rated, 0), "comment"), ==, "Quick help");

  rd_test_outcome_clear (&outcome);
  rd_test_relay_stop (relay);
  receiver_stop (&receiver);
  g_assert_cmpint (system (clean_up), ==, 0);
}

static void
test_settings_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relaydesk-webhooks-XXXXXX", NULL);
  g_autofree char *short_secret = g_build_filename (dir, "short", NULL);
  g_autofree char *short_lines = g_strdup_printf ("webhook_urls=http://127.0.0.1:9/hook\nwebhook_secret_file=%s\n",
                                                  short_secret);
  g_autofree char *clean_up = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_true (g_file_set_contents (short_secret, "too short\n", -1, NULL));
  rd_test_relay_assert_refused ("webhook_urls=ftp://tickets.example.com/in\n", "webhook_urls");
  rd_test_relay_assert_refused ("webhook_urls=not a url\n", "webhook_urls");
  rd_test_relay_assert_refused ("webhook_urls=http://127.0.0.1:9/hook\n", "webhook_secret_file");
  rd_test_relay_assert_refused (short_lines, "webhook_secret_file");
  rd_test_relay_assert_refused ("webhook_timeout=0\n", "webhook_timeout");
  g_assert_cmpint (system (clean_up), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/webhooks/life-of-a-request", test_life_of_a_request);
  g_test_add_func ("/webhooks/settings-refused", test_settings_refused);
  return g_test_run ();
}
