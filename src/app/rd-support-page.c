/* rd-support-page.c: the requester's view of one support request, drawn
 * from the RdSupportRequest's properties whenever they change. When an
 * agent takes it, it emits "open-conversation" with the agent's user name
 * and sends them the files from the form. Cancel and rating are the
 * "support.cancel" and "support.rate" actions. A request closed for
 * silence is followed by its follow-up when the requester writes again. */
#define G_LOG_DOMAIN "rd-support-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-support-page-private.h"

struct _RdSupportPage
{
  GtkBox            parent_instance;

  AdwStatusPage    *status;
  GtkWidget        *cancel_button;
  GtkWidget        *rating_box;
  GtkToggleButton  *star1;
  GtkToggleButton  *star2;
  GtkToggleButton  *star3;
  GtkToggleButton  *star4;
  GtkToggleButton  *star5;
  GtkEntry         *comment_entry;
  GtkWidget        *rate_button;
  GtkLabel         *files_label;

  RdSupportDesk    *desk;
  RdSupportRequest *request;
  char             *status_text;
  char             *told_agent;        /* the agent the conversation was opened with */
  char             *failure;           /* the last action's error, until the next change */
  gboolean          rated;
  GPtrArray        *files_for_agent;   /* GFile: go to whoever takes the request */
};

G_DEFINE_FINAL_TYPE (RdSupportPage, rd_support_page, GTK_TYPE_BOX)

enum { SIGNAL_OPEN_CONVERSATION, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_files (RdSupportPage *self,
            const char    *text)
{
  gtk_label_set_text (self->files_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->files_label), text != NULL);
}

/* The screenshots from the form go to the agent as soon as there is one,
 * into the conversation that opens with them. */
static void
send_files_to_agent (RdSupportPage *self)
{
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));
  const char *agent = rd_support_request_get_agent (self->request);
  g_autofree char *text = NULL;
  guint n;

  if (self->files_for_agent == NULL || self->files_for_agent->len == 0 || transfers == NULL || *agent == '\0')
    return;
  n = self->files_for_agent->len;
  for (guint i = 0; i < n; i++)
    rd_transfers_send_file (transfers, agent, g_ptr_array_index (self->files_for_agent, i));
  g_ptr_array_set_size (self->files_for_agent, 0);
  /* Translators: %s is the support agent's name. */
  text = g_strdup_printf (ngettext ("Your screenshot went to %s.", "Your %2$u files went to %1$s.", n),
                          rd_support_request_get_agent_name (self->request), n);
  show_files (self, text);
}

void
rd_support_page_set_files_for_agent (RdSupportPage *self,
                                     GPtrArray     *files)
{
  g_return_if_fail (RD_IS_SUPPORT_PAGE (self));

  g_clear_pointer (&self->files_for_agent, g_ptr_array_unref);
  if (files == NULL || files->len == 0)
    return;
  self->files_for_agent = g_ptr_array_ref (files);
  show_files (self, ngettext ("Your screenshot goes to the agent who takes this request.",
                              "Your files go to the agent who takes this request.", files->len));
}

/* What the requester reads while it waits: the latest the relay said. */
static char *
waiting_text (RdSupportRequest *request)
{
  const char *reason = rd_support_request_get_reason (request);
  guint position = rd_support_request_get_position (request);

  if (g_str_equal (reason, "agent_left"))
    return g_strdup (_("Your agent left. Your request is back at the front of the queue."));
  if (position == 0)
    return g_strdup (g_str_equal (reason, "no_agent_online")
                     ? _("No agent is online right now. Your request waits in the queue.")
                     : _("Waiting for an agent…"));
  if (rd_support_request_get_agents_available (request) == 0)
    /* Translators: %u is a place in the queue, 1 being the next. */
    return g_strdup_printf (_("Number %u in the queue. No agent is online right now."), position);
  return g_strdup_printf (_("Number %u in the queue, about %u minutes."), position,
                          MAX (1u, (rd_support_request_get_estimated_wait_s (request) + 59) / 60));
}

static char *
status_text (RdSupportPage *self)
{
  RdSupportRequest *request = self->request;

  switch (rd_support_request_get_state (request))
    {
    case RD_REQUEST_ACTIVE:
      /* Translators: %s is the support agent's name. */
      return g_strdup_printf (_("%s is helping you. The conversation is open in its own tab."),
                              rd_support_request_get_agent_name (request));
    case RD_REQUEST_RESOLVED:
      if (self->rated)
        return g_strdup (_("Thank you for your rating."));
      if (g_str_equal (rd_support_request_get_reason (request), "closed_idle"))
        /* Translators: %s is the support agent's name. */
        return g_strdup_printf (_("Closed, as there was no reply to the reminder. Write to %s within a day "
                                  "to reopen it."), rd_support_request_get_agent_name (request));
      return g_strdup (_("Resolved. How was the help?"));
    case RD_REQUEST_CANCELLED:
      return g_strdup (_("You cancelled this request."));
    case RD_REQUEST_QUEUED:
    case RD_REQUEST_OFFERED:
    default:
      return waiting_text (request);
    }
}

static void
update (RdSupportPage *self)
{
  RdRequestState state = rd_support_request_get_state (self->request);
  const char *agent = rd_support_request_get_agent (self->request);

  g_free (self->status_text);
  self->status_text = status_text (self);
  adw_status_page_set_description (self->status, self->failure ? self->failure : self->status_text);
  adw_status_page_set_icon_name (self->status, state == RD_REQUEST_ACTIVE || state == RD_REQUEST_RESOLVED
                                                ? "emblem-ok-symbolic" : "help-browser-symbolic");
  gtk_widget_set_visible (self->cancel_button, rd_request_state_is_waiting (state));
  gtk_widget_set_visible (self->rating_box, state == RD_REQUEST_RESOLVED && !self->rated);
  if (state == RD_REQUEST_ACTIVE && *agent && g_strcmp0 (agent, self->told_agent) != 0)
    {
      g_free (self->told_agent);
      self->told_agent = g_strdup (agent);
      g_signal_emit (self, signals[SIGNAL_OPEN_CONVERSATION], 0, agent);
      send_files_to_agent (self);
    }
}

static void
request_changed_cb (RdSupportPage *self)
{
  g_clear_pointer (&self->failure, g_free);
  update (self);
}

static void
follow_request (RdSupportPage    *self,
                RdSupportRequest *request)
{
  if (self->request != NULL)
    g_signal_handlers_disconnect_by_func (self->request, request_changed_cb, self);
  g_set_object (&self->request, request);
  g_signal_connect_object (request, "notify", G_CALLBACK (request_changed_cb), self, G_CONNECT_SWAPPED);
  request_changed_cb (self);
}

/* A request closed for silence goes on in its follow-up when the
 * requester writes again: the page shows that one from then on. */
static void
desk_request_changed_cb (RdSupportPage    *self,
                         RdSupportRequest *request)
{
  if (request != self->request && rd_support_request_is_follow_up_of (request, self->request))
    follow_request (self, request);
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdSupportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    return;
  g_free (self->failure);
  self->failure = g_strdup_printf (_("That did not work: %s"), error->message);
  update (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (widget);

  rd_support_desk_cancel_async (self->desk, rd_support_request_get_id (self->request), NULL, action_done_cb,
                                g_object_ref (self));
}

static void
rated_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RdSupportPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    {
      g_free (self->failure);
      self->failure = g_strdup (error->message);
    }
  else
    self->rated = TRUE;
  update (self);
}

static guint
stars_chosen (RdSupportPage *self)
{
  GtkToggleButton *stars[] = { self->star1, self->star2, self->star3, self->star4, self->star5 };

  for (guint i = G_N_ELEMENTS (stars); i > 0; i--)
    if (gtk_toggle_button_get_active (stars[i - 1]))
      return i;
  return 0;
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (widget);
  guint stars = stars_chosen (self);

  if (stars == 0)
    return;
  rd_support_desk_rate_async (self->desk, rd_support_request_get_id (self->request), stars,
                              gtk_editable_get_text (GTK_EDITABLE (self->comment_entry)), NULL, rated_cb,
                              g_object_ref (self));
}


gboolean
rd_support_page_rate (RdSupportPage *self,
                      guint          stars,
                      const char    *comment)
{
  GtkToggleButton *buttons[] = { self->star1, self->star2, self->star3, self->star4, self->star5 };

  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), FALSE);
  g_return_val_if_fail (stars >= 1 && stars <= 5, FALSE);

  if (!gtk_widget_get_visible (self->rating_box))
    return FALSE;
  gtk_toggle_button_set_active (buttons[stars - 1], TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment ? comment : "");
  return gtk_widget_activate (self->rate_button);
}

gboolean
rd_support_page_is_rated (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), FALSE);
  return self->rated;
}

RdSupportRequest *
rd_support_page_get_request (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return self->request;
}

const char *
rd_support_page_get_title (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return rd_support_request_get_summary (self->request);
}

const char *
rd_support_page_get_status_text (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return self->status_text;
}

RdSupportPage *
rd_support_page_new (RdClient         *client,
                     RdSupportRequest *request)
{
  RdSupportPage *self;

  g_return_val_if_fail (RD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_SUPPORT_PAGE, NULL);
  self->desk = g_object_ref (rd_client_get_support_desk (client));
  adw_status_page_set_title (self->status, rd_support_request_get_summary (request));
  g_signal_connect_object (self->desk, "request-changed", G_CALLBACK (desk_request_changed_cb), self,
                           G_CONNECT_SWAPPED);
  follow_request (self, request);
  return self;
}

static void
rd_support_page_dispose (GObject *object)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_SUPPORT_PAGE);
  g_clear_object (&self->request);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_support_page_parent_class)->dispose (object);
}

static void
rd_support_page_finalize (GObject *object)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (object);

  g_free (self->status_text);
  g_free (self->told_agent);
  g_free (self->failure);
  g_clear_pointer (&self->files_for_agent, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_support_page_parent_class)->finalize (object);
}

static void
rd_support_page_class_init (RdSupportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_support_page_dispose;
  object_class->finalize = rd_support_page_finalize;
  signals[SIGNAL_OPEN_CONVERSATION] =
    g_signal_new ("open-conversation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-support-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, status);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, rating_box);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, star1);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, star2);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, star3);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, star4);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, star5);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, rate_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportPage, files_label);
  gtk_widget_class_install_action (widget_class, "support.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "support.rate", NULL, rate_action);
}

static void
rd_support_page_init (RdSupportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
