/* rd-sign-in-page-private.h: what the UI tests drive and read in rd-sign-in-page.c. */
#pragma once

#include "rd-sign-in-page.h"

G_BEGIN_DECLS

/* For tests: fill in and press "Sign In". */
void        rd_sign_in_page_submit          (RdSignInPage *self, const char *url, const char *username,
                                             const char *password);
const char *rd_sign_in_page_get_error       (RdSignInPage *self);
/* The fingerprint offered for trust after a certificate error, or NULL. */
const char *rd_sign_in_page_get_offered_fingerprint (RdSignInPage *self);
/* For tests: press "Trust This Certificate and Sign In"; FALSE if not offered. */
gboolean    rd_sign_in_page_trust_offered   (RdSignInPage *self);

G_END_DECLS
