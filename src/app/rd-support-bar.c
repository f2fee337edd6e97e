/* rd-support-bar.c: one line above the messages: what the request is about
 * and the agent's actions on it (the "bar.*" actions). Notes go to staff
 * only; canned replies come from the desk's model and land in the
 * composer ("insert-text"), where the agent can still edit them. The
 * requester's other requests and, when agents held this one before, its
 * earlier part open as transcripts. What the requester sent about their
 * computer fills a side panel, shown as soon as there is something in it. */
#define G_LOG_DOMAIN "rd-support-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-facts-panel.h"
#include "rd-history-window.h"
#include "rd-support-bar-private.h"
#include "rd-support-labels.h"

struct _RdSupportBar
{
  GtkBox            parent_instance;

  GtkLabel         *summary_label;
  GtkEntry         *note_entry;
  GtkWidget        *note_button;
  GtkWidget        *canned_button;
  GtkPopover       *canned_popover;
  GtkListBox       *canned_list;
  GtkWidget        *resolve_button;
  GtkWidget        *transfer_button;
  GtkEntry         *transfer_agent;
  GtkEntry         *transfer_topic;
  GtkEntry         *transfer_note;
  GtkWidget        *transfer_go;
  GtkLabel         *status_label;
  GtkMenuButton    *earlier_button;
  GtkPopover       *earlier_popover;
  GtkListBox       *earlier_list;
  GtkButton        *earlier_part_button;
  GtkToggleButton  *facts_button;
  GtkWidget        *screenshot_button;
  GtkWidget        *facts_panel;     /* placed by the conversation; ours */

  RdSupportDesk    *desk;
  RdSupportRequest *request;
  GListModel       *canned;
  char             *wanted_canned;   /* a title to insert once the list has it */
  GListStore       *earlier;         /* the requester's other requests, newest first */
  GCancellable     *cancellable;
  RdHistoryWindow  *transcript;      /* the last one opened, while open */
  char             *me;              /* this client's user name */
  gboolean          taken_away;
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

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
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

static Pending *
pending_new (RdSupportBar *self,
             gboolean      finishes,
             const char   *done_text)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->finishes = finishes;
  pending->done_text = g_strdup (done_text);
  return pending;
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdSupportBar *self = RD_SUPPORT_BAR (widget);

  rd_support_desk_resolve_async (self->desk, rd_support_request_get_id (self->request), NULL, acted_cb,
                                 pending_new (self, TRUE, _("Resolved. The requester is asked for a rating.")));
}

static void
ask_screenshot_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RdSupportBar *self = RD_SUPPORT_BAR (widget);
  /* Translators: %s is the requester's name. */
  g_autofree char *text = g_strdup_printf (_("Asked %s for a screenshot."),
                                           rd_support_request_get_requester_name (self->request));

  rd_support_desk_ask_screenshot_async (self->desk, rd_support_request_get_id (self->request), NULL, acted_cb,
                                        pending_new (self, FALSE, text));
}

/* The requester's answer; the picture itself comes as a file. */
static void
screenshot_answered_cb (RdSupportBar     *self,
                        RdSupportRequest *request,
                        gboolean          shared)
{
  g_autofree char *text = NULL;

  if (request != self->request)
    return;
  text = shared
         /* Translators: %s is the requester's name. */
         ? g_strdup_printf (_("%s is sending a screenshot."), rd_support_request_get_requester_name (self->request))
         /* Translators: %s is the requester's name. */
         : g_strdup_printf (_("%s did not share a screenshot."), rd_support_request_get_requester_name (self->request));
  show_status (self, text);
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdSupportBar *self = RD_SUPPORT_BAR (widget);
  g_autofree char *agent = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transfer_agent))));
  g_autofree char *topic = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->transfer_topic))));

  if (*agent == '\0' && *topic == '\0')
    {
      show_status (self, _("Name an agent or a topic to transfer to."));
      return;
    }
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->transfer_button)));
  rd_support_desk_transfer_async (self->desk, rd_support_request_get_id (self->request), agent, topic,
                                  gtk_editable_get_text (GTK_EDITABLE (self->transfer_note)), NULL, acted_cb,
                                  pending_new (self, TRUE, _("Transferred.")));
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
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdSupportBar *self = RD_SUPPORT_BAR (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));

  if (*text == '\0')
    return;
  rd_support_desk_add_note_async (self->desk, rd_support_request_get_id (self->request), text, NULL, acted_cb,
                                  pending_new (self, FALSE, _("Note saved (only support staff see it).")));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

static void
note_entry_activate_cb (RdSupportBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "bar.note", NULL);
}

static void
canned_row_activated_cb (RdSupportBar  *self,
                         GtkListBoxRow *row)
{
  g_autoptr(RdCannedReply) reply = g_list_model_get_item (self->canned, gtk_list_box_row_get_index (row));

  if (reply == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_INSERT_TEXT], 0, rd_canned_reply_get_body (reply));
  gtk_popover_popdown (self->canned_popover);
}

static GtkWidget *
canned_row_new (gpointer item,
                gpointer user_data)
{
  RdCannedReply *reply = item;
  GtkWidget *label = gtk_label_new (rd_canned_reply_get_title (reply));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_tooltip_text (label, rd_canned_reply_get_body (reply));
  g_object_set (label, "margin-start", 8, "margin-end", 8, "margin-top", 6, "margin-bottom", 6, NULL);
  return label;
}

/* A canned reply asked for by title before the list had it. */
static void
insert_wanted (RdSupportBar *self)
{
  RdCannedReply *reply;

  if (self->wanted_canned == NULL ||
      (reply = rd_support_desk_find_canned_reply (self->desk, self->wanted_canned)) == NULL)
    return;
  g_clear_pointer (&self->wanted_canned, g_free);
  g_signal_emit (self, signals[SIGNAL_INSERT_TEXT], 0, rd_canned_reply_get_body (reply));
}

static void
canned_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RdSupportBar) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    show_status (self, error->message);
  insert_wanted (self);
}

void
rd_support_bar_use_canned (RdSupportBar *self,
                           const char   *title)
{
  g_return_if_fail (RD_IS_SUPPORT_BAR (self));

  g_free (self->wanted_canned);
  self->wanted_canned = g_strdup (title);
  rd_support_desk_refresh_canned_async (self->desk, NULL, canned_loaded_cb, g_object_ref (self));
}

gboolean
rd_support_bar_resolve (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  return gtk_widget_activate (self->resolve_button);
}

gboolean
rd_support_bar_ask_screenshot (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  return gtk_widget_activate (self->screenshot_button);
}

gboolean
rd_support_bar_add_note (RdSupportBar *self,
                         const char   *text)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), text);
  return gtk_widget_activate (self->note_button);
}

void
rd_support_bar_set_taken_away (RdSupportBar *self)
{
  const char *reason;
  g_autofree char *text = NULL;
  GtkWidget *tools[] = { GTK_WIDGET (self->note_entry), self->note_button, self->canned_button,
                         self->resolve_button, self->transfer_button, self->screenshot_button };

  g_return_if_fail (RD_IS_SUPPORT_BAR (self));

  reason = rd_support_request_get_reason (self->request);
  if (g_str_equal (reason, "taken_over"))
    /* Translators: %s is the supervisor who has the request now. */
    text = g_strdup_printf (_("%s took this request over. The conversation stays here."),
                            rd_support_request_get_agent_name (self->request));
  else if (g_str_equal (reason, "closed_by_supervisor"))
    text = g_strdup (_("A supervisor closed this request."));
  else
    text = g_strdup (_("A supervisor gave this request to someone else."));
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    gtk_widget_set_visible (tools[i], FALSE);
  show_status (self, text);
  self->taken_away = TRUE;
}

gboolean
rd_support_bar_is_taken_away (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), FALSE);
  return self->taken_away;
}

/* ---- the requester's earlier requests ---- */

static GtkWidget *
earlier_row_new (gpointer item,
                 gpointer user_data)
{
  RdSupportRequest *request = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = rd_support_request_outcome_text (request);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_support_request_get_summary (request));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
earlier_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = rd_support_desk_requests_of_finish (RD_SUPPORT_DESK (source), result, &error);
  RdSupportBar *self;
  g_autofree char *label = NULL;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_SUPPORT_BAR (user_data);
  if (requests == NULL)
    {
      g_debug ("cannot read earlier requests: %s", error->message);
      return;
    }
  for (guint i = 0; i < requests->len; i++)
    if (g_ptr_array_index (requests, i) != self->request)
      g_list_store_append (self->earlier, g_ptr_array_index (requests, i));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->earlier));
  /* Translators: how many earlier requests the requester made. */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Earlier Request", "%u Earlier Requests", n), n);
  gtk_menu_button_set_label (self->earlier_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->earlier_button), n > 0);
}

/* Opens @request's transcript (the last one opened is kept for tests). */
static void
open_transcript (RdSupportBar     *self,
                 RdSupportRequest *request)
{
  if (self->transcript != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->transcript), (gpointer *) &self->transcript);
  self->transcript = rd_history_window_new_transcript (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       self->desk, request);
  g_object_add_weak_pointer (G_OBJECT (self->transcript), (gpointer *) &self->transcript);
  gtk_window_present (GTK_WINDOW (self->transcript));
}

static void
earlier_activated_cb (RdSupportBar  *self,
                      GtkListBoxRow *row)
{
  g_autoptr(RdSupportRequest) request = g_list_model_get_item (G_LIST_MODEL (self->earlier),
                                                               gtk_list_box_row_get_index (row));

  if (request == NULL)
    return;
  gtk_popover_popdown (self->earlier_popover);
  open_transcript (self, request);
}

/* ---- this request's earlier part, with the agents before this one ---- */

static void
history_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = rd_support_desk_history_finish (RD_SUPPORT_DESK (source), result, &error);
  const RdSupportStep *before;
  RdSupportBar *self;
  g_autofree char *label = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_SUPPORT_BAR (user_data);
  if (steps == NULL)
    {
      g_debug ("cannot read the request's history: %s", error->message);
      return;
    }
  if ((before = rd_support_steps_other_holder (steps, self->me)) == NULL)
    return;
  /* Translators: %s is the agent who had this request before. */
  label = g_strdup_printf (_("Earlier with %s"), rd_support_step_holder_name (before));
  gtk_button_set_label (self->earlier_part_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->earlier_part_button), TRUE);
}

static void
earlier_part_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RdSupportBar *self = RD_SUPPORT_BAR (widget);

  open_transcript (self, self->request);
}

const char *
rd_support_bar_get_earlier_part_label (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->earlier_part_button))
         ? gtk_button_get_label (self->earlier_part_button) : NULL;
}

RdHistoryWindow *
rd_support_bar_open_earlier_part (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->earlier_part_button)) ||
      !gtk_widget_activate_action (GTK_WIDGET (self), gtk_actionable_get_action_name (
                                     GTK_ACTIONABLE (self->earlier_part_button)), NULL))
    return NULL;
  return self->transcript;
}

guint
rd_support_bar_get_n_earlier (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->earlier));
}

RdHistoryWindow *
rd_support_bar_open_earlier (RdSupportBar *self,
                             guint         index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);

  if ((row = gtk_list_box_get_row_at_index (self->earlier_list, (int) index)) == NULL)
    return NULL;
  g_signal_emit_by_name (self->earlier_list, "row-activated", row);
  return self->transcript;
}

static void
facts_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdFacts) facts = rd_support_desk_facts_finish (RD_SUPPORT_DESK (source), result, &error);
  RdSupportBar *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  rd_facts_panel_set_facts (RD_FACTS_PANEL (self->facts_panel), facts, error ? error->message : NULL);
  if (facts != NULL && rd_facts_get_n_items (facts) > 0)
    gtk_toggle_button_set_active (self->facts_button, TRUE);
}

GtkWidget *
rd_support_bar_get_facts_panel (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);
  return self->facts_panel;
}

GtkToggleButton *
rd_support_bar_get_facts_button (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);
  return self->facts_button;
}

RdSupportRequest *
rd_support_bar_get_request (RdSupportBar *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_BAR (self), NULL);
  return self->request;
}

RdSupportBar *
rd_support_bar_new (RdClient         *client,
                    RdSupportRequest *request)
{
  RdSupportBar *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_SUPPORT_BAR, NULL);
  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->request = g_object_ref (request);
  /* Translators: %s is what the requester asked about. */
  text = g_strdup_printf (_("Support request: %s"), rd_support_request_get_summary (request));
  gtk_label_set_text (self->summary_label, text);
  self->canned = g_object_ref (rd_support_desk_get_canned_replies (self->desk));
  gtk_list_box_bind_model (self->canned_list, self->canned, canned_row_new, NULL, NULL);
  gtk_list_box_bind_model (self->earlier_list, G_LIST_MODEL (self->earlier), earlier_row_new, NULL, NULL);
  self->me = g_strdup (rd_client_get_username (client));
  rd_support_desk_requests_of_async (self->desk, rd_support_request_get_requester (request), self->cancellable,
                                     earlier_loaded_cb, self);
  rd_support_desk_history_async (self->desk, rd_support_request_get_id (request), self->cancellable,
                                 history_loaded_cb, self);
  self->facts_panel = g_object_ref_sink (rd_facts_panel_new (rd_support_request_get_requester_name (request)));
  g_signal_connect_object (self->desk, "screenshot-answered", G_CALLBACK (screenshot_answered_cb), self,
                           G_CONNECT_SWAPPED);
  rd_support_desk_facts_async (self->desk, rd_support_request_get_id (request), self->cancellable,
                               facts_loaded_cb, self);
  return self;
}

static void
rd_support_bar_dispose (GObject *object)
{
  RdSupportBar *self = RD_SUPPORT_BAR (object);

  if (self->canned_list != NULL)
    gtk_list_box_bind_model (self->canned_list, NULL, NULL, NULL, NULL);
  if (self->earlier_list != NULL)
    gtk_list_box_bind_model (self->earlier_list, NULL, NULL, NULL, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->earlier);
  if (self->transcript != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->transcript), (gpointer *) &self->transcript);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_SUPPORT_BAR);
  g_clear_object (&self->canned);
  g_clear_object (&self->facts_panel);
  g_clear_object (&self->request);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->wanted_canned, g_free);
  g_clear_pointer (&self->me, g_free);
  G_OBJECT_CLASS (rd_support_bar_parent_class)->dispose (object);
}

static void
rd_support_bar_class_init (RdSupportBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_support_bar_dispose;
  signals[SIGNAL_INSERT_TEXT] =
    g_signal_new ("insert-text", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-support-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, note_entry);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, note_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, canned_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, canned_popover);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, canned_list);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, transfer_agent);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, transfer_topic);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, transfer_note);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, transfer_go);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, earlier_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, earlier_popover);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, earlier_list);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, earlier_part_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, facts_button);
  gtk_widget_class_bind_template_child (widget_class, RdSupportBar, screenshot_button);
  gtk_widget_class_bind_template_callback (widget_class, earlier_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, canned_row_activated_cb);
  gtk_widget_class_install_action (widget_class, "bar.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "bar.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "bar.note", NULL, note_action);
  gtk_widget_class_install_action (widget_class, "bar.earlier-part", NULL, earlier_part_action);
  gtk_widget_class_install_action (widget_class, "bar.ask-screenshot", NULL, ask_screenshot_action);
}

static void
rd_support_bar_init (RdSupportBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->earlier = g_list_store_new (RD_TYPE_SUPPORT_REQUEST);
  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_placeholder (self->canned_list, gtk_label_new (_("No canned replies yet")));
}
