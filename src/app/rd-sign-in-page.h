/* rd-sign-in-page.h: relay address, user name and password, with clear errors. */
#pragma once

#include <adwaita.h>

#include "rd-application.h"

G_BEGIN_DECLS

#define RD_TYPE_SIGN_IN_PAGE (rd_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (RdSignInPage, rd_sign_in_page, RD, SIGN_IN_PAGE, AdwBin)

void        rd_sign_in_page_set_application (RdSignInPage *self, RdApplication *app);
/* Empties the password and the error, keeps address and user name. */
void        rd_sign_in_page_reset           (RdSignInPage *self);
/* For tests: fill in and press "Sign In". */
void        rd_sign_in_page_submit          (RdSignInPage *self, const char *url, const char *username,
                                             const char *password);
const char *rd_sign_in_page_get_error       (RdSignInPage *self);
/* The fingerprint offered for trust after a certificate error, or NULL. */
const char *rd_sign_in_page_get_offered_fingerprint (RdSignInPage *self);
/* For tests: press "Trust This Certificate and Sign In"; FALSE if not offered. */
gboolean    rd_sign_in_page_trust_offered   (RdSignInPage *self);

G_END_DECLS
