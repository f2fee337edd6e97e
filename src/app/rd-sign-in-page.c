/* rd-sign-in-page.c: the first-run form. Errors say what went wrong in
 * words a user can act on; an untrusted certificate can be trusted by its
 * fingerprint, which the user compares with what their IT department says. */
#define G_LOG_DOMAIN "rd-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-sign-in-page-private.h"

struct _RdSignInPage
{
  AdwBin          parent_instance;

  AdwEntryRow    *url_row;
  AdwEntryRow    *username_row;
  AdwEntryRow    *password_row;
  GtkLabel       *error_label;
  GtkWidget      *trust_box;
  GtkLabel       *fingerprint_label;
  GtkWidget      *trust_button;
  GtkWidget      *sign_in_button;
  GtkSpinner     *spinner;

  RdApplication  *app;         /* unowned */
  GCancellable   *cancellable;
  char           *offered_fingerprint;
  char           *error;
};

G_DEFINE_FINAL_TYPE (RdSignInPage, rd_sign_in_page, ADW_TYPE_BIN)

static void
set_busy (RdSignInPage *self,
          gboolean      busy)
{
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
show_error (RdSignInPage *self,
            const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
describe_error (const GError *error)
{
  if (error->domain == RD_PROTOCOL_ERROR)
    {
      switch ((RdErrorCode) error->code)
        {
        case RD_ERROR_AUTH_FAILED:
          return g_strdup (_("The user name or password is wrong."));
        case RD_ERROR_ACCOUNT_DISABLED:
          return g_strdup (_("This account is disabled. Ask your IT department."));
        case RD_ERROR_UNSUPPORTED_VERSION:
          return g_strdup (_("This relay needs a different version of Relaydesk."));
        case RD_ERROR_DIRECTORY_UNAVAILABLE:
          /* Not the password's fault: the relay cannot reach the company directory. */
          return g_strdup (_("The company directory cannot be reached. Try again later."));
        default:
          return g_strdup_printf (_("The relay refused to sign you in: %s"), error->message);
        }
    }
  if (error->domain == G_TLS_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    return g_strdup_printf (_("The relay could not be reached securely: %s"), error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return g_strdup (_("The relay address is not valid. It looks like wss://relay.example.com/ws"));
  return g_strdup_printf (_("The relay is unreachable. Check the address and your network. (%s)"),
                          error->message);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *message = NULL;

  if (rd_application_sign_in_finish (RD_APPLICATION (source), result, &rejected, &error))
    {
      set_busy (self, FALSE);
      rd_sign_in_page_reset (self);
      g_object_unref (self);
      return;
    }
  set_busy (self, FALSE);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (rejected != NULL)
        {
          g_autofree char *text = NULL;

          message = g_strdup (_("The relay's certificate is not trusted by this computer. If your IT "
                                "department confirms this fingerprint, you can trust it:"));
          g_free (self->offered_fingerprint);
          self->offered_fingerprint = g_steal_pointer (&rejected);
          text = g_strdup_printf ("SHA-256 %s", self->offered_fingerprint);
          gtk_label_set_text (self->fingerprint_label, text);
          gtk_widget_set_visible (self->trust_box, TRUE);
        }
      else
        message = describe_error (error);
      show_error (self, message);
    }
  g_object_unref (self);
}

static void
start_sign_in (RdSignInPage *self,
               const char   *pinned)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *name = g_utf8_strdown (g_strstrip (g_strdup (username)), -1);

  g_return_if_fail (self->app != NULL);

  if (*url == '\0' || *name == '\0' || *password == '\0')
    {
      show_error (self, _("Fill in the relay address, your user name and your password."));
      return;
    }
  show_error (self, NULL);
  if (pinned == NULL)
    gtk_widget_set_visible (self->trust_box, FALSE);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_application_sign_in_async (self->app, url, name, password, pinned, self->cancellable,
                                sign_in_done_cb, g_object_ref (self));
}

static void
sign_in_clicked_cb (RdSignInPage *self)
{
  start_sign_in (self, NULL);
}

static void
entry_activated_cb (RdSignInPage *self)
{
  if (gtk_widget_get_sensitive (self->sign_in_button))
    start_sign_in (self, NULL);
}

static void
trust_clicked_cb (RdSignInPage *self)
{
  g_autofree char *pinned = g_strdup (self->offered_fingerprint);

  gtk_widget_set_visible (self->trust_box, FALSE);
  start_sign_in (self, pinned);
}

void
rd_sign_in_page_set_application (RdSignInPage  *self,
                                 RdApplication *app)
{
  GSettings *settings;
  g_autofree char *url = NULL;

  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));

  self->app = app;
  settings = rd_application_get_settings (app);
  url = g_settings_get_string (settings, "relay-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
}

void
rd_sign_in_page_reset (RdSignInPage *self)
{
  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL);
  gtk_widget_set_visible (self->trust_box, FALSE);
  g_clear_pointer (&self->offered_fingerprint, g_free);
}

void
rd_sign_in_page_submit (RdSignInPage *self,
                        const char   *url,
                        const char   *username,
                        const char   *password)
{
  g_return_if_fail (RD_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_widget_activate (self->sign_in_button);
}

const char *
rd_sign_in_page_get_error (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), NULL);
  return self->error;
}

const char *
rd_sign_in_page_get_offered_fingerprint (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), NULL);
  return self->offered_fingerprint;
}

gboolean
rd_sign_in_page_trust_offered (RdSignInPage *self)
{
  g_return_val_if_fail (RD_IS_SIGN_IN_PAGE (self), FALSE);

  if (!gtk_widget_get_visible (self->trust_box))
    return FALSE;
  return gtk_widget_activate (self->trust_button);
}

static void
rd_sign_in_page_dispose (GObject *object)
{
  RdSignInPage *self = RD_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_SIGN_IN_PAGE);
  G_OBJECT_CLASS (rd_sign_in_page_parent_class)->dispose (object);
}

static void
rd_sign_in_page_finalize (GObject *object)
{
  RdSignInPage *self = RD_SIGN_IN_PAGE (object);

  g_free (self->offered_fingerprint);
  g_free (self->error);
  G_OBJECT_CLASS (rd_sign_in_page_parent_class)->finalize (object);
}

static void
rd_sign_in_page_class_init (RdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_sign_in_page_dispose;
  object_class->finalize = rd_sign_in_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, trust_box);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RdSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);
}

static void
rd_sign_in_page_init (RdSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
