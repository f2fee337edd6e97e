/* rd-canned-editor.c: the desk's canned replies as a boxed list (edit and
 * delete on each row: the "canned.edit" and "canned.delete" actions with
 * the title) above a form. Saving a title already used replaces its text
 * on the relay, which is how an edit lands; the desk reloads the list
 * after every change, so it always shows what agents will get. */
#define G_LOG_DOMAIN "rd-canned-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-canned-editor-private.h"

struct _RdCannedEditor
{
  GtkBox         parent_instance;

  GtkListBox    *list;
  GtkEntry      *title;
  GtkTextView   *body;
  GtkButton     *save;
  GtkLabel      *status;

  RdSupportDesk *desk;
  GListModel    *replies;
};

G_DEFINE_FINAL_TYPE (RdCannedEditor, rd_canned_editor, GTK_TYPE_BOX)

static char *
form_body (RdCannedEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_form (RdCannedEditor *self,
          const char     *title,
          const char     *body)
{
  gtk_editable_set_text (GTK_EDITABLE (self->title), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body), body, -1);
  /* Translators: the form's button, adding a new reply or saving an edited one. */
  gtk_button_set_label (self->save, *title ? _("_Save") : _("_Add"));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RdCannedEditor *self = RD_CANNED_EDITOR (widget);

  set_form (self, "", "");
  gtk_label_set_text (self->status, "");
}

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdCannedEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_label_set_text (self->status, rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error)
                                    ? "" : error->message);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdCannedEditor *self = RD_CANNED_EDITOR (widget);

  rd_support_desk_delete_canned_async (self->desk, g_variant_get_string (parameter, NULL), NULL, changed_cb,
                                       g_object_ref (self));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdCannedEditor *self = RD_CANNED_EDITOR (widget);
  RdCannedReply *reply = rd_support_desk_find_canned_reply (self->desk, g_variant_get_string (parameter, NULL));

  if (reply == NULL)
    return;
  set_form (self, rd_canned_reply_get_title (reply), rd_canned_reply_get_body (reply));
  gtk_widget_grab_focus (GTK_WIDGET (self->body));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdCannedEditor *self = RD_CANNED_EDITOR (widget);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title))));
  g_autofree char *body = g_strstrip (form_body (self));

  if (*title == '\0' || *body == '\0')
    {
      gtk_label_set_text (self->status, _("A canned reply needs a title and a text."));
      return;
    }
  set_form (self, "", "");
  rd_support_desk_set_canned_async (self->desk, title, body, NULL, changed_cb, g_object_ref (self));
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *action,
            const char *title)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", title);
  return button;
}

static GtkWidget *
reply_row_new (gpointer item,
               gpointer user_data)
{
  RdCannedReply *reply = item;
  const char *title = rd_canned_reply_get_title (reply);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_canned_reply_get_body (reply));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button ("document-edit-symbolic", _("Edit This Canned Reply"),
                                                               "canned.edit", title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button ("user-trash-symbolic", _("Delete This Canned Reply"),
                                                               "canned.delete", title));
  return row;
}

guint
rd_canned_editor_get_n (RdCannedEditor *self)
{
  g_return_val_if_fail (RD_IS_CANNED_EDITOR (self), 0);
  return g_list_model_get_n_items (self->replies);
}

gboolean
rd_canned_editor_edit (RdCannedEditor *self,
                       const char     *title)
{
  g_return_val_if_fail (RD_IS_CANNED_EDITOR (self), FALSE);

  if (rd_support_desk_find_canned_reply (self->desk, title) == NULL)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "canned.edit", "s", title);
}

char *
rd_canned_editor_get_form_body (RdCannedEditor *self)
{
  g_return_val_if_fail (RD_IS_CANNED_EDITOR (self), NULL);
  return form_body (self);
}

void
rd_canned_editor_save (RdCannedEditor *self,
                       const char     *title,
                       const char     *body)
{
  g_return_if_fail (RD_IS_CANNED_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body), body, -1);
  gtk_widget_activate_action (GTK_WIDGET (self), "canned.save", NULL);
}

void
rd_canned_editor_set_desk (RdCannedEditor *self,
                           RdSupportDesk  *desk)
{
  g_return_if_fail (RD_IS_CANNED_EDITOR (self));
  g_return_if_fail (self->desk == NULL);

  self->desk = g_object_ref (desk);
  self->replies = g_object_ref (rd_support_desk_get_canned_replies (desk));
  gtk_list_box_bind_model (self->list, self->replies, reply_row_new, NULL, NULL);
}

static void
rd_canned_editor_dispose (GObject *object)
{
  RdCannedEditor *self = RD_CANNED_EDITOR (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CANNED_EDITOR);
  g_clear_object (&self->replies);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_canned_editor_parent_class)->dispose (object);
}

static void
rd_canned_editor_class_init (RdCannedEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_canned_editor_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-canned-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCannedEditor, list);
  gtk_widget_class_bind_template_child (widget_class, RdCannedEditor, title);
  gtk_widget_class_bind_template_child (widget_class, RdCannedEditor, body);
  gtk_widget_class_bind_template_child (widget_class, RdCannedEditor, save);
  gtk_widget_class_bind_template_child (widget_class, RdCannedEditor, status);
  gtk_widget_class_install_action (widget_class, "canned.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "canned.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "canned.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "canned.delete", "s", delete_action);
}

static void
rd_canned_editor_init (RdCannedEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
