/* test-request-changes.c: each row of the table of changes says what its
 * statement does: the SET names the row's "to" state and the WHERE clause
 * exactly its "from" states. A statement edited without its row (or the
 * other way round) fails here. */
#include "config.h"

#include <string.h>

#include "rd-request-changes.h"

/* The states named in "state = 'x'" or "state IN ('x', 'y')" of @where. */
static guint
states_named (const char *where)
{
  const char *at = strstr (where, "state ");
  guint mask = 0;
  const char *end;

  g_assert_nonnull (at);
  at += strlen ("state ");
  if (g_str_has_prefix (at, "= "))
    end = strchr (strchr (at, '\'') + 1, '\'') + 1;
  else
    {
      g_assert_true (g_str_has_prefix (at, "IN ("));
      end = strchr (at, ')');
    }
  for (const char *quote = strchr (at, '\''); quote != NULL && quote < end; quote = strchr (quote, '\''))
    {
      const char *close = strchr (quote + 1, '\'');
      g_autofree char *name = g_strndup (quote + 1, close - quote - 1);
      RdRequestState state;

      g_assert_true (rd_request_state_from_string (name, &state));
      mask |= RD_STATE_BIT (state);
      quote = close + 1;
    }
  return mask;
}

static void
test_statements_match_rows (void)
{
  for (RdRequestChange change = 0; change < RD_N_CHANGES; change++)
    {
      const RdRequestChangeRule *rule = rd_request_change_rule (change);
      g_autofree char *set = g_strdup_printf ("SET state = '%s'", rd_request_state_to_string (rule->to));
      const char *where = strstr (rule->sql, " WHERE ");

      g_test_message ("%s: %s", rule->name, rule->sql);
      g_assert_cmpint (rule->change, ==, change);
      g_assert_nonnull (strstr (rule->sql, set));
      g_assert_nonnull (where);
      g_assert_cmpuint (states_named (where), ==, rule->from);
      /* Nothing ever leaves a closed request. */
      g_assert_false (rule->from & RD_STATE_BIT (RD_REQUEST_RESOLVED));
      g_assert_false (rule->from & RD_STATE_BIT (RD_REQUEST_CANCELLED));
    }
}

static void
test_allowed (void)
{
  g_assert_true (rd_request_change_allowed (RD_CHANGE_TAKE, RD_REQUEST_QUEUED));
  g_assert_false (rd_request_change_allowed (RD_CHANGE_TAKE, RD_REQUEST_OFFERED));
  g_assert_false (rd_request_change_allowed (RD_CHANGE_TAKE, RD_REQUEST_ACTIVE));
  g_assert_true (rd_request_change_allowed (RD_CHANGE_CANCEL, RD_REQUEST_OFFERED));
  g_assert_false (rd_request_change_allowed (RD_CHANGE_CANCEL, RD_REQUEST_ACTIVE));
  g_assert_true (rd_request_change_allowed (RD_CHANGE_RESOLVE, RD_REQUEST_ACTIVE));
  g_assert_false (rd_request_change_allowed (RD_CHANGE_RESOLVE, RD_REQUEST_RESOLVED));
  g_assert_true (rd_request_change_allowed (RD_CHANGE_REQUEUE_AGENT, RD_REQUEST_ACTIVE));
  g_assert_false (rd_request_change_allowed (RD_CHANGE_REQUEUE_OFFERS, RD_REQUEST_ACTIVE));
  /* A supervisor acts on any open request, never on a closed one. */
  for (RdRequestState state = RD_REQUEST_QUEUED; state <= RD_REQUEST_CANCELLED; state++)
    {
      gboolean open = !rd_request_state_is_closed (state);

      g_assert_cmpint (rd_request_change_allowed (RD_CHANGE_TAKE_OVER, state), ==, open);
      g_assert_cmpint (rd_request_change_allowed (RD_CHANGE_REASSIGN_TO_AGENT, state), ==, open);
      g_assert_cmpint (rd_request_change_allowed (RD_CHANGE_REASSIGN_TO_TOPIC, state), ==, open);
      g_assert_cmpint (rd_request_change_allowed (RD_CHANGE_CLOSE_RESOLVED, state), ==, open);
      g_assert_cmpint (rd_request_change_allowed (RD_CHANGE_CLOSE_CANCELLED, state), ==, open);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/request-changes/statements-match-rows", test_statements_match_rows);
  g_test_add_func ("/request-changes/allowed", test_allowed);
  return g_test_run ();
}
