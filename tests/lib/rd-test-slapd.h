/* rd-test-slapd.h: a throw-away OpenLDAP server for a test program.
 *
 * Debian's slapd, started in a new folder under /tmp with a generated
 * configuration (the core, cosine, inetOrgPerson and Active Directory
 * schemas, so entries can carry sAMAccountName and userAccountControl), a
 * test CA and a certificate for 127.0.0.1, listening on two loopback ports:
 * ldap:// (StartTLS) and ldaps://. The suffix is dc=example,dc=com, its
 * admin cn=admin,dc=example,dc=com with the password "admin-secret"; a
 * plain search returns at most 3 entries, a paged one any number. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char       *dir;
  char       *ldap_url;     /* ldap://127.0.0.1:port (StartTLS) */
  char       *ldaps_url;    /* ldaps://127.0.0.1:port */
  char       *ca_file;      /* the test CA that signed the server's certificate */
  char       *other_ca_file; /* a CA that did not */
  guint16     ldap_port;
  guint16     ldaps_port;
  GPid        pid;
} RdTestSlapd;

#define RD_TEST_SLAPD_SUFFIX   "dc=example,dc=com"
#define RD_TEST_SLAPD_ADMIN_DN "cn=admin,dc=example,dc=com"
#define RD_TEST_SLAPD_ADMIN_PW "admin-secret"

/* NULL when slapd can be started here, else why not (for a skip). */
char        *rd_test_slapd_missing (void);
/* A running server holding the suffix's entry and @ldif (entries under it). */
RdTestSlapd *rd_test_slapd_new     (const char *ldif);
/* Applies @ldif (changetype records) as the admin, with ldapmodify (a
 * referral entry can be added so). */
void         rd_test_slapd_modify  (RdTestSlapd *slapd, const char *ldif);
void         rd_test_slapd_stop    (RdTestSlapd *slapd);
/* Starts it again on the same ports. */
void         rd_test_slapd_start   (RdTestSlapd *slapd);
/* SIGSTOP / SIGCONT: a server that accepts connections and never answers. */
void         rd_test_slapd_pause   (RdTestSlapd *slapd, gboolean paused);
void         rd_test_slapd_free    (RdTestSlapd *slapd);
/* A server that takes connections on 127.0.0.1:*@out_port and never
 * answers (a referral's far end); a waiting connection makes the socket
 * readable. */
GSocket     *rd_test_black_hole_new (guint16 *out_port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestSlapd, rd_test_slapd_free)

G_END_DECLS
