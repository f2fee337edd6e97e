/* rd-directory-config.c: the [directory] group of relaydeskd.conf. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-directory.h"
#include "rd-ldap-filter.h"
#include "rd-relay-config.h"

#define GROUP "directory"

RdDirectoryConfig *
rd_directory_config_new (void)
{
  RdDirectoryConfig *config = g_new0 (RdDirectoryConfig, 1);

  config->user_filter = g_strdup ("(objectClass=person)");
  config->login_attribute = g_strdup ("uid");
  config->login_suffix = g_strdup ("");
  config->display_name_attribute = g_strdup ("displayName");
  config->mail_attribute = g_strdup ("mail");
  config->department_attribute = g_strdup ("departmentNumber");
  config->nesting = RD_DIRECTORY_NESTING_WALK;
  config->timeout_s = 5;
  config->page_size = 500;
  config->sync_interval_s = 900;
  config->local_first = TRUE;
  return config;
}

void
rd_directory_config_free (RdDirectoryConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->uri);
  g_free (config->ca_file);
  g_free (config->bind_dn);
  if (config->bind_password != NULL)
    memset (config->bind_password, 0, strlen (config->bind_password));
  g_free (config->bind_password);
  g_free (config->base);
  g_free (config->group_base);
  g_free (config->user_filter);
  g_free (config->login_attribute);
  g_free (config->login_suffix);
  g_free (config->display_name_attribute);
  g_free (config->mail_attribute);
  g_free (config->department_attribute);
  for (guint i = 0; i < G_N_ELEMENTS (config->role_groups); i++)
    g_free (config->role_groups[i]);
  g_free (config);
}

RdDirectoryConfig *
rd_directory_config_copy (const RdDirectoryConfig *config)
{
  RdDirectoryConfig *copy;

  if (config == NULL)
    return NULL;
  copy = g_memdup2 (config, sizeof *config);
  copy->uri = g_strdup (config->uri);
  copy->ca_file = g_strdup (config->ca_file);
  copy->bind_dn = g_strdup (config->bind_dn);
  copy->bind_password = g_strdup (config->bind_password);
  copy->base = g_strdup (config->base);
  copy->group_base = g_strdup (config->group_base);
  copy->user_filter = g_strdup (config->user_filter);
  copy->login_attribute = g_strdup (config->login_attribute);
  copy->login_suffix = g_strdup (config->login_suffix);
  copy->display_name_attribute = g_strdup (config->display_name_attribute);
  copy->mail_attribute = g_strdup (config->mail_attribute);
  copy->department_attribute = g_strdup (config->department_attribute);
  for (guint i = 0; i < G_N_ELEMENTS (config->role_groups); i++)
    copy->role_groups[i] = g_strdup (config->role_groups[i]);
  return copy;
}

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: [" GROUP "] %s", path, what);
  return FALSE;
}

/* A string setting, stripped; @slot keeps its default when absent. */
static void
read_string (GKeyFile    *file,
             const char  *key,
             char       **slot)
{
  g_autofree char *value = g_key_file_get_string (file, GROUP, key, NULL);

  if (value != NULL)
    {
      g_free (*slot);
      *slot = g_strstrip (g_steal_pointer (&value));
      if (**slot == '\0')
        g_clear_pointer (slot, g_free);
    }
}

static gboolean
attribute_name_is_valid (const char *name)
{
  if (name == NULL || !g_ascii_isalpha (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != ';')
      return FALSE;
  return TRUE;
}

static gboolean
read_attribute (GKeyFile    *file,
                const char  *path,
                const char  *key,
                char       **slot,
                GError     **error)
{
  read_string (file, key, slot);
  if (!attribute_name_is_valid (*slot))
    {
      g_autofree char *what = g_strdup_printf ("%s must be an attribute name (letters, digits, -)", key);
      return fail (error, path, what);
    }
  return TRUE;
}

static gboolean
read_password_file (GKeyFile           *file,
                    const char         *path,
                    RdDirectoryConfig  *config,
                    GError            **error)
{
  g_autofree char *password_path = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  read_string (file, "bind_password_file", &password_path);
  if (password_path == NULL)
    return TRUE;
  if (!g_file_get_contents (password_path, &contents, NULL, &local_error))
    {
      g_autofree char *what = g_strdup_printf ("bind_password_file: %s", local_error->message);
      return fail (error, path, what);
    }
  /* The file's last line break is not part of the password. */
  contents[strcspn (contents, "\r\n")] = '\0';
  config->bind_password = contents;
  return TRUE;
}

static gboolean
read_choices (GKeyFile           *file,
              const char         *path,
              RdDirectoryConfig  *config,
              GError            **error)
{
  g_autofree char *nesting = NULL;
  g_autofree char *precedence = NULL;

  read_string (file, "nested_groups", &nesting);
  if (nesting == NULL || g_str_equal (nesting, "walk"))
    config->nesting = RD_DIRECTORY_NESTING_WALK;
  else if (g_str_equal (nesting, "active-directory"))
    config->nesting = RD_DIRECTORY_NESTING_IN_CHAIN;
  else if (g_str_equal (nesting, "none"))
    config->nesting = RD_DIRECTORY_NESTING_NONE;
  else
    return fail (error, path, "nested_groups must be walk, active-directory or none");

  read_string (file, "precedence", &precedence);
  if (precedence == NULL || g_str_equal (precedence, "local"))
    config->local_first = TRUE;
  else if (g_str_equal (precedence, "directory"))
    config->local_first = FALSE;
  else
    return fail (error, path, "precedence must be local or directory");
  return TRUE;
}

gboolean
rd_directory_config_load (GKeyFile           *file,
                          const char         *path,
                          RdDirectoryConfig **out,
                          GError            **error)
{
  g_autoptr(RdDirectoryConfig) config = NULL;
  static const char *role_keys[] = { NULL, "agent_group", "supervisor_group", "admin_group" };
  g_autofree char *filter = NULL;

  *out = NULL;
  if (!g_key_file_has_group (file, GROUP))
    return TRUE;
  config = rd_directory_config_new ();
  read_string (file, "uri", &config->uri);
  if (config->uri == NULL ||
      !(g_str_has_prefix (config->uri, "ldap://") || g_str_has_prefix (config->uri, "ldaps://")))
    return fail (error, path, "uri must be an ldaps:// or ldap:// address (StartTLS is then required)");
  read_string (file, "base", &config->base);
  if (config->base == NULL)
    return fail (error, path, "base is required: where people are searched (dc=example,dc=com)");
  read_string (file, "group_base", &config->group_base);
  read_string (file, "ca_file", &config->ca_file);
  if (config->ca_file != NULL && !g_file_test (config->ca_file, G_FILE_TEST_IS_REGULAR))
    return fail (error, path, "ca_file is not a file");
  read_string (file, "bind_dn", &config->bind_dn);
  if (!read_password_file (file, path, config, error))
    return FALSE;
  if (config->bind_dn != NULL && config->bind_password == NULL)
    return fail (error, path, "bind_dn needs bind_password_file");

  read_string (file, "user_filter", &filter);
  if (filter != NULL)
    {
      g_free (config->user_filter);
      config->user_filter = rd_ldap_filter_normalize (filter);
    }
  if (!rd_ldap_filter_is_balanced (config->user_filter))
    return fail (error, path, "user_filter has unbalanced parentheses");
  read_string (file, "login_suffix", &config->login_suffix);
  if (config->login_suffix == NULL)
    config->login_suffix = g_strdup ("");
  if (!read_attribute (file, path, "login_attribute", &config->login_attribute, error) ||
      !read_attribute (file, path, "display_name_attribute", &config->display_name_attribute, error) ||
      !read_attribute (file, path, "mail_attribute", &config->mail_attribute, error) ||
      !read_attribute (file, path, "department_attribute", &config->department_attribute, error))
    return FALSE;
  for (guint role = RD_ROLE_AGENT; role <= RD_ROLE_ADMIN; role++)
    read_string (file, role_keys[role], &config->role_groups[role]);

  if (!read_choices (file, path, config, error) ||
      !rd_relay_config_read_boolean (file, path, GROUP, "allow_plain_loopback", &config->allow_plain_loopback,
                                     error) ||
      !rd_relay_config_read_boolean (file, path, GROUP, "follow_referrals", &config->follow_referrals, error) ||
      !rd_relay_config_read_number (file, path, GROUP, "timeout", 1, 60, "seconds", &config->timeout_s, error) ||
      !rd_relay_config_read_number (file, path, GROUP, "page_size", 1, 5000, "entries", &config->page_size,
                                    error) ||
      !rd_relay_config_read_number (file, path, GROUP, "sync_interval", 1, 86400, "seconds",
                                    &config->sync_interval_s, error))
    return FALSE;
  *out = g_steal_pointer (&config);
  return TRUE;
}
