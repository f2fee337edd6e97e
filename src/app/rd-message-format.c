/* rd-message-format.c: markup, times and marks for message rows. */
#define G_LOG_DOMAIN "rd-message-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-message-format.h"

static GRegex *
link_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *compiled = g_regex_new ("\\b(?:https?://|mailto:)[^\\s<>\"]+[^\\s<>\".,;:!?)\\]']",
                                      G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&regex, compiled);
    }
  return regex;
}

char *
rd_message_format_body_markup (const char *body)
{
  g_autoptr(GMatchInfo) match = NULL;
  GString *markup = g_string_new (NULL);
  gint last_end = 0;

  g_return_val_if_fail (body != NULL, NULL);

  g_regex_match (link_regex (), body, 0, &match);
  while (g_match_info_matches (match))
    {
      gint start, end;
      g_autofree char *before = NULL;
      g_autofree char *url = NULL;
      g_autofree char *escaped = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      before = g_markup_escape_text (body + last_end, start - last_end);
      g_string_append (markup, before);
      url = g_strndup (body + start, end - start);
      escaped = g_markup_escape_text (url, -1);
      g_string_append_printf (markup, "<a href=\"%s\">%s</a>", escaped, escaped);
      last_end = end;
      g_match_info_next (match, NULL);
    }
  {
    g_autofree char *rest = g_markup_escape_text (body + last_end, -1);
    g_string_append (markup, rest);
  }
  return g_string_free (markup, FALSE);
}

static GDateTime *
local_time (gint64 ts_ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ts_ms / 1000);

  return g_date_time_to_local (utc);
}

char *
rd_message_format_time (gint64 ts_ms)
{
  g_autoptr(GDateTime) time = NULL;

  if (ts_ms <= 0)
    return g_strdup ("");
  time = local_time (ts_ms);
  return g_date_time_format (time, "%H:%M");
}

static gint
day_number (GDateTime *time)
{
  return g_date_time_get_year (time) * 400 + g_date_time_get_day_of_year (time);
}

gboolean
rd_message_format_new_day (gint64 previous_ts_ms,
                           gint64 ts_ms)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  if (previous_ts_ms <= 0 || ts_ms <= 0)
    return previous_ts_ms <= 0 && ts_ms > 0;
  a = local_time (previous_ts_ms);
  b = local_time (ts_ms);
  return day_number (a) != day_number (b);
}

char *
rd_message_format_day (gint64 ts_ms,
                       gint64 now_ms)
{
  g_autoptr(GDateTime) time = local_time (ts_ms);
  g_autoptr(GDateTime) now = local_time (now_ms);
  g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (time),
                                         g_date_time_get_month (time), g_date_time_get_year (time));
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now), g_date_time_get_year (now));
  gint days = g_date_days_between (day, today);

  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days > 1 && days < 7)
    return g_date_time_format (time, "%A");
  /* Translators: a day heading in a conversation, see strftime(3). */
  return g_date_time_format (time, _("%e %B %Y"));
}

const char *
rd_message_format_state_mark (RdMessageState state)
{
  switch (state)
    {
    case RD_MESSAGE_PENDING: return "🕓";
    case RD_MESSAGE_SENT: return "✓";
    case RD_MESSAGE_DELIVERED: return "✓✓";
    case RD_MESSAGE_READ: return "✓✓";
    case RD_MESSAGE_FAILED: return "⚠";
    default: return "";
    }
}

const char *
rd_message_format_state_text (RdMessageState state)
{
  switch (state)
    {
    case RD_MESSAGE_PENDING: return _("Waiting to be sent");
    case RD_MESSAGE_SENT: return _("Sent");
    case RD_MESSAGE_DELIVERED: return _("Delivered");
    case RD_MESSAGE_READ: return _("Read");
    case RD_MESSAGE_FAILED: return _("Not sent");
    default: return "";
    }
}
