/* rd-offer-prompt.c: one dialog at a time; further offers wait their turn.
 * An offer that times out or goes elsewhere meanwhile closes its dialog. */
#define G_LOG_DOMAIN "rd-offer-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-offer-prompt.h"

struct _RdOfferPrompt
{
  GObject           parent_instance;

  GtkWindow        *parent;     /* unowned: the window owns us */
  RdClient         *client;
  GQueue            pending;    /* JsonObject offers not shown yet */
  AdwMessageDialog *dialog;
  JsonObject       *shown;      /* the offer in the dialog */
};

G_DEFINE_FINAL_TYPE (RdOfferPrompt, rd_offer_prompt, G_TYPE_OBJECT)

enum { SIGNAL_ACCEPTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void show_next (RdOfferPrompt *self);

typedef struct {
  RdOfferPrompt *self;
  gint64         request;
  char          *requester;
  gboolean       accept;
} Answer;

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->self);
  g_free (answer->requester);
  g_free (answer);
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Answer *answer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply != NULL && answer->accept)
    g_signal_emit (answer->self, signals[SIGNAL_ACCEPTED], 0, answer->request, answer->requester);
  else
    g_message ("offer %" G_GINT64_FORMAT " could not be accepted: %s", answer->request, error->message);
  answer_free (answer);
}

static void
response_cb (RdOfferPrompt    *self,
             const char       *response,
             AdwMessageDialog *dialog)
{
  g_autoptr(JsonObject) frame = NULL;
  Answer *answer;

  if (self->shown == NULL || dialog != self->dialog)
    return;
  answer = g_new0 (Answer, 1);
  answer->self = g_object_ref (self);
  answer->request = rd_frame_get_int (self->shown, "request", 0);
  answer->requester = g_strdup (rd_frame_get_string (self->shown, "requester", ""));
  answer->accept = g_strcmp0 (response, "accept") == 0;
  frame = rd_frame_new (answer->accept ? RD_FRAME_OFFER_ACCEPT : RD_FRAME_OFFER_DECLINE, NULL);
  json_object_set_int_member (frame, "request", answer->request);
  rd_client_request_async (self->client, frame, NULL, accepted_cb, answer);
  self->dialog = NULL;
  g_clear_pointer (&self->shown, json_object_unref);
  show_next (self);
}

static void
show_next (RdOfferPrompt *self)
{
  JsonObject *offer;
  const char *requester;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *details;

  if (self->dialog != NULL || (offer = g_queue_pop_head (&self->pending)) == NULL)
    return;
  self->shown = offer;
  requester = rd_frame_get_person (offer, "requester");
  /* Translators: %s is the person asking for help. */
  heading = g_strdup_printf (_("Support Request From %s"), requester);
  details = rd_frame_get_string (offer, "details", "");
  body = g_strdup_printf ("%s · %s%s%s", rd_frame_get_string (offer, "topic", ""),
                          rd_frame_get_string (offer, "summary", ""), *details ? "\n\n" : "", details);
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, heading, body));
  adw_message_dialog_add_responses (self->dialog, "decline", _("_Decline"), "accept", _("_Accept"), NULL);
  adw_message_dialog_set_response_appearance (self->dialog, "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->dialog, "accept");
  adw_message_dialog_set_close_response (self->dialog, "decline");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
offer_cb (RdOfferPrompt *self,
          const char    *kind,
          JsonObject    *data)
{
  g_queue_push_tail (&self->pending, json_object_ref (data));
  show_next (self);
}

static void
request_cb (RdOfferPrompt *self,
            const char    *kind,
            JsonObject    *data)
{
  /* Timed out, taken back, cancelled: the question is moot. */
  if (self->shown == NULL || rd_frame_get_int (data, "request", 0) != rd_frame_get_int (self->shown, "request", -1) ||
      g_str_equal (rd_frame_get_string (data, "state", ""), "offered"))
    return;
  if (self->dialog)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  g_clear_pointer (&self->shown, json_object_unref);
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
  self->client = g_object_ref (client);
  g_signal_connect_object (client, "event::offer", G_CALLBACK (offer_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "event::request", G_CALLBACK (request_cb), self, G_CONNECT_SWAPPED);
  /* Offers that came before us, e.g. with the sign-in itself. */
  {
    g_autoptr(GPtrArray) open = rd_client_dup_open_offers (client);

    for (guint i = 0; i < open->len; i++)
      g_queue_push_tail (&self->pending, json_object_ref (g_ptr_array_index (open, i)));
    show_next (self);
  }
  return self;
}

static void
rd_offer_prompt_dispose (GObject *object)
{
  RdOfferPrompt *self = RD_OFFER_PROMPT (object);

  if (self->dialog)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  g_clear_pointer (&self->shown, json_object_unref);
  g_queue_clear_full (&self->pending, (GDestroyNotify) json_object_unref);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_offer_prompt_parent_class)->dispose (object);
}

static void
rd_offer_prompt_class_init (RdOfferPromptClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_offer_prompt_dispose;
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
rd_offer_prompt_init (RdOfferPrompt *self)
{
  g_queue_init (&self->pending);
}
