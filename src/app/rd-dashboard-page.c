/* rd-dashboard-page.c: the desk's staff model, one RdStaffRow each, under
 * the queue's figures; the desk keeps both fresh as the queue and presence
 * change, and the page asks again every 10 seconds for idle and waiting
 * times. Below: the canned replies and the New Topic form. */
#define G_LOG_DOMAIN "rd-dashboard-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-canned-editor.h"
#include "rd-dashboard-page-private.h"
#include "rd-handled-row.h"
#include "rd-history-window.h"
#include "rd-reassign-dialog.h"
#include "rd-staff-row.h"
#include "rd-support-labels.h"

#define REFRESH_S 10

struct _RdDashboardPage
{
  GtkBox          parent_instance;

  GtkLabel       *queue_label;
  GtkLabel       *topics_label;
  GtkDropDown    *policy_topic;
  GtkEntry       *policy_target;
  GtkEntry       *policy_time_zone;
  GtkEntry       *policy_hours;
  GtkEntry       *policy_closed_days;
  GtkEntry       *policy_wrap_up;
  GtkEntry       *policy_idle_warn;
  GtkEntry       *policy_idle_close;
  GtkLabel       *status_label;
  GtkListBox     *agents;
  GtkListBox     *handled;
  RdCannedEditor *canned;
  GtkEntry       *topic_name;
  GtkDropDown    *topic_strategy;

  RdSupportDesk  *desk;
  GListModel     *staff;
  GListModel     *handled_requests;
  GListModel     *topics;
  GCancellable   *cancellable;
  guint           timer;
  RdReassignDialog *reassign_dialog;   /* while it is open */
  RdHistoryWindow  *history_window;    /* the last one opened, while it is open */
};

G_DEFINE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, GTK_TYPE_BOX)

static void
show_figures (RdDashboardPage *self)
{
  const RdSupportFigures *figures = rd_support_desk_get_figures (self->desk);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("%u waiting, the longest for %u min · today: %u resolved, average wait %u min, "
                            "average handling %u min, rating %.1f, %u past their first-response target"),
                          figures->waiting, figures->longest_wait_s / 60, figures->resolved_today,
                          figures->average_wait_s / 60, figures->average_handle_s / 60, figures->average_rating,
                          figures->breaches_today);
  gtk_label_set_text (self->queue_label, text);
}

/* Seconds as whole minutes, rounded up (a limit of 30 s reads "1 min"). */
static guint
minutes_of (guint seconds)
{
  return MAX (1u, (seconds + 59) / 60);
}

/* Each topic's state: open or when it opens, its target and limits. */
static void
show_topics (RdDashboardPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (self->topics); i++)
    {
      g_autoptr(RdTopic) topic = g_list_model_get_item (self->topics, i);
      g_autofree char *when = rd_topic_get_opens_at (topic) > 0 ? rd_when_text (rd_topic_get_opens_at (topic)) : NULL;
      guint target = rd_topic_get_first_response_s (topic);

      if (i > 0)
        g_string_append_c (text, '\n');
      /* Translators: a topic and whether it is open now. */
      if (rd_topic_is_open (topic))
        g_string_append_printf (text, _("%s: open"), rd_topic_get_name (topic));
      else if (when != NULL)
        g_string_append_printf (text, _("%s: closed, opens %s"), rd_topic_get_name (topic), when);
      else
        g_string_append_printf (text, _("%s: closed"), rd_topic_get_name (topic));
      if (target > 0)
        /* Translators: a topic's first-response target in minutes. */
        g_string_append_printf (text, _(" · first response within %u min"), minutes_of (target));
      if (rd_topic_get_wrap_up_s (topic) > 0)
        /* Translators: seconds an agent gets after resolving a request. */
        g_string_append_printf (text, _(" · %u s wrap-up"), rd_topic_get_wrap_up_s (topic));
      if (rd_topic_get_idle_warn_s (topic) > 0)
        /* Translators: minutes without a word from the requester before the reminder. */
        g_string_append_printf (text, _(" · quiet requesters reminded after %u min"),
                                minutes_of (rd_topic_get_idle_warn_s (topic)));
      if (rd_topic_get_idle_warn_s (topic) > 0 && rd_topic_get_idle_close_s (topic) > 0)
        /* Translators: minutes after the reminder before the request is closed. */
        g_string_append_printf (text, _(", closed %u min later"), minutes_of (rd_topic_get_idle_close_s (topic)));
    }
  gtk_label_set_text (self->topics_label, text->str);
}

/* What the last change or refresh said, under the figures. */
static void
show_status (RdDashboardPage *self,
             const char      *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
row_failed_cb (RdDashboardPage *self,
               const char      *message)
{
  show_status (self, message);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  RdDashboardPage *self = user_data;
  GtkWidget *row = rd_staff_row_new (item, self->desk);

  g_signal_connect_object (row, "failed", G_CALLBACK (row_failed_cb), self, G_CONNECT_SWAPPED);
  return row;
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_status (RD_DASHBOARD_PAGE (user_data), error->message);
}

static gboolean
timer_cb (gpointer data)
{
  RdDashboardPage *self = data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rd_support_desk_refresh_dashboard_async (self->desk, self->cancellable, refreshed_cb, self);
  return G_SOURCE_CONTINUE;
}

/* ---- the requests being handled: a supervisor's actions ---- */

static GtkWidget *
create_handled_row (gpointer item,
                    gpointer user_data)
{
  return rd_handled_row_new (item);
}

typedef struct {
  RdDashboardPage *self;
  char            *done;   /* what to say when it worked */
} Acting;

/* Says how the action went (@error NULL: it worked) and frees @acting. */
static void
acting_finish (Acting       *acting,
               const GError *error)
{
  /* Translators: %s is why the relay refused. */
  g_autofree char *text = error == NULL ? g_strdup (acting->done)
                                        : g_strdup_printf (_("That did not work: %s"), error->message);

  show_status (acting->self, text);
  g_object_unref (acting->self);
  g_free (acting->done);
  g_free (acting);
}

static void
acted_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error);
  acting_finish (user_data, error);
}

static Acting *
acting_new (RdDashboardPage *self,
            const char      *done)
{
  Acting *acting = g_new0 (Acting, 1);

  acting->self = g_object_ref (self);
  acting->done = g_strdup (done);
  return acting;
}

static RdSupportRequest *
request_of (RdDashboardPage *self,
            GVariant        *parameter)
{
  return rd_support_desk_lookup (self->desk, g_variant_get_int64 (parameter));
}

/* A form field of whole minutes from 0 to @max_s / 60 into @seconds ("" is
 * 0); FALSE, with @complaint shown, if it is not one. */
static gboolean
form_minutes (RdDashboardPage *self,
              GtkEntry        *entry,
              guint            max_s,
              const char      *complaint,
              guint           *seconds)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  guint64 minutes = 0;

  if (*text != '\0' && !g_ascii_string_to_unsigned (text, 10, 0, max_s / 60, &minutes, NULL))
    {
      show_status (self, complaint);
      return FALSE;
    }
  *seconds = (guint) minutes * 60;
  return TRUE;
}

typedef struct {
  Acting *acting;
  char   *topic;
  guint   idle_warn_s;
  guint   idle_close_s;
} SavingPolicy;

/* Hours, target and wrap-up are in: the limits for quiet requesters next. */
static void
policy_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SavingPolicy *saving = user_data;
  RdSupportDesk *desk = RD_SUPPORT_DESK (source);
  g_autoptr(GError) error = NULL;

  if (rd_support_desk_call_finish (desk, result, &error))
    rd_support_desk_set_topic_idle_async (desk, saving->topic, saving->idle_warn_s, saving->idle_close_s, NULL,
                                          acted_cb, saving->acting);
  else
    acting_finish (saving->acting, error);
  g_free (saving->topic);
  g_free (saving);
}

static void
save_policy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  RdTopic *topic = gtk_drop_down_get_selected_item (self->policy_topic);
  const char *target_text = gtk_editable_get_text (GTK_EDITABLE (self->policy_target));
  const char *wrap_up_text = gtk_editable_get_text (GTK_EDITABLE (self->policy_wrap_up));
  guint64 minutes = 0;
  guint64 wrap_up = 0;
  SavingPolicy *saving;
  g_autofree char *done = NULL;
  guint idle_warn_s = 0, idle_close_s = 0;

  if (topic == NULL)
    return;
  if (*target_text != '\0' && (!g_ascii_string_to_unsigned (target_text, 10, 1, RD_TARGET_MAX_S / 60, &minutes, NULL)))
    {
      show_status (self, _("The first-response target is a number of minutes, 1 or more."));
      return;
    }
  if (*wrap_up_text != '\0' && !g_ascii_string_to_unsigned (wrap_up_text, 10, 0, RD_WRAP_UP_MAX_S, &wrap_up, NULL))
    {
      /* Translators: %u is the longest wrap-up in seconds. */
      g_autofree char *complaint = g_strdup_printf (_("The wrap-up time is a number of seconds, at most %u."),
                                                    RD_WRAP_UP_MAX_S);
      show_status (self, complaint);
      return;
    }
  if (!form_minutes (self, self->policy_idle_warn, RD_IDLE_MAX_S,
                     _("The reminder for a quiet requester comes after a number of minutes, at most 1440."),
                     &idle_warn_s) ||
      !form_minutes (self, self->policy_idle_close, RD_IDLE_MAX_S,
                     _("A quiet request is closed a number of minutes after the reminder, at most 1440."),
                     &idle_close_s))
    return;
  if (idle_close_s > 0 && idle_warn_s == 0)
    {
      show_status (self, _("A quiet request can only be closed after a reminder: set the reminder too."));
      return;
    }
  /* Translators: %s is a topic. */
  done = g_strdup_printf (_("Settings of %s saved."), rd_topic_get_name (topic));
  saving = g_new0 (SavingPolicy, 1);
  saving->acting = acting_new (self, done);
  saving->topic = g_strdup (rd_topic_get_name (topic));
  saving->idle_warn_s = idle_warn_s;
  saving->idle_close_s = idle_close_s;
  rd_support_desk_set_topic_policy_async (self->desk, rd_topic_get_name (topic), (guint) minutes * 60, (gint) wrap_up,
                                          gtk_editable_get_text (GTK_EDITABLE (self->policy_time_zone)),
                                          gtk_editable_get_text (GTK_EDITABLE (self->policy_hours)),
                                          gtk_editable_get_text (GTK_EDITABLE (self->policy_closed_days)), NULL,
                                          policy_saved_cb, saving);
}

/* A field of minutes shows @seconds, empty for none. */
static void
set_minutes (GtkEntry *entry,
             guint     seconds)
{
  g_autofree char *text = seconds > 0 ? g_strdup_printf ("%u", minutes_of (seconds)) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* The form shows the chosen topic's settings. */
static void
policy_topic_selected_cb (RdDashboardPage *self)
{
  RdTopic *topic = gtk_drop_down_get_selected_item (self->policy_topic);
  guint target = topic ? rd_topic_get_first_response_s (topic) : 0;
  g_autofree char *minutes = target ? g_strdup_printf ("%u", MAX (1u, target / 60)) : g_strdup ("");
  g_autofree char *wrap_up = topic && rd_topic_get_wrap_up_s (topic) ? g_strdup_printf ("%u", rd_topic_get_wrap_up_s (topic))
                                                                     : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->policy_target), minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_time_zone), topic ? rd_topic_get_time_zone (topic) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->policy_hours), topic ? rd_topic_get_hours (topic) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->policy_closed_days), topic ? rd_topic_get_closed_days (topic) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->policy_wrap_up), wrap_up);
  set_minutes (self->policy_idle_warn, topic ? rd_topic_get_idle_warn_s (topic) : 0);
  set_minutes (self->policy_idle_close, topic ? rd_topic_get_idle_close_s (topic) : 0);
}

/* For the test hooks: the form shows @topic, filled from its settings. */
static void
select_policy_topic (RdDashboardPage *self,
                     const char      *topic)
{
  for (guint i = 0; i < g_list_model_get_n_items (self->topics); i++)
    {
      g_autoptr(RdTopic) item = g_list_model_get_item (self->topics, i);

      if (g_str_equal (rd_topic_get_name (item), topic))
        gtk_drop_down_set_selected (self->policy_topic, i);
    }
}

void
rd_dashboard_page_set_policy (RdDashboardPage *self,
                              const char      *topic,
                              const char      *target_minutes,
                              const char      *time_zone,
                              const char      *hours,
                              const char      *closed_days)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  select_policy_topic (self, topic);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_target), target_minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_time_zone), time_zone);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_hours), hours);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_closed_days), closed_days);
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.save-policy", NULL);
}

void
rd_dashboard_page_set_quiet_limits (RdDashboardPage *self,
                                    const char      *topic,
                                    const char      *idle_warn_minutes,
                                    const char      *idle_close_minutes)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  select_policy_topic (self, topic);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_idle_warn), idle_warn_minutes);
  gtk_editable_set_text (GTK_EDITABLE (self->policy_idle_close), idle_close_minutes);
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.save-policy", NULL);
}

typedef void (*RequestCall) (RdSupportDesk *desk, gint64 request, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);

/* dashboard.take-over, .resolve and .cancel: one call each on the request. */
static void
request_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  static const struct { const char *action; RequestCall call; const char *done; } actions[] = {
    { "dashboard.take-over", rd_support_desk_take_over_async, N_("The request is yours now; its conversation is open.") },
    { "dashboard.resolve", rd_support_desk_resolve_async, N_("Resolved. The requester is asked for a rating.") },
    { "dashboard.cancel", rd_support_desk_cancel_async, N_("Cancelled. Its requester and agent were told.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action_name, actions[i].action))
      actions[i].call (self->desk, g_variant_get_int64 (parameter), NULL, acted_cb,
                       acting_new (self, _(actions[i].done)));
}

static void
reassign_response_cb (RdDashboardPage  *self,
                      const char       *response,
                      RdReassignDialog *dialog)
{
  g_autofree char *agent = rd_reassign_dialog_dup_agent (dialog);
  g_autofree char *topic = rd_reassign_dialog_dup_topic (dialog);

  self->reassign_dialog = NULL;   /* it closes by itself after a response */
  if (!g_str_equal (response, "reassign"))
    return;
  if (*agent == '\0' && *topic == '\0')
    {
      show_status (self, _("Name an agent or a topic to reassign to."));
      return;
    }
  rd_support_desk_transfer_async (self->desk, rd_support_request_get_id (rd_reassign_dialog_get_request (dialog)),
                                  agent, topic, rd_reassign_dialog_get_note (dialog), NULL, acted_cb,
                                  acting_new (self, _("Reassigned.")));
}

static void
reassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  RdSupportRequest *request = request_of (self, parameter);

  if (request == NULL)
    return;
  self->reassign_dialog = rd_reassign_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), request);
  g_signal_connect_object (self->reassign_dialog, "response", G_CALLBACK (reassign_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->reassign_dialog));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  RdSupportRequest *request = request_of (self, parameter);

  if (request == NULL)
    return;
  /* One pointer, watched for the newest window only. */
  if (self->history_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->history_window), (gpointer *) &self->history_window);
  self->history_window = rd_history_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->desk, request);
  g_object_add_weak_pointer (G_OBJECT (self->history_window), (gpointer *) &self->history_window);
  gtk_window_present (GTK_WINDOW (self->history_window));
}

static void
add_topic_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->topic_name))));
  g_autofree char *done = NULL;

  if (*name == '\0')
    return;
  /* Translators: %s is the new topic's name. */
  done = g_strdup_printf (_("Topic %s added."), name);
  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), "");
  rd_support_desk_add_topic_async (self->desk, name, gtk_drop_down_get_selected (self->topic_strategy), NULL,
                                   acted_cb, acting_new (self, done));
}

static void
topic_name_activate_cb (RdDashboardPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.add-topic", NULL);
}

void
rd_dashboard_page_add_topic (RdDashboardPage *self,
                             const char      *name,
                             RdRouteStrategy  strategy)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->topic_name), name);
  gtk_drop_down_set_selected (self->topic_strategy, strategy);
  gtk_widget_activate_action (GTK_WIDGET (self), "dashboard.add-topic", NULL);
}

guint
rd_dashboard_page_get_n_agents (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), 0);
  return g_list_model_get_n_items (self->staff);
}

static RdStaffRow *
find_row (RdDashboardPage *self,
          const char      *username)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->agents)); row;
       row = gtk_widget_get_next_sibling (row))
    if (RD_IS_STAFF_ROW (row) &&
        g_strcmp0 (rd_staff_member_get_username (rd_staff_row_get_member (RD_STAFF_ROW (row))), username) == 0)
      return RD_STAFF_ROW (row);
  return NULL;
}

gboolean
rd_dashboard_page_set_capacity (RdDashboardPage *self,
                                const char      *username,
                                guint            capacity)
{
  RdStaffRow *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  if ((row = find_row (self, username)) == NULL)
    return FALSE;
  rd_staff_row_set_capacity (row, capacity);
  return TRUE;
}

gboolean
rd_dashboard_page_set_skill (RdDashboardPage *self,
                             const char      *username,
                             const char      *topic,
                             gboolean         serves)
{
  RdStaffRow *row;

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);
  return (row = find_row (self, username)) != NULL && rd_staff_row_set_serves (row, topic, serves);
}

guint
rd_dashboard_page_get_n_handled (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), 0);
  return g_list_model_get_n_items (self->handled_requests);
}

gboolean
rd_dashboard_page_act_on (RdDashboardPage *self,
                          gint64           request,
                          const char      *action)
{
  g_autofree char *name = g_strconcat ("dashboard.", action, NULL);

  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->handled)); row;
       row = gtk_widget_get_next_sibling (row))
    if (RD_IS_HANDLED_ROW (row) &&
        rd_support_request_get_id (rd_handled_row_get_request (RD_HANDLED_ROW (row))) == request)
      return gtk_widget_activate_action (row, name, "x", request);
  return FALSE;
}

RdReassignDialog *
rd_dashboard_page_get_reassign_dialog (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  return self->reassign_dialog;
}

RdHistoryWindow *
rd_dashboard_page_get_history_window (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  return self->history_window;
}

const char *
rd_dashboard_page_get_status (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ? gtk_label_get_text (self->status_label) : "";
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

  self->desk = g_object_ref (rd_client_get_support_desk (client));
  self->staff = g_object_ref (rd_support_desk_get_staff (self->desk));
  gtk_list_box_bind_model (self->agents, self->staff, create_row, self, NULL);
  self->handled_requests = g_object_ref (rd_support_desk_get_handled (self->desk));
  self->topics = g_object_ref (rd_support_desk_get_topics (self->desk));
  gtk_drop_down_set_model (self->policy_topic, self->topics);
  g_signal_connect_object (self->policy_topic, "notify::selected-item", G_CALLBACK (policy_topic_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->topics, "items-changed", G_CALLBACK (show_topics), self, G_CONNECT_SWAPPED);
  /* The dashboard's refresh updates the topics in place. */
  g_signal_connect_object (self->desk, "notify::figures", G_CALLBACK (show_topics), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->handled, self->handled_requests, create_handled_row, self, NULL);
  g_signal_connect_object (self->desk, "notify::figures", G_CALLBACK (show_figures), self, G_CONNECT_SWAPPED);
  rd_canned_editor_set_desk (self->canned, self->desk);
  self->timer = g_timeout_add_seconds (REFRESH_S, timer_cb, self);
  show_figures (self);
  show_topics (self);
  return self;
}

static void
rd_dashboard_page_dispose (GObject *object)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->agents != NULL)
    gtk_list_box_bind_model (self->agents, NULL, NULL, NULL, NULL);
  if (self->handled != NULL)
    gtk_list_box_bind_model (self->handled, NULL, NULL, NULL, NULL);
  if (self->history_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->history_window), (gpointer *) &self->history_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DASHBOARD_PAGE);
  g_clear_object (&self->staff);
  g_clear_object (&self->handled_requests);
  g_clear_object (&self->topics);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_dashboard_page_parent_class)->dispose (object);
}

static void
rd_dashboard_page_class_init (RdDashboardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_dashboard_page_dispose;
  g_type_ensure (RD_TYPE_CANNED_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, agents);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, handled);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, topics_label);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_topic);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_target);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_time_zone);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_hours);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_closed_days);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_wrap_up);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_idle_warn);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, policy_idle_close);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, canned);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, topic_name);
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, topic_strategy);
  gtk_widget_class_bind_template_callback (widget_class, topic_name_activate_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.add-topic", NULL, add_topic_action);
  gtk_widget_class_install_action (widget_class, "dashboard.take-over", "x", request_action);
  gtk_widget_class_install_action (widget_class, "dashboard.save-policy", NULL, save_policy_action);
  gtk_widget_class_install_action (widget_class, "dashboard.reassign", "x", reassign_action);
  gtk_widget_class_install_action (widget_class, "dashboard.resolve", "x", request_action);
  gtk_widget_class_install_action (widget_class, "dashboard.cancel", "x", request_action);
  gtk_widget_class_install_action (widget_class, "dashboard.history", "x", history_action);
}

static void
rd_dashboard_page_init (RdDashboardPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (RdRouteStrategy strategy = RD_ROUTE_LEAST_BUSY; strategy <= RD_ROUTE_MANUAL; strategy++)
    gtk_string_list_append (names, rd_route_strategy_label (strategy));
  gtk_drop_down_set_model (self->topic_strategy, G_LIST_MODEL (names));
  gtk_drop_down_set_expression (self->policy_topic,
                                gtk_property_expression_new (RD_TYPE_TOPIC, NULL, "name"));
}
