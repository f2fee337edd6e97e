/* rd-notifier.h: desktop notifications for new messages and files. */
#pragma once

#include <gtk/gtk.h>

#include "rd-client.h"
#include "rd-transfers.h"

G_BEGIN_DECLS

#define RD_TYPE_NOTIFIER (rd_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RdNotifier, rd_notifier, RD, NOTIFIER, GObject)

RdNotifier *rd_notifier_new         (GtkApplication *app, RdClient *client, GSettings *settings);
/* Files offered to us notify too. */
void        rd_notifier_watch_transfers (RdNotifier *self, RdTransfers *transfers);

G_END_DECLS
