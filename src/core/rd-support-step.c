/* rd-support-step.c: a boxed history step, and who held a request by its
 * steps (the relay's transcript counts the same steps). */
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

/* Who held the request through @step: the actor of an acceptance or take,
 * the one a take-over took it from (the taker is the caller's concern). */
static const char *
holder_of (const RdSupportStep *step,
           const char         **name)
{
  if (g_str_equal (step->what, "accepted") || g_str_equal (step->what, "taken"))
    {
      *name = step->by_name;
      return step->by;
    }
  if (g_str_equal (step->what, "taken_over"))
    {
      *name = step->to_name;
      return step->to;
    }
  return NULL;
}

const RdSupportStep *
rd_support_steps_other_holder (GPtrArray  *steps,
                               const char *username)
{
  g_return_val_if_fail (steps != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  for (guint i = steps->len; i > 0; i--)
    {
      const RdSupportStep *step = g_ptr_array_index (steps, i - 1);
      const char *name = NULL;
      const char *holder = holder_of (step, &name);

      if (holder != NULL && *holder != '\0' && !g_str_equal (holder, username))
        return step;
    }
  return NULL;
}

const char *
rd_support_step_holder_name (const RdSupportStep *step)
{
  const char *name = NULL;
  const char *holder;

  g_return_val_if_fail (step != NULL, NULL);
  holder = holder_of (step, &name);
  return name != NULL && *name != '\0' ? name : holder;
}
