/* rd-credentials.h: password hashing (argon2id) and session tokens. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  RD_HASH_STRENGTH_INTERACTIVE,  /* libsodium's interactive limits: the default */
  RD_HASH_STRENGTH_MODERATE,
  RD_HASH_STRENGTH_MINIMUM,      /* for load tests only; never for real accounts */
} RdHashStrength;

gboolean  rd_credentials_init          (void);
gboolean  rd_hash_strength_from_string (const char *str, RdHashStrength *out_strength);
char     *rd_password_hash             (const char *password, RdHashStrength strength, GError **error);
gboolean  rd_password_verify           (const char *hash, const char *password);
char     *rd_token_new                 (void);
char     *rd_token_hash                (const char *token);

G_END_DECLS
