/* rd-search-popover.c: a search entry over the local FTS5 history; each
 * result names the conversation, the day and the words around the match.
 * Choosing one emits "result-activated" (peer, uuid, mid). */
#define G_LOG_DOMAIN "rd-search-popover"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-message-format.h"
#include "rd-popover-list.h"
#include "rd-search-popover-private.h"

#define RESULT_LIMIT 100

struct _RdSearchPopover
{
  GtkPopover      parent_instance;

  RdPopoverList   parts;
  RdClient       *client;
  GCancellable   *cancellable;
  guint           n_results;
};

G_DEFINE_FINAL_TYPE (RdSearchPopover, rd_search_popover, GTK_TYPE_POPOVER)

enum {
  SIGNAL_RESULT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
result_row (RdSearchPopover *self,
            RdSearchHit     *hit)
{
  RdContact *contact = rd_client_find_contact (self->client, hit->peer);
  g_autofree char *day = rd_message_format_day (hit->ts, g_get_real_time () / 1000);
  g_autofree char *time = rd_message_format_time (hit->ts);
  g_autofree char *name = g_markup_escape_text (contact ? rd_contact_get_display_name (contact) : hit->peer, -1);
  g_autofree char *title = g_strdup_printf ("%s · %s %s", name, day, time);
  GtkWidget *row = adw_action_row_new ();

  /* Title and subtitle are markup: the name escaped here, the snippet by the
   * cache (escaped text with the match in <b>). */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hit->snippet);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "peer", g_strdup (hit->peer), g_free);
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (hit->uuid), g_free);
  g_object_set_data (G_OBJECT (row), "mid", GSIZE_TO_POINTER ((gsize) hit->mid));
  return row;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rd_history_cache_search_finish (RD_HISTORY_CACHE (source), result, &error);
  RdSearchPopover *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RD_SEARCH_POPOVER (user_data);
  rd_popover_list_clear (&self->parts);
  self->n_results = 0;
  if (hits == NULL)
    {
      rd_popover_list_set_status (&self->parts, error->message);
      return;
    }
  rd_popover_list_set_status (&self->parts, hits->len == 0 ? _("No messages found") : NULL);
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->parts.list, result_row (self, g_ptr_array_index (hits, i)));
  self->n_results = hits->len;
}

void
rd_search_popover_search (RdSearchPopover *self,
                          const char      *text)
{
  RdHistoryCache *cache;

  g_return_if_fail (RD_IS_SEARCH_POPOVER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cache = self->client ? rd_client_get_history_cache (self->client) : NULL;
  if (cache == NULL || text == NULL || *g_strstrip (g_strdup (text)) == '\0')
    {
      rd_popover_list_clear (&self->parts);
      self->n_results = 0;
      rd_popover_list_set_status (&self->parts, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  rd_history_cache_search_async (cache, text, RESULT_LIMIT, self->cancellable, search_done_cb, self);
}

static void
search_changed_cb (RdSearchPopover *self)
{
  rd_search_popover_search (self, gtk_editable_get_text (GTK_EDITABLE (self->parts.entry)));
}

static void
row_activated_cb (RdSearchPopover *self,
                  GtkListBoxRow   *row)
{
  g_autofree char *peer = g_strdup (g_object_get_data (G_OBJECT (row), "peer"));
  g_autofree char *uuid = g_strdup (g_object_get_data (G_OBJECT (row), "uuid"));
  gint64 mid = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "mid"));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SIGNAL_RESULT_ACTIVATED], 0, peer, uuid, mid);
}

void
rd_search_popover_activate_result (RdSearchPopover *self,
                                   guint            index)
{
  GtkListBoxRow *row;

  g_return_if_fail (RD_IS_SEARCH_POPOVER (self));

  row = gtk_list_box_get_row_at_index (self->parts.list, (int) index);
  g_return_if_fail (row != NULL);
  g_signal_emit_by_name (self->parts.list, "row-activated", row);
}

guint
rd_search_popover_get_n_results (RdSearchPopover *self)
{
  g_return_val_if_fail (RD_IS_SEARCH_POPOVER (self), 0);
  return self->n_results;
}

void
rd_search_popover_set_client (RdSearchPopover *self,
                              RdClient        *client)
{
  g_return_if_fail (RD_IS_SEARCH_POPOVER (self));

  g_set_object (&self->client, client);
  gtk_editable_set_text (GTK_EDITABLE (self->parts.entry), "");
  rd_popover_list_clear (&self->parts);
  self->n_results = 0;
}

RdSearchPopover *
rd_search_popover_new (void)
{
  return g_object_new (RD_TYPE_SEARCH_POPOVER, NULL);
}

static void
rd_search_popover_dispose (GObject *object)
{
  RdSearchPopover *self = RD_SEARCH_POPOVER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (rd_search_popover_parent_class)->dispose (object);
}

static void
rd_search_popover_class_init (RdSearchPopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_search_popover_dispose;

  signals[SIGNAL_RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

static void
rd_search_popover_init (RdSearchPopover *self)
{
  rd_popover_list_build (GTK_POPOVER (self), &self->parts, _("Search all conversations"), 380, 420);

  g_signal_connect_swapped (self->parts.entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->parts.list, "row-activated", G_CALLBACK (row_activated_cb), self);
}
