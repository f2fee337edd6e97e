/* rd-support-labels.c: the translated names of support values. */
#define G_LOG_DOMAIN "rd-support-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-support-labels.h"

const char *
rd_priority_label (RdPriority priority)
{
  switch (priority)
    {
    case RD_PRIORITY_URGENT: return _("Urgent");
    case RD_PRIORITY_HIGH: return _("High");
    case RD_PRIORITY_NORMAL:
    default: return _("Normal");
    }
}

const char *
rd_route_strategy_label (RdRouteStrategy strategy)
{
  switch (strategy)
    {
    case RD_ROUTE_LONGEST_IDLE: return _("Longest idle (round robin)");
    case RD_ROUTE_SKILLS: return _("Skills");
    case RD_ROUTE_MANUAL: return _("Manual only");
    case RD_ROUTE_LEAST_BUSY:
    default: return _("Least busy");
    }
}

/* A person in a step: the display name, else the user name. */
static const char *
person (const char *name,
        const char *username)
{
  return name && *name ? name : username;
}

char *
rd_support_step_describe (const RdSupportStep *step)
{
  const char *by = person (step->by_name, step->by);
  const char *to = person (step->to_name, step->to);
  const char *what = step->what;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  /* Translators: where a request went: an agent, a topic, or both. */
  if (*to && *step->topic)
    where = g_strdup_printf (_("%s in %s"), to, step->topic);
  else
    where = g_strdup (*to ? to : step->topic);

  if (g_str_equal (what, "created"))
    text = g_strdup_printf (_("%s asked for help"), by);
  else if (g_str_equal (what, "offered"))
    text = g_strdup_printf (_("Offered to %s"), to);
  else if (g_str_equal (what, "declined"))
    text = g_strdup_printf (_("%s declined it"), by);
  else if (g_str_equal (what, "offer_timed_out"))
    text = g_strdup_printf (_("%s did not answer the offer in time"), to);
  else if (g_str_equal (what, "accepted"))
    text = g_strdup_printf (_("%s accepted it"), by);
  else if (g_str_equal (what, "taken"))
    text = g_strdup_printf (_("%s took it from the queue"), by);
  else if (g_str_equal (what, "transferred"))
    text = g_strdup_printf (_("%s transferred it to %s"), by, where);
  else if (g_str_equal (what, "reassigned"))
    text = g_strdup_printf (_("%s reassigned it to %s"), by, where);
  else if (g_str_equal (what, "taken_over"))
    text = *to ? g_strdup_printf (_("%s took it over from %s"), by, to) : g_strdup_printf (_("%s took it over"), by);
  else if (g_str_equal (what, "agent_left"))
    text = g_strdup_printf (_("%s was away too long; back in the queue"), to);
  else if (g_str_equal (what, "agent_disabled"))
    text = g_strdup_printf (_("%s’s account was disabled; back in the queue"), to);
  else if (g_str_equal (what, "requeued"))
    text = g_strdup (_("Back in the queue after a relay restart"));
  else if (g_str_equal (what, "resolved"))
    text = g_strdup_printf (_("%s resolved it"), by);
  else if (g_str_equal (what, "cancelled"))
    text = g_strdup_printf (_("%s cancelled it"), by);
  else if (g_str_equal (what, "idle_warning"))
    text = g_strdup_printf (_("%s was quiet; a reminder went out"), to);
  else if (g_str_equal (what, "closed_idle"))
    text = g_strdup (_("Closed: no reply to the reminder"));
  else if (g_str_equal (what, "reopened"))
    /* Translators: who reopened a request closed for silence. */
    text = g_strdup_printf (_("%s wrote again: reopened"), by);
  else if (g_str_equal (what, "target_missed"))
    text = g_strdup (_("Waited past its first-response target"));
  else if (g_str_equal (what, "rated"))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s rated it %u star", "%s rated it %u stars", step->rating),
                            by, step->rating);
  else
    text = g_strdup (what);
  if (*step->note)
    return g_strdup_printf ("%s: “%s”", text, step->note);
  return g_steal_pointer (&text);
}

RdTargetState
rd_target_state (gint64 queued_at_us,
                 gint64 respond_by_us)
{
  gint64 now = g_get_real_time ();

  if (respond_by_us <= 0)
    return RD_TARGET_NONE;
  if (now >= respond_by_us)
    return RD_TARGET_MISSED;
  if (queued_at_us > 0 && (respond_by_us - now) * 5 <= respond_by_us - queued_at_us)
    return RD_TARGET_CLOSE;
  return RD_TARGET_IN_TIME;
}

char *
rd_target_text (gint64 queued_at_us,
                gint64 respond_by_us)
{
  gint64 now = g_get_real_time ();

  switch (rd_target_state (queued_at_us, respond_by_us))
    {
    case RD_TARGET_NONE:
      return NULL;
    case RD_TARGET_MISSED:
      /* Translators: minutes since a request missed its first-response target. */
      return g_strdup_printf (_("target missed %" G_GINT64_FORMAT " min ago"),
                              (now - respond_by_us) / (60 * G_USEC_PER_SEC));
    case RD_TARGET_IN_TIME:
    case RD_TARGET_CLOSE:
    default:
      /* Translators: minutes left (rounded up) to a request's first-response target. */
      return g_strdup_printf (_("respond within %" G_GINT64_FORMAT " min"),
                              (respond_by_us - now + 60 * G_USEC_PER_SEC - 1) / (60 * G_USEC_PER_SEC));
    }
}

char *
rd_support_request_outcome_text (RdSupportRequest *request)
{
  GString *text = g_string_new (rd_support_request_get_topic (request));
  const char *agent = rd_support_request_get_agent_name (request);
  gint64 at = rd_support_request_get_finished_at (request) ? rd_support_request_get_finished_at (request)
                                                           : rd_support_request_get_queued_at (request);

  switch (rd_support_request_get_state (request))
    {
    case RD_REQUEST_RESOLVED:
      /* Translators: who resolved a request. */
      if (*agent)
        g_string_append_printf (text, _(" · resolved by %s"), agent);
      else
        g_string_append (text, _(" · resolved"));
      break;
    case RD_REQUEST_CANCELLED:
      g_string_append (text, _(" · cancelled"));
      break;
    case RD_REQUEST_QUEUED:
    case RD_REQUEST_OFFERED:
    case RD_REQUEST_ACTIVE:
    default:
      g_string_append (text, _(" · still open"));
      break;
    }
  if (rd_support_request_get_rating (request) > 0)
    /* Translators: a requester's rating of a request. */
    g_string_append_printf (text, _(" · rated %u of 5"), rd_support_request_get_rating (request));
  if (at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (when, "%x");

      g_string_append_printf (text, " · %s", date);
    }
  return g_string_free (text, FALSE);
}

char *
rd_when_text (gint64 real_time_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (real_time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (when, "%H:%M");
  GDate today, day;
  gint days;

  g_date_clear (&today, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_set_dmy (&day, g_date_time_get_day_of_month (when), g_date_time_get_month (when), g_date_time_get_year (when));
  days = g_date_days_between (&today, &day);

  /* Translators: times a desk opens: "at 14:00" (today), "tomorrow at 09:00",
   * "on Monday at 09:00", "on 24 December at 09:00". */
  if (days <= 0)
    return g_strdup_printf (_("at %s"), time);
  if (days == 1)
    return g_strdup_printf (_("tomorrow at %s"), time);
  if (days < 7)
    {
      g_autofree char *day = g_date_time_format (when, "%A");

      return g_strdup_printf (_("on %s at %s"), day, time);
    }
  {
    g_autofree char *date = g_date_time_format (when, "%e %B");

    return g_strdup_printf (_("on %s at %s"), g_strstrip (date), time);
  }
}

char *
rd_topic_opening_text (RdTopic *topic)
{
  g_autofree char *when = NULL;

  if (rd_topic_is_open (topic))
    return NULL;
  if (rd_topic_get_opens_at (topic) <= 0)
    /* Translators: %s is a topic. */
    return g_strdup_printf (_("The %s desk is closed now. Your request will wait until it opens."),
                            rd_topic_get_name (topic));
  when = rd_when_text (rd_topic_get_opens_at (topic));
  /* Translators: a topic, and when it opens ("tomorrow at 09:00"). */
  return g_strdup_printf (_("The %s desk is closed now and opens %s. Your request will wait and go to an agent "
                            "then."), rd_topic_get_name (topic), when);
}

gint64
rd_minutes_since (gint64 real_time_us)
{
  if (real_time_us <= 0)
    return 0;
  return MAX (0, g_get_real_time () - real_time_us) / (60 * G_USEC_PER_SEC);
}
