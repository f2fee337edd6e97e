/* rd-peer-certificate.c: GIO cannot make certificates, so GnuTLS (already
 * under glib-networking) makes the key and signs the certificate; GIO gets
 * them back as PEM. Trust comes from the fingerprint signalled over the
 * authenticated relay channel, not from the certificate's contents. */
#define G_LOG_DOMAIN "rd-peer-certificate"

#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <time.h>

#include "rd-peer-certificate.h"

static gboolean
gnutls_ok (int       result,
           const char *what,
           GError   **error)
{
  if (result >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make a peer certificate (%s): %s", what,
               gnutls_strerror (result));
  return FALSE;
}

/* Takes @out's data as a string (NULL if the export failed). */
static char *
take_pem (int             result,
          gnutls_datum_t *out)
{
  char *pem = result >= 0 ? g_strndup ((const char *) out->data, out->size) : NULL;

  gnutls_free (out->data);
  return pem;
}

GTlsCertificate *
rd_peer_certificate_new (GError **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *both = NULL;
  guint8 serial[16];
  time_t now = time (NULL);
  GTlsCertificate *certificate = NULL;

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (0, 256);
  serial[0] &= 0x7f;   /* a positive serial number */
  if (gnutls_ok (gnutls_x509_privkey_init (&key), "key", error) &&
      gnutls_ok (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                               GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), "key", error) &&
      gnutls_ok (gnutls_x509_crt_init (&crt), "certificate", error) &&
      gnutls_ok (gnutls_x509_crt_set_key (crt, key), "certificate", error) &&
      gnutls_ok (gnutls_x509_crt_set_version (crt, 3), "version", error) &&
      gnutls_ok (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) &&
      gnutls_ok (gnutls_x509_crt_set_activation_time (crt, now - 3600), "dates", error) &&
      gnutls_ok (gnutls_x509_crt_set_expiration_time (crt, now + 24 * 3600), "dates", error) &&
      gnutls_ok (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, "relaydesk-peer",
                                                strlen ("relaydesk-peer")), "name", error) &&
      gnutls_ok (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "signature", error))
    {
      gnutls_datum_t key_out = { NULL, 0 }, crt_out = { NULL, 0 };

      key_pem = take_pem (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_out), &key_out);
      crt_pem = take_pem (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_out), &crt_out);
      if (key_pem == NULL || crt_pem == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make a peer certificate (export)");
      else
        {
          both = g_strconcat (crt_pem, key_pem, NULL);
          certificate = g_tls_certificate_new_from_pem (both, -1, error);
        }
    }
  if (crt)
    gnutls_x509_crt_deinit (crt);
  if (key)
    gnutls_x509_privkey_deinit (key);
  return certificate;
}

char *
rd_certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}
