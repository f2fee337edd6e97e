/* rd-credentials.c: libsodium argon2id hashes and random session tokens.
 *
 * Tokens carry 256 random bits, so a fast SHA-256 is enough to keep only a
 * hash of them at rest; passwords get the slow, salted argon2id.
 */
#define G_LOG_DOMAIN "rd-credentials"

#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "rd-credentials.h"

gboolean
rd_credentials_init (void)
{
  return sodium_init () >= 0;
}

gboolean
rd_hash_strength_from_string (const char     *str,
                              RdHashStrength *out_strength)
{
  if (g_strcmp0 (str, "interactive") == 0)
    *out_strength = RD_HASH_STRENGTH_INTERACTIVE;
  else if (g_strcmp0 (str, "moderate") == 0)
    *out_strength = RD_HASH_STRENGTH_MODERATE;
  else if (g_strcmp0 (str, "minimum") == 0)
    *out_strength = RD_HASH_STRENGTH_MINIMUM;
  else
    return FALSE;
  return TRUE;
}

char *
rd_password_hash (const char      *password,
                  RdHashStrength   strength,
                  GError         **error)
{
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops;
  size_t mem;

  switch (strength)
    {
    case RD_HASH_STRENGTH_MODERATE:
      ops = crypto_pwhash_OPSLIMIT_MODERATE;
      mem = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case RD_HASH_STRENGTH_MINIMUM:
      ops = crypto_pwhash_OPSLIMIT_MIN;
      mem = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case RD_HASH_STRENGTH_INTERACTIVE:
    default:
      ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    }

  if (crypto_pwhash_str_alg (out, password, strlen (password), ops, mem,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory while hashing the password");
      return NULL;
    }
  return g_strdup (out);
}

gboolean
rd_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
rd_token_new (void)
{
  guchar raw[32];
  char encoded[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (encoded, sizeof encoded, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (encoded);
}

char *
rd_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
