/* rd-file-card.c: follows an RdTransfer's notifications; what it shows and
 * which of its actions are enabled both come from the transfer's state.
 * A whole picture gets a thumbnail, a whole sound file a player. */
#define G_LOG_DOMAIN "rd-file-card"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-file-card-private.h"
#include "rd-file-launch.h"
#include "rd-image-viewer.h"
#include "rd-thumbnail.h"

#define THUMBNAIL_SIZE 240

struct _RdFileCard
{
  GtkBox         parent_instance;

  GtkWidget     *thumbnail_button;
  GtkPicture    *thumbnail;
  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *status_label;
  GtkLabel      *path_label;
  GtkMediaControls *player;
  GtkProgressBar *progress;
  GtkWidget     *accept_button;
  GtkWidget     *decline_button;
  GtkWidget     *cancel_button;
  GtkWidget     *leave_button;
  GtkWidget     *open_button;
  GtkWidget     *folder_button;

  RdTransfer    *transfer;
  GCancellable  *thumbnail_cancellable;
  gboolean       thumbnail_tried;
  GtkMediaStream *sound;
};

G_DEFINE_FINAL_TYPE (RdFileCard, rd_file_card, GTK_TYPE_BOX)

/* Whether the transfer's type is of @kind ("image/", "audio/"). */
static gboolean
is_kind (RdTransfer *transfer,
         const char *kind)
{
  const char *mime = rd_transfer_get_mime (transfer);

  return mime != NULL && g_str_has_prefix (mime, kind);
}

/* The file is whole where it is: the sender's from the start, the
 * recipient's once its hash was checked. */
static gboolean
file_is_whole (RdTransfer *transfer)
{
  return rd_transfer_get_file (transfer) != NULL &&
         (rd_transfer_is_outgoing (transfer) || rd_transfer_get_state (transfer) == RD_TRANSFER_DONE);
}

static char *
path_text (RdTransfer *transfer)
{
  const char *path = rd_transfer_get_path (transfer);
  gboolean done = rd_transfer_get_state (transfer) == RD_TRANSFER_DONE;
  gboolean outgoing = rd_transfer_is_outgoing (transfer);

  if (path == NULL)
    return NULL;
  if (rd_transfer_is_kept_by_relay (transfer))
    return g_strdup (done ? (outgoing ? _("Left with the relay, for when they are back online")
                                      : _("Received from the relay, where it was left for you"))
                          : _("Through the relay"));
  if (g_str_equal (path, "direct"))
    return g_strdup (done ? (outgoing ? _("Sent directly") : _("Received directly"))
                          : _("Direct connection"));
  return g_strdup (done ? (outgoing ? _("Sent through the relay") : _("Received through the relay"))
                        : _("Through the relay"));
}

static char *
moving_text (RdTransfer *transfer)
{
  g_autofree char *done = g_format_size (rd_transfer_get_bytes (transfer));
  g_autofree char *size = g_format_size (rd_transfer_get_size (transfer));
  double speed = rd_transfer_get_speed (transfer);
  gint64 left = rd_transfer_get_seconds_left (transfer);
  GString *text = g_string_new (NULL);

  /* Translators: "1.2 MB of 3.4 MB". */
  g_string_printf (text, _("%s of %s"), done, size);
  if (speed > 0)
    {
      g_autofree char *per_second = g_format_size ((guint64) speed);

      /* Translators: a speed, "1.2 MB/s". */
      g_string_append (text, " · ");
      g_string_append_printf (text, _("%s/s"), per_second);
    }
  if (left >= 60)
    {
      int minutes = (int) ((left + 59) / 60);

      g_string_append (text, " · ");
      g_string_append_printf (text, ngettext ("about %d minute left", "about %d minutes left", minutes), minutes);
    }
  else if (left >= 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, ngettext ("%d second left", "%d seconds left", (int) left), (int) left);
    }
  return g_string_free (text, FALSE);
}

static char *
status_text (RdTransfer *transfer)
{
  const char *peer = rd_transfer_get_peer_name (transfer);
  gboolean outgoing = rd_transfer_is_outgoing (transfer);
  g_autofree char *size = g_format_size (rd_transfer_get_size (transfer));

  if (peer == NULL || *peer == '\0')
    peer = rd_transfer_get_peer (transfer);
  switch (rd_transfer_get_state (transfer))
    {
    case RD_TRANSFER_PREPARING:
      return g_strdup (_("Preparing…"));
    case RD_TRANSFER_OFFERED:
      if (!outgoing && rd_transfer_is_kept_by_relay (transfer))
        /* Translators: "2.1 MB · Alice Agent left this file for you". */
        return g_strdup_printf (_("%s · %s left this file for you while you were away"), size, peer);
      /* Translators: "2.1 MB · waiting for Bob Requester to accept". */
      return outgoing ? g_strdup_printf (_("%s · waiting for %s to accept"), size, peer)
                      : g_strdup_printf (_("%s · %s sends you this file"), size, peer);
    case RD_TRANSFER_CONNECTING:
      return rd_transfer_get_bytes (transfer) > 0 ? g_strdup (_("Connection lost; resuming…"))
                                                  : g_strdup (_("Connecting…"));
    case RD_TRANSFER_MOVING:
      return moving_text (transfer);
    case RD_TRANSFER_DONE:
      return g_strdup (size);
    case RD_TRANSFER_DECLINED:
      /* Translators: %s is a person's name. */
      return outgoing ? g_strdup_printf (_("%s declined it."), peer) : g_strdup (_("You declined it."));
    case RD_TRANSFER_CANCELLED:
    case RD_TRANSFER_FAILED:
    default:
      return g_strdup (rd_transfer_get_error (transfer) ? rd_transfer_get_error (transfer) : _("Not sent."));
    }
}

static gboolean
resize_later_cb (gpointer data)
{
  GtkWidget *list = g_weak_ref_get (data);

  if (list != NULL)
    {
      gtk_widget_queue_resize (list);
      g_object_unref (list);
    }
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* GTK 4.8's list view keeps the height it measured for a row when the
 * row's content grows (a thumbnail arrives, buttons come): asked to resize
 * once the frame with the new content is laid out, it measures again. */
static void
resize_list_later (RdFileCard *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  GWeakRef *ref;

  if (list == NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, list);
  g_timeout_add_full (G_PRIORITY_LOW, 50, resize_later_cb, ref, free_weak_ref);
}

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = rd_thumbnail_load_finish (result, &error);
  RdFileCard *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_FILE_CARD (user_data);
  if (texture == NULL)
    {
      g_debug ("no thumbnail: %s", error->message);
      return;
    }
  gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  gtk_widget_set_size_request (GTK_WIDGET (self->thumbnail), gdk_texture_get_width (texture),
                               gdk_texture_get_height (texture));
  gtk_widget_set_visible (self->thumbnail_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);
  resize_list_later (self);
}

static void
update_thumbnail (RdFileCard *self)
{
  if (self->thumbnail_tried || !is_kind (self->transfer, "image/") || !file_is_whole (self->transfer))
    return;
  self->thumbnail_tried = TRUE;
  self->thumbnail_cancellable = g_cancellable_new ();
  rd_thumbnail_load_async (rd_transfer_get_file (self->transfer), THUMBNAIL_SIZE, self->thumbnail_cancellable,
                           thumbnail_cb, self);
}

/* Without a media backend (GTK's GStreamer module) or a decoder for the
 * format, the stream has an error: then the card offers Open only. */
static void
sound_error_cb (RdFileCard *self)
{
  const GError *error = gtk_media_stream_get_error (self->sound);

  if (error == NULL)
    return;
  g_debug ("cannot play %s here: %s", rd_transfer_get_name (self->transfer), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->player), FALSE);
  resize_list_later (self);
}

/* Sound (a voice message, a recording of a noise) plays in place. */
static void
update_player (RdFileCard *self)
{
  if (self->sound != NULL || !is_kind (self->transfer, "audio/") || !file_is_whole (self->transfer))
    return;
  self->sound = gtk_media_file_new_for_file (rd_transfer_get_file (self->transfer));
  g_signal_connect_swapped (self->sound, "notify::error", G_CALLBACK (sound_error_cb), self);
  gtk_media_controls_set_media_stream (self->player, self->sound);
  gtk_widget_set_visible (GTK_WIDGET (self->player), TRUE);
  sound_error_cb (self);
  resize_list_later (self);
}

static void
forget_sound (RdFileCard *self)
{
  if (self->sound == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->sound, self);
  gtk_media_stream_pause (self->sound);
  gtk_media_controls_set_media_stream (self->player, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->player), FALSE);
  g_clear_object (&self->sound);
}

static void
set_action (RdFileCard *self,
            const char *action,
            GtkWidget  *button,
            gboolean    possible)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, possible);
  gtk_widget_set_visible (button, possible);
}

/* The sender learns the type while it hashes the file: until then, and
 * for types the icon theme does not know, a plain document. */
static void
update_icon (RdFileCard *self)
{
  const char *mime = rd_transfer_get_mime (self->transfer);
  g_autofree char *content_type = mime && *mime ? g_content_type_from_mime_type (mime) : NULL;
  g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type ? content_type : "text/plain");

  if (G_IS_THEMED_ICON (icon))
    g_themed_icon_append_name (G_THEMED_ICON (icon), "text-x-generic-symbolic");
  gtk_image_set_from_gicon (self->icon, icon);
}

static void
update (RdFileCard *self)
{
  RdTransfer *transfer = self->transfer;
  RdTransferState state = rd_transfer_get_state (transfer);
  gboolean outgoing = rd_transfer_is_outgoing (transfer);
  gboolean whole = file_is_whole (transfer);
  g_autofree char *status = status_text (transfer);
  g_autofree char *path = path_text (transfer);
  gboolean offer_open, running;

  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->path_label, path ? path : "");
  gtk_widget_set_visible (GTK_WIDGET (self->path_label), path != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), state == RD_TRANSFER_MOVING || state == RD_TRANSFER_CONNECTING);
  if (rd_transfer_get_size (transfer) > 0)
    gtk_progress_bar_set_fraction (self->progress,
                                   (double) rd_transfer_get_bytes (transfer) / rd_transfer_get_size (transfer));
  if (state == RD_TRANSFER_FAILED || state == RD_TRANSFER_CANCELLED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  offer_open = !outgoing && state == RD_TRANSFER_OFFERED;
  running = !rd_transfer_is_finished (transfer) && !offer_open;
  /* What cannot be done now is not shown at all, as in other messengers. */
  set_action (self, "file.accept", self->accept_button, offer_open);
  set_action (self, "file.decline", self->decline_button, offer_open);
  set_action (self, "file.cancel", self->cancel_button, running);
  set_action (self, "file.leave", self->leave_button, rd_transfer_can_leave_with_relay (transfer));
  set_action (self, "file.open", self->open_button, whole);
  set_action (self, "file.show-in-folder", self->folder_button, whole);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "file.view", whole && is_kind (transfer, "image/"));
  update_thumbnail (self);
  update_player (self);
}

/* What the card shows beside the bytes moving changes only with the state
 * (its buttons, the progress bar, the type once the sender knows it) and
 * with the path (its label): then the row may need another height. */
static void
shape_changed_cb (RdFileCard *self)
{
  update_icon (self);
  resize_list_later (self);
}

void
rd_file_card_bind (RdFileCard *self,
                   RdTransfer *transfer)
{
  g_return_if_fail (RD_IS_FILE_CARD (self));

  if (self->transfer)
    g_signal_handlers_disconnect_by_data (self->transfer, self);
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->transfer);
  forget_sound (self);
  self->thumbnail_tried = FALSE;
  gtk_picture_set_paintable (self->thumbnail, NULL);
  gtk_widget_set_visible (self->thumbnail_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), TRUE);
  if (transfer == NULL)
    return;

  self->transfer = g_object_ref (transfer);
  gtk_label_set_text (self->name_label, rd_transfer_get_name (transfer));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), rd_transfer_get_name (transfer));
  g_signal_connect_swapped (transfer, "notify", G_CALLBACK (update), self);
  g_signal_connect_swapped (transfer, "notify::state", G_CALLBACK (shape_changed_cb), self);
  g_signal_connect_swapped (transfer, "notify::path", G_CALLBACK (shape_changed_cb), self);
  update_icon (self);
  update (self);
}

RdTransfer *
rd_file_card_get_transfer (RdFileCard *self)
{
  g_return_val_if_fail (RD_IS_FILE_CARD (self), NULL);
  return self->transfer;
}

gboolean
rd_file_card_has_thumbnail (RdFileCard *self)
{
  g_return_val_if_fail (RD_IS_FILE_CARD (self), FALSE);
  return gtk_widget_get_visible (self->thumbnail_button) && gtk_picture_get_paintable (self->thumbnail) != NULL;
}

GtkMediaStream *
rd_file_card_get_sound (RdFileCard *self)
{
  g_return_val_if_fail (RD_IS_FILE_CARD (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->player)) ? self->sound : NULL;
}

const char *
rd_file_card_get_path_text (RdFileCard *self)
{
  g_return_val_if_fail (RD_IS_FILE_CARD (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->path_label)) ? gtk_label_get_text (self->path_label) : NULL;
}

RdFileCard *
rd_file_card_new (void)
{
  return g_object_new (RD_TYPE_FILE_CARD, NULL);
}

/* ---- actions ---- */

static void
accept_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  RdFileCard *self = RD_FILE_CARD (widget);

  rd_application_accept_transfer (RD_APPLICATION (g_application_get_default ()), self->transfer);
}

static void
decline_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  RdFileCard *self = RD_FILE_CARD (widget);
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));

  if (transfers)
    rd_transfers_decline (transfers, self->transfer);
}

static void
cancel_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  RdFileCard *self = RD_FILE_CARD (widget);
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));

  if (transfers)
    rd_transfers_cancel (transfers, self->transfer);
}

static void
leave_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  RdFileCard *self = RD_FILE_CARD (widget);
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));

  if (transfers)
    rd_transfers_leave_with_relay (transfers, self->transfer);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  rd_file_launch_open (widget, rd_transfer_get_file (RD_FILE_CARD (widget)->transfer));
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *parameter)
{
  rd_file_launch_show_in_folder (widget, rd_transfer_get_file (RD_FILE_CARD (widget)->transfer));
}

static void
view_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  rd_image_viewer_show (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                        rd_transfer_get_file (RD_FILE_CARD (widget)->transfer));
}

static void
rd_file_card_dispose (GObject *object)
{
  RdFileCard *self = RD_FILE_CARD (object);

  rd_file_card_bind (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_FILE_CARD);
  G_OBJECT_CLASS (rd_file_card_parent_class)->dispose (object);
}

static void
rd_file_card_class_init (RdFileCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_file_card_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-file-card.ui");
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, thumbnail_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, icon);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, path_label);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, player);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, progress);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, accept_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, decline_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, leave_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, open_button);
  gtk_widget_class_bind_template_child (widget_class, RdFileCard, folder_button);
  gtk_widget_class_install_action (widget_class, "file.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "file.decline", NULL, decline_action);
  gtk_widget_class_install_action (widget_class, "file.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "file.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "file.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "file.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "file.view", NULL, view_action);
}

static void
rd_file_card_init (RdFileCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
