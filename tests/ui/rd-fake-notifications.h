/* rd-fake-notifications.h: an org.freedesktop.Notifications server on the
 * session bus, in its own thread, that records what the app asks to show. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RdFakeNotifications RdFakeNotifications;

RdFakeNotifications *rd_fake_notifications_start     (void);
void                 rd_fake_notifications_stop      (RdFakeNotifications *self);
guint                rd_fake_notifications_count     (RdFakeNotifications *self);
/* "summary\nbody" of the newest notification, or NULL. */
char                *rd_fake_notifications_last      (RdFakeNotifications *self);

G_END_DECLS
