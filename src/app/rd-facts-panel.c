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

  GtkWidget  *list;
  GtkLabel   *note;
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
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Translators: %s is the requester's name. */
  g_autofree char *title = g_strdup_printf (_("%s’s Computer"), requester_name);

  gtk_label_set_text (GTK_LABEL (heading), title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_visible (self->list, FALSE);
  self->note = GTK_LABEL (gtk_label_new (_("Reading the details…")));
  gtk_label_set_wrap (self->note, TRUE);
  gtk_label_set_xalign (self->note, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "dim-label");
  gtk_box_append (GTK_BOX (content), heading);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->note));
  gtk_box_append (GTK_BOX (content), self->list);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_size_request (scroller, 300, -1);
  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (self), scroller);
  /* Beside the messages, which take what is left. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), FALSE);
  return GTK_WIDGET (self);
}

static void
rd_facts_panel_finalize (GObject *object)
{
  g_free (RD_FACTS_PANEL (object)->text);
  G_OBJECT_CLASS (rd_facts_panel_parent_class)->finalize (object);
}

static void
rd_facts_panel_class_init (RdFactsPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_facts_panel_finalize;
}

static void
rd_facts_panel_init (RdFactsPanel *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
}
