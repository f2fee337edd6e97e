/* rd-relay-cluster.c: several relays on one PostgreSQL database.
 *
 * Every relay LISTENs on five channels, from a connection of its own:
 *
 *   rd_events    "relay|id,id,..."           accounts that have new stored events
 *                                            (sent by the store at commit)
 *   rd_frames    "relay|account|{frame}"     a frame that is not stored (typing,
 *                                            file signalling) for an account's devices
 *   rd_presence  "relay|account|status|since|text"
 *                                            an account's presence on that relay
 *   rd_relays    "gone|relay"                a relay stopped or died
 *   rd_queue     "relay"                     the support queue changed
 *
 * A relay ignores what it sent itself. Events are read from the tables:
 * a notification only says whose to read, so nothing depends on it
 * arriving more than once or in any order, and a relay that lost its
 * listening connection reads everything it may have missed once it is back.
 *
 * Each relay writes a heartbeat every HEARTBEAT_S seconds; one silent for
 * DEAD_AFTER_S is removed, with its users' presence, by whichever relay
 * notices first, which tells the others.
 *
 * One relay at a time routes the support queue: the one whose listening
 * connection holds the advisory lock ROUTER_LOCK. It offers requests, times
 * offers out and requeues what agents gone past their grace period held,
 * with the store's conditional updates, so that a request is never held by
 * two agents even while leadership moves. When its connection drops
 * (it died, or lost the database) PostgreSQL releases the lock and another
 * relay takes it at its next heartbeat, as after a restart: offers in
 * flight go back to the queue.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-relay-private.h"
#include "rd-sql.h"

#define HEARTBEAT_S   2
#define DEAD_AFTER_S 10
/* The advisory lock of the relay that routes the support queue. */
#define ROUTER_LOCK  7465737

struct _RdRelayCluster {
  char          *relay_id;
  char          *public_url;
  RdSqlListener *listener;
  guint          heartbeat_source;
  gboolean       leader;      /* this relay routes the support queue */
  gboolean       reload_remote; /* reading the others' presence failed: at the next heartbeat again */
  GHashTable    *remote;      /* gint64 * account -> GHashTable (relay id -> RdStoredPresence *) */
  GHashTable    *published;   /* gint64 * account -> "status\ntext" this relay last told */
};

static const char * const channels[] = { "rd_events", "rd_frames", "rd_presence", "rd_relays", "rd_queue", NULL };

const char *
_rd_relay_cluster_relay_id (RdRelayServer *self)
{
  return self->cluster ? self->cluster->relay_id : NULL;
}

/* ---- what others told ---- */

static void
remember_remote (RdRelayCluster   *cluster,
                 RdStoredPresence *presence)
{
  GHashTable *by_relay = g_hash_table_lookup (cluster->remote, &presence->account_id);

  if (g_str_equal (presence->status, "offline"))
    {
      if (by_relay != NULL)
        g_hash_table_remove (by_relay, presence->relay_id);
      rd_stored_presence_free (presence);
      return;
    }
  if (by_relay == NULL)
    {
      by_relay = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) rd_stored_presence_free);
      g_hash_table_insert (cluster->remote, g_memdup2 (&presence->account_id, sizeof (gint64)), by_relay);
    }
  g_hash_table_insert (by_relay, g_strdup (presence->relay_id), presence);
}

GHashTable *
_rd_relay_cluster_remote_presence (RdRelayServer *self,
                                   gint64         account_id)
{
  return self->cluster ? g_hash_table_lookup (self->cluster->remote, &account_id) : NULL;
}

void
_rd_relay_cluster_add_remote_accounts (RdRelayServer *self,
                                       GHashTable    *accounts)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->cluster == NULL)
    return;
  g_hash_table_iter_init (&iter, self->cluster->remote);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_size (value) > 0)
      g_hash_table_add (accounts, g_memdup2 (key, sizeof (gint64)));
}

/* Drops what a relay that is gone said; the accounts it had change. */
static void
forget_relay (RdRelayServer *self,
              const char    *relay_id)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cluster->remote);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_remove (value, relay_id))
      g_array_append_val (changed, *(gint64 *) key);
  for (guint i = 0; i < changed->len; i++)
    _rd_relay_presence_refresh (self, g_array_index (changed, gint64, i));
  if (changed->len > 0)
    g_message ("relay %s is gone: %u of its users offline here", relay_id, changed->len);
}

/* Reads what the other relays hold now (at start, and after the listening
 * connection was lost). */
static gboolean
load_remote (RdRelayServer  *self,
             GError        **error)
{
  g_autoptr(GPtrArray) all = rd_store_presence_list (self->store, error);
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  if (all == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->cluster->remote);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (accounts, *(gint64 *) key);
  g_hash_table_remove_all (self->cluster->remote);
  for (guint i = 0; i < all->len; i++)
    {
      RdStoredPresence *presence = g_ptr_array_index (all, i);

      if (g_str_equal (presence->relay_id, self->cluster->relay_id))
        continue;
      g_array_append_val (accounts, presence->account_id);
      remember_remote (self->cluster, g_ptr_array_steal_index (all, i--));
    }
  for (guint i = 0; i < accounts->len; i++)
    _rd_relay_presence_refresh (self, g_array_index (accounts, gint64, i));
  return TRUE;
}

/* After the listening connection was lost: what changed meanwhile is
 * only in the table. A failed read (the first on a store connection that
 * was lost too fails) is tried again at each heartbeat until it works. */
static void
reload_remote (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;

  self->cluster->reload_remote = !load_remote (self, &error);
  if (self->cluster->reload_remote)
    g_warning ("cannot read the other relays' presence (trying again): %s", error->message);
}

/* ---- events ---- */

static void
catch_up_everyone (RdRelayServer *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->sessions_by_account);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    _rd_relay_server_catch_up (self, *(gint64 *) key);
}

/* ---- the router ---- */

/* Also the probe of the listening connection: the router asks a trivial
 * question instead, so every relay finds out in seconds that the server
 * stopped answering. */
static void
seek_leadership (RdRelayServer *self)
{
  if (self->cluster->leader)
    {
      rd_sql_listener_probe (self->cluster->listener);
      return;
    }
  if (!rd_sql_listener_try_lock (self->cluster->listener, ROUTER_LOCK))
    return;
  self->cluster->leader = TRUE;
  g_message ("this relay (%s) routes the support queue now", self->cluster->relay_id);
  _rd_relay_queue_take_over (self);
}

static void
step_down (RdRelayServer *self)
{
  if (!self->cluster->leader)
    return;
  self->cluster->leader = FALSE;
  g_warning ("this relay no longer routes the support queue (its database connection was lost)");
  _rd_relay_queue_step_down (self);
}

gboolean
_rd_relay_cluster_is_leader (RdRelayServer *self)
{
  return self->cluster == NULL || self->cluster->leader;
}

/* ---- notifications ---- */

static void
events_notified (RdRelayServer *self,
                 const char    *ids)
{
  for (const char *p = ids; *p; )
    {
      char *end;
      gint64 account_id = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        break;
      if (g_hash_table_contains (self->sessions_by_account, &account_id))
        _rd_relay_server_catch_up (self, account_id);
      p = *end == ',' ? end + 1 : end;
    }
}

static void
frame_notified (RdRelayServer *self,
                const char    *rest)
{
  const char *bar = strchr (rest, '|');
  gint64 account_id = g_ascii_strtoll (rest, NULL, 10);
  GPtrArray *sessions = _rd_relay_server_sessions_of (self, account_id);

  if (bar == NULL)
    return;
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    rd_relay_session_send_text (g_ptr_array_index (sessions, i), bar + 1, strlen (bar + 1));
}

static void
presence_notified (RdRelayServer *self,
                   const char    *relay_id,
                   const char    *rest)
{
  g_auto(GStrv) fields = g_strsplit (rest, "|", 4);
  RdStoredPresence *presence;

  if (g_strv_length (fields) != 4)
    return;
  presence = g_new0 (RdStoredPresence, 1);
  presence->relay_id = g_strdup (relay_id);
  presence->account_id = g_ascii_strtoll (fields[0], NULL, 10);
  presence->status = g_strdup (fields[1]);
  presence->since = g_ascii_strtoll (fields[2], NULL, 10);
  presence->text = g_strdup (fields[3]);
  remember_remote (self->cluster, presence);
  _rd_relay_presence_refresh (self, g_ascii_strtoll (fields[0], NULL, 10));
}

static void
notified_cb (const char *channel,
             const char *payload,
             gpointer    data)
{
  RdRelayServer *self = data;
  const char *bar = payload ? strchr (payload, '|') : NULL;
  g_autofree char *from = NULL;

  if (channel == NULL && g_strcmp0 (payload, "lost") == 0)
    {
      step_down (self);
      return;
    }
  if (channel == NULL)
    {
      /* The listening connection is back: anything may have happened. */
      reload_remote (self);
      catch_up_everyone (self);
      _rd_relay_queue_changed_elsewhere (self);
      seek_leadership (self);
      return;
    }
  if (g_str_equal (channel, "rd_queue"))
    {
      if (g_strcmp0 (payload, self->cluster->relay_id) != 0)
        _rd_relay_queue_changed_elsewhere (self);
      return;
    }
  if (bar == NULL)
    return;
  from = g_strndup (payload, bar - payload);
  if (g_str_equal (channel, "rd_relays"))
    {
      if (g_str_equal (from, "gone") && !g_str_equal (bar + 1, self->cluster->relay_id))
        forget_relay (self, bar + 1);
      return;
    }
  if (g_str_equal (from, self->cluster->relay_id))
    return;
  if (g_str_equal (channel, "rd_events"))
    events_notified (self, bar + 1);
  else if (g_str_equal (channel, "rd_frames"))
    frame_notified (self, bar + 1);
  else if (g_str_equal (channel, "rd_presence"))
    presence_notified (self, from, bar + 1);
}

/* ---- what this relay tells ---- */

static void
notify (RdRelayServer *self,
        const char    *channel,
        const char    *payload)
{
  g_autoptr(GError) error = NULL;

  if (!rd_store_notify (self->store, channel, payload, &error))
    g_warning ("cannot tell the other relays (%s): %s", channel, error->message);
}

void
_rd_relay_cluster_send_frame (RdRelayServer *self,
                              gint64         account_id,
                              JsonObject    *frame)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *payload = NULL;

  if (self->cluster == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), frame);
  text = json_to_string (node, FALSE);
  payload = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s", self->cluster->relay_id, account_id, text);
  if (strlen (payload) > 7900)
    {
      g_warning ("a %s frame too large for the other relays was not sent there", rd_frame_get_string (frame, "type", ""));
      return;
    }
  notify (self, "rd_frames", payload);
}

void
_rd_relay_cluster_publish_presence (RdRelayServer *self,
                                    gint64         account_id,
                                    const char    *status,
                                    const char    *text,
                                    gint64         since_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *payload = NULL;
  RdStoredPresence presence = { self->cluster ? self->cluster->relay_id : NULL, account_id,
                                (char *) status, (char *) text, since_ms };

  if (self->cluster == NULL)
    return;
  summary = g_strdup_printf ("%s\n%s", status, text);
  if (g_strcmp0 (g_hash_table_lookup (self->cluster->published, &account_id), summary) == 0)
    return;
  g_hash_table_insert (self->cluster->published, g_memdup2 (&account_id, sizeof account_id),
                       g_steal_pointer (&summary));
  payload = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "|%s",
                             self->cluster->relay_id, account_id, status, since_ms, text);
  if (!_rd_relay_server_write_begin (self, &error) ||
      !rd_store_presence_publish (self->store, &presence, &error) ||
      !rd_store_notify (self->store, "rd_presence", payload, &error))
    g_warning ("cannot tell the other relays the presence of account %" G_GINT64_FORMAT ": %s",
               account_id, error->message);
}

void
_rd_relay_cluster_queue_changed (RdRelayServer *self)
{
  if (self->cluster != NULL)
    notify (self, "rd_queue", self->cluster->relay_id);
}

/* ---- heartbeats ---- */

static gboolean
heartbeat_cb (gpointer data)
{
  RdRelayServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  gint64 now = _rd_relay_now_ms ();

  /* First the probe (or the bid for the router's lock): a server that no
   * longer answers is found out in 3 s, and then nothing waits for it. */
  seek_leadership (self);
  if (!rd_sql_listener_is_connected (self->cluster->listener))
    return G_SOURCE_CONTINUE;
  if (self->cluster->reload_remote)
    reload_remote (self);
  if (!_rd_relay_server_write_begin (self, &error) ||
      !rd_store_relay_beat (self->store, self->cluster->relay_id, self->cluster->public_url, now, &error) ||
      (gone = rd_store_relays_expire (self->store, now - DEAD_AFTER_S * 1000, &error)) == NULL)
    {
      g_warning ("relay heartbeat failed: %s", error->message);
      return G_SOURCE_CONTINUE;
    }
  for (guint i = 0; i < gone->len; i++)
    {
      const char *relay_id = g_ptr_array_index (gone, i);
      g_autofree char *payload = g_strdup_printf ("gone|%s", relay_id);

      g_warning ("relay %s has been silent for %d s: its users are offline", relay_id, DEAD_AFTER_S);
      notify (self, "rd_relays", payload);
      forget_relay (self, relay_id);
    }
  if (self->cluster->leader)
    _rd_relay_queue_sweep (self);
  return G_SOURCE_CONTINUE;
}

/* ---- start and stop ---- */

gboolean
_rd_relay_cluster_start (RdRelayServer  *self,
                         GError        **error)
{
  RdRelayCluster *cluster;
  g_autofree char *gone = NULL;
  g_autofree char *store_name = NULL;
  g_autofree char *listener_name = NULL;

  if (self->config->database == NULL)
    return TRUE;
  cluster = g_new0 (RdRelayCluster, 1);
  self->cluster = cluster;
  cluster->relay_id = self->config->relay_id
    ? g_strdup (self->config->relay_id)
    : g_strdup_printf ("%s:%u", g_get_host_name (), _rd_relay_server_port (self));
  cluster->public_url = g_strdup (self->config->public_url ? self->config->public_url : self->url);
  cluster->remote = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  cluster->published = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  /* Each connection says whose it is in pg_stat_activity. */
  store_name = g_strdup_printf ("relaydeskd %s", cluster->relay_id);
  listener_name = g_strdup_printf ("relaydeskd %s listener", cluster->relay_id);
  rd_store_set_application_name (self->store, store_name);

  /* Listen first, so that nothing said after the reads below is missed. */
  cluster->listener = rd_sql_listener_new (self->config->database, listener_name, channels, notified_cb, self,
                                           error);
  if (cluster->listener == NULL)
    return FALSE;
  rd_store_notify_events (self->store, "rd_events", cluster->relay_id);

  /* What this relay's earlier life left (it died, or the machine did). */
  gone = g_strdup_printf ("gone|%s", cluster->relay_id);
  if (!rd_store_begin (self->store, error))
    return FALSE;
  if (!rd_store_presence_forget_relay (self->store, cluster->relay_id, error) ||
      !rd_store_relay_beat (self->store, cluster->relay_id, cluster->public_url, _rd_relay_now_ms (), error) ||
      !rd_store_notify (self->store, "rd_relays", gone, error) ||
      !rd_store_commit (self->store, error) ||
      !load_remote (self, error))
    {
      if (rd_store_in_transaction (self->store))
        rd_store_rollback (self->store);
      return FALSE;
    }
  cluster->heartbeat_source = g_timeout_add_seconds (HEARTBEAT_S, heartbeat_cb, self);
  seek_leadership (self);
  g_info ("relay %s, one of those sharing the database, reachable at %s", cluster->relay_id,
          cluster->public_url);
  return TRUE;
}

gboolean
_rd_relay_cluster_is_ready (RdRelayServer *self)
{
  return self->cluster == NULL || rd_sql_listener_is_connected (self->cluster->listener);
}

void
_rd_relay_cluster_stop (RdRelayServer *self)
{
  RdRelayCluster *cluster = self->cluster;
  g_autoptr(GError) error = NULL;

  if (cluster == NULL)
    return;
  g_clear_handle_id (&cluster->heartbeat_source, g_source_remove);
  /* A relay that stops says so: its users go offline at once elsewhere. */
  if (self->store != NULL && !rd_store_in_transaction (self->store))
    {
      g_autofree char *gone = g_strdup_printf ("gone|%s", cluster->relay_id);

      if (!rd_store_begin (self->store, &error) ||
          !rd_store_presence_forget_relay (self->store, cluster->relay_id, &error) ||
          !rd_store_notify (self->store, "rd_relays", gone, &error) ||
          !rd_store_commit (self->store, &error))
        {
          g_warning ("could not tell the other relays this one stops: %s", error->message);
          if (rd_store_in_transaction (self->store))
            rd_store_rollback (self->store);
        }
    }
  g_clear_pointer (&cluster->listener, rd_sql_listener_free);
  g_clear_pointer (&cluster->remote, g_hash_table_unref);
  g_clear_pointer (&cluster->published, g_hash_table_unref);
  g_free (cluster->relay_id);
  g_free (cluster->public_url);
  g_clear_pointer (&self->cluster, g_free);
}
