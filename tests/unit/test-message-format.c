/* test-message-format.c: links, escaping, times and day headings. */
#include "config.h"

#include <string.h>

#include "rd-message-format.h"

static void
test_markup (void)
{
  static const struct { const char *body; const char *markup; } cases[] = {
    { "plain text", "plain text" },
    { "<b>not bold</b> & co", "&lt;b&gt;not bold&lt;/b&gt; &amp; co" },
    { "see https://it.example.com/vpn?x=1&y=2.", "see <a href=\"https://it.example.com/vpn?x=1&amp;y=2\">"
      "https://it.example.com/vpn?x=1&amp;y=2</a>." },
    { "(http://a.example/b) and mailto:help@example.com",
      "(<a href=\"http://a.example/b\">http://a.example/b</a>) and "
      "<a href=\"mailto:help@example.com\">mailto:help@example.com</a>" },
    { "javascript:alert(1) is not a link", "javascript:alert(1) is not a link" },
    { "\"https://q.example/\"><script>", "&quot;<a href=\"https://q.example/\">https://q.example/</a>&quot;&gt;&lt;script&gt;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = rd_message_format_body_markup (cases[i].body);
      g_autofree char *document = g_strdup_printf ("<m>%s</m>", markup);
      static const GMarkupParser no_callbacks = { 0 };
      g_autoptr(GMarkupParseContext) parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (markup, ==, cases[i].markup);
      /* Whatever the body, the result is well-formed markup for the label. */
      g_assert_true (g_markup_parse_context_parse (parser, document, -1, &error) &&
                     g_markup_parse_context_end_parse (parser, &error));
      g_assert_no_error (error);
    }
}

static gint64
local_ms (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * 1000;
}

static void
test_times_and_days (void)
{
  gint64 now = local_ms (2026, 11, 25, 15, 0);
  g_autofree char *time = rd_message_format_time (local_ms (2026, 11, 25, 9, 5));
  g_autofree char *today = rd_message_format_day (local_ms (2026, 11, 25, 0, 1), now);
  g_autofree char *yesterday = rd_message_format_day (local_ms (2026, 11, 24, 23, 59), now);
  g_autofree char *weekday = rd_message_format_day (local_ms (2026, 11, 21, 12, 0), now);
  g_autofree char *older = rd_message_format_day (local_ms (2026, 10, 2, 12, 0), now);

  g_assert_cmpstr (time, ==, "09:05");
  g_assert_cmpstr (today, ==, "Today");
  g_assert_cmpstr (yesterday, ==, "Yesterday");
  g_assert_cmpstr (weekday, ==, "Saturday");
  g_assert_nonnull (strstr (older, "2026"));
  g_assert_true (rd_message_format_new_day (local_ms (2026, 11, 24, 23, 59), local_ms (2026, 11, 25, 0, 0)));
  g_assert_false (rd_message_format_new_day (local_ms (2026, 11, 25, 0, 0), local_ms (2026, 11, 25, 23, 59)));
  /* A pending message (no relay time yet) starts no new day. */
  g_assert_false (rd_message_format_new_day (local_ms (2026, 11, 25, 0, 0), 0));
}

static void
test_state_marks (void)
{
  g_assert_cmpstr (rd_message_format_state_text (RD_MESSAGE_PENDING), ==, "Waiting to be sent");
  g_assert_cmpstr (rd_message_format_state_mark (RD_MESSAGE_SENT), ==, "✓");
  g_assert_cmpstr (rd_message_format_state_mark (RD_MESSAGE_DELIVERED), ==, "✓✓");
  g_assert_cmpstr (rd_message_format_state_text (RD_MESSAGE_READ), ==, "Read");
  g_assert_cmpstr (rd_message_format_state_text (RD_MESSAGE_FAILED), ==, "Not sent");
}

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/message-format/markup", test_markup);
  g_test_add_func ("/message-format/times-and-days", test_times_and_days);
  g_test_add_func ("/message-format/state-marks", test_state_marks);
  return g_test_run ();
}
