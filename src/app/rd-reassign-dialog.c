/* rd-reassign-dialog.c: the body names the request; the entries are read
 * when the page gets the response. */
#define G_LOG_DOMAIN "rd-reassign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-reassign-dialog.h"

struct _RdReassignDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *agent_entry;
  GtkEntry         *topic_entry;
  GtkEntry         *note_entry;
  RdSupportRequest *request;
};

G_DEFINE_FINAL_TYPE (RdReassignDialog, rd_reassign_dialog, ADW_TYPE_MESSAGE_DIALOG)

RdReassignDialog *
rd_reassign_dialog_new (GtkWindow        *parent,
                        RdSupportRequest *request)
{
  RdReassignDialog *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_REASSIGN_DIALOG, "transient-for", parent, NULL);
  self->request = g_object_ref (request);
  /* Translators: a request's summary and its requester. */
  body = g_strdup_printf (_("“%s” from %s goes to an agent (offered to them) or back to the queue of a topic."),
                          rd_support_request_get_summary (request), rd_support_request_get_requester_name (request));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  return self;
}

RdSupportRequest *
rd_reassign_dialog_get_request (RdReassignDialog *self)
{
  g_return_val_if_fail (RD_IS_REASSIGN_DIALOG (self), NULL);
  return self->request;
}

static char *
dup_trimmed (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

char *
rd_reassign_dialog_dup_agent (RdReassignDialog *self)
{
  g_return_val_if_fail (RD_IS_REASSIGN_DIALOG (self), NULL);
  return dup_trimmed (self->agent_entry);
}

char *
rd_reassign_dialog_dup_topic (RdReassignDialog *self)
{
  g_return_val_if_fail (RD_IS_REASSIGN_DIALOG (self), NULL);
  return dup_trimmed (self->topic_entry);
}

const char *
rd_reassign_dialog_get_note (RdReassignDialog *self)
{
  g_return_val_if_fail (RD_IS_REASSIGN_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

void
rd_reassign_dialog_fill (RdReassignDialog *self,
                         const char       *agent,
                         const char       *topic,
                         const char       *note)
{
  g_return_if_fail (RD_IS_REASSIGN_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->agent_entry), agent ? agent : "");
  gtk_editable_set_text (GTK_EDITABLE (self->topic_entry), topic ? topic : "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note ? note : "");
}

static void
rd_reassign_dialog_dispose (GObject *object)
{
  RdReassignDialog *self = RD_REASSIGN_DIALOG (object);

  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_REASSIGN_DIALOG);
  G_OBJECT_CLASS (rd_reassign_dialog_parent_class)->dispose (object);
}

static void
rd_reassign_dialog_class_init (RdReassignDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_reassign_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-reassign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdReassignDialog, agent_entry);
  gtk_widget_class_bind_template_child (widget_class, RdReassignDialog, topic_entry);
  gtk_widget_class_bind_template_child (widget_class, RdReassignDialog, note_entry);
}

static void
rd_reassign_dialog_init (RdReassignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
