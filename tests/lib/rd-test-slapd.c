/* rd-test-slapd.c: a throw-away OpenLDAP server for a test program. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rd-test-slapd.h"

#define SLAPD "/usr/sbin/slapd"
#define SLAPADD "/usr/sbin/slapadd"

char *
rd_test_slapd_missing (void)
{
  g_autofree char *modify = g_find_program_in_path ("ldapmodify");
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (!g_file_test (SLAPD, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (SLAPADD, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("OpenLDAP's server is not installed (Debian's slapd: no " SLAPD ")");
  if (modify == NULL)
    return g_strdup ("OpenLDAP's tools are not installed (Debian's ldap-utils: no ldapmodify)");
  if (openssl == NULL)
    return g_strdup ("openssl is not installed (it makes the test CA)");
  if (!g_file_test ("/etc/ldap/schema/msuser.ldif", G_FILE_TEST_EXISTS))
    return g_strdup ("slapd's schemas are not installed (/etc/ldap/schema/msuser.ldif)");
  return NULL;
}

static void
run (const char *dir,
     const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s\n%s", command, out, err);
}

/* A TCP socket bound to a free port of 127.0.0.1, and that port. */
static GSocket *
loopback_socket (guint16 *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&socket);
}

static guint16
free_port (void)
{
  guint16 port;
  g_autoptr(GSocket) socket = loopback_socket (&port);

  return port;
}

GSocket *
rd_test_black_hole_new (guint16 *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = loopback_socket (out_port);

  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&socket);
}

/* A CA of its own, and a certificate for 127.0.0.1 signed by the first. */
static void
make_certificates (RdTestSlapd *slapd)
{
  const char *ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  g_autofree char *ca = g_strdup_printf (
    "openssl req -x509 %s -keyout ca.key -out ca.pem -days 2 -subj '/CN=Relaydesk Test CA' "
    "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign && "
    "openssl req -x509 %s -keyout other-ca.key -out other-ca.pem -days 2 -subj '/CN=Some Other CA' "
    "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign && "
    "openssl req %s -keyout server.key -out server.csr -subj '/CN=127.0.0.1' && "
    "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n"
    "extendedKeyUsage=serverAuth\\n' > server.ext && "
    "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem "
    "-days 2 -extfile server.ext",
    ec, ec, ec);

  run (slapd->dir, ca);
  slapd->ca_file = g_build_filename (slapd->dir, "ca.pem", NULL);
  slapd->other_ca_file = g_build_filename (slapd->dir, "other-ca.pem", NULL);
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_configuration (RdTestSlapd *slapd,
                     const char  *ldif)
{
  const char *d = slapd->dir;
  g_autofree char *config = g_strdup_printf (
    "dn: cn=config\n"
    "objectClass: olcGlobal\n"
    "cn: config\n"
    "olcPidFile: %s/slapd.pid\n"
    "olcTLSCACertificateFile: %s/ca.pem\n"
    "olcTLSCertificateFile: %s/server.pem\n"
    "olcTLSCertificateKeyFile: %s/server.key\n"
    "\n"
    "dn: cn=module{0},cn=config\n"
    "objectClass: olcModuleList\n"
    "cn: module{0}\n"
    "olcModulePath: /usr/lib/ldap\n"
    "olcModuleLoad: back_mdb\n"
    "\n"
    "dn: cn=schema,cn=config\n"
    "objectClass: olcSchemaConfig\n"
    "cn: schema\n"
    "\n"
    "include: file:///etc/ldap/schema/core.ldif\n"
    "include: file:///etc/ldap/schema/cosine.ldif\n"
    "include: file:///etc/ldap/schema/inetorgperson.ldif\n"
    "include: file:///etc/ldap/schema/nis.ldif\n"
    "include: file:///etc/ldap/schema/msuser.ldif\n"
    "\n"
    "dn: olcDatabase={-1}frontend,cn=config\n"
    "objectClass: olcDatabaseConfig\n"
    "objectClass: olcFrontendConfig\n"
    "olcDatabase: {-1}frontend\n"
    "\n"
    "dn: olcDatabase={0}config,cn=config\n"
    "objectClass: olcDatabaseConfig\n"
    "olcDatabase: {0}config\n"
    "olcAccess: {0}to * by * none\n"
    "\n"
    "dn: olcDatabase={1}mdb,cn=config\n"
    "objectClass: olcDatabaseConfig\n"
    "objectClass: olcMdbConfig\n"
    "olcDatabase: {1}mdb\n"
    "olcSuffix: " RD_TEST_SLAPD_SUFFIX "\n"
    "olcDbDirectory: %s/db\n"
    "olcDbNoSync: TRUE\n"
    "olcRootDN: " RD_TEST_SLAPD_ADMIN_DN "\n"
    "olcRootPW: " RD_TEST_SLAPD_ADMIN_PW "\n"
    "olcSizeLimit: size.soft=3 size.hard=3 size.prtotal=unlimited\n"
    "olcAccess: {0}to attrs=userPassword by anonymous auth by * none\n"
    "olcAccess: {1}to * by * read\n",
    d, d, d, d, d);
  g_autofree char *data = g_strdup_printf (
    "dn: " RD_TEST_SLAPD_SUFFIX "\n"
    "objectClass: dcObject\n"
    "objectClass: organization\n"
    "o: Example\n"
    "dc: example\n"
    "\n%s", ldif);

  write_file (d, "config.ldif", config);
  write_file (d, "data.ldif", data);
  run (d, "mkdir -p slapd.d db && " SLAPADD " -n0 -F slapd.d -l config.ldif && "
          SLAPADD " -q -n1 -F slapd.d -l data.ldif");
}

/* Removes the folder once this process is gone, however it ends (slapd
 * itself gets SIGTERM when its parent dies). */
static void
watch_over (RdTestSlapd *slapd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_strdup_printf ("while kill -0 %d 2>/dev/null; do sleep 0.2; done; sleep 1; rm -rf %s",
                                             (int) getpid (), slapd->dir);
  const char *argv[] = { "/bin/sh", "-c", script, NULL };

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
                 NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (client, "127.0.0.1", port,
                                                                             NULL, NULL);

  return connection != NULL;
}

void
rd_test_slapd_start (RdTestSlapd *slapd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("ldap://127.0.0.1:%u/ ldaps://127.0.0.1:%u/",
                                             slapd->ldap_port, slapd->ldaps_port);
  g_autofree char *config_dir = g_build_filename (slapd->dir, "slapd.d", NULL);
  const char *argv[] = { SLAPD, "-h", listen, "-F", config_dir, "-d", "0", NULL };
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_cmpint (slapd->pid, ==, 0);
  g_spawn_async (slapd->dir, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 die_with_parent, NULL, &slapd->pid, &error);
  g_assert_no_error (error);
  while (!(port_answers (slapd->ldap_port) && port_answers (slapd->ldaps_port)))
    {
      if (g_get_monotonic_time () > end)
        g_error ("slapd did not start listening on %s", listen);
      g_usleep (20 * 1000);
    }
}

RdTestSlapd *
rd_test_slapd_new (const char *ldif)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = rd_test_slapd_missing ();
  RdTestSlapd *slapd = g_new0 (RdTestSlapd, 1);

  g_assert_null (missing);
  slapd->dir = g_dir_make_tmp ("rd-slapd-XXXXXX", &error);
  g_assert_no_error (error);
  watch_over (slapd);
  make_certificates (slapd);
  write_configuration (slapd, ldif);
  slapd->ldap_port = free_port ();
  do
    slapd->ldaps_port = free_port ();
  while (slapd->ldaps_port == slapd->ldap_port);
  slapd->ldap_url = g_strdup_printf ("ldap://127.0.0.1:%u", slapd->ldap_port);
  slapd->ldaps_url = g_strdup_printf ("ldaps://127.0.0.1:%u", slapd->ldaps_port);
  rd_test_slapd_start (slapd);
  return slapd;
}

void
rd_test_slapd_modify (RdTestSlapd *slapd,
                      const char  *ldif)
{
  /* -M (ManageDsaIT): a referral entry is changed as an entry. */
  g_autofree char *command = g_strdup_printf ("ldapmodify -x -M -H %s -D '" RD_TEST_SLAPD_ADMIN_DN "' -w '"
                                              RD_TEST_SLAPD_ADMIN_PW "' -f change.ldif", slapd->ldap_url);

  write_file (slapd->dir, "change.ldif", ldif);
  run (slapd->dir, command);
}

void
rd_test_slapd_pause (RdTestSlapd *slapd,
                     gboolean     paused)
{
  g_assert_cmpint (slapd->pid, >, 0);
  kill (slapd->pid, paused ? SIGSTOP : SIGCONT);
}

void
rd_test_slapd_stop (RdTestSlapd *slapd)
{
  int status;

  if (slapd->pid == 0)
    return;
  kill (slapd->pid, SIGCONT);
  kill (slapd->pid, SIGTERM);
  waitpid (slapd->pid, &status, 0);
  g_spawn_close_pid (slapd->pid);
  slapd->pid = 0;
}

void
rd_test_slapd_free (RdTestSlapd *slapd)
{
  g_autofree char *command = NULL;

  if (slapd == NULL)
    return;
  rd_test_slapd_stop (slapd);
  command = g_strdup_printf ("rm -rf '%s'", slapd->dir);
  run ("/", command);
  g_free (slapd->dir);
  g_free (slapd->ldap_url);
  g_free (slapd->ldaps_url);
  g_free (slapd->ca_file);
  g_free (slapd->other_ca_file);
  g_free (slapd);
}
