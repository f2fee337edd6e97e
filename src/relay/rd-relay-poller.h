/* rd-relay-poller.h: many sockets behind one GSource.
 *
 * GLib's main loop prepares, polls and checks every source at every
 * wake-up, so a source per socket makes each wake-up cost in proportion to
 * the connections open. The poller keeps the sockets in one epoll set and
 * is one source: a wake-up costs what the ready sockets cost. It also runs
 * deferred work once a loop turn's callbacks are done and before it sleeps,
 * which the connections use to write out everything a turn produced with
 * one system call each.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdRelayPoller RdRelayPoller;

/* @events are epoll's (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP...). */
typedef void (*RdPollerReadyFunc) (gpointer data, guint32 events);
typedef void (*RdPollerDeferFunc) (gpointer data);

RdRelayPoller *rd_relay_poller_new    (GMainContext *context, GError **error);
void           rd_relay_poller_free   (RdRelayPoller *poller);

/* Watches @fd for @events; @func gets @data. @data must stay valid until
 * the fd is removed. */
gboolean       rd_relay_poller_add    (RdRelayPoller *poller, int fd, guint32 events,
                                       RdPollerReadyFunc func, gpointer data, GError **error);
void           rd_relay_poller_modify (RdRelayPoller *poller, int fd, guint32 events);
void           rd_relay_poller_remove (RdRelayPoller *poller, int fd);

/* Runs @func (@data) once, after the callbacks of this loop turn and before
 * the loop next waits. Deferred work may defer more; it runs in that same
 * pass. */
void           rd_relay_poller_defer  (RdRelayPoller *poller, RdPollerDeferFunc func, gpointer data);

G_END_DECLS
