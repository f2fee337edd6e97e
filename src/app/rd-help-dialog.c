/* rd-help-dialog.c: asks the relay for its topics, sends request_create and
 * emits "created" (request id, summary) before closing; errors stay on the
 * form. */
#define G_LOG_DOMAIN "rd-help-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-attachment-tray.h"
#include "rd-help-dialog.h"

struct _RdHelpDialog
{
  AdwWindow      parent_instance;

  GtkDropDown   *topic_dropdown;
  GtkStringList *topics;
  GtkEntry      *summary_entry;
  GtkTextView   *details_view;
  GtkDropDown   *priority_dropdown;
  GtkLabel      *error_label;
  RdAttachmentTray *attachment_tray;
  GtkWidget     *send_button;
  RdClient      *client;
  char          *error;
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

static void
topics_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *topics;

  if (reply == NULL)
    {
      show_error (self, error->message);
      return;
    }
  topics = json_object_get_array_member (reply, "topics");
  for (guint i = 0; i < json_array_get_length (topics); i++)
    gtk_string_list_append (self->topics, rd_frame_get_string (json_array_get_object_element (topics, i), "name", ""));
  gtk_widget_set_sensitive (self->send_button, json_array_get_length (topics) > 0);
  if (json_array_get_length (topics) == 0)
    show_error (self, _("The support desk has no topics yet. Ask your IT department."));
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdHelpDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  gtk_widget_set_sensitive (self->send_button, TRUE);
  if (reply == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The request was not sent: %s"), error->message);
      show_error (self, text);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, rd_frame_get_int (reply, "request", 0),
                 gtk_editable_get_text (GTK_EDITABLE (self->summary_entry)));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_clicked_cb (RdHelpDialog *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autofree char *summary = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->summary_entry))));
  GtkStringObject *topic = gtk_drop_down_get_selected_item (self->topic_dropdown);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details_view);
  GtkTextIter start, end;
  g_autofree char *details = NULL;

  if (topic == NULL || *summary == '\0')
    {
      show_error (self, _("Choose a topic and say in a few words what is wrong."));
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  details = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  json_object_set_string_member (frame, "topic", gtk_string_object_get_string (topic));
  json_object_set_string_member (frame, "summary", summary);
  json_object_set_string_member (frame, "details", details);
  json_object_set_int_member (frame, "priority", gtk_drop_down_get_selected (self->priority_dropdown));
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->send_button, FALSE);
  rd_client_request_async (self->client, frame, NULL, created_cb, g_object_ref (self));
}

gboolean
rd_help_dialog_fill (RdHelpDialog *self,
                     const char   *topic,
                     const char   *summary,
                     const char   *details,
                     guint         priority)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->topics)); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->topics, i), topic) == 0)
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

void
rd_help_dialog_attach (RdHelpDialog *self,
                       GFile        *file)
{
  g_return_if_fail (RD_IS_HELP_DIALOG (self));
  rd_attachment_tray_add (self->attachment_tray, file);
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

void
rd_help_dialog_paste_into_details (RdHelpDialog *self)
{
  g_return_if_fail (RD_IS_HELP_DIALOG (self));
  g_signal_emit_by_name (self->details_view, "paste-clipboard");
}

const char *
rd_help_dialog_get_error (RdHelpDialog *self)
{
  g_return_val_if_fail (RD_IS_HELP_DIALOG (self), NULL);
  return self->error;
}

RdHelpDialog *
rd_help_dialog_new (GtkWindow *parent,
                    RdClient  *client)
{
  RdHelpDialog *self = g_object_new (RD_TYPE_HELP_DIALOG, "transient-for", parent, "modal", TRUE,
                                     "application", gtk_window_get_application (parent), NULL);
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);

  self->client = g_object_ref (client);
  rd_client_request_async (client, frame, NULL, topics_cb, g_object_ref (self));
  return self;
}

static void
rd_help_dialog_dispose (GObject *object)
{
  RdHelpDialog *self = RD_HELP_DIALOG (object);

  g_clear_object (&self->client);
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

  object_class->dispose = rd_help_dialog_dispose;
  object_class->finalize = rd_help_dialog_finalize;
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
add_row (GtkGrid *grid, int row, const char *label, GtkWidget *widget)
{
  GtkWidget *caption = gtk_label_new (label);

  gtk_widget_set_halign (caption, GTK_ALIGN_END);
  gtk_widget_set_valign (caption, GTK_ALIGN_START);
  gtk_widget_set_margin_top (caption, 6);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, caption, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
}

static void
rd_help_dialog_init (RdHelpDialog *self)
{
  const char *priorities[] = { N_("Normal"), N_("High"), N_("Urgent"), NULL };
  g_autoptr(GtkStringList) priority_list = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *attach_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *attach_button = gtk_button_new_with_mnemonic (_("_Add a Screenshot or File…"));
  GtkWidget *attach_hint = gtk_label_new (_("Or paste a screenshot into the details, or drop files here."));

  for (guint i = 0; priorities[i]; i++)
    gtk_string_list_append (priority_list, _(priorities[i]));
  gtk_window_set_title (GTK_WINDOW (self), _("Get Help"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 480);

  self->topics = gtk_string_list_new (NULL);
  self->topic_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->topics)), NULL));
  self->summary_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_max_length (self->summary_entry, RD_SUMMARY_MAX_BYTES / 2);
  gtk_entry_set_placeholder_text (self->summary_entry, _("What is wrong, in a few words"));
  self->details_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->details_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->details_view, 10);
  gtk_text_view_set_right_margin (self->details_view, 10);
  gtk_text_view_set_top_margin (self->details_view, 8);
  gtk_text_view_set_bottom_margin (self->details_view, 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->details_view));
  gtk_widget_set_size_request (scroller, -1, 140);
  gtk_widget_add_css_class (scroller, "composer");
  self->priority_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&priority_list)), NULL));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->send_button = gtk_button_new_with_mnemonic (_("_Send"));
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  gtk_widget_set_sensitive (self->send_button, FALSE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->send_button);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  g_object_set (grid, "margin-start", 18, "margin-end", 18, "margin-top", 18, "margin-bottom", 18, NULL);
  add_row (GTK_GRID (grid), 0, _("Topic"), GTK_WIDGET (self->topic_dropdown));
  add_row (GTK_GRID (grid), 1, _("Summary"), GTK_WIDGET (self->summary_entry));
  add_row (GTK_GRID (grid), 2, _("Details"), scroller);
  add_row (GTK_GRID (grid), 3, _("Priority"), GTK_WIDGET (self->priority_dropdown));
  /* The pictures wait here; the agent who takes the request receives them. */
  self->attachment_tray = rd_attachment_tray_new ();
  gtk_widget_set_halign (attach_button, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (attach_hint), 0);
  gtk_label_set_wrap (GTK_LABEL (attach_hint), TRUE);
  gtk_widget_add_css_class (attach_hint, "dim-label");
  gtk_widget_add_css_class (attach_hint, "caption");
  gtk_box_append (GTK_BOX (attach_box), GTK_WIDGET (self->attachment_tray));
  gtk_box_append (GTK_BOX (attach_box), attach_button);
  gtk_box_append (GTK_BOX (attach_box), attach_hint);
  add_row (GTK_GRID (grid), 4, _("Screenshot"), attach_box);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->error_label), 0, 5, 2, 1);
  rd_attachment_tray_take_pastes_from (self->attachment_tray, GTK_WIDGET (self->details_view));
  rd_attachment_tray_take_drops_on (self->attachment_tray, box);
  g_signal_connect_swapped (attach_button, "clicked", G_CALLBACK (rd_attachment_tray_choose_files),
                            self->attachment_tray);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), grid);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_clicked_cb), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
}
