/* rd-canned-editor.c: a boxed list of the replies (edit and delete buttons
 * on each) above a form. Saving a title already used replaces its text on
 * the relay, which is how an edit lands; the list is read again after
 * every change, so it always shows what agents will get. */
#define G_LOG_DOMAIN "rd-canned-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-canned-editor.h"

struct _RdCannedEditor
{
  GtkBox       parent_instance;

  RdClient    *client;
  GtkListBox  *list;
  GtkEntry    *title;
  GtkTextView *body;
  GtkButton   *save;
  GtkLabel    *status;
  guint        n_replies;
};

G_DEFINE_FINAL_TYPE (RdCannedEditor, rd_canned_editor, GTK_TYPE_BOX)

static void refresh (RdCannedEditor *self);

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
clear_cb (RdCannedEditor *self)
{
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
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  gtk_label_set_text (self->status, reply ? "" : error->message);
  refresh (self);
}

static void
delete_cb (RdCannedEditor *self,
           GtkButton      *button)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_DELETE, NULL);

  json_object_set_string_member (frame, "title", g_object_get_data (G_OBJECT (button), "title"));
  rd_client_request_async (self->client, frame, NULL, changed_cb, g_object_ref (self));
}

static void
edit_cb (RdCannedEditor *self,
         GtkButton      *button)
{
  set_form (self, g_object_get_data (G_OBJECT (button), "title"), g_object_get_data (G_OBJECT (button), "body"));
  gtk_widget_grab_focus (GTK_WIDGET (self->body));
}

static void
save_cb (RdCannedEditor *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_SET, NULL);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title))));
  g_autofree char *body = g_strstrip (form_body (self));

  if (*title == '\0' || *body == '\0')
    {
      gtk_label_set_text (self->status, _("A canned reply needs a title and a text."));
      return;
    }
  json_object_set_string_member (frame, "title", title);
  json_object_set_string_member (frame, "body", body);
  set_form (self, "", "");
  rd_client_request_async (self->client, frame, NULL, changed_cb, g_object_ref (self));
}

static GtkWidget *
row_button (RdCannedEditor *self,
            const char     *icon,
            const char     *tooltip,
            JsonObject     *item,
            GCallback       callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "title", g_strdup (rd_frame_get_string (item, "title", "")), g_free);
  g_object_set_data_full (G_OBJECT (button), "body", g_strdup (rd_frame_get_string (item, "body", "")), g_free);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdCannedEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *replies;
  GtkWidget *child;

  if (reply == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  replies = json_object_get_array_member (reply, "replies");
  self->n_replies = json_array_get_length (replies);
  for (guint i = 0; i < self->n_replies; i++)
    {
      JsonObject *item = json_array_get_object_element (replies, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *edit = row_button (self, "document-edit-symbolic", _("Edit This Canned Reply"), item,
                                    G_CALLBACK (edit_cb));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_frame_get_string (item, "title", ""));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_frame_get_string (item, "body", ""));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      g_object_set_data (G_OBJECT (row), "edit", edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, "user-trash-symbolic", _("Delete This Canned Reply"), item,
                                             G_CALLBACK (delete_cb)));
      gtk_list_box_append (self->list, row);
    }
}

static void
refresh (RdCannedEditor *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_LIST, NULL);

  rd_client_request_async (self->client, frame, NULL, list_cb, g_object_ref (self));
}

guint
rd_canned_editor_get_n (RdCannedEditor *self)
{
  g_return_val_if_fail (RD_IS_CANNED_EDITOR (self), 0);
  return self->n_replies;
}

gboolean
rd_canned_editor_edit (RdCannedEditor *self,
                       const char     *title)
{
  g_return_val_if_fail (RD_IS_CANNED_EDITOR (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      {
        GtkWidget *edit = g_object_get_data (G_OBJECT (row), "edit");

        g_signal_emit_by_name (edit, "clicked");
        return TRUE;
      }
  return FALSE;
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
  g_signal_emit_by_name (self->save, "clicked");
}

RdCannedEditor *
rd_canned_editor_new (RdClient *client)
{
  RdCannedEditor *self = g_object_new (RD_TYPE_CANNED_EDITOR, NULL);

  self->client = g_object_ref (client);
  refresh (self);
  return self;
}

static void
rd_canned_editor_dispose (GObject *object)
{
  g_clear_object (&RD_CANNED_EDITOR (object)->client);
  G_OBJECT_CLASS (rd_canned_editor_parent_class)->dispose (object);
}

static void
rd_canned_editor_class_init (RdCannedEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_canned_editor_dispose;
}

static void
rd_canned_editor_init (RdCannedEditor *self)
{
  GtkWidget *heading = gtk_label_new (_("Canned Replies"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("C_lear"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  self->title = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->title, _("Title (a title already used is replaced)"));
  self->body = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->body, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->body, FALSE);
  g_object_set (self->body, "top-margin", 6, "bottom-margin", 6, "left-margin", 6, "right-margin", 6, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->body), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text agents can insert"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->body));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 72);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scroller, "card");
  self->save = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save), "suggested-action");
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (self->status), TRUE);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->save));
  gtk_box_append (GTK_BOX (self), heading);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self), scroller);
  gtk_box_append (GTK_BOX (self), buttons);
  g_signal_connect_swapped (self->save, "clicked", G_CALLBACK (save_cb), self);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (clear_cb), self);
}
