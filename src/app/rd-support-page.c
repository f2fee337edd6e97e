/* rd-support-page.c: follows one support request through the client's
 * "request" events and "request-position" pushes. When an agent takes it,
 * it emits "open-conversation" with the agent's user name. */
#define G_LOG_DOMAIN "rd-support-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-support-page.h"

struct _RdSupportPage
{
  GtkBox          parent_instance;

  AdwStatusPage  *status;
  GtkWidget      *cancel_button;
  GtkWidget      *rating_box;
  GtkToggleButton *stars[5];
  GtkEntry       *comment_entry;
  GtkWidget      *rate_button;
  GtkLabel       *files_label;

  RdClient       *client;
  gint64          request;
  char           *summary;
  char           *state;
  char           *status_text;
  gboolean        rated;
  GPtrArray      *files_for_agent;   /* GFile: go to whoever takes the request */
};

G_DEFINE_FINAL_TYPE (RdSupportPage, rd_support_page, GTK_TYPE_BOX)

enum { SIGNAL_OPEN_CONVERSATION, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_status (RdSupportPage *self,
            const char    *state,
            const char    *text)
{
  if (state != NULL && g_strcmp0 (state, self->state) != 0)
    {
      g_free (self->state);
      self->state = g_strdup (state);
    }
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  adw_status_page_set_description (self->status, text);
  gtk_widget_set_visible (self->cancel_button, g_strcmp0 (self->state, "queued") == 0 ||
                                               g_strcmp0 (self->state, "offered") == 0);
  gtk_widget_set_visible (self->rating_box, g_strcmp0 (self->state, "resolved") == 0 && !self->rated);
}

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
send_files_to (RdSupportPage *self,
               const char    *agent,
               const char    *agent_name)
{
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));
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
                          agent_name, n);
  show_files (self, text);
}

void
rd_support_page_set_files_for_agent (RdSupportPage *self,
                                     GPtrArray     *files)
{
  guint n;

  g_return_if_fail (RD_IS_SUPPORT_PAGE (self));

  g_clear_pointer (&self->files_for_agent, g_ptr_array_unref);
  if (files == NULL || files->len == 0)
    return;
  self->files_for_agent = g_ptr_array_ref (files);
  n = files->len;
  show_files (self, ngettext ("Your screenshot goes to the agent who takes this request.",
                              "Your files go to the agent who takes this request.", n));
}

static void
request_event_cb (RdSupportPage *self,
                  const char    *kind,
                  JsonObject    *data)
{
  const char *state = rd_frame_get_string (data, "state", "");
  const char *agent = rd_frame_get_string (data, "agent", "");
  const char *note = rd_frame_get_string (data, "note", "");
  g_autofree char *text = NULL;

  if (rd_frame_get_int (data, "request", 0) != self->request)
    return;
  if (g_str_equal (state, "active"))
    {
      /* Translators: %s is the support agent's name. */
      text = g_strdup_printf (_("%s is helping you. The conversation is open in its own tab."),
                              rd_frame_get_person (data, "agent"));
      set_status (self, state, text);
      adw_status_page_set_icon_name (self->status, "emblem-ok-symbolic");
      g_signal_emit (self, signals[SIGNAL_OPEN_CONVERSATION], 0, agent);
      send_files_to (self, agent, rd_frame_get_person (data, "agent"));
    }
  else if (g_str_equal (state, "resolved"))
    set_status (self, state, _("Resolved. How was the help?"));
  else if (g_str_equal (state, "cancelled"))
    set_status (self, state, _("You cancelled this request."));
  else if (g_str_equal (note, "no_agent_online"))
    set_status (self, "queued", _("No agent is online right now. Your request waits in the queue."));
  else if (g_str_equal (note, "agent_left"))
    set_status (self, "queued", _("Your agent left. Your request is back at the front of the queue."));
  else if (g_str_equal (state, "queued") || g_str_equal (state, "offered"))
    set_status (self, "queued", self->status_text ? self->status_text : _("Waiting for an agent…"));
}

static void
position_cb (RdSupportPage *self,
             gint64         request,
             guint          position,
             guint          estimate_s,
             guint          agents)
{
  g_autofree char *text = NULL;

  if (request != self->request || g_strcmp0 (self->state, "queued") != 0)
    return;
  if (agents == 0)
    /* Translators: %u is a place in the queue, 1 being the next. */
    text = g_strdup_printf (_("Number %u in the queue. No agent is online right now."), position);
  else
    text = g_strdup_printf (_("Number %u in the queue, about %u minutes."), position, MAX (1u, (estimate_s + 59) / 60));
  set_status (self, "queued", text);
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdSupportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("That did not work: %s"), error->message);
      adw_status_page_set_description (self->status, text);
    }
}

static void
cancel_clicked_cb (RdSupportPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CANCEL, NULL);

  json_object_set_int_member (frame, "request", self->request);
  rd_client_request_async (self->client, frame, NULL, action_done_cb, g_object_ref (self));
}

static void
rated_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RdSupportPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      adw_status_page_set_description (self->status, error->message);
      return;
    }
  self->rated = TRUE;
  set_status (self, "resolved", _("Thank you for your rating."));
}

static void
rate_clicked_cb (RdSupportPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_RATE, NULL);
  guint stars = 0;

  for (guint i = 0; i < 5; i++)
    if (gtk_toggle_button_get_active (self->stars[i]))
      stars = i + 1;
  if (stars == 0)
    return;
  json_object_set_int_member (frame, "request", self->request);
  json_object_set_int_member (frame, "rating", stars);
  json_object_set_string_member (frame, "comment", gtk_editable_get_text (GTK_EDITABLE (self->comment_entry)));
  rd_client_request_async (self->client, frame, NULL, rated_cb, g_object_ref (self));
}

gboolean
rd_support_page_cancel (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->cancel_button) && gtk_widget_activate (self->cancel_button);
}

gboolean
rd_support_page_rate (RdSupportPage *self,
                      guint          stars,
                      const char    *comment)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), FALSE);
  g_return_val_if_fail (stars >= 1 && stars <= 5, FALSE);

  if (!gtk_widget_get_visible (self->rating_box))
    return FALSE;
  gtk_toggle_button_set_active (self->stars[stars - 1], TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment ? comment : "");
  return gtk_widget_activate (self->rate_button);
}

gboolean
rd_support_page_is_rated (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), FALSE);
  return self->rated;
}

gint64
rd_support_page_get_request (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), 0);
  return self->request;
}

const char *
rd_support_page_get_title (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return self->summary;
}

const char *
rd_support_page_get_state (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return self->state;
}

const char *
rd_support_page_get_status_text (RdSupportPage *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_PAGE (self), NULL);
  return self->status_text;
}

RdSupportPage *
rd_support_page_new (RdClient   *client,
                     gint64      request_id,
                     const char *summary)
{
  RdSupportPage *self = g_object_new (RD_TYPE_SUPPORT_PAGE, NULL);

  self->client = g_object_ref (client);
  self->request = request_id;
  self->summary = g_strdup (summary);
  adw_status_page_set_title (self->status, summary);
  set_status (self, "queued", _("Waiting for an agent…"));
  g_signal_connect_object (client, "event::request", G_CALLBACK (request_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "request-position", G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rd_support_page_dispose (GObject *object)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_support_page_parent_class)->dispose (object);
}

static void
rd_support_page_finalize (GObject *object)
{
  RdSupportPage *self = RD_SUPPORT_PAGE (object);

  g_free (self->summary);
  g_free (self->state);
  g_free (self->status_text);
  g_clear_pointer (&self->files_for_agent, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_support_page_parent_class)->finalize (object);
}

static void
rd_support_page_class_init (RdSupportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_support_page_dispose;
  object_class->finalize = rd_support_page_finalize;
  signals[SIGNAL_OPEN_CONVERSATION] =
    g_signal_new ("open-conversation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rd_support_page_init (RdSupportPage *self)
{
  GtkWidget *stars = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "help-browser-symbolic");
  gtk_widget_set_vexpand (GTK_WIDGET (self->status), TRUE);

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel Request"));
  gtk_widget_set_halign (self->cancel_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->cancel_button, "pill");

  self->rating_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (self->rating_box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (stars, "linked");
  gtk_widget_set_halign (stars, GTK_ALIGN_CENTER);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u ★", i + 1);

      self->stars[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (label));
      if (i > 0)
        gtk_toggle_button_set_group (self->stars[i], self->stars[0]);
      gtk_box_append (GTK_BOX (stars), GTK_WIDGET (self->stars[i]));
    }
  self->comment_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->comment_entry, _("A comment (optional)"));
  gtk_entry_set_max_length (self->comment_entry, 500);
  self->rate_button = gtk_button_new_with_mnemonic (_("Send _Rating"));
  gtk_widget_add_css_class (self->rate_button, "suggested-action");
  gtk_box_append (GTK_BOX (self->rating_box), stars);
  gtk_box_append (GTK_BOX (self->rating_box), GTK_WIDGET (self->comment_entry));
  gtk_box_append (GTK_BOX (self->rating_box), self->rate_button);

  adw_status_page_set_child (self->status, NULL);
  {
    GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    self->files_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_wrap (self->files_label, TRUE);
    gtk_label_set_justify (self->files_label, GTK_JUSTIFY_CENTER);
    gtk_widget_add_css_class (GTK_WIDGET (self->files_label), "dim-label");
    gtk_widget_set_visible (GTK_WIDGET (self->files_label), FALSE);
    gtk_box_append (GTK_BOX (actions), GTK_WIDGET (self->files_label));
    gtk_box_append (GTK_BOX (actions), self->cancel_button);
    gtk_box_append (GTK_BOX (actions), self->rating_box);
    adw_status_page_set_child (self->status, actions);
  }
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  g_signal_connect_swapped (self->rate_button, "clicked", G_CALLBACK (rate_clicked_cb), self);
}
