/* test-opening-hours.c: parsing, refusals, open or not, and the next
 * opening, across days, closed days and time zones. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-opening-hours.h"

/* µs of a wall-clock time in @zone. */
static gint64
at (const char *zone, gint y, gint mo, gint d, gint h, gint mi)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) when = g_date_time_new (tz, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

static void
test_open_and_next (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOpeningHours) hours =
    rd_opening_hours_parse ("Europe/Berlin", "mon-fri 09:00-12:00, 13:00-17:00; sat 10:00-14:00", "2026-12-25",
                            &error);
  const char *z = "Europe/Berlin";

  g_assert_no_error (error);
  /* Wednesday 2 December 2026. */
  g_assert_true (rd_opening_hours_is_open (hours, at (z, 2026, 12, 2, 9, 0)));
  g_assert_true (rd_opening_hours_is_open (hours, at (z, 2026, 12, 2, 11, 59)));
  g_assert_false (rd_opening_hours_is_open (hours, at (z, 2026, 12, 2, 12, 30)));   /* lunch */
  g_assert_false (rd_opening_hours_is_open (hours, at (z, 2026, 12, 2, 17, 0)));
  g_assert_false (rd_opening_hours_is_open (hours, at (z, 2026, 12, 2, 8, 59)));
  /* The same instant seen from UTC (an hour behind Berlin in winter). */
  g_assert_true (rd_opening_hours_is_open (hours, at ("UTC", 2026, 12, 2, 8, 30)));
  /* Next opening: after lunch, the next morning, Saturday's, Monday's. */
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 2, 12, 30)), ==, at (z, 2026, 12, 2, 13, 0));
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 2, 18, 0)), ==, at (z, 2026, 12, 3, 9, 0));
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 4, 18, 0)), ==, at (z, 2026, 12, 5, 10, 0));
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 5, 15, 0)), ==, at (z, 2026, 12, 7, 9, 0));
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 2, 10, 0)), ==, at (z, 2026, 12, 2, 10, 0));
  /* Christmas Day is a Friday, closed: Saturday morning is next. */
  g_assert_false (rd_opening_hours_is_open (hours, at (z, 2026, 12, 25, 10, 0)));
  g_assert_cmpint (rd_opening_hours_next_open (hours, at (z, 2026, 12, 24, 18, 0)), ==, at (z, 2026, 12, 26, 10, 0));
}

static void
test_always_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdOpeningHours) hours = rd_opening_hours_parse ("", "", "", &error);

  g_assert_no_error (error);
  g_assert_true (rd_opening_hours_is_open (hours, at ("UTC", 2026, 12, 6, 3, 0)));
}

static void
test_refusals (void)
{
  const struct { const char *zone, *hours, *closed, *message; } bad[] = {
    { "Mars/Olympus_Mons", "mon 09:00-17:00", "", "no time zone" },
    { "", "mon 09:00-17:00", "", "need a time zone" },
    { "UTC", "mon 17:00-09:00", "", "ends before it starts" },
    { "UTC", "mon 09:00-09:00", "", "ends before it starts" },
    { "UTC", "mon-fri 09:00-13:00; wed 12:00-14:00", "", "overlap on wed" },
    { "UTC", "mon 09:00-12:00, 11:00-13:00", "", "overlap on mon" },
    { "UTC", "funday 09:00-17:00", "", "not a day" },
    { "UTC", "fri-mon 09:00-17:00", "", "not a day" },
    { "UTC", "mon 9-17", "", "not a time range" },
    { "UTC", "mon 09:00-25:00", "", "not a time range" },
    { "UTC", "mon", "", "needs days and hours" },
    { "UTC", "mon 09:00-17:00", "2026-02-30", "not a date" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdOpeningHours) hours = rd_opening_hours_parse (bad[i].zone, bad[i].hours, bad[i].closed, &error);

      g_test_message ("%s / %s / %s", bad[i].zone, bad[i].hours, bad[i].closed);
      g_assert_null (hours);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/opening-hours/open-and-next", test_open_and_next);
  g_test_add_func ("/opening-hours/always-open", test_always_open);
  g_test_add_func ("/opening-hours/refusals", test_refusals);
  return g_test_run ();
}
