/* test-support-types.c: every name of the support desk's enums goes both
 * ways, and names that are not there are refused. */
#include "config.h"

#include "rd-support-types.h"

static void
test_roles (void)
{
  const char *names[] = { "requester", "agent", "supervisor", "admin" };
  RdRole role = RD_ROLE_ADMIN;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (rd_role_from_string (names[i], &role));
      g_assert_cmpint (role, ==, i);
      g_assert_cmpstr (rd_role_to_string (role), ==, names[i]);
    }
  g_assert_false (rd_role_from_string ("Admin", &role));
  g_assert_false (rd_role_from_string (NULL, &role));
  g_assert_false (rd_role_is_staff (RD_ROLE_REQUESTER));
  g_assert_true (rd_role_is_staff (RD_ROLE_AGENT));
  g_assert_false (rd_role_is_supervisor (RD_ROLE_AGENT));
  g_assert_true (rd_role_is_supervisor (RD_ROLE_SUPERVISOR));
  g_assert_true (rd_role_is_supervisor (RD_ROLE_ADMIN));
}

static void
test_states (void)
{
  const char *names[] = { "queued", "offered", "active", "resolved", "cancelled" };
  RdRequestState state = RD_REQUEST_ACTIVE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (rd_request_state_from_string (names[i], &state));
      g_assert_cmpint (state, ==, i);
      g_assert_cmpstr (rd_request_state_to_string (state), ==, names[i]);
    }
  g_assert_false (rd_request_state_from_string ("closed", &state));
  g_assert_cmpint (state, ==, RD_REQUEST_CANCELLED);   /* untouched */
  g_assert_true (rd_request_state_is_waiting (RD_REQUEST_QUEUED));
  g_assert_true (rd_request_state_is_waiting (RD_REQUEST_OFFERED));
  g_assert_false (rd_request_state_is_waiting (RD_REQUEST_ACTIVE));
  g_assert_true (rd_request_state_is_closed (RD_REQUEST_RESOLVED));
  g_assert_true (rd_request_state_is_closed (RD_REQUEST_CANCELLED));
  g_assert_false (rd_request_state_is_closed (RD_REQUEST_ACTIVE));
}

static void
test_strategies_and_priorities (void)
{
  const char *strategies[] = { "least-busy", "longest-idle", "skills", "manual" };
  const char *priorities[] = { "normal", "high", "urgent" };
  RdRouteStrategy strategy;
  RdPriority priority;

  for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      g_assert_true (rd_route_strategy_from_string (strategies[i], &strategy));
      g_assert_cmpint (strategy, ==, i);
      g_assert_cmpstr (rd_route_strategy_to_string (strategy), ==, strategies[i]);
    }
  g_assert_false (rd_route_strategy_from_string ("random", &strategy));
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_assert_true (rd_priority_from_string (priorities[i], &priority));
      g_assert_cmpint (priority, ==, i);
      g_assert_cmpstr (rd_priority_to_string (priority), ==, priorities[i]);
    }
  g_assert_false (rd_priority_from_string ("", &priority));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/support-types/roles", test_roles);
  g_test_add_func ("/support-types/request-states", test_states);
  g_test_add_func ("/support-types/strategies-and-priorities", test_strategies_and_priorities);
  return g_test_run ();
}
