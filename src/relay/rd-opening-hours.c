/* rd-opening-hours.c: see rd-opening-hours.h. Minutes of the day per
 * weekday; dates closed; all in the topic's time zone. */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "rd-opening-hours.h"

#define MAX_RANGES 8   /* a day */

typedef struct {
  guint16 start;   /* minutes since midnight */
  guint16 end;
} Range;

struct _RdOpeningHours {
  GTimeZone *zone;
  gboolean   always;
  Range      days[7][MAX_RANGES];   /* 0 = Monday */
  guint      n_ranges[7];
  GArray    *closed;                /* guint32 julian days */
};

static const char * const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

void
rd_opening_hours_free (RdOpeningHours *hours)
{
  if (hours == NULL)
    return;
  g_clear_pointer (&hours->zone, g_time_zone_unref);
  g_clear_pointer (&hours->closed, g_array_unref);
  g_free (hours);
}

static gboolean
fail (GError **error, const char *format, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format, what);
  return FALSE;
}

static gint
day_index (const char *name)
{
  for (gint i = 0; i < 7; i++)
    if (g_ascii_strcasecmp (name, day_names[i]) == 0)
      return i;
  return -1;
}

/* "09:30" -> 570; "24:00" allowed. */
static gboolean
parse_time (const char *text, guint *minutes)
{
  guint h, m;
  char tail;

  if (strlen (text) != 5 || sscanf (text, "%2u:%2u%c", &h, &m, &tail) != 2 || m > 59 || h > 24 || (h == 24 && m))
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
add_range (RdOpeningHours *self, gint day, guint start, guint end, const char *text, GError **error)
{
  for (guint i = 0; i < self->n_ranges[day]; i++)
    if (start < self->days[day][i].end && self->days[day][i].start < end)
      return fail (error, "hours overlap on %s", day_names[day]);
  if (self->n_ranges[day] == MAX_RANGES)
    return fail (error, "too many ranges on %s", day_names[day]);
  self->days[day][self->n_ranges[day]++] = (Range) { start, end };
  return TRUE;
}

/* "mon-fri 09:00-12:00, 13:00-17:00" */
static gboolean
parse_entry (RdOpeningHours *self, char *entry, GError **error)
{
  char *space = strchr (g_strstrip (entry), ' ');
  g_auto(GStrv) days = NULL;
  g_auto(GStrv) ranges = NULL;
  gint first, last;

  if (space == NULL)
    return fail (error, "\"%s\" needs days and hours, e.g. mon-fri 09:00-17:00", entry);
  *space = '\0';
  days = g_strsplit (entry, "-", 2);
  first = day_index (days[0]);
  last = days[1] ? day_index (days[1]) : first;
  if (first < 0 || last < 0 || last < first)
    return fail (error, "\"%s\" is not a day or a range of days (mon ... sun)", entry);
  ranges = g_strsplit (space + 1, ",", -1);
  for (guint r = 0; ranges[r] != NULL; r++)
    {
      g_auto(GStrv) ends = g_strsplit (g_strstrip (ranges[r]), "-", 2);
      guint start, end;

      if (ends[1] == NULL || !parse_time (g_strstrip (ends[0]), &start) || !parse_time (g_strstrip (ends[1]), &end))
        return fail (error, "\"%s\" is not a time range such as 09:00-17:00", ranges[r]);
      if (end <= start)
        return fail (error, "\"%s\" ends before it starts", ranges[r]);
      for (gint day = first; day <= last; day++)
        if (!add_range (self, day, start, end, ranges[r], error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
parse_closed (RdOpeningHours *self, const char *text, GError **error)
{
  g_auto(GStrv) dates = g_strsplit (text, ",", -1);

  for (guint i = 0; dates[i] != NULL; i++)
    {
      char *date = g_strstrip (dates[i]);
      guint y, m, d;
      char tail;
      GDate parsed;

      if (*date == '\0')
        continue;
      if (sscanf (date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
        return fail (error, "\"%s\" is not a date (YYYY-MM-DD)", date);
      g_date_clear (&parsed, 1);
      g_date_set_dmy (&parsed, d, m, y);
      {
        guint32 julian = g_date_get_julian (&parsed);

        g_array_append_val (self->closed, julian);
      }
    }
  return TRUE;
}

RdOpeningHours *
rd_opening_hours_parse (const char  *time_zone,
                        const char  *hours,
                        const char  *closed_days,
                        GError     **error)
{
  g_autoptr(RdOpeningHours) self = g_new0 (RdOpeningHours, 1);
  g_auto(GStrv) entries = NULL;

  self->closed = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->always = hours == NULL || *hours == '\0';
  if (time_zone == NULL || *time_zone == '\0')
    {
      if (!self->always)
        {
          fail (error, "opening hours need a time zone%s", "");
          return NULL;
        }
      self->zone = g_time_zone_new_utc ();
    }
  else if ((self->zone = g_time_zone_new_identifier (time_zone)) == NULL)
    {
      fail (error, "there is no time zone \"%s\"", time_zone);
      return NULL;
    }
  entries = g_strsplit (self->always ? "" : hours, ";", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    if (*g_strstrip (entries[i]) != '\0' && !parse_entry (self, entries[i], error))
      return NULL;
  if (closed_days != NULL && !parse_closed (self, closed_days, error))
    return NULL;
  return g_steal_pointer (&self);
}

static gboolean
closed_on (const RdOpeningHours *self, GDateTime *local)
{
  GDate date;
  guint32 julian;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  julian = g_date_get_julian (&date);
  for (guint i = 0; i < self->closed->len; i++)
    if (g_array_index (self->closed, guint32, i) == julian)
      return TRUE;
  return FALSE;
}

gboolean
rd_opening_hours_is_open (const RdOpeningHours *self,
                          gint64                now_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->zone);
  gint day = g_date_time_get_day_of_week (local) - 1;
  guint minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  if (closed_on (self, local))
    return FALSE;
  if (self->always)
    return TRUE;
  for (guint i = 0; i < self->n_ranges[day]; i++)
    if (minute >= self->days[day][i].start && minute < self->days[day][i].end)
      return TRUE;
  return FALSE;
}

gint64
rd_opening_hours_next_open (const RdOpeningHours *self,
                            gint64                now_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = g_date_time_to_timezone (utc, self->zone);

  if (rd_opening_hours_is_open (self, now_us))
    return now_us;
  for (gint offset = 0; offset <= 366; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, offset);
      gint weekday = g_date_time_get_day_of_week (day) - 1;
      gint64 best = 0;

      if (closed_on (self, day))
        continue;
      if (self->always)
        {
          g_autoptr(GDateTime) midnight = g_date_time_new (self->zone, g_date_time_get_year (day),
                                                           g_date_time_get_month (day),
                                                           g_date_time_get_day_of_month (day), 0, 0, 0);
          return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
        }
      for (guint i = 0; i < self->n_ranges[weekday]; i++)
        {
          Range *range = (Range *) &self->days[weekday][i];
          g_autoptr(GDateTime) start = g_date_time_new (self->zone, g_date_time_get_year (day),
                                                        g_date_time_get_month (day),
                                                        g_date_time_get_day_of_month (day), range->start / 60,
                                                        range->start % 60, 0);
          gint64 at = g_date_time_to_unix (start) * G_USEC_PER_SEC;

          if (at > now_us && (best == 0 || at < best))
            best = at;
        }
      if (best != 0)
        return best;
    }
  return 0;
}
