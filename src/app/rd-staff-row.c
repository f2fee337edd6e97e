/* rd-staff-row.c: the row follows its RdStaffMember; one check a topic of
 * the desk's topics model, ticked for the topics served. What the relay
 * says wins: a refused change comes back with the next refresh. */
#define G_LOG_DOMAIN "rd-staff-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-presence.h"
#include "rd-protocol.h"
#include "rd-staff-row.h"

struct _RdStaffRow
{
  AdwActionRow    parent_instance;

  GtkMenuButton  *topics_button;
  GtkBox         *checks;
  GtkSpinButton  *capacity_spin;

  RdStaffMember  *member;
  RdSupportDesk  *desk;
  GListModel     *topics;
  gboolean        filling;   /* showing the relay's values, not a supervisor's change */
};

G_DEFINE_FINAL_TYPE (RdStaffRow, rd_staff_row, ADW_TYPE_ACTION_ROW)

enum { SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
changed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdStaffRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
}

static void
capacity_changed_cb (RdStaffRow *self)
{
  if (self->filling || self->member == NULL)
    return;
  rd_support_desk_set_capacity_async (self->desk, rd_staff_member_get_username (self->member),
                                      gtk_spin_button_get_value_as_int (self->capacity_spin), NULL, changed_cb,
                                      g_object_ref (self));
}

static void
skill_toggled_cb (RdStaffRow     *self,
                  GtkCheckButton *check)
{
  if (self->filling)
    return;
  rd_support_desk_set_skill_async (self->desk, rd_staff_member_get_username (self->member),
                                   gtk_check_button_get_label (check), gtk_check_button_get_active (check), NULL,
                                   changed_cb, g_object_ref (self));
}

static void
tick_checks (RdStaffRow *self)
{
  self->filling = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->checks)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                 rd_staff_member_serves (self->member,
                                                         gtk_check_button_get_label (GTK_CHECK_BUTTON (child))));
  self->filling = FALSE;
}

/* One check a topic, in the topics' order. */
static void
build_checks (RdStaffRow *self)
{
  guint n = g_list_model_get_n_items (self->topics);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks))) != NULL)
    gtk_box_remove (self->checks, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdTopic) topic = g_list_model_get_item (self->topics, i);
      GtkWidget *check = gtk_check_button_new_with_label (rd_topic_get_name (topic));

      g_signal_connect_object (check, "toggled", G_CALLBACK (skill_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->checks, check);
    }
  tick_checks (self);
}

static void
update (RdStaffRow *self)
{
  RdStaffMember *member = self->member;
  g_autofree char *served = g_strjoinv (", ", (char **) rd_staff_member_get_skills (member));
  g_autofree char *subtitle = NULL;

  /* Translators: presence, requests held of the most allowed, idle minutes. */
  subtitle = g_strdup_printf (_("%s · %u of %u requests · idle %u min"),
                              rd_presence_label (rd_staff_member_get_status (member)),
                              rd_staff_member_get_load (member), rd_staff_member_get_capacity (member),
                              rd_staff_member_get_idle_s (member) / 60);
  if (*served)
    {
      /* Translators: after the agent's status line, the topics they serve. */
      g_autofree char *longer = g_strdup_printf (_("%s · serves %s"), subtitle, served);

      g_free (subtitle);
      subtitle = g_steal_pointer (&longer);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), rd_staff_member_get_display_name (member));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  self->filling = TRUE;
  gtk_spin_button_set_value (self->capacity_spin, rd_staff_member_get_capacity (member));
  self->filling = FALSE;
  tick_checks (self);
}

void
rd_staff_row_set_capacity (RdStaffRow *self,
                           guint       capacity)
{
  g_return_if_fail (RD_IS_STAFF_ROW (self));
  gtk_spin_button_set_value (self->capacity_spin, capacity);
}

gboolean
rd_staff_row_set_serves (RdStaffRow *self,
                         const char *topic,
                         gboolean    serves)
{
  g_return_val_if_fail (RD_IS_STAFF_ROW (self), FALSE);

  for (GtkWidget *check = gtk_widget_get_first_child (GTK_WIDGET (self->checks)); check;
       check = gtk_widget_get_next_sibling (check))
    if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), topic) == 0)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), serves);
        return TRUE;
      }
  return FALSE;
}

RdStaffMember *
rd_staff_row_get_member (RdStaffRow *self)
{
  g_return_val_if_fail (RD_IS_STAFF_ROW (self), NULL);
  return self->member;
}

GtkWidget *
rd_staff_row_new (RdStaffMember *member,
                  RdSupportDesk *desk)
{
  RdStaffRow *self = g_object_new (RD_TYPE_STAFF_ROW, NULL);

  self->member = g_object_ref (member);
  self->desk = g_object_ref (desk);
  self->topics = g_object_ref (rd_support_desk_get_topics (desk));
  g_signal_connect_object (member, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->topics, "items-changed", G_CALLBACK (build_checks), self, G_CONNECT_SWAPPED);
  build_checks (self);
  update (self);
  return GTK_WIDGET (self);
}

static void
rd_staff_row_dispose (GObject *object)
{
  RdStaffRow *self = RD_STAFF_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_STAFF_ROW);
  g_clear_object (&self->member);
  g_clear_object (&self->topics);
  g_clear_object (&self->desk);
  G_OBJECT_CLASS (rd_staff_row_parent_class)->dispose (object);
}

static void
rd_staff_row_class_init (RdStaffRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_staff_row_dispose;
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-staff-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdStaffRow, topics_button);
  gtk_widget_class_bind_template_child (widget_class, RdStaffRow, checks);
  gtk_widget_class_bind_template_child (widget_class, RdStaffRow, capacity_spin);
  gtk_widget_class_bind_template_callback (widget_class, capacity_changed_cb);
}

static void
rd_staff_row_init (RdStaffRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The relay's limit, not the template's guess. */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->capacity_spin), RD_CAPACITY_MAX);
}
