/* rd-attachment-tray.c: one chip a file; the GFile rides on the chip. */
#define G_LOG_DOMAIN "rd-attachment-tray"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-attachment-tray.h"
#include "rd-pasted-files.h"
#include "rd-thumbnail.h"

#define CHIP_PICTURE_SIZE 32

struct _RdAttachmentTray
{
  GtkBox        parent_instance;

  GtkWidget    *chips;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RdAttachmentTray, rd_attachment_tray, GTK_TYPE_BOX)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GFile *
chip_file (GtkWidget *chip)
{
  return g_object_get_data (G_OBJECT (chip), "rd-file");
}

static void
changed (RdAttachmentTray *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), rd_attachment_tray_get_n_files (self) > 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
remove_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  RdAttachmentTray *self = RD_ATTACHMENT_TRAY (user_data);
  GtkWidget *chip = gtk_widget_get_parent (GTK_WIDGET (button));

  gtk_box_remove (GTK_BOX (self->chips), chip);
  changed (self);
}

static void
chip_picture_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) image = user_data;
  g_autoptr(GdkTexture) texture = rd_thumbnail_load_finish (result, NULL);

  /* Not a picture after all, or gone: the icon stays. */
  if (texture != NULL && gtk_widget_get_parent (image) != NULL)
    gtk_image_set_from_paintable (GTK_IMAGE (image), GDK_PAINTABLE (texture));
}

static GtkWidget *
new_chip (RdAttachmentTray *self,
          GFile            *file)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *content_type = g_content_type_guess (name, NULL, 0, NULL);
  g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type);

  gtk_widget_add_css_class (chip, "attachment-chip");
  g_object_set_data_full (G_OBJECT (chip), "rd-file", g_object_ref (file), g_object_unref);
  gtk_image_set_from_gicon (GTK_IMAGE (image), icon);
  gtk_image_set_pixel_size (GTK_IMAGE (image), CHIP_PICTURE_SIZE);
  if (g_content_type_is_mime_type (content_type, "image/*"))
    rd_thumbnail_load_async (file, CHIP_PICTURE_SIZE * 2, self->cancellable, chip_picture_cb, g_object_ref (image));
  gtk_label_set_text (GTK_LABEL (label), name);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_tooltip_text (label, g_file_peek_path (file));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  /* Translators: tooltip of the button that takes a file out of the message. */
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (chip), image);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), remove);
  return chip;
}

void
rd_attachment_tray_add (RdAttachmentTray *self,
                        GFile            *file)
{
  g_return_if_fail (RD_IS_ATTACHMENT_TRAY (self));
  g_return_if_fail (G_IS_FILE (file));

  for (GtkWidget *chip = gtk_widget_get_first_child (self->chips); chip; chip = gtk_widget_get_next_sibling (chip))
    if (g_file_equal (chip_file (chip), file))
      return;
  gtk_box_append (GTK_BOX (self->chips), new_chip (self, file));
  changed (self);
}

void
rd_attachment_tray_add_all (RdAttachmentTray *self,
                            GPtrArray        *files)
{
  g_return_if_fail (RD_IS_ATTACHMENT_TRAY (self));
  for (guint i = 0; files != NULL && i < files->len; i++)
    rd_attachment_tray_add (self, g_ptr_array_index (files, i));
}

guint
rd_attachment_tray_get_n_files (RdAttachmentTray *self)
{
  guint n = 0;

  g_return_val_if_fail (RD_IS_ATTACHMENT_TRAY (self), 0);
  for (GtkWidget *chip = gtk_widget_get_first_child (self->chips); chip; chip = gtk_widget_get_next_sibling (chip))
    n++;
  return n;
}

GPtrArray *
rd_attachment_tray_take_files (RdAttachmentTray *self)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *chip;

  g_return_val_if_fail (RD_IS_ATTACHMENT_TRAY (self), files);
  while ((chip = gtk_widget_get_first_child (self->chips)) != NULL)
    {
      g_ptr_array_add (files, g_object_ref (chip_file (chip)));
      gtk_box_remove (GTK_BOX (self->chips), chip);
    }
  if (files->len > 0)
    changed (self);
  return files;
}

/* ---- where files come from: paste, drop, the file chooser ---- */

static void
files_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = rd_pasted_files_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (files == NULL)
    {
      g_message ("nothing attached: %s", error->message);
      return;
    }
  rd_attachment_tray_add_all (RD_ATTACHMENT_TRAY (user_data), files);
}

static void
paste_cb (GtkWidget        *text_widget,
          RdAttachmentTray *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (text_widget);

  if (!rd_pasted_files_in_clipboard (clipboard))
    return;   /* text: the widget pastes it as usual */
  g_signal_stop_emission_by_name (text_widget, "paste-clipboard");
  rd_pasted_files_read_async (clipboard, self->cancellable, files_read_cb, self);
}

void
rd_attachment_tray_take_pastes_from (RdAttachmentTray *self,
                                     GtkWidget        *text_widget)
{
  g_return_if_fail (RD_IS_ATTACHMENT_TRAY (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (text_widget) || GTK_IS_TEXT (text_widget));

  g_signal_connect_object (text_widget, "paste-clipboard", G_CALLBACK (paste_cb), self, 0);
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         RdAttachmentTray *self)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-highlight");
  rd_pasted_files_from_drop_async (value, self->cancellable, files_read_cb, self);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               gpointer       user_data)
{
  gtk_widget_add_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               gpointer       user_data)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-highlight");
}

void
rd_attachment_tray_take_drops_on (RdAttachmentTray *self,
                                  GtkWidget        *area)
{
  GtkDropTarget *drop;
  gsize n_types;
  GType *types = rd_pasted_files_drop_types (&n_types);

  g_return_if_fail (RD_IS_ATTACHMENT_TRAY (self));
  g_return_if_fail (GTK_IS_WIDGET (area));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, n_types);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  g_signal_connect (drop, "enter", G_CALLBACK (drop_enter_cb), NULL);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), NULL);
  gtk_widget_add_controller (area, GTK_EVENT_CONTROLLER (drop));
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     RdAttachmentTray *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (chosen, i);

          rd_attachment_tray_add (self, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
rd_attachment_tray_choose_files (RdAttachmentTray *self)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;

  g_return_if_fail (RD_IS_ATTACHMENT_TRAY (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

RdAttachmentTray *
rd_attachment_tray_new (void)
{
  return g_object_new (RD_TYPE_ATTACHMENT_TRAY, NULL);
}

static void
rd_attachment_tray_dispose (GObject *object)
{
  RdAttachmentTray *self = RD_ATTACHMENT_TRAY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_attachment_tray_parent_class)->dispose (object);
}

static void
rd_attachment_tray_class_init (RdAttachmentTrayClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_attachment_tray_dispose;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
}

static void
rd_attachment_tray_init (RdAttachmentTray *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->cancellable = g_cancellable_new ();
  self->chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->chips);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self), scroller);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
