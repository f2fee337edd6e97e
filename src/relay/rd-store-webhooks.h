/* rd-store-webhooks.h: the outbox of the webhooks (rd-relay-webhooks.c):
 * what is still to be delivered, to which URL, and when to try next. */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *event_id;   /* the same for every URL of one event */
  char   *url;
  char   *body;       /* JSON, as signed */
  gint64  attempts;   /* failed so far */
} RdWebhookDelivery;

void        rd_webhook_delivery_free   (RdWebhookDelivery *delivery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdWebhookDelivery, rd_webhook_delivery_free)

/* In the transaction of the change it tells of. */
gboolean    rd_store_webhook_add       (RdStore *store, const char *event_id, const char *url, const char *body,
                                        gint64 now_us, GError **error);
/* Up to @limit deliveries due by @now_us and claimed by nobody, oldest first. */
GPtrArray  *rd_store_webhooks_due      (RdStore *store, gint64 now_us, guint limit, GError **error);
/* Claims @delivery until @until_us; *claimed FALSE when another relay has it
 * or it is gone. */
gboolean    rd_store_webhook_claim     (RdStore *store, RdWebhookDelivery *delivery, gint64 now_us,
                                        gint64 until_us, gboolean *claimed, GError **error);
gboolean    rd_store_webhook_delivered (RdStore *store, RdWebhookDelivery *delivery, GError **error);
/* A failed attempt: counted, unclaimed, due again at @next_at_us. */
gboolean    rd_store_webhook_retry     (RdStore *store, RdWebhookDelivery *delivery, gint64 next_at_us,
                                        GError **error);
/* Deliveries not yet made (all URLs), or -1 and @error. */
gint64      rd_store_webhook_backlog   (RdStore *store, GError **error);

G_END_DECLS
