/* rd-conversation-page.c: the messages of one conversation in a GtkListView
 * (only visible rows exist, so 100,000 messages stay smooth), older pages
 * loaded from the relay when scrolled to the top, and a composer where
 * Enter sends and Shift+Enter starts a new line. */
#define G_LOG_DOMAIN "rd-conversation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-attachment-tray.h"
#include "rd-pasted-files.h"
#include "rd-voice-bar.h"
#include "rd-voice-recorder.h"
#include "rd-conversation-page-private.h"
#include "rd-message-row.h"
#include "rd-presence.h"

#define HISTORY_PAGE       50
#define REVEAL_MAX_PAGES   400
#define TYPING_IDLE_S      5

struct _RdConversationPage
{
  GtkBox          parent_instance;

  GtkScrolledWindow *scroller;
  GtkListView    *list_view;
  GtkRevealer    *typing_revealer;
  GtkLabel       *typing_label;
  GtkTextView    *composer;
  GtkWidget      *send_button;
  RdAttachmentTray *attachment_tray;
  RdVoiceBar   *voice_bar;
  GtkWidget    *voice_button;

  RdClient       *client;
  RdConversation *conversation;
  char           *peer;
  char           *title;
  char           *subtitle;
  GCancellable   *cancellable;
  gboolean        loading_history;
  gboolean        stick_to_bottom;
  double          upper_before_prepend;
  gint64          user_scroll_until;
  guint           stick_source;
  gboolean        typing_sent;
  guint           typing_timeout;
  char           *reveal_uuid;     /* a search result to bring into view */
  RdSupportBar   *support_bar;     /* when this conversation is a support request (agent side) */
  GtkRevealer    *side_revealer;   /* the support bar's side panel: the requester's computer */
  GBinding       *side_binding;
  guint           reveal_pages_left;
};

G_DEFINE_FINAL_TYPE (RdConversationPage, rd_conversation_page, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_UNREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- rows ---- */

static void
bind_row (GtkListItem *item)
{
  RdMessageRow *row = RD_MESSAGE_ROW (gtk_list_item_get_child (item));
  RdConversationPage *self = g_object_get_data (G_OBJECT (item), "page");
  RdMessage *message = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  g_autoptr(RdMessage) previous = NULL;

  if (message == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  if (position > 0)
    previous = g_list_model_get_item (rd_conversation_get_messages (self->conversation), position - 1);
  rd_message_row_bind (row, message, previous);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RdConversationPage       *self)
{
  gtk_list_item_set_child (item, GTK_WIDGET (rd_message_row_new ()));
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  g_object_set_data (G_OBJECT (item), "page", self);
  /* Older messages prepended move this row: its day heading may change. */
  g_signal_connect (item, "notify::position", G_CALLBACK (bind_row), NULL);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  bind_row (item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  rd_message_row_unbind (RD_MESSAGE_ROW (gtk_list_item_get_child (item)));
}

/* ---- scrolling ---- */

static gboolean
at_bottom (RdConversationPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 24;
}

/* Only the user lets go of the bottom (wheel, touchpad, scrollbar, keys).
 * GtkListView moves the value by itself when rows above change size (a
 * thumbnail that arrives, buttons that come and go): that must not. */
#define USER_SCROLL_US (500 * 1000)

/* Outside the list's size allocation: GTK 4.8's list view keeps its place
 * by an anchor row, so a value set on the adjustment while it lays itself
 * out is kept by the adjustment but not by the list, which goes on showing
 * the old place. A value it already has changes nothing, hence the step
 * back first. */
static gboolean
stick_again_cb (gpointer data)
{
  RdConversationPage *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->stick_source = 0;
  if (self->stick_to_bottom && bottom > 0)
    {
      gtk_adjustment_set_value (adj, bottom - 1);
      gtk_adjustment_set_value (adj, bottom);
    }
  return G_SOURCE_REMOVE;
}

static void
stick_again (RdConversationPage *self)
{
  if (self->stick_source == 0)
    self->stick_source = g_idle_add (stick_again_cb, self);
}

static void
adjustment_changed_cb (RdConversationPage *self,
                       GtkAdjustment      *adj)
{
  double upper = gtk_adjustment_get_upper (adj);


  if (self->upper_before_prepend > 0)
    {
      /* Keep the message the user was reading where it was. */
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + upper - self->upper_before_prepend);
      self->upper_before_prepend = 0;
    }
  else if (self->stick_to_bottom)
    {
      gtk_adjustment_set_value (adj, upper - gtk_adjustment_get_page_size (adj));
      stick_again (self);
    }
}

static void
value_changed_cb (RdConversationPage *self)
{
  if (at_bottom (self))
    self->stick_to_bottom = TRUE;
  else if (g_get_monotonic_time () < self->user_scroll_until)
    self->stick_to_bottom = FALSE;
  else if (self->stick_to_bottom && self->upper_before_prepend == 0)
    stick_again (self);
}

static void
user_scrolls (RdConversationPage *self)
{
  self->user_scroll_until = g_get_monotonic_time () + USER_SCROLL_US;
}

static gboolean
user_scroll_cb (RdConversationPage *self)
{
  user_scrolls (self);
  return FALSE;   /* the scrolled window still scrolls */
}

static void
watch_user_scrolling (RdConversationPage *self)
{
  GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect_object (wheel, "scroll", G_CALLBACK (user_scroll_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wheel, "decelerate", G_CALLBACK (user_scrolls), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), wheel);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (user_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);
  /* Dragging the scrollbar, or a touchscreen. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (user_scrolls), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (user_scrolls), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (drag));
}

static void try_reveal (RdConversationPage *self);

static void
history_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  RdConversationPage *self;
  gint added = rd_client_load_history_finish (RD_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_CONVERSATION_PAGE (user_data);
  self->loading_history = FALSE;
  if (added < 0)
    g_debug ("history of %s not loaded: %s", self->peer, error->message);
  if (self->reveal_uuid != NULL)
    try_reveal (self);
}

static void
load_older (RdConversationPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (self->loading_history || !rd_conversation_get_has_more (self->conversation) ||
      rd_client_get_state (self->client) != RD_CLIENT_ONLINE)
    return;
  self->loading_history = TRUE;
  if (g_list_model_get_n_items (rd_conversation_get_messages (self->conversation)) > 0 && !self->stick_to_bottom)
    self->upper_before_prepend = gtk_adjustment_get_upper (adj);
  rd_client_load_history_async (self->client, self->conversation, HISTORY_PAGE, self->cancellable,
                                history_done_cb, self);
}

static gint
find_message (RdConversationPage *self,
              const char         *uuid)
{
  GListModel *messages = rd_conversation_get_messages (self->conversation);
  guint n = g_list_model_get_n_items (messages);

  /* Search results are usually recent: look from the end. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(RdMessage) message = g_list_model_get_item (messages, i - 1);

      if (g_strcmp0 (rd_message_get_uuid (message), uuid) == 0)
        return (gint) (i - 1);
    }
  return -1;
}

/* Scrolls to the wanted message, loading older pages until it is there. */
static void
try_reveal (RdConversationPage *self)
{
  gint position = find_message (self, self->reveal_uuid);

  if (position >= 0)
    {
      self->stick_to_bottom = FALSE;
      self->upper_before_prepend = 0;
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) position);
      g_clear_pointer (&self->reveal_uuid, g_free);
      return;
    }
  if (self->reveal_pages_left == 0 || !rd_conversation_get_has_more (self->conversation))
    {
      g_clear_pointer (&self->reveal_uuid, g_free);
      return;
    }
  self->reveal_pages_left--;
  self->stick_to_bottom = FALSE;
  load_older (self);
}

void
rd_conversation_page_reveal_message (RdConversationPage *self,
                                     const char         *uuid,
                                     gint64              mid)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));
  g_return_if_fail (uuid != NULL);

  g_free (self->reveal_uuid);
  self->reveal_uuid = g_strdup (uuid);
  self->reveal_pages_left = REVEAL_MAX_PAGES;
  if (!self->loading_history)
    try_reveal (self);
}

gboolean
rd_conversation_page_is_message_loaded (RdConversationPage *self,
                                        const char         *uuid)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), FALSE);
  return find_message (self, uuid) >= 0;
}

static void
edge_reached_cb (RdConversationPage *self,
                 GtkPositionType     position)
{
  if (position == GTK_POS_TOP)
    load_older (self);
}

static void
client_state_cb (RdConversationPage *self)
{
  /* A tab restored before the connection was up fetches its history now. */
  if (rd_client_get_state (self->client) == RD_CLIENT_ONLINE &&
      g_list_model_get_n_items (rd_conversation_get_messages (self->conversation)) < HISTORY_PAGE)
    load_older (self);
}

/* ---- header, typing, unread ---- */

static void
update_header (RdConversationPage *self)
{
  RdContact *contact = rd_client_find_contact (self->client, self->peer);

  g_free (self->title);
  g_free (self->subtitle);
  if (contact)
    {
      const char *text = rd_contact_get_status_text (contact);

      self->title = g_strdup (rd_contact_get_display_name (contact));
      self->subtitle = text && *text
        ? g_strdup_printf ("%s — %s", rd_presence_label (rd_contact_get_status (contact)), text)
        : g_strdup (rd_presence_label (rd_contact_get_status (contact)));
    }
  else
    {
      self->title = g_strdup (rd_client_name_of (self->client, self->peer));
      self->subtitle = g_strdup ("");
    }
}

static void
peer_typing_cb (RdConversationPage *self)
{
  gboolean typing = rd_conversation_get_peer_typing (self->conversation);

  if (typing)
    {
      /* Translators: %s is a person's name. */
      g_autofree char *text = g_strdup_printf (_("%s is typing…"), self->title);
      gtk_label_set_text (self->typing_label, text);
    }
  gtk_revealer_set_reveal_child (self->typing_revealer, typing);
}

static void
unread_cb (RdConversationPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
  /* Messages that arrive while the user looks at this tab are read. */
  if (rd_conversation_get_unread (self->conversation) > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root)))
        rd_conversation_page_mark_read (self);
    }
}

/* ---- composer ---- */

static gboolean
typing_timeout_cb (gpointer data)
{
  RdConversationPage *self = data;

  self->typing_timeout = 0;
  if (self->typing_sent)
    {
      self->typing_sent = FALSE;
      rd_client_set_typing (self->client, self->peer, FALSE);
    }
  return G_SOURCE_REMOVE;
}

static void
composer_changed_cb (RdConversationPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);

  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  if (gtk_text_buffer_get_char_count (buffer) == 0)
    {
      typing_timeout_cb (self);
      return;
    }
  if (!self->typing_sent && rd_client_get_state (self->client) == RD_CLIENT_ONLINE)
    {
      self->typing_sent = TRUE;
      rd_client_set_typing (self->client, self->peer, TRUE);
    }
  self->typing_timeout = g_timeout_add_seconds (TYPING_IDLE_S, typing_timeout_cb, self);
}

static void
send_from_composer (RdConversationPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_autoptr(GPtrArray) files = NULL;
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  if (*text == '\0' && rd_attachment_tray_get_n_files (self->attachment_tray) == 0)
    return;
  /* Sent now if online; otherwise shown as pending and sent on reconnect. */
  if (*text != '\0')
    rd_client_send_message (self->client, self->peer, text);
  gtk_text_buffer_set_text (buffer, "", 0);
  /* Files follow the words they come with, each in its own transfer. */
  files = rd_attachment_tray_take_files (self->attachment_tray);
  for (guint i = 0; transfers != NULL && i < files->len; i++)
    rd_transfers_send_file (transfers, self->peer, g_ptr_array_index (files, i));
  self->stick_to_bottom = TRUE;
}

/* ---- voice messages: the bar records, the page sends ---- */

/* Cancel (Escape) works while the bar is out; when it goes, typing goes on. */
static void
voice_shown_cb (RdConversationPage *self)
{
  gboolean shown = rd_voice_bar_is_shown (self->voice_bar);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.cancel-voice", shown);
  if (!shown)
    gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
voice_recorded_cb (RdConversationPage *self,
                   GFile              *file)
{
  RdTransfers *transfers = rd_application_get_transfers (RD_APPLICATION (g_application_get_default ()));

  if (transfers)
    rd_transfers_send_file (transfers, self->peer, file);
  self->stick_to_bottom = TRUE;
}

/* Starts a recording, or (when one runs) stops it and sends it. */
static void
record_voice_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  rd_voice_bar_record_or_send (RD_CONVERSATION_PAGE (widget)->voice_bar);
}

static void
cancel_voice_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  rd_voice_bar_cancel (RD_CONVERSATION_PAGE (widget)->voice_bar);
}

RdVoiceBar *
rd_conversation_page_get_voice_bar (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->voice_bar;
}

/* ---- attachments: the button, paste and drop ---- */

static void
attachments_changed_cb (RdConversationPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
attach_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  RdConversationPage *self = RD_CONVERSATION_PAGE (widget);

  rd_attachment_tray_choose_files (self->attachment_tray);
}

void
rd_conversation_page_attach (RdConversationPage *self,
                             GFile              *file)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));
  rd_attachment_tray_add (self->attachment_tray, file);
}

guint
rd_conversation_page_get_n_attachments (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), 0);
  return rd_attachment_tray_get_n_files (self->attachment_tray);
}

static RdFileCard *
find_card_under (GtkWidget  *widget,
                 const char *transfer_id)
{
  RdTransfer *transfer;

  if (RD_IS_FILE_CARD (widget))
    {
      transfer = rd_file_card_get_transfer (RD_FILE_CARD (widget));
      return transfer && gtk_widget_get_visible (widget) &&
             g_str_equal (rd_transfer_get_id (transfer), transfer_id) ? RD_FILE_CARD (widget) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      RdFileCard *card = find_card_under (child, transfer_id);

      if (card)
        return card;
    }
  return NULL;
}

RdFileCard *
rd_conversation_page_find_file_card (RdConversationPage *self,
                                     const char         *transfer_id)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  g_return_val_if_fail (transfer_id != NULL, NULL);
  return find_card_under (GTK_WIDGET (self->list_view), transfer_id);
}

void
rd_conversation_page_paste (RdConversationPage *self)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));
  g_signal_emit_by_name (self->composer, "paste-clipboard");
}

static void
send_clicked_cb (RdConversationPage *self)
{
  send_from_composer (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static gboolean
composer_key_cb (RdConversationPage    *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0)
    {
      send_from_composer (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- public ---- */

RdConversationPage *
rd_conversation_page_new (RdClient   *client,
                          const char *peer)
{
  RdConversationPage *self;
  GtkListItemFactory *factory;
  GtkNoSelection *selection;
  GtkAdjustment *adj;
  RdContact *contact;

  g_return_val_if_fail (RD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  self = g_object_new (RD_TYPE_CONVERSATION_PAGE, NULL);
  self->client = g_object_ref (client);
  self->peer = g_strdup (peer);
  self->conversation = g_object_ref (rd_client_get_conversation (client, peer, TRUE));
  self->cancellable = g_cancellable_new ();
  self->stick_to_bottom = TRUE;
  update_header (self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (rd_conversation_get_messages (self->conversation)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (selection);
  g_object_unref (factory);

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scroller, "edge-reached", G_CALLBACK (edge_reached_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::peer-typing", G_CALLBACK (peer_typing_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation, "notify::unread", G_CALLBACK (unread_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (client_state_cb), self, G_CONNECT_SWAPPED);
  contact = rd_client_find_contact (client, peer);
  if (contact)
    g_signal_connect_object (contact, "notify", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->composer), "changed",
                           G_CALLBACK (composer_changed_cb), self, G_CONNECT_SWAPPED);
  client_state_cb (self);
  return self;
}

const char *
rd_conversation_page_get_peer (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->peer;
}

RdConversation *
rd_conversation_page_get_conversation (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->conversation;
}

const char *
rd_conversation_page_get_title (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->title;
}

const char *
rd_conversation_page_get_subtitle (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->subtitle;
}

guint
rd_conversation_page_get_unread (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), 0);
  return rd_conversation_get_unread (self->conversation);
}

void
rd_conversation_page_mark_read (RdConversationPage *self)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));
  if (rd_conversation_get_unread (self->conversation) > 0)
    rd_client_mark_read (self->client, self->conversation);
}

void
rd_conversation_page_focus_composer (RdConversationPage *self)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
support_insert_cb (RdConversationPage *self,
                   const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
support_finished_cb (RdConversationPage *self)
{
  rd_conversation_page_set_support_bar (self, NULL);
}

void
rd_conversation_page_set_support_bar (RdConversationPage *self,
                                      RdSupportBar       *bar)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));

  if (self->support_bar != NULL)
    {
      g_clear_pointer (&self->side_binding, g_binding_unbind);
      gtk_revealer_set_reveal_child (self->side_revealer, FALSE);
      gtk_revealer_set_child (self->side_revealer, NULL);
      gtk_box_remove (GTK_BOX (self), GTK_WIDGET (self->support_bar));
      self->support_bar = NULL;
    }
  if (bar == NULL)
    return;
  self->support_bar = bar;
  gtk_box_prepend (GTK_BOX (self), GTK_WIDGET (bar));
  gtk_revealer_set_child (self->side_revealer, rd_support_bar_get_facts_panel (bar));
  self->side_binding = g_object_bind_property (rd_support_bar_get_facts_button (bar), "active",
                                               self->side_revealer, "reveal-child", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (bar, "insert-text", G_CALLBACK (support_insert_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bar, "finished", G_CALLBACK (support_finished_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

RdSupportBar *
rd_conversation_page_get_support_bar (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  return self->support_bar;
}

char *
rd_conversation_page_get_draft (RdConversationPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), NULL);
  buffer = gtk_text_view_get_buffer (self->composer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
rd_conversation_page_type_and_send (RdConversationPage *self,
                                    const char         *text)
{
  g_return_if_fail (RD_IS_CONVERSATION_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), text, -1);
  gtk_widget_activate (self->send_button);
}

gboolean
rd_conversation_page_is_typing_shown (RdConversationPage *self)
{
  g_return_val_if_fail (RD_IS_CONVERSATION_PAGE (self), FALSE);
  return gtk_revealer_get_reveal_child (self->typing_revealer);
}

static void
rd_conversation_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RdConversationPage *self = RD_CONVERSATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_UNREAD:
      g_value_set_uint (value, self->conversation ? rd_conversation_get_unread (self->conversation) : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_conversation_page_dispose (GObject *object)
{
  RdConversationPage *self = RD_CONVERSATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->typing_sent && self->client)
    rd_client_set_typing (self->client, self->peer, FALSE);
  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  g_clear_handle_id (&self->stick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CONVERSATION_PAGE);
  g_clear_object (&self->conversation);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_conversation_page_parent_class)->dispose (object);
}

static void
rd_conversation_page_finalize (GObject *object)
{
  RdConversationPage *self = RD_CONVERSATION_PAGE (object);

  g_free (self->peer);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->reveal_uuid);
  G_OBJECT_CLASS (rd_conversation_page_parent_class)->finalize (object);
}

static void
rd_conversation_page_class_init (RdConversationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rd_conversation_page_get_property;
  object_class->dispose = rd_conversation_page_dispose;
  object_class->finalize = rd_conversation_page_finalize;

  properties[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RD_TYPE_ATTACHMENT_TRAY);
  g_type_ensure (RD_TYPE_VOICE_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/relaydesk/Relaydesk/rd-conversation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, side_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, typing_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, typing_label);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, composer);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, attachment_tray);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, voice_bar);
  gtk_widget_class_bind_template_child (widget_class, RdConversationPage, voice_button);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, attachments_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, voice_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, voice_recorded_cb);
  gtk_widget_class_install_action (widget_class, "conversation.attach", NULL, attach_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "conversation.attach", NULL);
  gtk_widget_class_install_action (widget_class, "conversation.record-voice", NULL, record_voice_action);
  gtk_widget_class_install_action (widget_class, "conversation.cancel-voice", NULL, cancel_voice_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "conversation.record-voice", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "conversation.cancel-voice", NULL);
}

static void
rd_conversation_page_init (RdConversationPage *self)
{
  GtkEventController *keys;
  gboolean can_record;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Pasted pictures and files, and files dropped anywhere on the tab,
   * wait above the composer for Send. */
  rd_attachment_tray_take_pastes_from (self->attachment_tray, GTK_WIDGET (self->composer));
  rd_attachment_tray_take_drops_on (self->attachment_tray, GTK_WIDGET (self));
  watch_user_scrolling (self);
  /* Where this build or desktop cannot record, there is no microphone button. */
  can_record = rd_voice_recorder_is_available ();
  gtk_widget_set_visible (self->voice_button, can_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.record-voice", can_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conversation.cancel-voice", FALSE);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (composer_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->composer), keys);
}
