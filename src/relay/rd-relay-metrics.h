/* rd-relay-metrics.h: the relay's figures for operations, served as
 * Prometheus text (format 0.0.4) at GET /metrics to whom the "metrics"
 * setting allows. Counters and histograms count since this relay started;
 * gauges are read when asked. Main thread only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_HISTOGRAM_MAX_BOUNDS 12

typedef struct {
  const double *bounds;                 /* upper bounds, seconds, ascending */
  guint         n_bounds;
  guint64       counts[RD_HISTOGRAM_MAX_BOUNDS];   /* per bucket, not cumulative */
  guint64       count;
  double        sum;
} RdHistogram;

typedef struct {
  guint64     messages;             /* stored by this relay */
  guint64     receipts_delivered;
  guint64     receipts_read;
  guint64     offers_accepted;
  guint64     offers_declined;
  guint64     offers_timed_out;
  RdHistogram offer_seconds;        /* from an offer to its answer or time-out */
  RdHistogram wait_seconds;         /* from a request's queueing to an agent accepting its offer or taking it */
  RdHistogram commit_seconds;       /* a group commit on the relay's loop */
} RdRelayMetrics;

void rd_relay_metrics_init (RdRelayMetrics *metrics);
void rd_histogram_observe  (RdHistogram *histogram, double seconds);

G_END_DECLS
