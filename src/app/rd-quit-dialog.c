/* rd-quit-dialog.c: the question Quit asks while support requests are open. */
#define G_LOG_DOMAIN "rd-quit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-quit-dialog.h"

typedef struct {
  GCallback quit;
  gpointer  data;
} QuitCall;

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             QuitCall         *call)
{
  if (g_str_equal (response, "quit"))
    ((void (*) (gpointer)) call->quit) (call->data);
}

static char *
describe (guint helping,
          guint asked)
{
  if (helping > 0)
    /* Translators: said to an agent before quitting. */
    return g_strdup_printf (g_dngettext (NULL,
                                         "You are helping with %u support request. While Relaydesk is closed, "
                                         "you will not see the requester’s messages and no new requests are "
                                         "offered to you.",
                                         "You are helping with %u support requests. While Relaydesk is closed, "
                                         "you will not see the requesters’ messages and no new requests are "
                                         "offered to you.",
                                         helping),
                            helping);
  return g_strdup (g_dngettext (NULL,
                                "Your support request is still open. While Relaydesk is closed, you will not "
                                "be told when an agent answers.",
                                "Your support requests are still open. While Relaydesk is closed, you will not "
                                "be told when an agent answers.",
                                asked));
}

AdwMessageDialog *
rd_quit_dialog_new (GtkWindow *parent,
                    guint      helping,
                    guint      asked,
                    GCallback  quit,
                    gpointer   data)
{
  g_autofree char *body = describe (helping, asked);
  QuitCall *call = g_new0 (QuitCall, 1);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Quit Relaydesk?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "quit", _("_Quit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  call->quit = quit;
  call->data = data;
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), call, (GClosureNotify) g_free, 0);
  return dialog;
}
