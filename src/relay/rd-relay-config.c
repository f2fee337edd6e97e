/* rd-relay-config.c: reads the [relay] group of relaydeskd.conf (and the
 * [directory] group through rd-directory-config.c). */
#define G_LOG_DOMAIN "rd-relay-config"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-relay-config.h"
#include "rd-sql.h"

RdRelayConfig *
rd_relay_config_new_default (void)
{
  RdRelayConfig *config = g_new0 (RdRelayConfig, 1);

  config->listen = g_strdup (RD_RELAY_DEFAULT_LISTEN);
  config->data_dir = g_build_filename (g_get_user_data_dir (), "relaydesk", "relay", NULL);
  config->hash_strength = RD_HASH_STRENGTH_INTERACTIVE;
  config->log_level = G_LOG_LEVEL_INFO;
  config->offer_timeout_s = 30;
  config->agent_grace_s = 60;
  config->file_store_max_mb = 100;
  config->file_store_days = 7;
  config->frames_per_second = 100;
  config->connections_per_address = 64;
  config->listen_backlog = 16384;
  config->login_timeout_s = 30;
  config->idle_timeout_s = 60;
  config->webhook_timeout_s = 10;
  config->send_queue_max_kb = 4096;
  config->commit_max_batch = 2000;
  config->metrics = RD_METRICS_LOOPBACK;
  return config;
}

char *
rd_relay_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "relaydesk", "relaydeskd.conf", NULL);
}

static gboolean
parse_log_level (const char     *str,
                 GLogLevelFlags *out_level)
{
  static const struct { const char *name; GLogLevelFlags level; } levels[] = {
    { "debug", G_LOG_LEVEL_DEBUG },
    { "info", G_LOG_LEVEL_INFO },
    { "message", G_LOG_LEVEL_MESSAGE },
    { "warning", G_LOG_LEVEL_WARNING },
    { "error", G_LOG_LEVEL_CRITICAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      if (g_str_equal (str, levels[i].name))
        {
          *out_level = levels[i].level;
          return TRUE;
        }
    }
  return FALSE;
}

static void
replace_string (char       **slot,
                GKeyFile    *file,
                const char  *key)
{
  g_autofree char *value = g_key_file_get_string (file, "relay", key, NULL);

  if (value != NULL)
    {
      g_free (*slot);
      *slot = g_strstrip (g_steal_pointer (&value));
    }
}

/* "FILE: KEY must be RULE", the group named unless it is [relay]. */
static void
refuse_setting (GError     **error,
                const char  *path,
                const char  *group,
                const char  *key,
                const char  *rule)
{
  gboolean relay = g_str_equal (group, "relay");

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s%s%s%s must be %s", path, relay ? "" : "[",
               relay ? "" : group, relay ? "" : "] ", key, rule);
}

gboolean
rd_relay_config_read_number (GKeyFile    *file,
                             const char  *path,
                             const char  *group,
                             const char  *key,
                             guint64      min,
                             guint64      max,
                             const char  *unit,
                             guint       *value,
                             GError     **error)
{
  g_autofree char *text = g_key_file_get_string (file, group, key, NULL);
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &number, NULL))
    {
      g_autofree char *rule = g_strdup_printf ("%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT " %s", min, max, unit);

      refuse_setting (error, path, group, key, rule);
      return FALSE;
    }
  *value = (guint) number;
  return TRUE;
}

/* The first line of the file @key names; 16 characters at least. */
static gboolean
read_secret_file (const char  *path,
                  const char  *key,
                  const char  *secret_path,
                  char       **secret,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_get_contents (secret_path, &text, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s: %s", path, key, local_error->message);
      return FALSE;
    }
  text[strcspn (text, "\r\n")] = '\0';
  if (strlen (text) < 16)
    {
      refuse_setting (error, path, "relay", key, "a file whose first line has 16 characters or more");
      return FALSE;
    }
  *secret = g_steal_pointer (&text);
  return TRUE;
}

/* metrics = off | loopback | token, the token from metrics_token_file
 * (its first line; 16 characters at least). */
static gboolean
read_metrics_access (GKeyFile       *file,
                     const char     *path,
                     RdRelayConfig  *config,
                     GError        **error)
{
  g_autofree char *access = g_key_file_get_string (file, "relay", "metrics", NULL);
  g_autofree char *token_path = g_key_file_get_string (file, "relay", "metrics_token_file", NULL);

  if (access != NULL)
    {
      g_strstrip (access);
      if (g_str_equal (access, "off"))
        config->metrics = RD_METRICS_OFF;
      else if (g_str_equal (access, "loopback"))
        config->metrics = RD_METRICS_LOOPBACK;
      else if (g_str_equal (access, "token"))
        config->metrics = RD_METRICS_TOKEN;
      else
        {
          refuse_setting (error, path, "relay", "metrics", "off, loopback or token");
          return FALSE;
        }
    }
  g_clear_pointer (&config->metrics_token, g_free);
  if (config->metrics != RD_METRICS_TOKEN)
    return TRUE;
  if (token_path == NULL || *g_strstrip (token_path) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: metrics=token needs metrics_token_file", path);
      return FALSE;
    }
  return read_secret_file (path, "metrics_token_file", token_path, &config->metrics_token, error);
}

/* webhook_urls = http(s) URLs, ";" between them; webhook_secret_file (its
 * first line, 16 characters at least) signs what goes there. */
static gboolean
read_webhooks (GKeyFile       *file,
               const char     *path,
               RdRelayConfig  *config,
               GError        **error)
{
  g_auto(GStrv) urls = g_key_file_get_string_list (file, "relay", "webhook_urls", NULL, NULL);
  g_autofree char *secret_path = g_key_file_get_string (file, "relay", "webhook_secret_file", NULL);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = NULL;
      const char *url = g_strstrip (urls[i]);

      if (*url == '\0')
        continue;
      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          refuse_setting (error, path, "relay", "webhook_urls", "http:// or https:// URLs, \";\" between them");
          return FALSE;
        }
      g_strv_builder_add (kept, url);
      n++;
    }
  g_clear_pointer (&config->webhook_urls, g_strfreev);
  g_clear_pointer (&config->webhook_secret, g_free);
  if (n == 0)
    return TRUE;
  config->webhook_urls = g_strv_builder_end (kept);
  if (secret_path == NULL || *g_strstrip (secret_path) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: webhook_urls needs webhook_secret_file", path);
      return FALSE;
    }
  return read_secret_file (path, "webhook_secret_file", secret_path, &config->webhook_secret, error);
}

gboolean
rd_relay_config_read_boolean (GKeyFile    *file,
                              const char  *path,
                              const char  *group,
                              const char  *key,
                              gboolean    *value,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean read;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;
  read = g_key_file_get_boolean (file, group, key, &local_error);
  if (local_error != NULL)
    {
      refuse_setting (error, path, group, key, "true or false");
      return FALSE;
    }
  *value = read;
  return TRUE;
}

static gboolean
read_number (GKeyFile    *file,
             const char  *path,
             const char  *key,
             guint64      min,
             guint64      max,
             const char  *unit,
             guint       *value,
             GError     **error)
{
  return rd_relay_config_read_number (file, path, "relay", key, min, max, unit, value, error);
}

/* A number of seconds from 1 to a day, if the key is there. */
static gboolean
read_seconds (GKeyFile    *file,
              const char  *path,
              const char  *key,
              guint       *value,
              GError     **error)
{
  return read_number (file, path, key, 1, 86400, "seconds", value, error);
}

gboolean
rd_relay_config_load_file (RdRelayConfig  *config,
                           const char     *path,
                           gboolean        must_exist,
                           GError        **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *strength = NULL;
  g_autofree char *level = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!must_exist && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, local_error->message);
      return FALSE;
    }

  replace_string (&config->listen, file, "listen");
  replace_string (&config->data_dir, file, "data_dir");
  replace_string (&config->database, file, "database");
  replace_string (&config->relay_id, file, "relay_id");
  replace_string (&config->public_url, file, "public_url");
  replace_string (&config->files_dir, file, "files_dir");
  if (config->database != NULL && *config->database == '\0')
    g_clear_pointer (&config->database, g_free);
  if (config->database != NULL && !rd_sql_is_postgresql_url (config->database))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: database must be a postgresql:// URL (leave it out for the SQLite file in data_dir)", path);
      return FALSE;
    }
  replace_string (&config->tls_certificate, file, "tls_certificate");
  replace_string (&config->tls_key, file, "tls_key");

  if (!rd_relay_config_read_boolean (file, path, "relay", "allow_insecure", &config->allow_insecure, error))
    return FALSE;

  strength = g_key_file_get_string (file, "relay", "password_hash", NULL);
  if (strength != NULL && !rd_hash_strength_from_string (g_strstrip (strength), &config->hash_strength))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: password_hash must be interactive, moderate or minimum", path);
      return FALSE;
    }

  if (!read_seconds (file, path, "offer_timeout", &config->offer_timeout_s, error) ||
      !read_seconds (file, path, "agent_grace_period", &config->agent_grace_s, error) ||
      !read_number (file, path, "file_store_max_mb", 0, 102400, "MB", &config->file_store_max_mb, error) ||
      !read_number (file, path, "file_store_days", 1, 365, "days", &config->file_store_days, error) ||
      !read_number (file, path, "frames_per_second", 0, 100000, "frames", &config->frames_per_second, error) ||
      !read_number (file, path, "connections_per_address", 0, 100000, "connections",
                    &config->connections_per_address, error) ||
      !read_number (file, path, "listen_backlog", 16, 65535, "connections", &config->listen_backlog, error) ||
      !read_seconds (file, path, "login_timeout", &config->login_timeout_s, error) ||
      !read_seconds (file, path, "idle_timeout", &config->idle_timeout_s, error) ||
      !read_number (file, path, "send_queue_max_kb", 16, 1048576, "KiB", &config->send_queue_max_kb, error))
    return FALSE;

  if (!read_metrics_access (file, path, config, error) || !read_webhooks (file, path, config, error) ||
      !read_seconds (file, path, "webhook_timeout", &config->webhook_timeout_s, error))
    return FALSE;

  level = g_key_file_get_string (file, "relay", "log_level", NULL);
  if (level != NULL && !parse_log_level (g_strstrip (level), &config->log_level))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: log_level must be debug, info, message, warning or error", path);
      return FALSE;
    }
  g_clear_pointer (&config->directory, rd_directory_config_free);
  return rd_directory_config_load (file, path, &config->directory, error);
}

char *
rd_relay_config_database_path (RdRelayConfig *config)
{
  if (config->database != NULL)
    return g_strdup (config->database);
  return g_build_filename (config->data_dir, "relaydesk.db", NULL);
}

char *
rd_relay_config_files_dir (RdRelayConfig *config)
{
  if (config->files_dir != NULL && *config->files_dir != '\0')
    return g_strdup (config->files_dir);
  return g_build_filename (config->data_dir, "files", NULL);
}

RdRelayConfig *
rd_relay_config_copy (const RdRelayConfig *config)
{
  RdRelayConfig *copy = g_new (RdRelayConfig, 1);

  /* The numbers as they are, then each string and group of its own: the
   * same fields rd_relay_config_free frees. */
  *copy = *config;
  copy->listen = g_strdup (config->listen);
  copy->data_dir = g_strdup (config->data_dir);
  copy->database = g_strdup (config->database);
  copy->relay_id = g_strdup (config->relay_id);
  copy->public_url = g_strdup (config->public_url);
  copy->files_dir = g_strdup (config->files_dir);
  copy->tls_certificate = g_strdup (config->tls_certificate);
  copy->tls_key = g_strdup (config->tls_key);
  copy->metrics_token = g_strdup (config->metrics_token);
  copy->webhook_urls = g_strdupv (config->webhook_urls);
  copy->webhook_secret = g_strdup (config->webhook_secret);
  copy->directory = rd_directory_config_copy (config->directory);
  return copy;
}

void
rd_relay_config_free (RdRelayConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->data_dir);
  g_free (config->database);
  g_free (config->relay_id);
  g_free (config->public_url);
  g_free (config->files_dir);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->metrics_token);
  g_strfreev (config->webhook_urls);
  g_free (config->webhook_secret);
  rd_directory_config_free (config->directory);
  g_free (config);
}
