/* rd-screenshot-share.c: the answer goes before the file, so that the
 * agent's side says a picture is coming; the file goes to the request's
 * agent as any file does (direct, or through the relay). */
#define G_LOG_DOMAIN "rd-screenshot-share"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-screenshot-share.h"
#include "rd-screenshot-take.h"

char *
rd_screenshot_question (RdSupportRequest *request)
{
  /* Translators: %s is the support agent's name. */
  return g_strdup_printf (_("%s asks for a screenshot of your screen"), rd_support_request_get_agent_name (request));
}

const char *
rd_screenshot_question_detail (void)
{
  return _("You choose what to show in the next step. Nothing is taken unless you press Share.");
}

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
answer (RdSupportDesk    *desk,
        RdSupportRequest *request,
        gboolean          shared)
{
  rd_support_desk_answer_screenshot_async (desk, rd_support_request_get_id (request), shared, NULL, answered_cb,
                                           NULL);
}

void
rd_screenshot_decline (RdSupportDesk    *desk,
                       RdSupportRequest *request)
{
  g_return_if_fail (RD_IS_SUPPORT_DESK (desk));
  g_return_if_fail (RD_IS_SUPPORT_REQUEST (request));
  answer (desk, request, FALSE);
}

typedef struct {
  RdSupportDesk    *desk;
  RdSupportRequest *request;
} Sharing;

static void
sharing_free (Sharing *sharing)
{
  g_object_unref (sharing->request);
  g_object_unref (sharing->desk);
  g_free (sharing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sharing, sharing_free)

static void
taken_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Sharing) sharing = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = rd_screenshot_take_finish (result, &error);
  GApplication *app = g_application_get_default ();
  RdTransfers *transfers = RD_IS_APPLICATION (app) ? rd_application_get_transfers (RD_APPLICATION (app)) : NULL;

  if (file == NULL || transfers == NULL)
    {
      /* Cancelled by the user, or nothing here takes screenshots: no. */
      g_message ("no screenshot was taken: %s", error ? error->message : "no transfers");
      answer (sharing->desk, sharing->request, FALSE);
      return;
    }
  answer (sharing->desk, sharing->request, TRUE);
  rd_transfers_send_file (transfers, rd_support_request_get_agent (sharing->request), file);
}

void
rd_screenshot_share (RdSupportDesk    *desk,
                     RdSupportRequest *request,
                     GtkWindow        *parent)
{
  Sharing *sharing;

  g_return_if_fail (RD_IS_SUPPORT_DESK (desk));
  g_return_if_fail (RD_IS_SUPPORT_REQUEST (request));

  sharing = g_new0 (Sharing, 1);
  sharing->desk = g_object_ref (desk);
  sharing->request = g_object_ref (request);
  rd_screenshot_take_async (parent, NULL, taken_cb, sharing);
}
