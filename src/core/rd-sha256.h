/* rd-sha256.h: SHA-256 over streams of chunks, through GnuTLS (whose
 * assembly runs several times faster than GChecksum: it decides how fast
 * a received file can be checked). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdSha256 RdSha256;

RdSha256 *rd_sha256_new    (void);
void      rd_sha256_update (RdSha256 *self, const guint8 *data, gsize length);
/* The same with a copy loop's chunk arguments (RdPumpChunkFunc), the
 * checksum last: hashes what a pump copies. */
void      rd_sha256_update_chunk (const guint8 *data, gsize length, gpointer checksum);
/* 64 lower-case hex digits; the state is spent afterwards. */
char     *rd_sha256_finish (RdSha256 *self);
void      rd_sha256_free   (RdSha256 *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSha256, rd_sha256_free)

G_END_DECLS
