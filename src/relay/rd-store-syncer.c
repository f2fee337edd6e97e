/* rd-store-syncer.c: see rd-store-syncer.h. */
#define G_LOG_DOMAIN "rd-store"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <gio/gio.h>

#include "rd-store.h"
#include "rd-store-syncer.h"

struct _RdStoreSyncer {
  int                fd;
  RdStoreSyncerWake  wake;
  gpointer           data;
  GThread           *thread;

  GMutex   lock;          /* guards everything below */
  GCond    wanted;        /* requested moved on, or stopping */
  GCond    finished;      /* done moved on */
  guint64  requested;
  guint64  done;
  guint64  failed_from;
  int      failed_errno;
  guint64  flushes;
  gboolean stopping;
};

static gpointer
syncer_thread (gpointer user_data)
{
  RdStoreSyncer *self = user_data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      guint64 target;
      gboolean broken;
      int err = 0;

      while (self->requested == self->done && !self->stopping)
        g_cond_wait (&self->wanted, &self->lock);
      if (self->requested == self->done)
        break;
      target = self->requested;
      broken = self->failed_from != 0;
      g_mutex_unlock (&self->lock);

      if (!broken)
        err = rd_store_flush_log_fd (self->fd);

      g_mutex_lock (&self->lock);
      if (err != 0)
        {
          self->failed_from = self->done + 1;
          self->failed_errno = err;
        }
      self->done = target;
      self->flushes++;
      g_cond_broadcast (&self->finished);
      g_mutex_unlock (&self->lock);
      self->wake (self->data);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

RdStoreSyncer *
rd_store_syncer_new (int                fd,
                     RdStoreSyncerWake  wake,
                     gpointer           data,
                     GError           **error)
{
  RdStoreSyncer *self;
  int own_fd = dup (fd);

  if (own_fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot keep the store's log open: %s", g_strerror (saved));
      return NULL;
    }
  self = g_new0 (RdStoreSyncer, 1);
  self->fd = own_fd;
  self->wake = wake;
  self->data = data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->wanted);
  g_cond_init (&self->finished);
  self->thread = g_thread_new ("rd-store-sync", syncer_thread, self);
  return self;
}

guint64
rd_store_syncer_request (RdStoreSyncer *self)
{
  guint64 ticket;

  g_mutex_lock (&self->lock);
  ticket = ++self->requested;
  g_cond_signal (&self->wanted);
  g_mutex_unlock (&self->lock);
  return ticket;
}

guint64
rd_store_syncer_done (RdStoreSyncer *self,
                      guint64       *out_failed_from,
                      int           *out_errno)
{
  guint64 done;

  g_mutex_lock (&self->lock);
  done = self->done;
  if (out_failed_from)
    *out_failed_from = self->failed_from;
  if (out_errno)
    *out_errno = self->failed_errno;
  g_mutex_unlock (&self->lock);
  return done;
}

void
rd_store_syncer_wait (RdStoreSyncer *self,
                      guint64        ticket)
{
  g_mutex_lock (&self->lock);
  if (ticket > self->requested)
    {
      g_mutex_unlock (&self->lock);
      g_return_if_reached ();
    }
  while (self->done < ticket)
    g_cond_wait (&self->finished, &self->lock);
  g_mutex_unlock (&self->lock);
}

guint64
rd_store_syncer_flushes (RdStoreSyncer *self)
{
  guint64 flushes;

  g_mutex_lock (&self->lock);
  flushes = self->flushes;
  g_mutex_unlock (&self->lock);
  return flushes;
}

void
rd_store_syncer_free (RdStoreSyncer *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wanted);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  close (self->fd);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wanted);
  g_cond_clear (&self->finished);
  g_free (self);
}
