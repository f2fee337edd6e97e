/* rd-support-step.c: a boxed history step. */
#include "config.h"

#include "rd-support-step.h"

G_DEFINE_BOXED_TYPE (RdSupportStep, rd_support_step, rd_support_step_copy, rd_support_step_free)

RdSupportStep *
rd_support_step_copy (const RdSupportStep *step)
{
  RdSupportStep *copy = g_new (RdSupportStep, 1);

  *copy = *step;
  copy->what = g_strdup (step->what);
  copy->by = g_strdup (step->by);
  copy->by_name = g_strdup (step->by_name);
  copy->to = g_strdup (step->to);
  copy->to_name = g_strdup (step->to_name);
  copy->topic = g_strdup (step->topic);
  copy->note = g_strdup (step->note);
  return copy;
}

void
rd_support_step_free (RdSupportStep *step)
{
  if (step == NULL)
    return;
  g_free (step->what);
  g_free (step->by);
  g_free (step->by_name);
  g_free (step->to);
  g_free (step->to_name);
  g_free (step->topic);
  g_free (step->note);
  g_free (step);
}
