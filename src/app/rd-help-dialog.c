/* rd-help-dialog.c: the Get Help form. Topics come from the desk's model
 * (reloaded when the form opens); the details about this computer go
 * along when the requester turned them on (rd-facts-consent.c); Send
 * creates the request and emits "created" (RdSupportRequest) before
 * closing; errors stay on the form. */
#define G_LOG_DOMAIN "rd-help-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-attachment-tray.h"
#include "rd-facts-consent.h"
#include "rd-help-dialog-private.h"
#include "rd-support-labels.h"

struct _RdHelpDialog
{
  AdwWindow         parent_instance;

  GtkWidget        *content;
  GtkDropDown      *topic_dropdown;
  GtkEntry         *summary_entry;
  GtkTextView      *details_view;
  GtkDropDown      *priority_dropdown;
  GtkLabel         *hours_label;
  GtkLabel         *error_label;
  RdTopic          *watched_topic;
  RdAttachmentTray *attachment_tray;
  RdFactsConsent   *facts_consent;
  GtkWidget        *send_button;
  RdSupportDesk    *desk;
  GListModel       *topics;
  char             *error;
  gboolean          sending;
};

G_DEFINE_FINAL_TYPE (RdHelpDialog, rd_help_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (RdHelpDialog *self,
            const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A closed topic says when it opens; the request will wait, never refused. */
static void
show_hours (RdHelpDialog *self)
{
  g_autofree char *text = self->watched_topic ? rd_topic_opening_text (self->watched_topic) : NULL;

  gtk_label_set_text (self->hours_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hours_label), text != NULL);
}

const char *
rd_help_dialog_get_hours_text (RdHelpDialog *self)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->hours_label)) ? gtk_label_get_text (self->hours_label) : "";
}

static void
topic_selected_cb (RdHelpDialog *self)
{
  RdTopic *topic = gtk_drop_down_get_selected_item (self->topic_dropdown);

  if (self->watched_topic != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_topic, self);
  g_set_object (&self->watched_topic, topic);
  if (topic != NULL)
    g_signal_connect_object (topic, "notify", G_CALLBACK (show_hours), self, G_CONNECT_SWAPPED);
  show_hours (self);
}

static void
update_send (RdHelpDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.send",
                                 !self->sending && !rd_facts_consent_is_busy (self->facts_consent) &&
                                 self->topics && g_list_model_get_n_items (self->topics) > 0);
}

static void
topics_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RdHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    show_error (self, error->message);
  else if (g_list_model_get_n_items (self->topics) == 0)
    show_error (self, _("The support desk has no topics yet. Ask your IT department."));
  update_send (self);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSupportRequest) request = rd_support_desk_create_finish (RD_SUPPORT_DESK (source), result, &error);

  self->sending = FALSE;
  update_send (self);
  if (request == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The request was not sent: %s"), error->message);
      show_error (self, text);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, request);
  gtk_window_destroy (GTK_WINDOW (self));
}

static char *
details_text (RdHelpDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdHelpDialog *self = RD_HELP_DIALOG (widget);
  g_autofree char *summary = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->summary_entry))));
  RdTopic *topic = gtk_drop_down_get_selected_item (self->topic_dropdown);
  g_autofree char *details = NULL;
  g_autoptr(RdFacts) facts = rd_facts_consent_get_facts (self->facts_consent);

  if (topic == NULL || *summary == '\0')
    {
      show_error (self, _("Choose a topic and say in a few words what is wrong."));
      return;
    }
  details = details_text (self);
  show_error (self, NULL);
  self->sending = TRUE;
  update_send (self);
  rd_support_desk_create_async (self->desk, rd_topic_get_name (topic), summary, details,
                                gtk_drop_down_get_selected (self->priority_dropdown), facts, NULL, created_cb,
                                g_object_ref (self));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rd_attachment_tray_choose_files (RD_HELP_DIALOG (widget)->attachment_tray);
}

gboolean
rd_help_dialog_fill (RdHelpDialog *self,
                     const char   *topic,
                     const char   *summary,
                     const char   *details,
                     guint         priority)
{
  guint n;

  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), FALSE);

  n = g_list_model_get_n_items (self->topics);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTopic) item = g_list_model_get_item (self->topics, i);

      if (g_strcmp0 (rd_topic_get_name (item), topic) == 0)
        {
          gtk_drop_down_set_selected (self->topic_dropdown, i);
          gtk_editable_set_text (GTK_EDITABLE (self->summary_entry), summary);
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->details_view), details, -1);
          gtk_drop_down_set_selected (self->priority_dropdown, priority);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
rd_help_dialog_submit (RdHelpDialog *self,
                       const char   *topic,
                       const char   *summary,
                       const char   *details,
                       guint         priority)
{
  return rd_help_dialog_fill (self, topic, summary, details, priority) && gtk_widget_activate (self->send_button);
}


guint
rd_help_dialog_get_n_attachments (RdHelpDialog *self)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), 0);
  return rd_attachment_tray_get_n_files (self->attachment_tray);
}

GPtrArray *
rd_help_dialog_take_attachments (RdHelpDialog *self)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), NULL);
  return rd_attachment_tray_take_files (self->attachment_tray);
}

RdFactsConsent *
rd_help_dialog_get_facts_consent (RdHelpDialog *self)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), NULL);
  return self->facts_consent;
}

void
rd_help_dialog_paste_into_details (RdHelpDialog *self)
{
  g_return_if_fail (RD_IS_HELP_DIALOG (self));
  g_signal_emit_by_name (self->details_view, "paste-clipboard");
}


RdHelpDialog *
rd_help_dialog_new (GtkWindow *parent,
                    RdClient  *client)
{
  RdHelpDialog *self = g_object_new (RD_TYPE_HELP_DIALOG, "transient-for", parent, "modal", TRUE,
                                     "application", gtk_window_get_application (parent), NULL);

  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->topics = g_object_ref (rd_support_desk_get_topics (self->desk));
  gtk_drop_down_set_model (self->topic_dropdown, self->topics);
  g_signal_connect_object (self->topic_dropdown, "notify::selected-item", G_CALLBACK (topic_selected_cb), self,
                           G_CONNECT_SWAPPED);
  topic_selected_cb (self);
  g_signal_connect_object (self->topics, "items-changed", G_CALLBACK (update_send), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->facts_consent, "notify::busy", G_CALLBACK (update_send), self, G_CONNECT_SWAPPED);
  rd_support_desk_refresh_topics_async (self->desk, NULL, topics_loaded_cb, g_object_ref (self));
  update_send (self);
  return self;
}

static void
rd_help_dialog_dispose (GObject *object)
{
  RdHelpDialog *self = RD_HELP_DIALOG (object);

  if (self->watched_topic != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_topic, self);
  g_clear_object (&self->watched_topic);
  g_clear_object (&self->topics);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_HELP_DIALOG);
  G_OBJECT_CLASS (rd_help_dialog_parent_class)->dispose (object);
}

static void
rd_help_dialog_finalize (GObject *object)
{
  g_free (RD_HELP_DIALOG (object)->error);
  G_OBJECT_CLASS (rd_help_dialog_parent_class)->finalize (object);
}

static void
rd_help_dialog_class_init (RdHelpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_help_dialog_dispose;
  object_class->finalize = rd_help_dialog_finalize;
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_SUPPORT_REQUEST);
  g_type_ensure (RD_TYPE_ATTACHMENT_TRAY);
  g_type_ensure (RD_TYPE_FACTS_CONSENT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-help-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, content);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, topic_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, hours_label);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, summary_entry);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, details_view);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, attachment_tray);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, facts_consent);
  gtk_widget_class_bind_template_child (widget_class, RdHelpDialog, send_button);
  gtk_widget_class_install_action (widget_class, "help.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "help.attach", NULL, attach_action);
}

static void
rd_help_dialog_init (RdHelpDialog *self)
{
  g_autoptr(GtkStringList) priorities = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (RdPriority p = RD_PRIORITY_NORMAL; p <= RD_PRIORITY_URGENT; p++)
    gtk_string_list_append (priorities, rd_priority_label (p));
  gtk_drop_down_set_model (self->priority_dropdown, G_LIST_MODEL (priorities));
  gtk_drop_down_set_expression (self->topic_dropdown,
                                gtk_property_expression_new (RD_TYPE_TOPIC, NULL, "name"));
  gtk_entry_set_max_length (self->summary_entry, RD_SUMMARY_MAX_BYTES / 2);
  /* The pictures wait here; the agent who takes the request receives them. */
  rd_attachment_tray_take_pastes_from (self->attachment_tray, GTK_WIDGET (self->details_view));
  rd_attachment_tray_take_drops_on (self->attachment_tray, self->content);
}
