/* test-queue.c: the support queue through the admin command and a real relay. */
#include "config.h"

#include <string.h>

#include "rd-test-relay.h"

static void
test_topics_and_agents (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new_team ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Accounts", "--strategy", "skills", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "topic", "add", "Hardware", "--strategy", "manual", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "topic", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Accounts\tskills\nHardware\tmanual\nNetwork\tleast-busy\n");

  /* Bad input is refused and changes nothing. */
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "Network", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "Printers", "--strategy", "coin-flip", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown strategy"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "topic", "add", "   ", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "capacity", "alice", "lots", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "capacity", "bob", "2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "requester"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, &err, "agent", "skill", "alice", "Nothing", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no topic"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "topic", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Accounts\tskills\nHardware\tmanual\nNetwork\tleast-busy\n");

  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "capacity", "alice", "5", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "skill", "alice", "Accounts", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (relay, NULL, NULL, NULL, "agent", "unskill", "alice", "Accounts", NULL), ==, 0);

  /* The running relay keeps working on the same database. */
  g_object_unref (rd_test_client_login (relay, "alice", "alice-password"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queue/topics-and-agents", test_topics_and_agents);
  return g_test_run ();
}
