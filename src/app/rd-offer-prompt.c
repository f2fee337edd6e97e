/* rd-offer-prompt.c: one dialog at a time, for the oldest offer of the
 * desk's offers not answered yet; an offer that leaves the model (timed
 * out, taken back, answered on another device) closes its dialog. */
#define G_LOG_DOMAIN "rd-offer-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-offer-dialog.h"
#include "rd-offer-prompt-private.h"

struct _RdOfferPrompt
{
  GObject           parent_instance;

  GtkWindow        *parent;     /* unowned: the window owns us */
  RdSupportDesk    *desk;
  GListModel       *offers;
  GHashTable       *answered;   /* gint64 * request ids */
  AdwMessageDialog *dialog;
  RdSupportRequest *shown;      /* the offer in the dialog */
};

G_DEFINE_FINAL_TYPE (RdOfferPrompt, rd_offer_prompt, G_TYPE_OBJECT)

enum { SIGNAL_ACCEPTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_next (RdOfferPrompt *self);

static void
declined_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdSupportRequest) request = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_message ("offer %" G_GINT64_FORMAT " could not be declined: %s", rd_support_request_get_id (request),
               error->message);
}

typedef struct {
  RdOfferPrompt    *self;
  RdSupportRequest *request;
} Acceptance;

static void
acceptance_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Acceptance *acceptance = user_data;
  g_autoptr(GError) error = NULL;

  if (rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_signal_emit (acceptance->self, signals[SIGNAL_ACCEPTED], 0, rd_support_request_get_id (acceptance->request),
                   rd_support_request_get_requester (acceptance->request));
  else
    g_message ("offer %" G_GINT64_FORMAT " could not be accepted: %s",
               rd_support_request_get_id (acceptance->request), error->message);
  g_object_unref (acceptance->self);
  g_object_unref (acceptance->request);
  g_free (acceptance);
}

static void
close_dialog (RdOfferPrompt *self)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  g_clear_object (&self->shown);
}

static void
response_cb (RdOfferPrompt    *self,
             const char       *response,
             AdwMessageDialog *dialog)
{
  gint64 id;

  if (self->shown == NULL || dialog != self->dialog)
    return;
  id = rd_support_request_get_id (self->shown);
  g_hash_table_add (self->answered, g_memdup2 (&id, sizeof id));
  if (g_strcmp0 (response, "accept") == 0)
    {
      Acceptance *acceptance = g_new0 (Acceptance, 1);

      acceptance->self = g_object_ref (self);
      acceptance->request = g_object_ref (self->shown);
      rd_support_desk_accept_async (self->desk, id, NULL, acceptance_cb, acceptance);
    }
  else
    rd_support_desk_decline_async (self->desk, id, NULL, declined_cb, g_object_ref (self->shown));
  self->dialog = NULL;   /* it closes by itself after a response */
  g_clear_object (&self->shown);
  show_next (self);
}

static void
show (RdOfferPrompt    *self,
      RdSupportRequest *offer)
{
  self->shown = g_object_ref (offer);
  self->dialog = ADW_MESSAGE_DIALOG (rd_offer_dialog_new (self->parent, offer));
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
show_next (RdOfferPrompt *self)
{
  guint n = g_list_model_get_n_items (self->offers);

  if (self->dialog != NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdSupportRequest) offer = g_list_model_get_item (self->offers, i);
      gint64 id = rd_support_request_get_id (offer);

      if (!g_hash_table_contains (self->answered, &id))
        {
          show (self, offer);
          return;
        }
    }
}

static void
offers_changed_cb (RdOfferPrompt *self)
{
  guint position;

  /* Timed out, taken back, answered elsewhere: the question is moot. */
  if (self->shown != NULL && !g_list_store_find (G_LIST_STORE (self->offers), self->shown, &position))
    close_dialog (self);
  show_next (self);
}

AdwMessageDialog *
rd_offer_prompt_get_dialog (RdOfferPrompt *self)
{
  g_return_val_if_fail (RD_IS_OFFER_PROMPT (self), NULL);
  return self->dialog;
}

RdOfferPrompt *
rd_offer_prompt_new (GtkWindow *parent,
                     RdClient  *client)
{
  RdOfferPrompt *self = g_object_new (RD_TYPE_OFFER_PROMPT, NULL);

  self->parent = parent;
  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->offers = g_object_ref (rd_support_desk_get_offers (self->desk));
  g_signal_connect_object (self->offers, "items-changed", G_CALLBACK (offers_changed_cb), self, G_CONNECT_SWAPPED);
  /* Offers that came before us, e.g. with the sign-in itself. */
  show_next (self);
  return self;
}

static void
rd_offer_prompt_dispose (GObject *object)
{
  RdOfferPrompt *self = RD_OFFER_PROMPT (object);

  close_dialog (self);
  g_clear_object (&self->offers);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_offer_prompt_parent_class)->dispose (object);
}

static void
rd_offer_prompt_finalize (GObject *object)
{
  g_hash_table_unref (RD_OFFER_PROMPT (object)->answered);
  G_OBJECT_CLASS (rd_offer_prompt_parent_class)->finalize (object);
}

static void
rd_offer_prompt_class_init (RdOfferPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_offer_prompt_dispose;
  object_class->finalize = rd_offer_prompt_finalize;
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
rd_offer_prompt_init (RdOfferPrompt *self)
{
  self->answered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}
