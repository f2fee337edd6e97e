/* rd-screenshot-prompt.c: one question at a time; a second ask for the
 * same request while it is shown is the same question. The answer is
 * rd-screenshot-share.c's, the picture taken with this window as the
 * portal dialog's parent. */
#define G_LOG_DOMAIN "rd-screenshot-prompt"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-screenshot-prompt.h"
#include "rd-screenshot-share.h"

struct _RdScreenshotPrompt
{
  GObject           parent_instance;

  GtkWindow        *parent;     /* unowned: the window owns us */
  RdSupportDesk    *desk;
  AdwMessageDialog *dialog;
  RdSupportRequest *asking;     /* the request of the question shown */
};

G_DEFINE_FINAL_TYPE (RdScreenshotPrompt, rd_screenshot_prompt, G_TYPE_OBJECT)

static void
response_cb (RdScreenshotPrompt *self,
             const char         *response)
{
  g_autoptr(RdSupportRequest) request = g_steal_pointer (&self->asking);

  self->dialog = NULL;
  if (request == NULL)
    return;
  if (g_strcmp0 (response, "share") == 0)
    rd_screenshot_share (self->desk, request, self->parent);
  else
    rd_screenshot_decline (self->desk, request);
}

void
rd_screenshot_prompt_ask (RdScreenshotPrompt *self,
                          RdSupportRequest   *request)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (RD_IS_SCREENSHOT_PROMPT (self));

  if (self->dialog != NULL)
    return;   /* one question at a time; the agent may ask again */
  heading = rd_screenshot_question (request);
  self->asking = g_object_ref (request);
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (self->parent, heading,
                                                             rd_screenshot_question_detail ()));
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
  g_signal_connect_object (self->desk, "screenshot-asked", G_CALLBACK (rd_screenshot_prompt_ask), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static void
rd_screenshot_prompt_dispose (GObject *object)
{
  RdScreenshotPrompt *self = RD_SCREENSHOT_PROMPT (object);

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
rd_screenshot_prompt_class_init (RdScreenshotPromptClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_screenshot_prompt_dispose;
}

static void
rd_screenshot_prompt_init (RdScreenshotPrompt *self)
{
}
