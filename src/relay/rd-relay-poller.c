/* rd-relay-poller.c: an epoll set as one GSource. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <gio/gio.h>

#include "rd-relay-poller.h"

#define EVENTS_PER_WAKEUP 256

typedef struct {
  RdPollerReadyFunc func;
  gpointer          data;
} Watch;

typedef struct {
  RdPollerDeferFunc func;
  gpointer          data;
} Deferred;

typedef struct {
  GSource        source;
  RdRelayPoller *poller;
} PollerSource;

struct _RdRelayPoller {
  int        epfd;
  GSource   *source;
  gpointer   epfd_tag;
  GPtrArray *watches;     /* Watch * indexed by fd, NULL where none */
  GArray    *deferred;    /* Deferred, in order */
  GArray    *running;     /* the pass being run, swapped with deferred */
};

static void
run_deferred (RdRelayPoller *self)
{
  /* Deferred work may defer more: run passes until none is left. */
  while (self->deferred->len > 0)
    {
      GArray *pass = self->deferred;

      self->deferred = self->running;
      self->running = pass;
      for (guint i = 0; i < pass->len; i++)
        {
          Deferred *call = &g_array_index (pass, Deferred, i);

          call->func (call->data);
        }
      g_array_set_size (pass, 0);
    }
}

static gboolean
poller_prepare (GSource *source,
                gint    *timeout)
{
  run_deferred (((PollerSource *) source)->poller);
  *timeout = -1;
  return FALSE;
}

static gboolean
poller_check (GSource *source)
{
  RdRelayPoller *self = ((PollerSource *) source)->poller;

  return (g_source_query_unix_fd (source, self->epfd_tag) & G_IO_IN) != 0;
}

static gboolean
poller_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  RdRelayPoller *self = ((PollerSource *) source)->poller;
  struct epoll_event events[EVENTS_PER_WAKEUP];
  int n = epoll_wait (self->epfd, events, EVENTS_PER_WAKEUP, 0);

  if (n < 0 && errno != EINTR)
    g_warning ("epoll_wait: %s", g_strerror (errno));
  for (int i = 0; i < n; i++)
    {
      guint fd = (guint) events[i].data.u64;
      Watch *watch;

      /* An earlier callback of this batch may have removed this fd. */
      if (fd >= self->watches->len || (watch = g_ptr_array_index (self->watches, fd)) == NULL)
        continue;
      watch->func (watch->data, events[i].events);
    }
  run_deferred (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs poller_funcs = {
  poller_prepare,
  poller_check,
  poller_dispatch,
  NULL,
  NULL,
  NULL,
};

RdRelayPoller *
rd_relay_poller_new (GMainContext  *context,
                     GError       **error)
{
  RdRelayPoller *self;
  int epfd = epoll_create1 (EPOLL_CLOEXEC);

  if (epfd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "epoll_create1: %s", g_strerror (saved));
      return NULL;
    }
  self = g_new0 (RdRelayPoller, 1);
  self->epfd = epfd;
  self->watches = g_ptr_array_new_with_free_func (g_free);
  self->deferred = g_array_new (FALSE, FALSE, sizeof (Deferred));
  self->running = g_array_new (FALSE, FALSE, sizeof (Deferred));
  self->source = g_source_new (&poller_funcs, sizeof (PollerSource));
  ((PollerSource *) self->source)->poller = self;
  g_source_set_static_name (self->source, "relay sockets");
  self->epfd_tag = g_source_add_unix_fd (self->source, epfd, G_IO_IN);
  g_source_attach (self->source, context);
  return self;
}

void
rd_relay_poller_free (RdRelayPoller *self)
{
  if (self == NULL)
    return;
  /* Deferred calls hold what they work on; let them finish and let go. */
  run_deferred (self);
  g_source_destroy (self->source);
  g_source_unref (self->source);
  close (self->epfd);
  g_ptr_array_unref (self->watches);
  g_array_unref (self->deferred);
  g_array_unref (self->running);
  g_free (self);
}

gboolean
rd_relay_poller_add (RdRelayPoller      *self,
                     int                 fd,
                     guint32             events,
                     RdPollerReadyFunc   func,
                     gpointer            data,
                     GError            **error)
{
  struct epoll_event event = { .events = events, .data.u64 = (guint64) fd };
  Watch *watch;

  g_return_val_if_fail (fd >= 0, FALSE);

  if (epoll_ctl (self->epfd, EPOLL_CTL_ADD, fd, &event) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "epoll_ctl: %s", g_strerror (saved));
      return FALSE;
    }
  if ((guint) fd >= self->watches->len)
    g_ptr_array_set_size (self->watches, fd + 1);
  watch = g_new (Watch, 1);
  watch->func = func;
  watch->data = data;
  g_free (g_ptr_array_index (self->watches, fd));
  g_ptr_array_index (self->watches, fd) = watch;
  return TRUE;
}

void
rd_relay_poller_modify (RdRelayPoller *self,
                        int            fd,
                        guint32        events)
{
  struct epoll_event event = { .events = events, .data.u64 = (guint64) fd };

  if (epoll_ctl (self->epfd, EPOLL_CTL_MOD, fd, &event) < 0)
    g_warning ("epoll_ctl (MOD %d): %s", fd, g_strerror (errno));
}

void
rd_relay_poller_remove (RdRelayPoller *self,
                        int            fd)
{
  if ((guint) fd >= self->watches->len || g_ptr_array_index (self->watches, fd) == NULL)
    return;
  /* The fd may be closed already, which removed it from the set. */
  epoll_ctl (self->epfd, EPOLL_CTL_DEL, fd, NULL);
  g_clear_pointer (&g_ptr_array_index (self->watches, fd), g_free);
}

void
rd_relay_poller_defer (RdRelayPoller     *self,
                       RdPollerDeferFunc  func,
                       gpointer           data)
{
  Deferred call = { func, data };

  g_array_append_val (self->deferred, call);
}
