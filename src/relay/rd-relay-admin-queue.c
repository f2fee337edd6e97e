/* rd-relay-admin-queue.c: admin commands for the support queue: topics with
 * their routing strategy, agents' capacity and the topics they serve. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-protocol.h"
#include "rd-relay-admin.h"
#include "rd-store-queue.h"

#define TOPIC_NAME_MAX_BYTES 64
#define CAPACITY_MAX         50

static int
topic_add (RdStore *store, const char *name, const char *strategy_name, GError **error)
{
  RdRouteStrategy strategy = RD_ROUTE_LEAST_BUSY;
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (*stripped == '\0' || strlen (stripped) > TOPIC_NAME_MAX_BYTES || !g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a topic name is 1 to %d bytes of UTF-8", TOPIC_NAME_MAX_BYTES);
      return 1;
    }
  if (strategy_name != NULL && !rd_route_strategy_from_string (strategy_name, &strategy))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unknown strategy \"%s\" (least-busy, longest-idle, skills or manual)", strategy_name);
      return 1;
    }
  if (rd_store_topic_add (store, stripped, strategy, error) == 0)
    {
      if (g_error_matches (*error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS))
        {
          g_clear_error (error);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "there is already a topic \"%s\"", stripped);
        }
      return 1;
    }
  g_print ("topic %s added (%s)\n", stripped, rd_route_strategy_to_string (strategy));
  return 0;
}

static int
topic_list (RdStore *store, GError **error)
{
  g_autoptr(GPtrArray) topics = rd_store_topic_list (store, error);

  if (topics == NULL)
    return 1;
  for (guint i = 0; i < topics->len; i++)
    {
      RdStoredTopic *topic = g_ptr_array_index (topics, i);
      g_print ("%s\t%s\n", topic->name, rd_route_strategy_to_string (topic->strategy));
    }
  return 0;
}

/* An agent, supervisor or admin: requesters answer no requests. */
static RdAccount *
staff_account (RdStore *store, const char *name, GError **error)
{
  RdAccount *account = rd_store_account_lookup (store, name, error);

  if (account == NULL)
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no user named \"%s\"", name);
      return NULL;
    }
  if (account->role == RD_ROLE_REQUESTER)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s is a requester, not support staff", name);
      rd_account_free (account);
      return NULL;
    }
  return account;
}

static int
agent_capacity (RdStore *store, const char *name, const char *value, GError **error)
{
  g_autoptr(RdAccount) agent = staff_account (store, name, error);
  guint64 capacity = 0;

  if (agent == NULL)
    return 1;
  if (!g_ascii_string_to_unsigned (value, 10, 0, CAPACITY_MAX, &capacity, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "capacity is a number from 0 to %d", CAPACITY_MAX);
      return 1;
    }
  if (!rd_store_agent_set_capacity (store, agent->id, (guint) capacity, error))
    return 1;
  g_print ("%s takes up to %u requests at once\n", name, (guint) capacity);
  return 0;
}

static int
agent_skill (RdStore *store, const char *name, const char *topic_name, gboolean serves, GError **error)
{
  g_autoptr(RdAccount) agent = staff_account (store, name, error);
  g_autoptr(RdStoredTopic) topic = NULL;

  if (agent == NULL)
    return 1;
  topic = rd_store_topic_lookup (store, topic_name, error);
  if (topic == NULL)
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no topic \"%s\"", topic_name);
      return 1;
    }
  if (!rd_store_agent_set_skill (store, agent->id, topic->id, serves, error))
    return 1;
  g_print ("%s %s %s\n", name, serves ? "serves" : "no longer serves", topic->name);
  return 0;
}

static int
canned (RdStore *store, char **args, guint n, GError **error)
{
  if (n == 4 && g_str_equal (args[1], "set"))
    {
      if (*g_strstrip (args[2]) == '\0' || strlen (args[2]) > RD_CANNED_TITLE_MAX_BYTES || *args[3] == '\0' ||
          strlen (args[3]) > RD_BODY_MAX_BYTES || !g_utf8_validate (args[2], -1, NULL) ||
          !g_utf8_validate (args[3], -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "a canned reply has a title of 1 to %d bytes and a text of 1 to %d bytes",
                       RD_CANNED_TITLE_MAX_BYTES, RD_BODY_MAX_BYTES);
          return 1;
        }
      if (!rd_store_canned_set (store, args[2], args[3], error))
        return 1;
      g_print ("canned reply \"%s\" saved\n", args[2]);
      return 0;
    }
  if (n == 3 && g_str_equal (args[1], "delete"))
    return rd_store_canned_delete (store, args[2], error) ? 0 : 1;
  if (n == 2 && g_str_equal (args[1], "list"))
    {
      g_autoptr(GPtrArray) pairs = rd_store_canned_list (store, error);

      if (pairs == NULL)
        return 1;
      for (guint i = 0; i + 1 < pairs->len; i += 2)
        g_print ("%s\t%s\n", (char *) g_ptr_array_index (pairs, i), (char *) g_ptr_array_index (pairs, i + 1));
      return 0;
    }
  return -1;
}

int
rd_relay_admin_queue_run (RdStore              *store,
                          const RdAdminOptions *options,
                          char                **args,
                          GError              **error)
{
  guint n = g_strv_length (args);

  if (n == 3 && g_str_equal (args[0], "topic") && g_str_equal (args[1], "add"))
    return topic_add (store, args[2], options->strategy, error);
  if (n == 2 && g_str_equal (args[0], "topic") && g_str_equal (args[1], "list"))
    return topic_list (store, error);
  if (n == 4 && g_str_equal (args[0], "agent") && g_str_equal (args[1], "capacity"))
    return agent_capacity (store, args[2], args[3], error);
  if (n == 4 && g_str_equal (args[0], "agent") &&
      (g_str_equal (args[1], "skill") || g_str_equal (args[1], "unskill")))
    return agent_skill (store, args[2], args[3], g_str_equal (args[1], "skill"), error);
  if (n >= 2 && g_str_equal (args[0], "canned"))
    return canned (store, args, n, error);
  return -1;
}
