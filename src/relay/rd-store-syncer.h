/* rd-store-syncer.h: the store's writer thread, which makes commits durable.
 *
 * The main loop commits a batch (visible at once, in the kernel's page
 * cache) and asks for a ticket; this thread flushes the store's log with
 * fdatasync and says which tickets are now on disk. Whatever is committed
 * while a flush runs is covered by the next one, so under load one flush
 * serves every batch of several loop turns (group commit), and the loop
 * never waits for the disk.
 *
 * A failed flush is final: the kernel may have dropped the pages it could
 * not write, so neither that ticket nor any later one is ever reported
 * durable (the relay answers those writes with an error and says so in its
 * log; a restart recovers what the log holds).
 *
 * Threads: new, request, wait and free are for one thread (the main
 * loop's); done and flushes may be asked from any; the wake function runs
 * on the syncer's own thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdStoreSyncer RdStoreSyncer;

/* Called on the syncer's thread after each flush, outside its lock. */
typedef void (*RdStoreSyncerWake) (gpointer data);

RdStoreSyncer *rd_store_syncer_new     (int                fd,
                                        RdStoreSyncerWake  wake,
                                        gpointer           data,
                                        GError           **error);
/* A ticket covering every commit made before the call. */
guint64        rd_store_syncer_request (RdStoreSyncer     *self);
/* The newest ticket flushed (or failed); *out_failed_from is the first
 * ticket that failed, 0 while none has, and *out_errno its reason. */
guint64        rd_store_syncer_done    (RdStoreSyncer     *self,
                                        guint64           *out_failed_from,
                                        int               *out_errno);
/* Blocks until @ticket is flushed or failed. */
void           rd_store_syncer_wait    (RdStoreSyncer     *self,
                                        guint64            ticket);
/* Flushes so far: fewer than the tickets when commits were grouped. */
guint64        rd_store_syncer_flushes (RdStoreSyncer     *self);
/* Flushes what was requested, then stops the thread. */
void           rd_store_syncer_free    (RdStoreSyncer     *self);

G_END_DECLS
