/* rd-relay-config.h: relaydeskd settings from the config file and options. */
#pragma once

#include <glib.h>

#include "rd-credentials.h"
#include "rd-directory.h"

G_BEGIN_DECLS

/* Who may read GET /metrics. */
typedef enum {
  RD_METRICS_OFF,
  RD_METRICS_LOOPBACK,   /* from 127.0.0.1 or ::1 only (the default) */
  RD_METRICS_TOKEN,      /* from anywhere, with "Authorization: Bearer TOKEN" */
} RdMetricsAccess;

typedef struct {
  char           *listen;            /* host:port */
  char           *data_dir;
  char           *database;          /* a postgresql:// URL; NULL: relaydesk.db in data_dir */
  char           *relay_id;          /* unique among the relays on one database; NULL: host:port */
  char           *public_url;        /* where clients reach this relay; NULL: its listening URL */
  char           *files_dir;         /* kept files; shared by relays on one database; NULL: data_dir/files */
  char           *tls_certificate;   /* PEM paths; both set means wss */
  char           *tls_key;
  gboolean        allow_insecure;    /* plain ws on a non-loopback address */
  RdHashStrength  hash_strength;
  GLogLevelFlags  log_level;
  guint           commit_max_batch;  /* writes per group commit at most */
  guint           offer_timeout_s;   /* an unanswered offer moves on after this */
  guint           agent_grace_s;     /* an agent gone this long has their requests requeued */
  guint           file_store_max_mb; /* largest file kept for an offline recipient; 0: none */
  guint           file_store_days;   /* a kept file nobody fetched is deleted after this */
  guint           frames_per_second; /* a session's sustained rate (twice that in a burst); 0: no limit */
  guint           connections_per_address; /* open connections from one address at most; 0: no limit */
  guint           listen_backlog;    /* connections the kernel holds before they are accepted */
  guint           login_timeout_s;   /* a socket not signed in by then is closed */
  guint           idle_timeout_s;    /* a signed-in socket silent this long is closed */
  guint           send_queue_max_kb; /* bytes waiting for one client at most, beyond one frame */
  RdMetricsAccess metrics;
  char           *metrics_token;     /* from metrics_token_file, with metrics=token */
  char          **webhook_urls;      /* where each request's life is POSTed; NULL: nowhere */
  char           *webhook_secret;    /* from webhook_secret_file: the HMAC-SHA256 key */
  guint           webhook_timeout_s; /* a receiver's answer is awaited this long */
  RdDirectoryConfig *directory;      /* the [directory] group; NULL: local accounts only */
} RdRelayConfig;

#define RD_RELAY_DEFAULT_LISTEN "127.0.0.1:7878"

RdRelayConfig *rd_relay_config_new_default (void);
/* Loads @path over the defaults; a missing file at the default path is fine. */
gboolean       rd_relay_config_load_file   (RdRelayConfig *config, const char *path,
                                            gboolean must_exist, GError **error);
/* The database setting, or the SQLite file in the data folder. */
char          *rd_relay_config_database_path (RdRelayConfig *config);
/* The files_dir setting, or files/ in the data folder. */
char          *rd_relay_config_files_dir   (RdRelayConfig *config);
RdRelayConfig *rd_relay_config_copy        (const RdRelayConfig *config);
void           rd_relay_config_free        (RdRelayConfig *config);
/* A whole number from @min to @max @unit in @group, left as it is when not
 * set; the error names the file, the group (but [relay]) and the key. */
gboolean       rd_relay_config_read_number (GKeyFile *file, const char *path, const char *group,
                                            const char *key, guint64 min, guint64 max, const char *unit,
                                            guint *value, GError **error);
/* true or false in @group, left as it is when not set; the same errors. */
gboolean       rd_relay_config_read_boolean (GKeyFile *file, const char *path, const char *group,
                                             const char *key, gboolean *value, GError **error);
char          *rd_relay_config_default_path (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdRelayConfig, rd_relay_config_free)

G_END_DECLS
