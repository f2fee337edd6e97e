/* rd-offer-dialog.c: heading and body follow the offered request. */
#define G_LOG_DOMAIN "rd-offer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-offer-dialog.h"

struct _RdOfferDialog
{
  AdwMessageDialog  parent_instance;

  RdSupportRequest *request;
};

G_DEFINE_FINAL_TYPE (RdOfferDialog, rd_offer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
update (RdOfferDialog *self)
{
  RdSupportRequest *offer = self->request;
  const char *details = rd_support_request_get_details (offer);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  /* Translators: %s is the person asking for help. */
  heading = g_strdup_printf (_("Support Request From %s"), rd_support_request_get_requester_name (offer));
  body = g_strdup_printf ("%s · %s%s%s", rd_support_request_get_topic (offer), rd_support_request_get_summary (offer),
                          *details ? "\n\n" : "", details);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
}

RdOfferDialog *
rd_offer_dialog_new (GtkWindow        *parent,
                     RdSupportRequest *offer)
{
  RdOfferDialog *self;

  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (offer), NULL);

  self = g_object_new (RD_TYPE_OFFER_DIALOG, "transient-for", parent, NULL);
  self->request = g_object_ref (offer);
  g_signal_connect_object (offer, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return self;
}

RdSupportRequest *
rd_offer_dialog_get_request (RdOfferDialog *self)
{
  g_return_val_if_fail (RD_IS_OFFER_DIALOG (self), NULL);
  return self->request;
}

static void
rd_offer_dialog_dispose (GObject *object)
{
  RdOfferDialog *self = RD_OFFER_DIALOG (object);

  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_OFFER_DIALOG);
  G_OBJECT_CLASS (rd_offer_dialog_parent_class)->dispose (object);
}

static void
rd_offer_dialog_class_init (RdOfferDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_offer_dialog_dispose;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/relaydesk/Relaydesk/rd-offer-dialog.ui");
}

static void
rd_offer_dialog_init (RdOfferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
