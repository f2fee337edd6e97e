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

G_END_DECLS
