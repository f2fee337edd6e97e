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
/* The newest notification still shown whose summary holds @summary_part:
 * its id, or 0. */
guint                rd_fake_notifications_find      (RdFakeNotifications *self, const char *summary_part);
gboolean             rd_fake_notifications_is_open   (RdFakeNotifications *self, guint id);
/* Its action keys, space-separated ("default decline accept"). */
char                *rd_fake_notifications_actions   (RdFakeNotifications *self, guint id);
/* As a click on the action @action would: ActionInvoked, then the
 * notification closes. */
void                 rd_fake_notifications_invoke    (RdFakeNotifications *self, guint id, const char *action);

G_END_DECLS
