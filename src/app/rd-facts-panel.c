/* rd-facts-panel.c: a heading and one row an item (rd-facts-text.c), or a
 * sentence when the requester sent nothing or the facts could not be read. */
#define G_LOG_DOMAIN "rd-facts-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-facts-panel.h"
#include "rd-facts-text.h"

struct _RdFactsPanel
{
  GtkBox      parent_instance;

  GtkLabel   *heading;
  GtkLabel   *note;
  GtkWidget  *list;
  char       *text;
};

G_DEFINE_FINAL_TYPE (RdFactsPanel, rd_facts_panel, GTK_TYPE_BOX)

static void
show_note (RdFactsPanel *self,
           const char   *text)
{
  gtk_label_set_text (self->note, text);
  gtk_widget_set_visible (GTK_WIDGET (self->note), text != NULL);
}

void
rd_facts_panel_set_facts (RdFactsPanel *self,
                          RdFacts      *facts,
                          const char   *error)
{
  g_autoptr(GPtrArray) lines = NULL;
  GtkWidget *child;

  g_return_if_fail (RD_IS_FACTS_PANEL (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_clear_pointer (&self->text, g_free);
  if (facts == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The details could not be read: %s"), error ? error : "");

      show_note (self, text);
      gtk_widget_set_visible (self->list, FALSE);
      return;
    }
  lines = rd_facts_text_lines (facts);
  for (guint i = 0; i < lines->len; i++)
    {
      RdFactLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->value);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
    }
  gtk_widget_set_visible (self->list, lines->len > 0);
  show_note (self, lines->len > 0 ? NULL : _("The requester sent no details about their computer."));
  self->text = rd_facts_text_dup_text (facts);
}

char *
rd_facts_panel_dup_text (RdFactsPanel *self)
{
  g_return_val_if_fail (RD_IS_FACTS_PANEL (self), NULL);
  return g_strdup (self->text ? self->text : "");
}

GtkWidget *
rd_facts_panel_new (const char *requester_name)
{
  RdFactsPanel *self = g_object_new (RD_TYPE_FACTS_PANEL, NULL);
  /* Translators: %s is the requester's name. */
  g_autofree char *title = g_strdup_printf (_("%s’s Computer"), requester_name);

  gtk_label_set_text (self->heading, title);
  return GTK_WIDGET (self);
}

static void
rd_facts_panel_finalize (GObject *object)
{
  g_free (RD_FACTS_PANEL (object)->text);
  G_OBJECT_CLASS (rd_facts_panel_parent_class)->finalize (object);
}

static void
rd_facts_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_FACTS_PANEL);
  G_OBJECT_CLASS (rd_facts_panel_parent_class)->dispose (object);
}

static void
rd_facts_panel_class_init (RdFactsPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_facts_panel_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_facts_panel_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-facts-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RdFactsPanel, heading);
  gtk_widget_class_bind_template_child (widget_class, RdFactsPanel, note);
  gtk_widget_class_bind_template_child (widget_class, RdFactsPanel, list);
}

static void
rd_facts_panel_init (RdFactsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
