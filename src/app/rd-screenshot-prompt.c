/* rd-screenshot-prompt.c: one question at a time; a second ask for the
 * same request while it is shown is the same question. Share: the
 * Screenshot portal, or the desktop's tool (rd-screenshot-take.c), gives
 * a file the user chose, which goes to the agent through the transfers,
 * after the answer that one is coming. */
#define G_LOG_DOMAIN "rd-screenshot-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-screenshot-prompt.h"
#include "rd-screenshot-take.h"

struct _RdScreenshotPrompt
{
  GObject           parent_instance;

  GtkWindow        *parent;     /* unowned: the window owns us */
  RdSupportDesk    *desk;
  GCancellable     *cancellable;
  AdwMessageDialog *dialog;
  RdSupportRequest *asking;     /* the request of the question shown */
};

G_DEFINE_FINAL_TYPE (RdScreenshotPrompt, rd_screenshot_prompt, G_TYPE_OBJECT)

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_message ("the answer to a screenshot request was not sent: %s", error->message);
}

static void
answer (RdScreenshotPrompt *self,
        RdSupportRequest   *request,
        gboolean            shared)
{
  rd_support_desk_answer_screenshot_async (self->desk, rd_support_request_get_id (request), shared, NULL,
                                           answered_cb, NULL);
}

typedef struct {
  RdScreenshotPrompt *self;
  RdSupportRequest   *request;
} Taking;

static void
taking_free (Taking *taking)
{
  g_object_unref (taking->request);
  g_object_unref (taking->self);
  g_free (taking);
}

static void
taken_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Taking *taking = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = rd_screenshot_take_finish (result, &error);
  RdTransfers *transfers;

  /* The window went meanwhile: nobody to answer for. */
  if (g_cancellable_is_cancelled (taking->self->cancellable))
    {
      taking_free (taking);
      return;
    }
  transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));
  if (file == NULL || transfers == NULL)
    {
      /* Cancelled by the user, or nothing here takes screenshots: no. */
      g_message ("no screenshot was taken: %s", error ? error->message : "no transfers");
      answer (taking->self, taking->request, FALSE);
    }
  else
    {
      answer (taking->self, taking->request, TRUE);
      rd_transfers_send_file (transfers, rd_support_request_get_agent (taking->request), file);
    }
  taking_free (taking);
}

static void
take (RdScreenshotPrompt *self,
      RdSupportRequest   *request)
{
  Taking *taking = g_new0 (Taking, 1);

  taking->self = g_object_ref (self);
  taking->request = g_object_ref (request);
  rd_screenshot_take_async (self->parent, self->cancellable, taken_cb, taking);
}

static void
response_cb (RdScreenshotPrompt *self,
             const char         *response)
{
  g_autoptr(RdSupportRequest) request = g_steal_pointer (&self->asking);

  self->dialog = NULL;
  if (request == NULL)
    return;
  if (g_strcmp0 (response, "share") == 0)
    take (self, request);
  else
    answer (self, request, FALSE);
}

static void
asked_cb (RdScreenshotPrompt *self,
          RdSupportRequest   *request)
{
  g_autofree char *heading = NULL;

  if (self->dialog != NULL)
    return;   /* one question at a time; the agent may ask again */
  /* Translators: %s is the support agent's name. */
  heading = g_strdup_printf (_("%s asks for a screenshot of your screen"),
                             rd_support_request_get_agent_name (request));
  self->asking = g_object_ref (request);
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, heading,
                                                             _("You choose what to show in the next step. Nothing "
                                                               "is taken unless you press Share.")));
  adw_message_dialog_add_responses (self->dialog, "decline", _("_Decline"), "share", _("_Share…"), NULL);
  adw_message_dialog_set_response_appearance (self->dialog, "share", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->dialog, "share");
  adw_message_dialog_set_close_response (self->dialog, "decline");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

AdwMessageDialog *
rd_screenshot_prompt_get_dialog (RdScreenshotPrompt *self)
{
  g_return_val_if_fail (RD_IS_SCREENSHOT_PROMPT (self), NULL);
  return self->dialog;
}

RdScreenshotPrompt *
rd_screenshot_prompt_new (GtkWindow *parent,
                          RdClient  *client)
{
  RdScreenshotPrompt *self = g_object_new (RD_TYPE_SCREENSHOT_PROMPT, NULL);

  self->parent = parent;
  self->desk = g_object_ref (rd_client_get_support_desk (client));
  g_signal_connect_object (self->desk, "screenshot-asked", G_CALLBACK (asked_cb), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rd_screenshot_prompt_dispose (GObject *object)
{
  RdScreenshotPrompt *self = RD_SCREENSHOT_PROMPT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  g_clear_object (&self->asking);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_screenshot_prompt_parent_class)->dispose (object);
}

static void
rd_screenshot_prompt_finalize (GObject *object)
{
  g_clear_object (&RD_SCREENSHOT_PROMPT (object)->cancellable);
  G_OBJECT_CLASS (rd_screenshot_prompt_parent_class)->finalize (object);
}

static void
rd_screenshot_prompt_class_init (RdScreenshotPromptClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_screenshot_prompt_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_screenshot_prompt_finalize;
}

static void
rd_screenshot_prompt_init (RdScreenshotPrompt *self)
{
  self->cancellable = g_cancellable_new ();
}
