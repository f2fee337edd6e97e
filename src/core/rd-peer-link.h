/* rd-peer-link.h: the direct path of a file transfer. Listens and dials at
 * once; every TLS connection, whichever side opened it, counts only when
 * the peer's certificate has the fingerprint signalled through the relay.
 * Connections that come up verified are handed out; the caller keeps one. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_PEER_LINK (rd_peer_link_get_type ())
G_DECLARE_FINAL_TYPE (RdPeerLink, rd_peer_link, RD, PEER_LINK, GObject)

RdPeerLink *rd_peer_link_new        (GTlsCertificate *own_certificate);
/* Starts listening; returns the candidates to signal ("ip:port ..."), or
 * @advertised instead when set (tests: addresses that lead nowhere). */
char       *rd_peer_link_listen     (RdPeerLink *self, const char *advertised, GError **error);
/* The fingerprint the peer must show; connections that came up before it
 * was known are checked now. */
void        rd_peer_link_set_peer_fingerprint (RdPeerLink *self, const char *sha256);
/* Dials each of @candidates, and @observed (the peer's address as the relay
 * sees it) on each candidate's port. */
void        rd_peer_link_dial       (RdPeerLink *self, const char *candidates, const char *observed);
/* Stops listening and dialling, closes every connection not handed out. */
void        rd_peer_link_close      (RdPeerLink *self);
/* Connections dropped for a wrong certificate. */
guint       rd_peer_link_get_refused (RdPeerLink *self);

/* Signals: "connected" (GIOStream *verified), "refused" (). */

G_END_DECLS
