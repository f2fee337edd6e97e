/* rd-notifier-private.h: what the UI tests drive and read in rd-notifier.c. */
#pragma once

#include "rd-notifier.h"
#include "rd-sound.h"

G_BEGIN_DECLS

/* Whether a message from @peer would notify now (exposed for tests). */
gboolean    rd_notifier_should_notify (RdNotifier *self, const char *peer);
guint       rd_notifier_get_sent_count (RdNotifier *self);
/* Notifications closed because what they announced was handled elsewhere. */
guint       rd_notifier_get_withdrawn_count (RdNotifier *self);
RdSound    *rd_notifier_get_sound (RdNotifier *self);

G_END_DECLS
