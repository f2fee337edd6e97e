/* rd-relay-log.c: "2026-11-25T10:00:00.123Z INFO rd-relay: text" lines.
 *
 * Under systemd the journal is used directly so its fields survive; anywhere
 * else a plain line goes to stderr, filtered by the configured level.
 */
#define G_LOG_DOMAIN "rd-relay-log"

#include "config.h"

#include <stdio.h>

#include "rd-relay-log.h"

static GLogLevelFlags log_threshold = G_LOG_LEVEL_INFO;

static int
level_rank (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR) return 0;
  if (level & G_LOG_LEVEL_CRITICAL) return 1;
  if (level & G_LOG_LEVEL_WARNING) return 2;
  if (level & G_LOG_LEVEL_MESSAGE) return 3;
  if (level & G_LOG_LEVEL_INFO) return 4;
  return 5;
}

static const char *
level_name (GLogLevelFlags level)
{
  static const char * const names[] = { "ERROR", "CRITICAL", "WARNING", "NOTICE", "INFO", "DEBUG" };
  return names[level_rank (level)];
}

static GLogWriterOutput
relay_log_writer (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  const char *domain = "relaydeskd";
  const char *message = "";
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if (level_rank (level) > level_rank (log_threshold))
    return G_LOG_WRITER_HANDLED;

  if (g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_journald (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].value)
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value)
        message = fields[i].value;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  fprintf (stderr, "%s.%03dZ %s %s: %s\n", stamp, g_date_time_get_microsecond (now) / 1000,
           level_name (level), domain, message);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

void
rd_relay_log_init (GLogLevelFlags threshold)
{
  log_threshold = threshold;
  g_log_set_writer_func (relay_log_writer, NULL, NULL);
}
