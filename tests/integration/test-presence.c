/* test-presence.c: presence propagation, contacts and the directory. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

static void
test_presence_propagation (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = NULL;
  g_autoptr(RdClient) bob_phone = NULL;
  RdContact *contact;

  g_assert_null (rd_test_add_contact (alice, "bob", "Finance"));
  g_assert_cmpstr (rd_test_status_of (alice, "bob"), ==, "offline");

  bob = rd_test_client_login (relay, "bob", "bob-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);

  rd_client_set_presence (bob, "away", "At lunch");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "away") == 0, 10000);
  contact = rd_client_find_contact (alice, "bob");
  g_assert_cmpstr (rd_contact_get_status_text (contact), ==, "At lunch");
  g_assert_cmpstr (rd_contact_get_group (contact), ==, "Finance");
  g_assert_cmpstr (rd_contact_get_display_name (contact), ==, "Bob Requester");

  /* A second device that is available makes the account available. */
  bob_phone = rd_test_client_login (relay, "bob", "bob-password");
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "available") == 0, 10000);
  g_clear_object (&bob_phone);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "away") == 0, 10000);

  /* The last device leaving means offline. */
  g_clear_object (&bob);
  RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (alice, "bob"), "offline") == 0, 10000);
}

static void
test_contacts_and_groups (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) alice_laptop = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(GError) error = NULL;

  g_assert_null (rd_test_add_contact (alice, "carol", "Team"));
  g_assert_null (rd_test_add_contact (alice, "bob", "Customers"));
  g_assert_cmpuint (g_list_model_get_n_items (rd_client_get_contacts (alice)), ==, 2);
  /* The other device follows. */
  RD_TEST_WAIT (g_list_model_get_n_items (rd_client_get_contacts (alice_laptop)) == 2, 10000);

  /* Moving to another group updates in place. */
  g_assert_null (rd_test_add_contact (alice, "bob", "VIP"));
  g_assert_cmpstr (rd_contact_get_group (rd_client_find_contact (alice, "bob")), ==, "VIP");

  error = rd_test_add_contact (alice, "nobody", NULL);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_USER);
  g_clear_error (&error);
  error = rd_test_add_contact (alice, "alice", NULL);
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
  g_assert_cmpuint (g_list_model_get_n_items (rd_client_get_contacts (alice)), ==, 2);

  rd_client_remove_contact_async (alice, "carol", NULL, NULL, NULL);
  RD_TEST_WAIT (g_list_model_get_n_items (rd_client_get_contacts (alice)) == 1, 10000);
  RD_TEST_WAIT (g_list_model_get_n_items (rd_client_get_contacts (alice_laptop)) == 1, 10000);
}

static JsonArray *
directory (RdClient *client, const char *query, JsonObject **out_reply)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_DIRECTORY_SEARCH, NULL);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (frame, "query", query);
  *out_reply = rd_test_request (client, frame, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (*out_reply, "users");
}

static void
test_directory (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autoptr(RdClient) bob = rd_test_client_login (relay, "bob", "bob-password");
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *users;

  /* Staff see everyone but themselves; matching is on name or full name. */
  users = directory (alice, "", &reply);
  g_assert_cmpuint (json_array_get_length (users), ==, 3);
  g_clear_pointer (&reply, json_object_unref);
  users = directory (alice, "Requester", &reply);
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  g_clear_pointer (&reply, json_object_unref);
  /* LIKE wildcards are literal. */
  users = directory (alice, "%", &reply);
  g_assert_cmpuint (json_array_get_length (users), ==, 0);
  g_clear_pointer (&reply, json_object_unref);

  /* Requesters only find support staff. */
  users = directory (bob, "", &reply);
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, i), "role"), ==, "agent");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (users, 0), "status"), ==, "available");
}

/* An admin fills in contact lists with the admin command, also while the
 * owner is signed in: their client learns it from the contacts event. */
static void
test_admin_contact_add (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autoptr(RdClient) alice = rd_test_client_login (relay, "alice", "alice-password");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, &err, "contact", "add", "alice", "bob", "Finance", NULL),
                   ==, 0);
  rd_client_drop_connection (alice);
  RD_TEST_WAIT (rd_client_find_contact (alice, "bob") != NULL && rd_client_get_state (alice) == RD_CLIENT_ONLINE,
                10000);
  g_assert_cmpstr (rd_contact_get_group (rd_client_find_contact (alice, "bob")), ==, "Finance");

  /* Bad input: unknown users, yourself, requester to requester. Nothing changes. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "contact", "add", "alice", "ghost", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "ghost"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "contact", "add", "alice", "alice", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "contact", "add", "bob", "dave", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "requesters"));
  g_assert_cmpuint (g_list_model_get_n_items (rd_client_get_contacts (alice)), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/presence/propagation", test_presence_propagation);
  g_test_add_func ("/presence/contacts-and-groups", test_contacts_and_groups);
  g_test_add_func ("/presence/directory", test_directory);
  g_test_add_func ("/presence/admin-contact-add", test_admin_contact_add);
  return g_test_run ();
}
