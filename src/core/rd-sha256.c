/* rd-sha256.c: a thin wrapper over gnutls_hash. */
#define G_LOG_DOMAIN "rd-sha256"

#include "config.h"

#include <gnutls/crypto.h>

#include "rd-sha256.h"

struct _RdSha256
{
  gnutls_hash_hd_t hash;
};

RdSha256 *
rd_sha256_new (void)
{
  RdSha256 *self = g_new0 (RdSha256, 1);

  if (gnutls_hash_init (&self->hash, GNUTLS_DIG_SHA256) < 0)
    g_error ("SHA-256 is not available from GnuTLS");
  return self;
}

void
rd_sha256_update (RdSha256     *self,
                  const guint8 *data,
                  gsize         length)
{
  gnutls_hash (self->hash, data, length);
}

void
rd_sha256_update_chunk (const guint8 *data,
                        gsize         length,
                        gpointer      checksum)
{
  rd_sha256_update (checksum, data, length);
}

char *
rd_sha256_finish (RdSha256 *self)
{
  guint8 digest[32];
  char *hex = g_malloc (65);

  gnutls_hash_output (self->hash, digest);
  for (guint i = 0; i < sizeof digest; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  return hex;
}

void
rd_sha256_free (RdSha256 *self)
{
  if (self == NULL)
    return;
  gnutls_hash_deinit (self->hash, NULL);
  g_free (self);
}
