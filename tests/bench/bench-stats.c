/* bench-stats.c: percentiles of timings for the benchmarks. */
#include "config.h"

#include "bench-stats.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *times,
                  double  fraction)
{
  guint index;

  if (times->len == 0)
    return 0;
  g_array_sort (times, compare_double);
  /* The epsilon keeps 0.99 * 100 at 99 despite binary fractions. */
  index = (guint) MIN ((double) times->len - 1, fraction * times->len + 1e-9);
  return g_array_index (times, double, index);
}
