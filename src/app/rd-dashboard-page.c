/* rd-dashboard-page.c: refreshed when the queue changes and every 10
 * seconds (for idle and waiting times). A capacity or a topic served
 * changed here is sent to the relay at once (agent_capacity_set,
 * agent_skill_set). */
#define G_LOG_DOMAIN "rd-dashboard-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-canned-editor.h"
#include "rd-dashboard-page.h"
#include "rd-presence.h"

#define REFRESH_S 10

struct _RdDashboardPage
{
  GtkBox        parent_instance;

  GtkLabel     *queue_label;
  GtkListBox   *agents;
  RdCannedEditor *canned;
  GStrv         topics;
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
request_done_cb (GObject      *source,
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
  rd_client_request_async (self->client, frame, NULL, request_done_cb, g_object_ref (self));
}

static void
skill_toggled_cb (RdDashboardPage *self,
                  GtkCheckButton  *check)
{
  g_autoptr(JsonObject) frame = NULL;

  if (self->filling)
    return;
  frame = rd_frame_new (RD_FRAME_AGENT_SKILL_SET, NULL);
  json_object_set_string_member (frame, "username", g_object_get_data (G_OBJECT (check), "username"));
  json_object_set_string_member (frame, "topic", gtk_check_button_get_label (check));
  json_object_set_boolean_member (frame, "serves", gtk_check_button_get_active (check));
  rd_client_request_async (self->client, frame, NULL, request_done_cb, g_object_ref (self));
}

/* The row's topic checks, one per topic, ticked for the topics it serves. */
static void
sync_skill_checks (RdDashboardPage *self,
                   GtkWidget       *row)
{
  GtkBox *checks = g_object_get_data (G_OBJECT (row), "checks");
  GStrv skills = g_object_get_data (G_OBJECT (row), "skills");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (checks)); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  if (self->topics == NULL || n != g_strv_length (self->topics))
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (checks))) != NULL)
        gtk_box_remove (checks, child);
      for (guint i = 0; self->topics && self->topics[i]; i++)
        {
          GtkWidget *check = gtk_check_button_new_with_label (self->topics[i]);

          g_object_set_data_full (G_OBJECT (check), "username", g_strdup (g_object_get_data (G_OBJECT (row), "username")),
                                  g_free);
          g_signal_connect_object (check, "toggled", G_CALLBACK (skill_toggled_cb), self, G_CONNECT_SWAPPED);
          gtk_box_append (checks, check);
        }
    }
  self->filling = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (checks)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                 skills && g_strv_contains ((const char * const *) skills,
                                                            gtk_check_button_get_label (GTK_CHECK_BUTTON (child))));
  self->filling = FALSE;
}

static GtkWidget *
agent_row_new (RdDashboardPage *self,
               const char      *username)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, RD_CAPACITY_MAX, 1);
  GtkWidget *topics = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Topics Served"));
  GtkWidget *checks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _("Most requests at once"));
  g_object_set_data_full (G_OBJECT (spin), "username", g_strdup (username), g_free);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (capacity_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), checks);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (topics), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (topics), _("Topics"));
  gtk_widget_set_valign (topics, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (topics, _("The topics this agent serves, for topics routed by skills"));
  g_object_set_data_full (G_OBJECT (row), "username", g_strdup (username), g_free);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  g_object_set_data (G_OBJECT (row), "checks", checks);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), topics);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  return row;
}

/* Brings @row up to date with @agent from the relay's dashboard. */
static void
agent_row_update (RdDashboardPage *self,
                  GtkWidget       *row,
                  JsonObject      *agent)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "spin");
  JsonArray *skills = json_object_get_array_member (agent, "skills");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree char *served = NULL;
  g_autofree char *subtitle = NULL;
  GStrv skill_names;

  for (guint i = 0; skills && i < json_array_get_length (skills); i++)
    g_strv_builder_add (names, json_array_get_string_element (skills, i));
  skill_names = g_strv_builder_end (names);
  served = g_strjoinv (", ", skill_names);
  /* Translators: presence, requests held of the most allowed, idle minutes. */
  subtitle = g_strdup_printf (_("%s · %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " requests · idle %" G_GINT64_FORMAT
                                " min"), rd_presence_label (rd_frame_get_string (agent, "status", "offline")),
                              rd_frame_get_int (agent, "load", 0), rd_frame_get_int (agent, "capacity", 0),
                              rd_frame_get_int (agent, "idle", 0) / 60);
  if (*served)
    {
      /* Translators: after the agent's status line, the topics they serve. */
      g_autofree char *longer = g_strdup_printf (_("%s · serves %s"), subtitle, served);

      g_free (subtitle);
      subtitle = g_steal_pointer (&longer);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_frame_get_string (agent, "display_name", ""));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "skills", skill_names, (GDestroyNotify) g_strfreev);
  self->filling = TRUE;
  gtk_spin_button_set_value (spin, rd_frame_get_int (agent, "capacity", 0));
  self->filling = FALSE;
  sync_skill_checks (self, row);
}

static GtkWidget *
find_agent_row (RdDashboardPage *self,
                const char      *username)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "username"), username) == 0)
      return row;
  return NULL;
}

static void
dashboard_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  RdDashboardPage *self;
  JsonObject *queue;
  JsonArray *agents;
  GtkWidget *row;
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
  /* Rows are updated in place, so an open topics menu or a spin button
   * being typed into survives the refresh. */
  agents = json_object_get_array_member (reply, "agents");
  self->n_agents = json_array_get_length (agents);
  for (guint i = 0; i < self->n_agents; i++)
    {
      JsonObject *agent = json_array_get_object_element (agents, i);
      const char *username = rd_frame_get_string (agent, "username", "");

      if ((row = find_agent_row (self, username)) == NULL)
        {
          row = agent_row_new (self, username);
          gtk_list_box_append (self->agents, row);
        }
      agent_row_update (self, row, agent);
      g_hash_table_add (present, g_object_get_data (G_OBJECT (row), "username"));
    }
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (row);

      if (!g_hash_table_contains (present, g_object_get_data (G_OBJECT (row), "username")))
        gtk_list_box_remove (self->agents, row);
      row = next;
    }
}

static void
topics_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdDashboardPage) self = user_data;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonArray *topics;

  if (reply == NULL)
    return;
  topics = json_object_get_array_member (reply, "topics");
  for (guint i = 0; i < json_array_get_length (topics); i++)
    g_strv_builder_add (names, rd_frame_get_string (json_array_get_object_element (topics, i), "name", ""));
  g_strfreev (self->topics);
  self->topics = g_strv_builder_end (names);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;
       row = gtk_widget_get_next_sibling (row))
    sync_skill_checks (self, row);
}

static void
refresh_topics (RdDashboardPage *self)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPICS_LIST, NULL);

  rd_client_request_async (self->client, frame, NULL, topics_cb, g_object_ref (self));
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
  if (reply != NULL)
    refresh_topics (self);
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
  GtkWidget *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  if ((row = find_agent_row (self, username)) == NULL)
    return FALSE;
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (row), "spin"), capacity);
  return TRUE;
}

gboolean
rd_dashboard_page_set_skill (RdDashboardPage *self,
                             const char      *username,
                             const char      *topic,
                             gboolean         serves)
{
  GtkWidget *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  if ((row = find_agent_row (self, username)) == NULL)
    return FALSE;
  for (GtkWidget *check = gtk_widget_get_first_child (g_object_get_data (G_OBJECT (row), "checks")); check;
       check = gtk_widget_get_next_sibling (check))
    if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), topic) == 0)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), serves);
        return TRUE;
      }
  return FALSE;
}

RdCannedEditor *
rd_dashboard_page_get_canned_editor (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  return self->canned;
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
  refresh_topics (self);
  /* Canned replies under the agents, above the new topic form. */
  self->canned = rd_canned_editor_new (client);
  gtk_widget_set_margin_top (GTK_WIDGET (self->canned), 12);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->agents))), GTK_WIDGET (self->canned),
                              GTK_WIDGET (self->agents));
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
  g_clear_pointer (&self->topics, g_strfreev);
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
