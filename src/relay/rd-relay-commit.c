/* rd-relay-commit.c: group commit, with the disk flush off the main loop.
 *
 * Every write a request makes goes into the transaction of the current
 * main-loop turn; an idle source commits it once the turn's socket
 * callbacks have run. The commit makes the writes visible (it writes the
 * store's log into the page cache) and hands the batch, with its hooks
 * (acks, pushes), to the store's writer thread (RdStoreSyncer). The loop
 * goes on serving sockets; once the writer thread has flushed the log, the
 * batches it covers run their hooks here, oldest first. A client therefore
 * never sees an ack or an event for something that is not on disk.
 *
 * While a flush runs, the transaction stays open and takes the writes of
 * the turns that follow; it is committed when the flush returns. Waiting
 * costs no latency (its flush could not start before then anyway) and
 * makes each commit as large as the disk is slow, so the pages that every
 * batch touches are written once a flush rather than once a turn.
 *
 * A hook added outside a transaction rides on the newest batch in flight,
 * so it never overtakes an earlier hook (order per connection) and never
 * shows what is not yet durable.
 */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"
#include "rd-store-syncer.h"

typedef struct {
  RdCommitFunc   func;
  gpointer       data;
  GDestroyNotify destroy;
} CommitHook;

typedef struct {
  guint64  ticket;
  GArray  *hooks;   /* CommitHook */
} Batch;

static GArray *
hooks_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (CommitHook));
}

static void
run_hooks (RdRelayServer *self,
           GArray        *hooks,
           const GError  *error)
{
  for (guint i = 0; i < hooks->len; i++)
    {
      CommitHook *hook = &g_array_index (hooks, CommitHook, i);

      hook->func (self, error, hook->data);
      if (hook->destroy)
        hook->destroy (hook->data);
    }
  g_array_unref (hooks);
}

/* The hooks of the transaction being built, which has just ended. */
static GArray *
take_turn_hooks (RdRelayServer *self)
{
  GArray *hooks = g_steal_pointer (&self->after_commit);

  self->after_commit = hooks_new ();
  return hooks;
}

static void
run_turn_hooks (RdRelayServer *self,
                const GError  *error)
{
  run_hooks (self, take_turn_hooks (self), error);
}

static gboolean
log_failed (RdRelayServer  *self,
            GError        **error)
{
  guint64 failed_from = 0;
  int err = 0;

  if (self->syncer == NULL)
    return FALSE;
  rd_store_syncer_done (self->syncer, &failed_from, &err);
  if (failed_from == 0)
    return FALSE;
  rd_store_set_flush_error (error, err);
  return TRUE;
}

/* Runs the hooks of every batch the writer thread has flushed. */
static void
finish_durable (RdRelayServer *self)
{
  guint64 failed_from = 0;
  int err = 0;
  guint64 done = rd_store_syncer_done (self->syncer, &failed_from, &err);
  Batch *batch;

  while ((batch = g_queue_peek_head (&self->in_flight)) != NULL && batch->ticket <= done)
    {
      g_autoptr(GError) error = NULL;

      g_queue_pop_head (&self->in_flight);
      if (failed_from != 0 && batch->ticket >= failed_from)
        rd_store_set_flush_error (&error, err);
      if (error != NULL && !self->log_failure_told)
        {
          g_warning ("%s; no write is acknowledged from now on: restart the relay "
                     "once the disk is sound (what reached the log is kept)", error->message);
          self->log_failure_told = TRUE;
        }
      run_hooks (self, batch->hooks, error);
      g_free (batch);
    }
  if (self->commit_deferred && g_queue_is_empty (&self->in_flight))
    {
      self->commit_deferred = FALSE;
      _rd_relay_server_flush (self, NULL);
    }
}

static gboolean
durable_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  /* Reset before reading the syncer: a flush that ends after this sets
   * the ready time again, so none goes unseen. */
  g_source_set_ready_time (source, -1);
  finish_durable (user_data);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs durable_source_funcs = {
  .dispatch = durable_dispatch,
};

/* On the writer thread. */
static void
syncer_wake (gpointer data)
{
  g_source_set_ready_time (data, 0);
}

void
_rd_relay_server_commit_init (RdRelayServer *self)
{
  self->after_commit = hooks_new ();
  g_queue_init (&self->in_flight);
}

gboolean
_rd_relay_server_commit_start (RdRelayServer  *self,
                               GError        **error)
{
  GSource *source;

  /* PostgreSQL: a commit is on disk when it returns; nothing to wait for. */
  if (rd_store_log_fd (self->store) < 0)
    return TRUE;
  source = g_source_new (&durable_source_funcs, sizeof (GSource));
  g_source_set_callback (source, NULL, self, NULL);
  g_source_set_name (source, "rd-relay durable commits");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_attach (source, NULL);
  self->syncer = rd_store_syncer_new (rd_store_log_fd (self->store), syncer_wake, source, error);
  if (self->syncer == NULL)
    {
      g_source_destroy (source);
      g_source_unref (source);
      return FALSE;
    }
  self->durable_source = source;
  return TRUE;
}

void
_rd_relay_server_commit_stop (RdRelayServer *self)
{
  g_clear_handle_id (&self->commit_source, g_source_remove);
  /* Commits what is pending and runs every batch's hooks, with the error
   * of its flush if that failed. */
  if (self->store && self->syncer)
    _rd_relay_server_settle (self);
  else if (self->store && rd_store_in_transaction (self->store))
    _rd_relay_server_flush (self, NULL);
  g_clear_pointer (&self->syncer, rd_store_syncer_free);
  if (self->durable_source)
    {
      g_source_destroy (self->durable_source);
      g_clear_pointer (&self->durable_source, g_source_unref);
    }
  g_clear_pointer (&self->after_commit, g_array_unref);
}

void
_rd_relay_server_settle (RdRelayServer *self)
{
  Batch *newest;

  /* A failed commit has rolled back and told its writers: a read after it
   * sees what is committed, which is all a read should see. */
  _rd_relay_server_flush (self, NULL);
  /* ... and what is on disk: a read must never show what a power cut could
   * still take back. This waits for the writer thread, on the loop, as a
   * synchronous commit did before; reads are rare beside writes. */
  newest = g_queue_peek_tail (&self->in_flight);
  if (newest != NULL)
    {
      rd_store_syncer_wait (self->syncer, newest->ticket);
      finish_durable (self);
    }
}

gboolean
_rd_relay_server_flush (RdRelayServer  *self,
                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  Batch *batch;
  gint64 started;

  g_clear_handle_id (&self->commit_source, g_source_remove);
  self->commit_deferred = FALSE;
  if (!rd_store_in_transaction (self->store))
    return TRUE;

  started = g_get_monotonic_time ();
  if (self->syncer == NULL ? !rd_store_commit (self->store, &local_error)
                           : !rd_store_commit_visible (self->store, &local_error))
    {
      g_warning ("commit of %u writes failed: %s", self->batch_writes, local_error->message);
      self->batch_writes = 0;
      run_turn_hooks (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  rd_histogram_observe (&self->metrics.commit_seconds, (g_get_monotonic_time () - started) / 1e6);
  g_debug ("committed %u writes", self->batch_writes);
  self->batch_writes = 0;
  if (self->syncer == NULL)
    {
      run_turn_hooks (self, NULL);
      return TRUE;
    }
  batch = g_new (Batch, 1);
  batch->hooks = take_turn_hooks (self);
  batch->ticket = rd_store_syncer_request (self->syncer);
  g_queue_push_tail (&self->in_flight, batch);
  return TRUE;
}

static gboolean
commit_idle_cb (gpointer user_data)
{
  RdRelayServer *self = user_data;

  self->commit_source = 0;
  /* A flush is running: this turn's writes join the next commit. */
  if (self->syncer != NULL && !g_queue_is_empty (&self->in_flight))
    self->commit_deferred = TRUE;
  else
    _rd_relay_server_flush (self, NULL);
  return G_SOURCE_REMOVE;
}

gboolean
_rd_relay_server_write_begin (RdRelayServer  *self,
                              GError        **error)
{
  if (rd_store_in_transaction (self->store))
    {
      if (self->batch_writes < self->config->commit_max_batch)
        {
          self->batch_writes++;
          return TRUE;
        }
      /* A full batch is committed now so latency stays bounded under load. */
      if (!_rd_relay_server_flush (self, error))
        return FALSE;
    }

  /* Nothing written after a failed flush could be promised durable. */
  if (log_failed (self, error) || !rd_store_begin (self->store, error))
    return FALSE;
  self->batch_writes = 1;
  if (self->commit_source == 0)
    self->commit_source = g_idle_add_full (G_PRIORITY_DEFAULT, commit_idle_cb, self, NULL);
  return TRUE;
}

void
_rd_relay_server_after_commit (RdRelayServer  *self,
                               RdCommitFunc    func,
                               gpointer        data,
                               GDestroyNotify  destroy)
{
  CommitHook hook = { func, data, destroy };
  Batch *newest = g_queue_peek_tail (&self->in_flight);

  if (rd_store_in_transaction (self->store))
    g_array_append_val (self->after_commit, hook);
  else if (newest != NULL)
    g_array_append_val (newest->hooks, hook);
  else
    {
      func (self, NULL, data);
      if (destroy)
        destroy (data);
    }
}

void
_rd_relay_server_write_failed (RdRelayServer *self,
                               const GError  *error)
{
  g_warning ("write failed, rolling back %u writes: %s", self->batch_writes, error->message);
  g_clear_handle_id (&self->commit_source, g_source_remove);
  rd_store_rollback (self->store);
  self->batch_writes = 0;
  run_turn_hooks (self, error);
}
