/* rd-handled-row.c: title and subtitle follow the request's properties; the
 * buttons carry its id to the page's actions. */
#define G_LOG_DOMAIN "rd-handled-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-handled-row.h"
#include "rd-support-labels.h"

/* A requester quiet this long is worth a look. */
#define QUIET_WARNING_MIN 10

struct _RdHandledRow
{
  AdwActionRow      parent_instance;

  GtkButton        *take_over_button;
  GtkMenuButton    *more_button;
  RdSupportRequest *request;
};

G_DEFINE_FINAL_TYPE (RdHandledRow, rd_handled_row, ADW_TYPE_ACTION_ROW)

static void
update (RdHandledRow *self)
{
  RdSupportRequest *request = self->request;
  gboolean offered = rd_support_request_get_state (request) == RD_REQUEST_OFFERED;
  gint64 quiet_min = rd_minutes_since (rd_support_request_get_requester_active_at (request));
  g_autofree char *holder = NULL;
  g_autofree char *subtitle = NULL;

  holder = offered
    /* Translators: %s is an agent's name. */
    ? g_strdup_printf (_("offered to %s"), rd_support_request_get_agent_name (request))
    : g_strdup_printf (_("with %s"), rd_support_request_get_agent_name (request));
  /* Translators: topic, requester, who has it, minutes since it was
   * created, minutes since the requester last wrote. */
  subtitle = g_strdup_printf (_("%s · %s · %s · open %" G_GINT64_FORMAT " min · requester quiet %" G_GINT64_FORMAT " min"),
                              rd_support_request_get_topic (request), rd_support_request_get_requester_name (request),
                              holder, rd_minutes_since (rd_support_request_get_queued_at (request)), quiet_min);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), rd_support_request_get_summary (request));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (quiet_min >= QUIET_WARNING_MIN)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
}

static GMenuItem *
menu_item (const char *label,
           const char *action,
           gint64      request_id)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (request_id));
  return item;
}

static void
build_menu (RdHandledRow *self,
            gint64        request_id)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) reading = g_menu_new ();
  static const struct { const char *label; const char *action; } items[] = {
    { N_("_Reassign…"), "dashboard.reassign" },
    { N_("Re_solve"), "dashboard.resolve" },
    { N_("_Cancel Request"), "dashboard.cancel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = menu_item (_(items[i].label), items[i].action, request_id);

      g_menu_append_item (actions, item);
    }
  {
    g_autoptr(GMenuItem) item = menu_item (_("_History"), "dashboard.history", request_id);

    g_menu_append_item (reading, item);
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reading));
  gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (menu));
}

GtkWidget *
rd_handled_row_new (RdSupportRequest *request)
{
  RdHandledRow *self;
  gint64 id;

  g_return_val_if_fail (RD_IS_SUPPORT_REQUEST (request), NULL);

  self = g_object_new (RD_TYPE_HANDLED_ROW, NULL);
  self->request = g_object_ref (request);
  id = rd_support_request_get_id (request);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->take_over_button), "x", id);
  build_menu (self, id);
  g_signal_connect_object (request, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

RdSupportRequest *
rd_handled_row_get_request (RdHandledRow *self)
{
  g_return_val_if_fail (RD_IS_HANDLED_ROW (self), NULL);
  return self->request;
}

static void
rd_handled_row_dispose (GObject *object)
{
  RdHandledRow *self = RD_HANDLED_ROW (object);

  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_HANDLED_ROW);
  G_OBJECT_CLASS (rd_handled_row_parent_class)->dispose (object);
}

static void
rd_handled_row_class_init (RdHandledRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_handled_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-handled-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdHandledRow, take_over_button);
  gtk_widget_class_bind_template_child (widget_class, RdHandledRow, more_button);
}

static void
rd_handled_row_init (RdHandledRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
