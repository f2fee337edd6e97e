/* rd-presence.c: the order, names and colours of statuses. */
#define G_LOG_DOMAIN "rd-presence"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-presence.h"

static const struct {
  const char *status;
  const char *label;
} statuses[] = {
  { "available", N_("Available") },
  { "away", N_("Away") },
  { "busy", N_("Busy") },
  { "offline", N_("Offline") },
};

guint
rd_presence_n_statuses (void)
{
  return G_N_ELEMENTS (statuses);
}

const char *
rd_presence_status_at (guint index)
{
  return statuses[MIN (index, G_N_ELEMENTS (statuses) - 1)].status;
}

guint
rd_presence_index (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return i;
  return G_N_ELEMENTS (statuses) - 1;
}

const char *
rd_presence_label (const char *status)
{
  return _(statuses[rd_presence_index (status)].label);
}

const char *
rd_presence_css_class (const char *status)
{
  static const char *classes[] = { "presence-available", "presence-away", "presence-busy", "presence-offline" };

  return classes[rd_presence_index (status)];
}

guint
rd_presence_rank (const char *status)
{
  return rd_presence_index (status);
}
