/* rd-facts-consent.c: an expander row whose switch is the consent. Turned
 * on, it reads the details (rd-facts-collect.c) and lists them, one row
 * an item with its own switch; what it returns to send is exactly what
 * the rows show, less the items switched off. */
#define G_LOG_DOMAIN "rd-facts-consent"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-facts-collect.h"
#include "rd-facts-consent.h"
#include "rd-facts-text.h"
#include "rd-facts.h"

#define INCLUDED_KEY "share-computer-facts"
#define WITHHELD_KEY "withheld-computer-facts"

struct _RdFactsConsent
{
  GtkBox          parent_instance;

  AdwExpanderRow *expander;
  GtkWidget      *status_row;   /* "Reading…", then gone */
  GHashTable     *switches;     /* item -> GtkSwitch */
  GSettings      *settings;
  GCancellable   *cancellable;
  RdFacts        *collected;
  char           *text;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (RdFactsConsent, rd_facts_consent, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_busy (RdFactsConsent *self,
          gboolean        busy)
{
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The item whose switch @toggle is. */
static const char *
item_of (RdFactsConsent *self,
         GtkSwitch      *toggle)
{
  GHashTableIter iter;
  gpointer item, value;

  g_hash_table_iter_init (&iter, self->switches);
  while (g_hash_table_iter_next (&iter, &item, &value))
    if (value == toggle)
      return item;
  g_assert_not_reached ();
}

static void
item_switched_cb (GtkSwitch      *toggle,
                  GParamSpec     *pspec,
                  RdFactsConsent *self)
{
  const char *item = item_of (self, toggle);
  g_auto(GStrv) withheld = g_settings_get_strv (self->settings, WITHHELD_KEY);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) now = NULL;

  for (guint i = 0; withheld[i] != NULL; i++)
    if (!g_str_equal (withheld[i], item))
      g_strv_builder_add (builder, withheld[i]);
  if (!gtk_switch_get_active (toggle))
    g_strv_builder_add (builder, item);
  now = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, WITHHELD_KEY, (const char * const *) now);
}

static void
show_items (RdFactsConsent *self)
{
  g_autoptr(GPtrArray) lines = rd_facts_text_lines (self->collected);
  g_auto(GStrv) withheld = g_settings_get_strv (self->settings, WITHHELD_KEY);

  for (guint i = 0; i < lines->len; i++)
    {
      RdFactLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->value);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), !g_strv_contains ((const char * const *) withheld, line->item));
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, line->label, -1);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (item_switched_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_expander_row_add_row (self->expander, row);
      g_hash_table_insert (self->switches, (gpointer) line->item, toggle);
    }
  self->text = rd_facts_text_dup_text (self->collected);
}

static void
collected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdFacts) facts = rd_facts_collect_finish (result, &error);
  RdFactsConsent *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  adw_expander_row_remove (self->expander, self->status_row);
  self->status_row = NULL;
  self->collected = g_steal_pointer (&facts);
  if (self->collected != NULL)
    show_items (self);
  set_busy (self, FALSE);
}

/* Read only now that the requester said yes, and once. */
static void
included_cb (RdFactsConsent *self)
{
  if (!adw_expander_row_get_enable_expansion (self->expander) || self->collected != NULL || self->busy)
    return;
  set_busy (self, TRUE);
  self->status_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Reading the details…"));
  adw_expander_row_add_row (self->expander, self->status_row);
  adw_expander_row_set_expanded (self->expander, TRUE);
  rd_facts_collect_async (self->cancellable, collected_cb, self);
}

RdFacts *
rd_facts_consent_get_facts (RdFactsConsent *self)
{
  g_auto(GStrv) withheld = NULL;

  g_return_val_if_fail (RD_IS_FACTS_CONSENT (self), NULL);

  if (!adw_expander_row_get_enable_expansion (self->expander) || self->collected == NULL)
    return NULL;
  withheld = g_settings_get_strv (self->settings, WITHHELD_KEY);
  return rd_facts_without (self->collected, (const char * const *) withheld);
}

gboolean
rd_facts_consent_is_busy (RdFactsConsent *self)
{
  g_return_val_if_fail (RD_IS_FACTS_CONSENT (self), FALSE);
  return self->busy;
}

void
rd_facts_consent_set_included (RdFactsConsent *self,
                               gboolean        included)
{
  g_return_if_fail (RD_IS_FACTS_CONSENT (self));
  adw_expander_row_set_enable_expansion (self->expander, included);
}

gboolean
rd_facts_consent_set_item_shared (RdFactsConsent *self,
                                  const char     *item,
                                  gboolean        shared)
{
  GtkSwitch *toggle;

  g_return_val_if_fail (RD_IS_FACTS_CONSENT (self), FALSE);

  if ((toggle = g_hash_table_lookup (self->switches, item)) == NULL)
    return FALSE;
  gtk_switch_set_active (toggle, shared);
  return TRUE;
}

char *
rd_facts_consent_dup_text (RdFactsConsent *self)
{
  g_return_val_if_fail (RD_IS_FACTS_CONSENT (self), NULL);
  return g_strdup (self->text ? self->text : "");
}

static void
rd_facts_consent_dispose (GObject *object)
{
  RdFactsConsent *self = RD_FACTS_CONSENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->collected, rd_facts_unref);
  g_clear_pointer (&self->switches, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_FACTS_CONSENT);
  G_OBJECT_CLASS (rd_facts_consent_parent_class)->dispose (object);
}

static void
rd_facts_consent_finalize (GObject *object)
{
  g_free (RD_FACTS_CONSENT (object)->text);
  G_OBJECT_CLASS (rd_facts_consent_parent_class)->finalize (object);
}

static void
rd_facts_consent_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY: g_value_set_boolean (value, RD_FACTS_CONSENT (object)->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_facts_consent_class_init (RdFactsConsentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_facts_consent_dispose;
  object_class->finalize = rd_facts_consent_finalize;
  object_class->get_property = rd_facts_consent_get_property;
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/relaydesk/Relaydesk/rd-facts-consent.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), RdFactsConsent, expander);
}

static void
rd_facts_consent_init (RdFactsConsent *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->switches = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (RD_APPLICATION_ID);
  g_settings_bind (self->settings, INCLUDED_KEY, self->expander, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->expander, "notify::enable-expansion", G_CALLBACK (included_cb), self,
                           G_CONNECT_SWAPPED);
  /* Remembered as on: read now, for the form to show. */
  included_cb (self);
}
