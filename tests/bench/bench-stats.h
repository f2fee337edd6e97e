/* bench-stats.h: percentiles of timings for the benchmarks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sorts @times (doubles) ascending and returns the value at @fraction of
 * the way (0.5 median, 0.99 p99, 1.0 max), clamped to the last one. */
double bench_percentile (GArray *times, double fraction);

G_END_DECLS
