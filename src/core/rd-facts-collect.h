/* rd-facts-collect.h: gathers the facts about this computer (rd-facts.h)
 * for the requester to look at and, if they agree, to send. Called only
 * once the requester asked for their computer's details to be included. */
#pragma once

#include <gio/gio.h>
#include "rd-facts.h"

G_BEGIN_DECLS

/* Every item it can find, in a worker thread; the network as
 * NetworkManager describes it on the system bus (each call bounded by a
 * second), or, where NetworkManager is not there, as GIO's network monitor
 * and the interfaces' addresses do. What cannot be found is left out. */
void        rd_facts_collect_async  (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* The facts, which pass rd_facts_check. */
RdFacts    *rd_facts_collect_finish (GAsyncResult *result, GError **error);

G_END_DECLS
