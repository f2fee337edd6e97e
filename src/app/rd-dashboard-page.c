/* rd-dashboard-page.c: refreshed when the queue changes and every 10
 * seconds (for idle and waiting times). A capacity changed here is sent as
 * agent_capacity_set at once. */
#define G_LOG_DOMAIN "rd-dashboard-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-dashboard-page.h"
#include "rd-presence.h"

#define REFRESH_S 10

struct _RdDashboardPage
{
  GtkBox        parent_instance;

  GtkLabel     *queue_label;
  GtkListBox   *agents;
  GtkListBox   *canned;
  GtkEntry     *canned_title;
  GtkEntry     *canned_body;
  guint         n_canned;
  GtkEntry     *topic_name;
  GtkDropDown  *topic_strategy;
  RdClient     *client;
  GCancellable *cancellable;
  guint         timer;
  guint         n_agents;
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, GTK_TYPE_BOX)

static void
capacity_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    gtk_label_set_text (self->queue_label, error->message);
}

static void
capacity_changed_cb (RdDashboardPage *self,
                     GtkSpinButton   *spin)
{
  g_autoptr(JsonObject) frame = NULL;

  if (self->filling)
    return;
  frame = rd_frame_new (RD_FRAME_AGENT_CAPACITY_SET, NULL);
  json_object_set_string_member (frame, "username", g_object_get_data (G_OBJECT (spin), "username"));
  json_object_set_int_member (frame, "capacity", gtk_spin_button_get_value_as_int (spin));
  rd_client_request_async (self->client, frame, NULL, capacity_set_cb, g_object_ref (self));
}

static GtkWidget *
agent_row (RdDashboardPage *self,
           JsonObject      *agent)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, RD_CAPACITY_MAX, 1);
  const char *status = rd_frame_get_string (agent, "status", "offline");
  g_autofree char *subtitle = NULL;

  /* Translators: presence, requests held of the most allowed, idle minutes. */
  subtitle = g_strdup_printf (_("%s · %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " requests · idle %" G_GINT64_FORMAT
                                " min"), rd_presence_label (status), rd_frame_get_int (agent, "load", 0),
                              rd_frame_get_int (agent, "capacity", 0), rd_frame_get_int (agent, "idle", 0) / 60);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_frame_get_string (agent, "display_name", ""));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), rd_frame_get_int (agent, "capacity", 0));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _("Most requests at once"));
  g_object_set_data_full (G_OBJECT (spin), "username", g_strdup (rd_frame_get_string (agent, "username", "")), g_free);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (capacity_changed_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
dashboard_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  RdDashboardPage *self;
  JsonObject *queue;
  JsonArray *agents;
  GtkWidget *child;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_DASHBOARD_PAGE (user_data);
  if (reply == NULL)
    {
      gtk_label_set_text (self->queue_label, error->message);
      return;
    }
  queue = json_object_get_object_member (reply, "queue");
  text = g_strdup_printf (_("%" G_GINT64_FORMAT " waiting, the longest for %" G_GINT64_FORMAT " min · today: "
                            "%" G_GINT64_FORMAT " resolved, average wait %" G_GINT64_FORMAT " min, "
                            "average handling %" G_GINT64_FORMAT " min, rating %.1f"),
                          rd_frame_get_int (queue, "waiting", 0), rd_frame_get_int (queue, "longest_wait_s", 0) / 60,
                          rd_frame_get_int (queue, "resolved_today", 0), rd_frame_get_int (queue, "average_wait_s", 0) / 60,
                          rd_frame_get_int (queue, "average_handle_s", 0) / 60,
                          json_object_get_double_member_with_default (queue, "average_rating", 0));
  gtk_label_set_text (self->queue_label, text);
  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agents))) != NULL)
    gtk_list_box_remove (self->agents, child);
  agents = json_object_get_array_member (reply, "agents");
  self->n_agents = json_array_get_length (agents);
  for (guint i = 0; i < self->n_agents; i++)
    gtk_list_box_append (self->agents, agent_row (self, json_array_get_object_element (agents, i)));
  self->filling = FALSE;
}

static void refresh_canned (RdDashboardPage *self);

static void
canned_changed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    gtk_label_set_text (self->queue_label, error->message);
  refresh_canned (self);
}

static void
canned_delete_cb (RdDashboardPage *self,
                  GtkButton       *button)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_DELETE, NULL);

  json_object_set_string_member (frame, "title", g_object_get_data (G_OBJECT (button), "title"));
  rd_client_request_async (self->client, frame, NULL, canned_changed_cb, g_object_ref (self));
}

static void
canned_save_cb (RdDashboardPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_SET, NULL);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->canned_title))));
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->canned_body))));

  if (*title == '\0' || *body == '\0')
    return;
  json_object_set_string_member (frame, "title", title);
  json_object_set_string_member (frame, "body", body);
  gtk_editable_set_text (GTK_EDITABLE (self->canned_title), "");
  gtk_editable_set_text (GTK_EDITABLE (self->canned_body), "");
  rd_client_request_async (self->client, frame, NULL, canned_changed_cb, g_object_ref (self));
}

static void
canned_list_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  JsonArray *replies;
  GtkWidget *child;

  if (reply == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->canned))) != NULL)
    gtk_list_box_remove (self->canned, child);
  replies = json_object_get_array_member (reply, "replies");
  self->n_canned = json_array_get_length (replies);
  for (guint i = 0; i < self->n_canned; i++)
    {
      JsonObject *item = json_array_get_object_element (replies, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_frame_get_string (item, "title", ""));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_frame_get_string (item, "body", ""));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Delete This Canned Reply"));
      g_object_set_data_full (G_OBJECT (remove), "title", g_strdup (rd_frame_get_string (item, "title", "")), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (canned_delete_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->canned, row);
    }
}

static void
refresh_canned (RdDashboardPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_LIST, NULL);

  rd_client_request_async (self->client, frame, NULL, canned_list_cb, g_object_ref (self));
}

guint
rd_dashboard_page_get_n_canned (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), 0);
  return self->n_canned;
}

void
rd_dashboard_page_add_canned (RdDashboardPage *self,
                              const char      *title,
                              const char      *body)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->canned_title), title);
  gtk_editable_set_text (GTK_EDITABLE (self->canned_body), body);
  g_signal_emit_by_name (self->canned_body, "activate");
}

static const char *strategies[] = { "least-busy", "longest-idle", "skills", "manual", NULL };

static void
topic_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  /* Translators: %s is the error, or the new topic's name. */
  text = reply ? g_strdup_printf (_("Topic %s added."), (char *) g_object_get_data (G_OBJECT (self), "topic"))
               : g_strdup_printf (_("Topic not added: %s"), error->message);
  gtk_label_set_text (self->queue_label, text);
}

static void
topic_add_cb (RdDashboardPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPIC_ADD, NULL);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->topic_name))));

  if (*name == '\0')
    return;
  json_object_set_string_member (frame, "name", name);
  json_object_set_string_member (frame, "strategy", strategies[gtk_drop_down_get_selected (self->topic_strategy)]);
  g_object_set_data_full (G_OBJECT (self), "topic", g_strdup (name), g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), "");
  rd_client_request_async (self->client, frame, NULL, topic_added_cb, g_object_ref (self));
}

void
rd_dashboard_page_add_topic (RdDashboardPage *self,
                             const char      *name,
                             guint            strategy)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), name);
  gtk_drop_down_set_selected (self->topic_strategy, strategy);
  g_signal_emit_by_name (self->topic_name, "activate");
}

static void
refresh (RdDashboardPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_DASHBOARD_GET, NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_client_request_async (self->client, frame, self->cancellable, dashboard_cb, self);
}

static gboolean
timer_cb (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

guint
rd_dashboard_page_get_n_agents (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), 0);
  return self->n_agents;
}

gboolean
rd_dashboard_page_set_capacity (RdDashboardPage *self,
                                const char      *username,
                                guint            capacity)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "spin");

      if (g_strcmp0 (g_object_get_data (G_OBJECT (spin), "username"), username) == 0)
        {
          gtk_spin_button_set_value (spin, capacity);
          return TRUE;
        }
    }
  return FALSE;
}

RdDashboardPage *
rd_dashboard_page_new (RdClient *client)
{
  RdDashboardPage *self = g_object_new (RD_TYPE_DASHBOARD_PAGE, NULL);

  self->client = g_object_ref (client);
  g_signal_connect_object (client, "queue-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "presence-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  self->timer = g_timeout_add_seconds (REFRESH_S, timer_cb, self);
  refresh (self);
  refresh_canned (self);
  return self;
}

static void
rd_dashboard_page_dispose (GObject *object)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_dashboard_page_parent_class)->dispose (object);
}

static void
rd_dashboard_page_class_init (RdDashboardPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_dashboard_page_dispose;
}

static void
rd_dashboard_page_init (RdDashboardPage *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *agents_title = gtk_label_new (_("Agents Signed In"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->queue_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->queue_label, TRUE);
  gtk_label_set_xalign (self->queue_label, 0);
  gtk_label_set_xalign (GTK_LABEL (agents_title), 0);
  gtk_widget_add_css_class (agents_title, "heading");
  self->agents = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->agents, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->agents), "boxed-list");
  g_object_set (box, "margin-top", 18, "margin-bottom", 18, "margin-start", 12, "margin-end", 12, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->queue_label));
  gtk_box_append (GTK_BOX (box), agents_title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->agents));
  {
    GtkWidget *title = gtk_label_new (_("Canned Replies"));
    GtkWidget *form = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *save = gtk_button_new_with_mnemonic (_("_Add"));

    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (title, "heading");
    gtk_widget_set_margin_top (title, 12);
    self->canned = GTK_LIST_BOX (gtk_list_box_new ());
    gtk_list_box_set_selection_mode (self->canned, GTK_SELECTION_NONE);
    gtk_widget_add_css_class (GTK_WIDGET (self->canned), "boxed-list");
    self->canned_title = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->canned_title, _("Title"));
    self->canned_body = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->canned_body, _("Text agents can insert (a title already used is replaced)"));
    gtk_widget_set_hexpand (GTK_WIDGET (self->canned_body), TRUE);
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->canned_title));
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->canned_body));
    gtk_box_append (GTK_BOX (form), save);
    gtk_box_append (GTK_BOX (box), title);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->canned));
    gtk_box_append (GTK_BOX (box), form);
    g_signal_connect_swapped (save, "clicked", G_CALLBACK (canned_save_cb), self);
    g_signal_connect_swapped (self->canned_body, "activate", G_CALLBACK (canned_save_cb), self);
  }
  {
    GtkWidget *title = gtk_label_new (_("New Topic"));
    GtkWidget *form = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Topic"));
    const char *labels[] = { N_("Least busy"), N_("Longest idle (round robin)"), N_("Skills"), N_("Manual only"), NULL };
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

    for (guint i = 0; labels[i]; i++)
      gtk_string_list_append (names, _(labels[i]));
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (title, "heading");
    gtk_widget_set_margin_top (title, 12);
    self->topic_name = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->topic_name, _("Name, e.g. Printers"));
    gtk_widget_set_hexpand (GTK_WIDGET (self->topic_name), TRUE);
    self->topic_strategy = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->topic_strategy), _("How requests of this topic are routed"));
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->topic_name));
    gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->topic_strategy));
    gtk_box_append (GTK_BOX (form), add);
    gtk_box_append (GTK_BOX (box), title);
    gtk_box_append (GTK_BOX (box), form);
    g_signal_connect_swapped (add, "clicked", G_CALLBACK (topic_add_cb), self);
    g_signal_connect_swapped (self->topic_name, "activate", G_CALLBACK (topic_add_cb), self);
  }
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self), scroller);
}
