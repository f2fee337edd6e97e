/* rd-support-bar.c: one line above the messages: what the request is about
 * and the agent's actions on it. Notes go to the relay as request_note
 * (staff only); canned replies come from the relay and land in the
 * composer, where the agent can still edit them. */
#define G_LOG_DOMAIN "rd-support-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-support-bar.h"

struct _RdSupportBar
{
  GtkBox      parent_instance;

  GtkLabel   *summary_label;
  GtkEntry   *note_entry;
  GtkWidget  *note_button;
  GtkWidget  *canned_button;
  GtkWidget  *resolve_button;
  GtkWidget  *transfer_button;
  GtkEntry   *transfer_agent;
  GtkEntry   *transfer_topic;
  GtkEntry   *transfer_note;
  GtkWidget  *transfer_go;
  GtkLabel   *status_label;

  RdClient   *client;
  gint64      request;
  char       *wanted_canned;   /* a title to insert once the list is in */
};

G_DEFINE_FINAL_TYPE (RdSupportBar, rd_support_bar, GTK_TYPE_BOX)

enum { SIGNAL_INSERT_TEXT, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_status (RdSupportBar *self,
             const char   *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

typedef struct {
  RdSupportBar *self;
  gboolean      finishes;
  char         *done_text;
} Pending;

static void
acted_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("That did not work: %s"), error->message);
      show_status (pending->self, text);
    }
  else
    {
      show_status (pending->self, pending->done_text);
      if (pending->finishes)
        g_signal_emit (pending->self, signals[SIGNAL_FINISHED], 0);
    }
  g_object_unref (pending->self);
  g_free (pending->done_text);
  g_free (pending);
}

static void
act (RdSupportBar *self,
     JsonObject   *frame,
     gboolean      finishes,
     const char   *done_text)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->finishes = finishes;
  pending->done_text = g_strdup (done_text);
  json_object_set_int_member (frame, "request", self->request);
  rd_client_request_async (self->client, frame, NULL, acted_cb, pending);
}

static void
resolve_clicked_cb (RdSupportBar *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_RESOLVE, NULL);

  act (self, frame, TRUE, _("Resolved. The requester is asked for a rating."));
}

static void
transfer_clicked_cb (RdSupportBar *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_TRANSFER, NULL);
  g_autofree char *agent = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transfer_agent))));
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transfer_topic))));
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->transfer_button));

  if (*agent == '\0' && *topic == '\0')
    {
      show_status (self, _("Name an agent or a topic to transfer to."));
      return;
    }
  if (*agent)
    json_object_set_string_member (frame, "to_agent", agent);
  if (*topic)
    json_object_set_string_member (frame, "to_topic", topic);
  json_object_set_string_member (frame, "note", gtk_editable_get_text (GTK_EDITABLE (self->transfer_note)));
  gtk_popover_popdown (popover);
  act (self, frame, TRUE, _("Transferred."));
}

gboolean
rd_support_bar_transfer (RdSupportBar *self,
                         const char   *agent,
                         const char   *topic,
                         const char   *note)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->transfer_agent), agent ? agent : "");
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_topic), topic ? topic : "");
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_note), note ? note : "");
  /* A button in a popover that is not open cannot be activated. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->transfer_button));
  return gtk_widget_activate (self->transfer_go);
}

static void
note_clicked_cb (RdSupportBar *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_NOTE, NULL);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));

  if (*text == '\0')
    return;
  json_object_set_string_member (frame, "text", text);
  act (self, frame, FALSE, _("Note saved (only support staff see it)."));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

static void
canned_clicked_cb (RdSupportBar *self,
                   GtkButton    *button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->canned_button));

  g_signal_emit (self, signals[SIGNAL_INSERT_TEXT], 0, g_object_get_data (G_OBJECT (button), "body"));
  if (popover)
    gtk_popover_popdown (popover);
}

static void
canned_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdSupportBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *replies;
  GtkWidget *box;

  if (reply == NULL)
    {
      show_status (self, error->message);
      return;
    }
  replies = json_object_get_array_member (reply, "replies");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint i = 0; i < json_array_get_length (replies); i++)
    {
      JsonObject *item = json_array_get_object_element (replies, i);
      const char *title = rd_frame_get_string (item, "title", "");
      const char *body = rd_frame_get_string (item, "body", "");
      GtkWidget *button;

      if (self->wanted_canned != NULL && g_str_equal (title, self->wanted_canned))
        {
          g_clear_pointer (&self->wanted_canned, g_free);
          g_signal_emit (self, signals[SIGNAL_INSERT_TEXT], 0, body);
        }
      button = gtk_button_new_with_label (title);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, body);
      g_object_set_data_full (G_OBJECT (button), "body", g_strdup (body), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (canned_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), button);
    }
  if (json_array_get_length (replies) == 0)
    gtk_box_append (GTK_BOX (box), gtk_label_new (_("No canned replies yet")));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->canned_button), gtk_popover_new ());
  gtk_popover_set_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->canned_button)), box);
}

static void
load_canned (RdSupportBar *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_LIST, NULL);

  rd_client_request_async (self->client, frame, NULL, canned_cb, g_object_ref (self));
}

void
rd_support_bar_use_canned (RdSupportBar *self,
                           const char   *title)
{
  g_return_if_fail (RD_IS_SUPPORT_BAR (self));

  g_free (self->wanted_canned);
  self->wanted_canned = g_strdup (title);
  load_canned (self);
}

gboolean
rd_support_bar_resolve (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  return gtk_widget_activate (self->resolve_button);
}

gboolean
rd_support_bar_add_note (RdSupportBar *self,
                         const char   *text)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), text);
  return gtk_widget_activate (self->note_button);
}

gint64
rd_support_bar_get_request (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), 0);
  return self->request;
}

RdSupportBar *
rd_support_bar_new (RdClient   *client,
                    gint64      request_id,
                    const char *summary)
{
  RdSupportBar *self = g_object_new (RD_TYPE_SUPPORT_BAR, NULL);
  g_autofree char *text = NULL;

  self->client = g_object_ref (client);
  self->request = request_id;
  /* Translators: %s is what the requester asked about. */
  text = g_strdup_printf (_("Support request: %s"), summary);
  gtk_label_set_text (self->summary_label, text);
  load_canned (self);
  return self;
}

static void
rd_support_bar_dispose (GObject *object)
{
  RdSupportBar *self = RD_SUPPORT_BAR (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->wanted_canned, g_free);
  G_OBJECT_CLASS (rd_support_bar_parent_class)->dispose (object);
}

static void
rd_support_bar_class_init (RdSupportBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_support_bar_dispose;
  signals[SIGNAL_INSERT_TEXT] =
    g_signal_new ("insert-text", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_support_bar_init (RdSupportBar *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "support-bar");
  g_object_set (self, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, "spacing", 4, NULL);

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_ellipsize (self->summary_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "heading");
  self->note_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->note_entry, _("Internal note (never shown to the requester)"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->note_entry), TRUE);
  self->note_button = gtk_button_new_with_mnemonic (_("Add _Note"));
  self->canned_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->canned_button), _("Canned Replies"));
  self->resolve_button = gtk_button_new_with_mnemonic (_("_Resolve"));
  {
    GtkWidget *form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *popover = gtk_popover_new ();

    self->transfer_agent = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->transfer_agent, _("To an agent (user name)"));
    self->transfer_topic = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->transfer_topic, _("Or to a topic"));
    self->transfer_note = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->transfer_note, _("A note for whoever takes it"));
    self->transfer_go = gtk_button_new_with_mnemonic (_("_Transfer"));
    gtk_widget_add_css_class (self->transfer_go, "suggested-action");
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->transfer_agent));
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->transfer_topic));
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->transfer_note));
    gtk_box_append (GTK_BOX (form), self->transfer_go);
    gtk_popover_set_child (GTK_POPOVER (popover), form);
    self->transfer_button = gtk_menu_button_new ();
    gtk_menu_button_set_label (GTK_MENU_BUTTON (self->transfer_button), _("Transfer"));
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->transfer_button), popover);
    g_signal_connect_swapped (self->transfer_go, "clicked", G_CALLBACK (transfer_clicked_cb), self);
  }
  gtk_widget_add_css_class (self->resolve_button, "suggested-action");
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);

  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->note_entry));
  gtk_box_append (GTK_BOX (row), self->note_button);
  gtk_box_append (GTK_BOX (row), self->canned_button);
  gtk_box_append (GTK_BOX (row), self->transfer_button);
  gtk_box_append (GTK_BOX (row), self->resolve_button);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (self), row);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_label));

  g_signal_connect_swapped (self->resolve_button, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  g_signal_connect_swapped (self->note_button, "clicked", G_CALLBACK (note_clicked_cb), self);
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (note_clicked_cb), self);
}
