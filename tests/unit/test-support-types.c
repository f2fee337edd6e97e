/* test-support-types.c: every name of the support desk's enums goes both
 * ways, and names that are not there are refused. */
#include "config.h"

#include "rd-support-step.h"
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

static RdSupportStep *
step_new (const char *what, const char *by, const char *by_name, const char *to, const char *to_name)
{
  RdSupportStep step = { .what = (char *) what, .by = (char *) by, .by_name = (char *) by_name,
                         .to = (char *) to, .to_name = (char *) to_name, .topic = (char *) "", .note = (char *) "" };

  return rd_support_step_copy (&step);
}

/* The agent before me: who accepted or took it, or whom it was taken
 * over from; offers, declines and the relay's own steps do not count. */
static void
test_other_holder (void)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_support_step_free);

  g_ptr_array_add (steps, step_new ("created", "bob", "Bob", "", ""));
  g_ptr_array_add (steps, step_new ("offered", "", "", "alice", "Alice"));
  g_ptr_array_add (steps, step_new ("declined", "alice", "Alice", "", ""));
  g_assert_null (rd_support_steps_other_holder (steps, "sam"));
  g_ptr_array_add (steps, step_new ("accepted", "carol", "Carol", "", ""));
  g_assert_null (rd_support_steps_other_holder (steps, "carol"));
  g_assert_cmpstr (rd_support_step_holder_name (rd_support_steps_other_holder (steps, "sam")), ==, "Carol");
  g_ptr_array_add (steps, step_new ("taken_over", "sam", "Sam", "carol", "Carol"));
  g_assert_cmpstr (rd_support_step_holder_name (rd_support_steps_other_holder (steps, "sam")), ==, "Carol");
  g_ptr_array_add (steps, step_new ("taken", "dave", "", "", ""));
  /* The latest one wins; without a display name, the user name. */
  g_assert_cmpstr (rd_support_step_holder_name (rd_support_steps_other_holder (steps, "sam")), ==, "dave");
  g_assert_cmpstr (rd_support_step_holder_name (rd_support_steps_other_holder (steps, "dave")), ==, "Carol");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/support-types/roles", test_roles);
  g_test_add_func ("/support-types/other-holder", test_other_holder);
  g_test_add_func ("/support-types/request-states", test_states);
  g_test_add_func ("/support-types/strategies-and-priorities", test_strategies_and_priorities);
  return g_test_run ();
}
