/* rd-relay-server.c: listening, the session registry, deadlines and event
 * delivery.
 *
 * The relay serves every socket from one main loop; the store's writer
 * thread flushes its commits to disk (group commit, rd-relay-commit.c).
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-relay-private.h"
#include "rd-ws-codec.h"

#define LOGIN_FAILURE_WINDOW_US (15 * 60 * G_USEC_PER_SEC)
#define LOGIN_DELAY_BASE_MS     250
#define LOGIN_DELAY_MAX_MS      8000

typedef struct {
  guint  count;
  gint64 last_us;
} LoginFailures;

typedef struct {
  gint64  account_id;
  gint64  seq;
  gint64  ts;
  char   *kind;
  char   *data;
} PendingPush;

G_DEFINE_FINAL_TYPE (RdRelayServer, rd_relay_server, G_TYPE_OBJECT)

/* ---- event delivery ---- */

static void
pending_push_free (gpointer data)
{
  PendingPush *push = data;

  g_free (push->kind);
  g_free (push->data);
  g_free (push);
}

static void
pending_push_commit_cb (RdRelayServer *self,
                        const GError  *error,
                        gpointer       data)
{
  PendingPush *push = data;

  if (error == NULL)
    _rd_relay_server_push_event (self, push->account_id, push->seq, push->ts, push->kind, push->data);
}

void
_rd_relay_server_queue_push (RdRelayServer *self,
                             gint64         account_id,
                             gint64         seq,
                             gint64         ts,
                             const char    *kind,
                             const char    *data)
{
  PendingPush *push = g_new0 (PendingPush, 1);

  push->account_id = account_id;
  push->seq = seq;
  push->ts = ts;
  push->kind = g_strdup (kind);
  push->data = g_strdup (data);
  _rd_relay_server_after_commit (self, pending_push_commit_cb, push, pending_push_free);
}

gint64
_rd_relay_server_append_event (RdRelayServer  *self,
                               gint64          account_id,
                               const char     *kind,
                               JsonObject     *data,
                               gint64          ts,
                               GError        **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  gint64 seq;

  json_node_set_object (node, data);
  text = json_to_string (node, FALSE);
  seq = rd_store_event_append (self->store, account_id, kind, text, ts, error);
  if (seq != 0)
    _rd_relay_server_queue_push (self, account_id, seq, ts, kind, text);
  return seq;
}

static void catch_up_now (RdRelayServer *self, gint64 account_id);

/* Events that could not be read (the database went away, or the
 * connection was cut, so that the first read on it fails) are read again
 * until they can be: nothing else may come to bring them. */
#define CATCH_UP_AGAIN_MS 250

static gboolean
catch_up_again_cb (gpointer data)
{
  RdRelayServer *self = data;
  g_autoptr(GHashTable) accounts = g_steal_pointer (&self->catch_up_again);
  GHashTableIter iter;
  gpointer key;

  self->catch_up_source = 0;
  self->catch_up_again = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    _rd_relay_server_catch_up (self, *(gint64 *) key);
  return G_SOURCE_REMOVE;
}

static void
catch_up_later (RdRelayServer *self,
                gint64         account_id,
                const GError  *error)
{
  /* Said once, not at every try while the database is away. */
  if (!g_hash_table_contains (self->catch_up_again, &account_id))
    g_warning ("cannot read the events of account %" G_GINT64_FORMAT " (trying again): %s", account_id,
               error->message);
  g_hash_table_add (self->catch_up_again, g_memdup2 (&account_id, sizeof account_id));
  if (self->catch_up_source == 0)
    self->catch_up_source = g_timeout_add (CATCH_UP_AGAIN_MS, catch_up_again_cb, self);
}

static void
catch_up_now (RdRelayServer *self,
              gint64         account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GPtrArray *sessions = _rd_relay_server_sessions_of (self, account_id);
  gint64 since = G_MAXINT64;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      RdRelaySession *session = g_ptr_array_index (sessions, i);

      if (session->live)
        since = MIN (since, session->sent_seq);
    }
  if (since == G_MAXINT64)
    return;
  /* Pushes what there is; a later notification brings the rest. */
  events = rd_store_events_since (self->store, account_id, since, 1000, &error);
  if (events == NULL)
    {
      catch_up_later (self, account_id, error);
      return;
    }
  for (guint i = 0; i < events->len; i++)
    {
      RdStoredEvent *event = g_ptr_array_index (events, i);

      _rd_relay_server_push_event (self, account_id, event->seq, event->ts, event->kind, event->data);
    }
}

static void
catch_up_commit_cb (RdRelayServer *self,
                    const GError  *error,
                    gpointer       data)
{
  catch_up_now (self, *(gint64 *) data);
}

/* A read inside the open transaction would see its writes before they are
 * committed: then it waits for the commit. */
void
_rd_relay_server_catch_up (RdRelayServer *self,
                           gint64         account_id)
{
  if (rd_store_in_transaction (self->store))
    _rd_relay_server_after_commit (self, catch_up_commit_cb, g_memdup2 (&account_id, sizeof account_id), g_free);
  else
    catch_up_now (self, account_id);
}

void
_rd_relay_server_push_event (RdRelayServer *self,
                             gint64         account_id,
                             gint64         seq,
                             gint64         ts,
                             const char    *kind,
                             const char    *data)
{
  GPtrArray *sessions = _rd_relay_server_sessions_of (self, account_id);
  g_autofree char *text = NULL;
  gboolean gap = FALSE;
  gsize length;

  if (sessions == NULL)
    return;

  /* The stored data is JSON the relay wrote itself: the frame is put
   * together as text once, for every session, without parsing it again. */
  g_assert (kind != NULL && strpbrk (kind, "\"\\") == NULL);
  if (data == NULL || data[0] != '{' || data[strlen (data) - 1] != '}')
    {
      g_critical ("stored event %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " is not a JSON object", account_id, seq);
      return;
    }
  text = g_strdup_printf ("{\"type\":\"event\",\"seq\":%" G_GINT64_FORMAT ",\"ts\":%" G_GINT64_FORMAT
                          ",\"kind\":\"%s\",\"data\":%s}", seq, ts, kind, data);
  length = strlen (text);

  for (guint i = 0; i < sessions->len; i++)
    {
      RdRelaySession *session = g_ptr_array_index (sessions, i);

      /* A session that has not synced yet will read this from the store. */
      if (!session->live || seq <= session->sent_seq)
        continue;
      /* Events before this one that it has not had: committed by another
       * relay just before (they take turns), their notification still on
       * its way. The store has them; in order, they come from there. */
      if (seq > session->sent_seq + 1)
        {
          gap = TRUE;
          continue;
        }
      session->sent_seq = seq;
      rd_relay_session_send_text (session, text, length);
    }
  if (gap)
    _rd_relay_server_catch_up (self, account_id);
}

void
_rd_relay_server_send_here (RdRelayServer *self,
                            gint64         account_id,
                            JsonObject    *frame)
{
  GPtrArray *sessions = _rd_relay_server_sessions_of (self, account_id);

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    rd_relay_session_send (g_ptr_array_index (sessions, i), frame);
}

void
_rd_relay_server_send_to_account (RdRelayServer *self,
                                  gint64         account_id,
                                  JsonObject    *frame)
{
  _rd_relay_server_send_here (self, account_id, frame);
  _rd_relay_cluster_send_frame (self, account_id, frame);
}

/* ---- sessions ---- */

static void
move_to_deadline_queue (RdRelayServer  *self,
                        RdRelaySession *session,
                        GQueue         *queue)
{
  if (session->deadline_queue != NULL)
    g_queue_unlink (session->deadline_queue, &session->deadline_link);
  session->deadline_queue = queue;
  if (queue != NULL)
    g_queue_push_tail_link (queue, &session->deadline_link);
}

void
_rd_relay_server_session_heard (RdRelayServer  *self,
                                RdRelaySession *session)
{
  /* Until it signs in a socket's deadline runs from its opening, whatever
   * it says; after that from its last frame. O(1): the most recently
   * heard go to the tail. */
  if (session->deadline_queue == &self->signed_in)
    {
      session->quiet_since_us = g_get_monotonic_time ();
      move_to_deadline_queue (self, session, &self->signed_in);
    }
}

/* The head of @queue if it has been quiet since before @before, taken out
 * of the queue; NULL otherwise. */
static RdRelaySession *
take_due (RdRelayServer *self,
          GQueue        *queue,
          gint64         before)
{
  RdRelaySession *session = g_queue_peek_head (queue);

  if (session == NULL || session->quiet_since_us >= before)
    return NULL;
  move_to_deadline_queue (self, session, NULL);
  return session;
}

/* Once a second: closes the sockets past a deadline. Both queues are in
 * deadline order, so this looks at the due ones and one more. */
static gboolean
sweep_cb (gpointer data)
{
  RdRelayServer *self = data;
  gint64 now = g_get_monotonic_time ();
  RdRelaySession *session;

  while ((session = take_due (self, &self->unauthenticated,
                              now - (gint64) self->config->login_timeout_s * G_USEC_PER_SEC)) != NULL)
    {
      g_info ("closing a connection from %s that did not sign in within %u s", session->remote_host,
              self->config->login_timeout_s);
      rd_relay_session_close (session, RD_WS_CLOSE_POLICY_VIOLATION, "sign in sooner");
    }
  while ((session = take_due (self, &self->signed_in,
                              now - (gint64) self->config->idle_timeout_s * G_USEC_PER_SEC)) != NULL)
    {
      g_info ("closing %s's connection from %s: silent for %u s", session->account->username,
              session->remote_host, self->config->idle_timeout_s);
      rd_relay_session_close (session, RD_WS_CLOSE_GOING_AWAY, "silent for too long");
    }
  /* Each reads on its own, never inside an open batch (on PostgreSQL a
   * failed statement aborts the transaction it is in, and with it the
   * batch's writes), and not while the database is away. */
  if (_rd_relay_cluster_is_ready (self) && !rd_store_in_transaction (self->store))
    _rd_relay_account_notices_check (self);
  if (_rd_relay_cluster_is_ready (self) && !rd_store_in_transaction (self->store))
    _rd_relay_check_breaches (self);
  if (_rd_relay_cluster_is_ready (self) && !rd_store_in_transaction (self->store))
    _rd_relay_check_quiet_requests (self);
  return G_SOURCE_CONTINUE;
}

GPtrArray *
_rd_relay_server_sessions_of (RdRelayServer *self,
                              gint64         account_id)
{
  return g_hash_table_lookup (self->sessions_by_account, &account_id);
}

void
_rd_relay_server_session_authenticated (RdRelayServer  *self,
                                        RdRelaySession *session)
{
  GPtrArray *list;
  gint64 account_id = session->account->id;

  list = _rd_relay_server_sessions_of (self, account_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->sessions_by_account, g_memdup2 (&account_id, sizeof account_id), list);
    }
  g_ptr_array_add (list, session);
  session->quiet_since_us = g_get_monotonic_time ();
  move_to_deadline_queue (self, session, &self->signed_in);
  g_info ("%s signed in from %s (device \"%s\", %u online)", session->account->username,
          session->remote_host, session->device ? session->device : "", list->len);
  _rd_relay_presence_update (self, account_id);
}

/* Open sessions per remote address, kept as sessions come and go so a new
 * connection is checked without looking at all the others. */
static guint
connections_from (RdRelayServer *self,
                  const char    *host)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->connections_by_host, host));
}

static void
count_connection (RdRelayServer *self,
                  const char    *host,
                  gint           change)
{
  guint n = connections_from (self, host);

  g_return_if_fail (change > 0 || n > 0);
  n += change;
  if (n == 0)
    g_hash_table_remove (self->connections_by_host, host);
  else
    g_hash_table_insert (self->connections_by_host, g_strdup (host), GUINT_TO_POINTER (n));
}

void
_rd_relay_server_session_closed (RdRelayServer  *self,
                                 RdRelaySession *session)
{
  if (session->account != NULL)
    {
      gint64 account_id = session->account->id;
      GPtrArray *list = _rd_relay_server_sessions_of (self, account_id);

      if (list != NULL)
        {
          g_ptr_array_remove (list, session);
          if (list->len == 0)
            g_hash_table_remove (self->sessions_by_account, &account_id);
        }
      g_info ("%s disconnected from %s", session->account->username, session->remote_host);
      _rd_relay_presence_update (self, account_id);
    }
  move_to_deadline_queue (self, session, NULL);
  count_connection (self, session->remote_host, -1);
  g_ptr_array_remove_fast (self->sessions, session);
}

/* ---- login slow-down ---- */

guint
_rd_relay_server_login_delay_ms (RdRelayServer *self,
                                 const char    *remote_host)
{
  LoginFailures *failures = g_hash_table_lookup (self->login_failures, remote_host);
  guint delay = LOGIN_DELAY_BASE_MS;

  if (failures == NULL)
    return 0;
  if (g_get_monotonic_time () - failures->last_us > LOGIN_FAILURE_WINDOW_US)
    {
      g_hash_table_remove (self->login_failures, remote_host);
      return 0;
    }
  for (guint i = 1; i < failures->count && delay < LOGIN_DELAY_MAX_MS; i++)
    delay *= 2;
  return MIN (delay, LOGIN_DELAY_MAX_MS);
}

void
_rd_relay_server_login_failed (RdRelayServer *self,
                               const char    *remote_host)
{
  LoginFailures *failures = g_hash_table_lookup (self->login_failures, remote_host);

  if (failures == NULL)
    {
      failures = g_new0 (LoginFailures, 1);
      g_hash_table_insert (self->login_failures, g_strdup (remote_host), failures);
    }
  failures->count++;
  failures->last_us = g_get_monotonic_time ();
  g_warning ("failed sign-in from %s (%u in a row)", remote_host, failures->count);
}

void
_rd_relay_server_login_succeeded (RdRelayServer *self,
                                  const char    *remote_host)
{
  g_hash_table_remove (self->login_failures, remote_host);
}

/* ---- listening ---- */

/* The 101 is written: from here the socket is ours (rd-relay-connection.c). */
static void
upgraded_cb (SoupServerMessage *msg,
             RdRelayServer     *self)
{
  const char *remote = soup_server_message_get_remote_host (msg);
  g_autofree char *host = g_strdup (remote ? remote : "unknown");
  g_autoptr(GSocket) socket = g_object_ref (soup_server_message_get_socket (msg));
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GError) error = NULL;
  guint limit = self->config->connections_per_address;
  RdRelaySession *session;

  session = rd_relay_session_new (self, stream, socket, host);
  g_ptr_array_add (self->sessions, session);
  count_connection (self, host, +1);
  move_to_deadline_queue (self, session, &self->unauthenticated);
  if (!rd_relay_session_start (session, &error))
    {
      g_warning ("cannot watch a connection from %s: %s", host, error->message);
      _rd_relay_server_session_closed (self, session);
      return;
    }
  if (limit > 0 && connections_from (self, host) > limit)
    {
      g_warning ("refused a connection from %s: %u open already", host, limit);
      rd_relay_session_close (session, RD_WS_CLOSE_POLICY_VIOLATION, "too many connections from your address");
      return;
    }
  g_debug ("connection from %s (%u open)", host, self->sessions->len);
}

static void
websocket_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  RdRelayServer *self = user_data;

  /* On failure this answers the request with the reason (400, 426...).
   * No extension is offered: frames are plain RFC 6455. */
  if (!soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
    return;
  g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (upgraded_cb), self, 0);
}

static void
health_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  /* A load balancer sends no one to a relay that cannot hear its database. */
  if (!_rd_relay_cluster_is_ready (user_data))
    {
      static const char unready[] = "not ready: the database cannot be reached\n";

      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, unready, sizeof unready - 1);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok\n", 3);
}

static GInetSocketAddress *
resolve_listen_address (const char  *listen,
                        GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *host;
  guint16 port;

  connectable = g_network_address_parse (listen, 7878, error);
  if (connectable == NULL)
    {
      g_prefix_error (error, "listen address \"%s\": ", listen);
      return NULL;
    }
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_autolist(GInetAddress) found = g_resolver_lookup_by_name (g_resolver_get_default (), host, NULL, error);

      if (found == NULL)
        {
          g_prefix_error (error, "listen address \"%s\": ", listen);
          return NULL;
        }
      inet = g_object_ref (found->data);
    }
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, port));
}

/* A listening socket whose queue holds a reconnect storm: with GIO's default
 * of 10, clients connecting at once were refused and had to retry. */
static GSocket *
listen_socket (RdRelayServer       *self,
               GInetSocketAddress  *address,
               GError             **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, (gint) self->config->listen_backlog);
  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

guint16
_rd_relay_server_port (RdRelayServer *self)
{
  GSList *listeners = soup_server_get_listeners (self->soup);
  g_autoptr(GSocketAddress) local = NULL;
  guint16 port = 0;

  if (listeners != NULL)
    {
      local = g_socket_get_local_address (listeners->data, NULL);
      if (local != NULL)
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  return port;
}

gboolean
rd_relay_server_start (RdRelayServer  *self,
                       GError        **error)
{
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;
  gboolean tls;

  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), FALSE);

  if (!_rd_relay_server_commit_start (self, error))
    return FALSE;
  address = resolve_listen_address (self->config->listen, error);
  if (address == NULL)
    return FALSE;
  inet = g_inet_socket_address_get_address (address);

  tls = self->config->tls_certificate != NULL && self->config->tls_key != NULL;
  if (!tls && (self->config->tls_certificate != NULL || self->config->tls_key != NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "TLS needs both tls_certificate and tls_key");
      return FALSE;
    }
  if (!tls && !g_inet_address_get_is_loopback (inet) && !self->config->allow_insecure)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "refusing plain ws:// on %s, which is not a loopback address: configure "
                   "tls_certificate and tls_key, or set allow_insecure=true if a TLS proxy "
                   "sits in front", self->config->listen);
      return FALSE;
    }

  if (tls)
    {
      certificate = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                                      self->config->tls_key, error);
      if (certificate == NULL)
        {
          g_prefix_error (error, "TLS certificate: ");
          return FALSE;
        }
    }

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "relaydeskd/" PACKAGE_VERSION,
                             "tls-certificate", certificate,
                             NULL);
  soup_server_add_handler (self->soup, "/ws", websocket_cb, self, NULL);
  soup_server_add_handler (self->soup, "/health", health_cb, self, NULL);
  _rd_relay_metrics_listen (self);
  _rd_relay_files_listen (self);

  self->poller = rd_relay_poller_new (NULL, error);
  if (self->poller == NULL)
    return FALSE;
  listener = listen_socket (self, address, error);
  if (listener == NULL ||
      !soup_server_listen_socket (self->soup, listener, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_prefix_error (error, "cannot listen on %s: ", self->config->listen);
      return FALSE;
    }
  self->sweep_source = g_timeout_add_seconds (1, sweep_cb, self);

  host = g_inet_address_to_string (inet);
  self->url = g_strdup_printf ("%s://%s%s%s:%u/ws", tls ? "wss" : "ws",
                               strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
                               _rd_relay_server_port (self));
  if (!_rd_relay_cluster_start (self, error) || !_rd_relay_queue_recover (self, error))
    return FALSE;
  _rd_relay_account_notices_check (self);
  _rd_relay_file_store_start (self);
  _rd_relay_directory_start (self);
  _rd_relay_webhooks_start (self);
  g_info ("listening on %s", self->url);
  return TRUE;
}

const char *
rd_relay_server_get_url (RdRelayServer *self)
{
  g_return_val_if_fail (RD_IS_RELAY_SERVER (self), NULL);
  return self->url;
}

void
rd_relay_server_shutdown (RdRelayServer *self)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RD_IS_RELAY_SERVER (self));

  if (!_rd_relay_server_flush (self, &error))
    g_warning ("last commit before shutdown failed: %s", error->message);
  _rd_relay_server_settle (self);

  sessions = g_ptr_array_copy (self->sessions, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (sessions, g_object_unref);
  for (guint i = 0; i < sessions->len; i++)
    rd_relay_session_close (g_ptr_array_index (sessions, i), RD_WS_CLOSE_GOING_AWAY,
                            "relay shutting down");
  if (!_rd_relay_server_flush (self, &error))
    g_warning ("last commit before shutdown failed: %s", error->message);
  _rd_relay_webhooks_stop (self);
  _rd_relay_cluster_stop (self);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_info ("stopped");
}

RdRelayServer *
rd_relay_server_new (const RdRelayConfig *config,
                     RdStore             *store)
{
  RdRelayServer *self = g_object_new (RD_TYPE_RELAY_SERVER, NULL);

  self->config = rd_relay_config_copy (config);
  self->store = store;
  return self;
}

static void
rd_relay_server_finalize (GObject *object)
{
  RdRelayServer *self = RD_RELAY_SERVER (object);

  g_clear_handle_id (&self->sweep_source, g_source_remove);
  g_clear_handle_id (&self->catch_up_source, g_source_remove);
  g_clear_pointer (&self->catch_up_again, g_hash_table_unref);
  _rd_relay_webhooks_stop (self);
  _rd_relay_directory_stop (self);
  _rd_relay_cluster_stop (self);
  _rd_relay_server_commit_stop (self);
  g_clear_pointer (&self->sessions_by_account, g_hash_table_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->poller, rd_relay_poller_free);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  g_clear_pointer (&self->connections_by_host, g_hash_table_unref);
  g_clear_pointer (&self->presence_cache, g_hash_table_unref);
  _rd_relay_queue_clear (self);
  _rd_relay_files_clear (self);
  _rd_relay_file_store_stop (self);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->store, rd_store_close);
  g_clear_pointer (&self->config, rd_relay_config_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (rd_relay_server_parent_class)->finalize (object);
}

static void
rd_relay_server_class_init (RdRelayServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_relay_server_finalize;
}

static void
rd_relay_server_init (RdRelayServer *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->sessions_by_account = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->connections_by_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _rd_relay_server_commit_init (self);
  self->presence_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->catch_up_again = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  _rd_relay_queue_init (self);
  self->notices_seen = -1;
  _rd_relay_files_init (self);
  rd_relay_metrics_init (&self->metrics);
}
