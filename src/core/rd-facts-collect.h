/* rd-facts-collect.h: gathers the facts about this computer (rd-facts.h)
 * for the requester to look at and, if they agree, to send. Called only
 * once the requester asked for their computer's details to be included. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every item it can find, in a worker thread; the network as
 * NetworkManager describes it on the system bus (each call bounded by a
 * second), or, where NetworkManager is not there, as GIO's network monitor
 * and the interfaces' addresses do. What cannot be found is left out. */
void        rd_facts_collect_async  (GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* The facts object, which passes rd_facts_check. */
JsonObject *rd_facts_collect_finish (GAsyncResult *result, GError **error);

G_END_DECLS
