/* rd-network-watch.h: the client hears at once what the desktop knows
 * about the network and the machine's sleep, instead of waiting for a
 * dead connection's keep-alive to time out. */
#pragma once

#include "rd-auto-away.h"
#include "rd-client.h"

G_BEGIN_DECLS

/* After a network change or a wake-up, the client tries again within
 * this many milliseconds, at a random moment (docs/benchmarks.md,
 * "Waking up together"). */
#define RD_WAKE_SPREAD_MS 500

#define RD_TYPE_NETWORK_WATCH (rd_network_watch_get_type ())
G_DECLARE_FINAL_TYPE (RdNetworkWatch, rd_network_watch, RD, NETWORK_WATCH, GObject)

/* GIO's network monitor; logind on the system bus, where there is one:
 * before sleep, away (@auto_away) told to the relay under a delay
 * inhibitor; after it, back and reconnected. */
RdNetworkWatch *rd_network_watch_new (RdClient *client, RdAutoAway *auto_away);

G_END_DECLS
