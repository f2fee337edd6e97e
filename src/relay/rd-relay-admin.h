/* rd-relay-admin.h: "relaydeskd user ...", "backup" and "migrate". */
#pragma once

#include <glib.h>

#include "rd-relay-config.h"
#include "rd-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *role;
  const char *display_name;
  gboolean    password_stdin;
  const char *strategy;       /* topic add */
  const char *migrate_to;     /* migrate: the database to copy into */
} RdAdminOptions;

/* Runs one admin command; returns the process exit status. */
int rd_relay_admin_run (RdStore              *store,
                        const RdRelayConfig  *config,
                        const RdAdminOptions *options,
                        char                **args);

/* The support queue's commands (topic ..., agent ...); returns the exit
 * status, or -1 when @args is not one of them. */
int rd_relay_admin_queue_run (RdStore *store, const RdAdminOptions *options, char **args, GError **error);

G_END_DECLS
