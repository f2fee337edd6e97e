/* rd-test-company.h: an example company's directory, for the tests that
 * sign in with one (rd-test-slapd.h starts the server).
 *
 * Erin works in Finance; Frank is an agent through a group in a group,
 * Grace a supervisor, Henry an admin; Ivan is disabled the Active Directory
 * way, Judy left (the filter no longer admits her); two groups hold each
 * other, and staff7 is in one of them. staff0 to staff7 make a list longer than a plain search gives.
 * Everyone's password is "<uid>-secret"; the relay's service account's is
 * "service-secret". */
#pragma once

#include <glib.h>

#include "rd-test-slapd.h"

G_BEGIN_DECLS

#define COMPANY_PEOPLE "ou=people," RD_TEST_SLAPD_SUFFIX
#define COMPANY_GROUPS "ou=groups," RD_TEST_SLAPD_SUFFIX
#define COMPANY_SERVICE_DN "cn=relaydesk," RD_TEST_SLAPD_SUFFIX
#define COMPANY_N_STAFF 8

/* The people and groups, for rd_test_slapd_new. */
char *rd_test_company_ldif            (void);
/* relaydeskd.conf's [directory] group for @slapd at @uri, trusting
 * @ca_file, the service account's password being @service_password
 * (written to a file in the server's folder), with @extra lines. */
char *rd_test_company_directory_group (RdTestSlapd *slapd, const char *uri, const char *ca_file,
                                       const char *service_password, const char *extra);

G_END_DECLS
