/* rd-unread-badge.h: the unread total on the app's icon in docks and task
 * bars, window or no window (com.canonical.Unity.LauncherEntry, which the
 * Ubuntu Dock, Dash to Dock, KDE's task manager and Plank show). */
#pragma once

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_UNREAD_BADGE (rd_unread_badge_get_type ())
G_DECLARE_FINAL_TYPE (RdUnreadBadge, rd_unread_badge, RD, UNREAD_BADGE, GObject)

/* Follows @client's unread total on @bus (the app's session bus). */
RdUnreadBadge *rd_unread_badge_new (GDBusConnection *bus, RdClient *client);

G_END_DECLS
