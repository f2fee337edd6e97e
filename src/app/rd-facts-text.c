/* rd-facts-text.c: each item of a facts object in words: sizes as GLib
 * formats them, the uptime in its two largest units, the network as its
 * state, then one line a connection. */
#define G_LOG_DOMAIN "rd-facts-text"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-facts-text.h"

void
rd_fact_line_free (RdFactLine *line)
{
  if (line == NULL)
    return;
  g_free (line->value);
  g_free (line);
}

const char *
rd_facts_item_label (const char *item)
{
  static const struct { const char *item; const char *label; } labels[] = {
    { RD_FACT_OS, N_("Operating System") },
    { RD_FACT_HOST, N_("Computer Name") },
    { RD_FACT_KERNEL, N_("Kernel") },
    { RD_FACT_UPTIME, N_("Running For") },
    { RD_FACT_SESSION, N_("Desktop Session") },
    { RD_FACT_DISK, N_("Disk Space") },
    { RD_FACT_MEMORY, N_("Memory") },
    { RD_FACT_APP, N_("Relaydesk Version") },
    { RD_FACT_NETWORK, N_("Network") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].item, item) == 0)
      return _(labels[i].label);
  return NULL;
}

static char *
duration_text (gint64 seconds)
{
  guint days = seconds / 86400, hours = (seconds % 86400) / 3600, minutes = (seconds % 3600) / 60;
  g_autofree char *days_text = g_strdup_printf (ngettext ("%u day", "%u days", days), days);
  g_autofree char *hours_text = g_strdup_printf (ngettext ("%u hour", "%u hours", hours), hours);
  g_autofree char *minutes_text = g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);

  /* Translators: an uptime in its two largest units, "3 days, 2 hours". */
  if (days > 0)
    return g_strdup_printf (_("%s, %s"), days_text, hours_text);
  if (hours > 0)
    return g_strdup_printf (_("%s, %s"), hours_text, minutes_text);
  return g_steal_pointer (&minutes_text);
}

/* "52.0 GB free of 250.0 GB" */
static char *
space_text (RdFacts    *facts,
            const char *item,
            const char *part,
            const char *format)
{
  g_autofree char *part_path = g_strdup_printf ("%s.%s", item, part);
  g_autofree char *total_path = g_strdup_printf ("%s.total", item);
  g_autofree char *some = g_format_size (rd_facts_get_int (facts, part_path, 0));
  g_autofree char *total = g_format_size (rd_facts_get_int (facts, total_path, 0));

  return g_strdup_printf (format, some, total);
}

static const char *
connectivity_text (const char *connectivity)
{
  if (g_strcmp0 (connectivity, "full") == 0)
    return _("Connected to the internet");
  if (g_strcmp0 (connectivity, "limited") == 0)
    return _("Connected, but not to the internet");
  if (g_strcmp0 (connectivity, "portal") == 0)
    return _("Behind a sign-in page");
  if (g_strcmp0 (connectivity, "none") == 0)
    return _("Not connected");
  return _("Connection unknown");
}

/* The connection @index's @part ("name"), or "". */
static const char *
connection_string (RdFacts    *facts,
                   guint       index,
                   const char *part)
{
  g_autofree char *path = g_strdup_printf ("network.connections[%u].%s", index, part);
  const char *value = rd_facts_get_string (facts, path);

  return value ? value : "";
}

static char *
network_text (RdFacts *facts)
{
  GString *text = g_string_new (connectivity_text (rd_facts_get_string (facts, "network.connectivity")));
  const char *wifi = rd_facts_get_string (facts, "network.wifi");
  guint n = rd_facts_get_length (facts, "network.connections");

  g_string_append (text, " · ");
  g_string_append (text, rd_facts_get_bool (facts, "network.vpn") ? _("VPN on") : _("VPN off"));
  if (wifi != NULL)
    {
      g_string_append (text, " · ");
      /* Translators: %s is the Wi-Fi network's name. */
      g_string_append_printf (text, _("Wi-Fi “%s”"), wifi);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *addresses_path = g_strdup_printf ("network.connections[%u].addresses", i);
      guint n_addresses = rd_facts_get_length (facts, addresses_path);

      g_string_append_printf (text, "\n%s (%s", connection_string (facts, i, "name"), connection_string (facts, i, "type"));
      if (*connection_string (facts, i, "device") != '\0')
        g_string_append_printf (text, ", %s", connection_string (facts, i, "device"));
      g_string_append (text, ")");
      for (guint k = 0; k < n_addresses; k++)
        {
          g_autofree char *address_path = g_strdup_printf ("%s[%u]", addresses_path, k);

          g_string_append_printf (text, "%s%s", k == 0 ? ": " : ", ", rd_facts_get_string (facts, address_path));
        }
    }
  return g_string_free (text, FALSE);
}

static char *
value_text (RdFacts    *facts,
            const char *item)
{
  if (g_str_equal (item, RD_FACT_UPTIME))
    return duration_text (rd_facts_get_int (facts, item, 0));
  if (g_str_equal (item, RD_FACT_DISK))
    /* Translators: disk space, "52.0 GB free of 250.0 GB". */
    return space_text (facts, item, "free", _("%s free of %s"));
  if (g_str_equal (item, RD_FACT_MEMORY))
    /* Translators: memory, "6.0 GB available of 16.0 GB". */
    return space_text (facts, item, "available", _("%s available of %s"));
  if (g_str_equal (item, RD_FACT_NETWORK))
    return network_text (facts);
  return g_strdup (rd_facts_get_string (facts, item));
}

GPtrArray *
rd_facts_text_lines (RdFacts *facts)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_fact_line_free);
  const char * const *items = rd_facts_items ();

  for (guint i = 0; facts != NULL && items[i] != NULL; i++)
    {
      RdFactLine *line;

      if (!rd_facts_has (facts, items[i]))
        continue;
      line = g_new0 (RdFactLine, 1);
      line->item = items[i];
      line->label = rd_facts_item_label (items[i]);
      line->value = value_text (facts, items[i]);
      g_ptr_array_add (lines, line);
    }
  return lines;
}

char *
rd_facts_text_dup_text (RdFacts *facts)
{
  g_autoptr(GPtrArray) lines = rd_facts_text_lines (facts);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      RdFactLine *line = g_ptr_array_index (lines, i);

      g_string_append_printf (text, "%s%s: %s\n", i ? "\n" : "", line->label, line->value);
    }
  return g_string_free (text, FALSE);
}
