/* rd-directory-tls.c: why a TLS connection to the directory failed.
 *
 * libldap says "Can't contact LDAP server" whether nothing listens or the
 * certificate is not trusted. When a connection fails, this looks again:
 * is the port open, and what is wrong with the certificate the server
 * shows, checked with GIO against the same CAs. The look never signs in:
 * its connection is closed as soon as the certificate is read.
 */
#define G_LOG_DOMAIN "rd-directory"

#include "config.h"

#include <gio/gio.h>
#include <ldap.h>
#include <string.h>

#include "rd-directory-private.h"

static char *
pem_from_der (const struct berval *der)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) der->bv_val, der->bv_len);
  g_autoptr(GString) pem = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  gsize len = strlen (base64);

  for (gsize i = 0; i < len; i += 64)
    {
      g_string_append_len (pem, base64 + i, MIN (64, len - i));
      g_string_append_c (pem, '\n');
    }
  g_string_append (pem, "-----END CERTIFICATE-----\n");
  return g_string_free (g_steal_pointer (&pem), FALSE);
}

/* The certificate the server shows, read without checking it. */
static GTlsCertificate *
peer_certificate (const RdDirectoryConfig *config)
{
  LDAP *ld = NULL;
  int version = LDAP_VERSION3;
  int allow = LDAP_OPT_X_TLS_ALLOW;
  int new_context = 0;
  struct timeval timeout = { config->timeout_s, 0 };
  struct berval der = { 0, NULL };
  GTlsCertificate *certificate = NULL;
  int rc;

  if (ldap_initialize (&ld, config->uri) != LDAP_SUCCESS)
    return NULL;
  ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option (ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
  ldap_set_option (ld, LDAP_OPT_TIMEOUT, &timeout);
  ldap_set_option (ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &allow);
  ldap_set_option (ld, LDAP_OPT_X_TLS_NEWCTX, &new_context);
  rc = g_str_has_prefix (config->uri, "ldaps://") ? ldap_connect (ld) : ldap_start_tls_s (ld, NULL, NULL);
  if (rc == LDAP_SUCCESS && ldap_get_option (ld, LDAP_OPT_X_TLS_PEERCERT, &der) == LDAP_OPT_SUCCESS &&
      der.bv_val != NULL)
    {
      g_autofree char *pem = pem_from_der (&der);

      certificate = g_tls_certificate_new_from_pem (pem, -1, NULL);
      ber_memfree (der.bv_val);
    }
  ldap_unbind_ext_s (ld, NULL, NULL);
  return certificate;
}

static char *
describe_flags (GTlsCertificateFlags  flags,
                GTlsCertificate      *certificate,
                const char           *host,
                const char           *ca_file)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autoptr(GString) why = g_string_new (NULL);

  g_string_append_printf (why, "the directory's certificate (%s, issued by %s)", subject ? subject : "?",
                          issuer ? issuer : "?");
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_string_append_printf (why, " is not signed by a CA in %s;", ca_file ? ca_file : "the system's CAs");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_string_append_printf (why, " is not for %s;", host);
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_string_append (why, " is not valid yet;");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_string_append (why, " has expired;");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_string_append (why, " was revoked;");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_string_append (why, " uses an insecure algorithm;");
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_string_append (why, " cannot be checked;");
  g_string_truncate (why, why->len - 1);
  return g_string_free (g_steal_pointer (&why), FALSE);
}

char *
rd_directory_explain_tls_failure (const RdDirectoryConfig *config)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  LDAPURLDesc *url = NULL;
  g_autofree char *host = NULL;
  GTlsCertificateFlags flags;
  int port;

  if (ldap_url_parse (config->uri, &url) != LDAP_URL_SUCCESS)
    return NULL;
  host = g_strdup (url->lud_host && *url->lud_host ? url->lud_host : "localhost");
  port = url->lud_port ? url->lud_port : g_str_has_prefix (config->uri, "ldaps://") ? 636 : 389;
  ldap_free_urldesc (url);

  g_socket_client_set_timeout (client, config->timeout_s);
  connection = g_socket_client_connect_to_host (client, host, (guint16) port, NULL, &error);
  if (connection == NULL)
    return g_strdup_printf ("nothing answers at %s port %d: %s", host, port, error->message);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  if ((certificate = peer_certificate (config)) == NULL)
    return NULL;
  database = config->ca_file ? g_tls_file_database_new (config->ca_file, &error)
                             : g_tls_backend_get_default_database (g_tls_backend_get_default ());
  if (database == NULL)
    return g_strdup_printf ("cannot read %s: %s", config->ca_file, error ? error->message : "no CAs");
  identity = g_network_address_new (host, (guint16) port);
  flags = g_tls_database_verify_chain (database, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  if (flags == 0)
    return NULL;
  return describe_flags (flags, certificate, host, config->ca_file);
}
