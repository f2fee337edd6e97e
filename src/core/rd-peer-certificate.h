/* rd-peer-certificate.h: the throw-away certificates peers use for direct
 * file transfers, and the SHA-256 fingerprints they are checked by. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A new self-signed certificate with its private key (ECDSA P-256), valid
 * for a day; made once per client and never stored. */
GTlsCertificate *rd_peer_certificate_new (GError **error);
/* SHA-256 of the certificate's DER form, 64 lower-case hex digits. */
char            *rd_certificate_sha256   (GTlsCertificate *certificate);

G_END_DECLS
