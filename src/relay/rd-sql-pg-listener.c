/* rd-sql-pg-listener.c: LISTEN on PostgreSQL channels from the main loop. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <glib-unix.h>
#include <libpq-fe.h>

#include "rd-sql-private.h"
#include "rd-store.h"

struct _RdSqlListener {
  char             *url;
  char             *application_name;
  char            **channels;
  RdSqlNotifyFunc   func;
  gpointer          data;
  PGconn           *conn;
  guint             watch;      /* the socket, while connected */
  guint             retry;      /* the reconnect timer, while not */
};

/* The leadership probe every 2 s unanswered this long: the server is gone. */
#define PROBE_TIMEOUT_MS 3000
/* A reconnection that timed out is tried again after this (else 1 s). */
#define SLOW_RETRY_S 5

static gboolean readable_cb (int fd, GIOCondition condition, gpointer data);

static void
disconnect (RdSqlListener *self)
{
  g_clear_handle_id (&self->watch, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);
}

static gboolean
connect_and_listen (RdSqlListener  *self,
                    GError        **error)
{
  g_autoptr(GString) listen = g_string_new ("");
  PGresult *result;
  gboolean ok;

  self->conn = _rd_sql_pg_connect (self->url, self->application_name);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot connect to PostgreSQL: %s",
                   g_strstrip (PQerrorMessage (self->conn)));
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }
  for (char **c = self->channels; *c; c++)
    g_string_append_printf (listen, "LISTEN %s;", *c);
  result = PQexec (self->conn, listen->str);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "LISTEN: %s", PQresultErrorMessage (result));
  PQclear (result);
  if (!ok || PQsetnonblocking (self->conn, 1) != 0)
    {
      g_clear_pointer (&self->conn, PQfinish);
      return FALSE;
    }
  self->watch = g_unix_fd_add (PQsocket (self->conn), G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
  return TRUE;
}

static gboolean
retry_cb (gpointer data)
{
  RdSqlListener *self = data;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!connect_and_listen (self, &error))
    {
      g_debug ("still no PostgreSQL: %s", error->message);
      /* An attempt that waited (a server that does not answer) held the
       * relay's loop: the next one comes later. */
      if (g_get_monotonic_time () - started > G_USEC_PER_SEC / 2)
        {
          self->retry = g_timeout_add_seconds (SLOW_RETRY_S, retry_cb, self);
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }
  self->retry = 0;
  g_message ("connected to PostgreSQL again");
  self->func (NULL, "back", self->data);
  return G_SOURCE_REMOVE;
}

static void
lost (RdSqlListener *self,
      const char    *why)
{
  g_warning ("lost the connection to PostgreSQL: %s", why);
  disconnect (self);
  self->retry = g_timeout_add_seconds (1, retry_cb, self);
  self->func (NULL, "lost", self->data);
}

/* Hands over the notifications libpq has read. */
static void
deliver (RdSqlListener *self)
{
  PGnotify *notify;

  while (self->conn != NULL && (notify = PQnotifies (self->conn)) != NULL)
    {
      self->func (notify->relname, notify->extra, self->data);
      PQfreemem (notify);
    }
}

static gboolean
readable_cb (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  RdSqlListener *self = data;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      self->watch = 0;   /* removed by returning REMOVE */
      lost (self, g_strstrip (PQerrorMessage (self->conn)));
      return G_SOURCE_REMOVE;
    }
  deliver (self);
  return G_SOURCE_CONTINUE;
}

/* Runs @query on the listening connection: its result, or NULL with the
 * connection counted as lost. It is also a probe: a server that no longer
 * answers (stopped, hung) is lost too, so /health says so and the loop is
 * never held longer than PROBE_TIMEOUT_MS. */
static PGresult *
ask (RdSqlListener *self,
     const char    *query)
{
  gboolean timed_out = FALSE;
  PGresult *result;

  if (self->conn == NULL)
    return NULL;
  result = PQsendQuery (self->conn, query) ? _rd_sql_pg_await (self->conn, PROBE_TIMEOUT_MS, &timed_out) : NULL;
  if (timed_out || PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *why = g_strdup (timed_out ? "no answer within 3 s" : PQerrorMessage (self->conn));

      PQclear (result);
      lost (self, g_strstrip (why));
      return NULL;
    }
  /* Notifications that came with the answer are read already: the socket
   * will not say so again. */
  deliver (self);
  return result;
}

gboolean
rd_sql_listener_try_lock (RdSqlListener *self,
                          gint64         key)
{
  g_autofree char *query = g_strdup_printf ("SELECT pg_try_advisory_lock (%" G_GINT64_FORMAT ")", key);
  PGresult *result = ask (self, query);
  gboolean held = result != NULL && PQntuples (result) == 1 && g_str_equal (PQgetvalue (result, 0, 0), "t");

  PQclear (result);
  return held;
}

gboolean
rd_sql_listener_probe (RdSqlListener *self)
{
  PGresult *result = ask (self, "SELECT 1");

  PQclear (result);
  return result != NULL;
}

RdSqlListener *
rd_sql_listener_new (const char          *url,
                     const char          *application_name,
                     const char * const  *channels,
                     RdSqlNotifyFunc      func,
                     gpointer             data,
                     GError             **error)
{
  RdSqlListener *self = g_new0 (RdSqlListener, 1);

  self->url = g_strdup (url);
  self->application_name = g_strdup (application_name);
  self->channels = g_strdupv ((char **) channels);
  self->func = func;
  self->data = data;
  if (!connect_and_listen (self, error))
    {
      rd_sql_listener_free (self);
      return NULL;
    }
  return self;
}

gboolean
rd_sql_listener_is_connected (RdSqlListener *self)
{
  return self->conn != NULL;
}

void
rd_sql_listener_free (RdSqlListener *self)
{
  if (self == NULL)
    return;
  disconnect (self);
  g_clear_handle_id (&self->retry, g_source_remove);
  g_strfreev (self->channels);
  g_free (self->url);
  g_free (self->application_name);
  g_free (self);
}
