/* rd-relay-admin.c: account administration on the relay's own database.
 *
 * It opens the same SQLite file the running relay uses (WAL allows that);
 * changing a password or disabling an account revokes the account's session
 * tokens so every device must sign in again.
 */
#define G_LOG_DOMAIN "rd-relay-admin"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rd-credentials.h"
#include "rd-protocol.h"
#include "rd-relay-admin.h"
#include "rd-sql.h"
#include "rd-store-history.h"

static char *
read_password (gboolean from_stdin,
               GError **error)
{
  char buffer[RD_PASSWORD_MAX_BYTES + 2];
  gboolean tty = !from_stdin && isatty (STDIN_FILENO);
  struct termios saved, quiet;
  char *result = NULL;

  if (tty)
    {
      fprintf (stderr, "Password: ");
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      result = g_strdup (buffer);
    }
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      fprintf (stderr, "\n");
    }
  memset (buffer, 0, sizeof buffer);

  if (result == NULL || *result == '\0')
    {
      g_free (result);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no password given");
      return NULL;
    }
  if (strlen (result) < 8 || strlen (result) > RD_PASSWORD_MAX_BYTES)
    {
      g_free (result);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a password must be 8 to %d bytes long", RD_PASSWORD_MAX_BYTES);
      return NULL;
    }
  return result;
}

static gboolean
add_account (RdStore     *store,
             RdHashStrength strength,
             const char  *username,
             const char  *role_name,
             const char  *display_name,
             const char  *password,
             GError     **error)
{
  g_autofree char *hash = NULL;
  RdRole role;

  if (!rd_username_is_valid (username))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "\"%s\" is not a valid user name: use 1 to %d lower-case letters, digits, '.', '_' "
                   "or '-', starting with a letter or digit", username, RD_USERNAME_MAX_CHARS);
      return FALSE;
    }
  if (!rd_role_from_string (role_name, &role))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "unknown role \"%s\": use requester, agent, supervisor or admin", role_name);
      return FALSE;
    }
  if (display_name == NULL || *display_name == '\0')
    display_name = username;
  if (!g_utf8_validate (display_name, -1, NULL) || strlen (display_name) > 128)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "display name must be UTF-8, at most 128 bytes");
      return FALSE;
    }
  hash = rd_password_hash (password, strength, error);
  if (hash == NULL)
    return FALSE;
  return rd_store_account_add (store, username, display_name, role, hash, error);
}

static int
cmd_user_add (RdStore *store, const RdRelayConfig *config, const RdAdminOptions *options,
              const char *username, GError **error)
{
  g_autofree char *password = NULL;

  if (!rd_username_is_valid (username))
    return add_account (store, config->hash_strength, username, "requester", NULL, "", error) ? 0 : 1;
  password = read_password (options->password_stdin, error);
  if (password == NULL ||
      !add_account (store, config->hash_strength, username, options->role ? options->role : "requester",
                    options->display_name, password, error))
    return 1;
  g_print ("added %s (%s)\n", username, options->role ? options->role : "requester");
  return 0;
}

/* Lines of "username:role:display name:password"; '#' starts a comment. */
static int
cmd_user_import (RdStore *store, const RdRelayConfig *config, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint added = 0;

  if (!g_file_get_contents (path, &contents, NULL, error) || !rd_store_begin (store, error))
    return 1;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit (line, ":", 4);
      if (g_strv_length (fields) != 4 || strlen (fields[3]) < 8)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: expected username:role:display name:password (8+ bytes)", path, i + 1);
          rd_store_rollback (store);
          return 1;
        }
      if (!add_account (store, config->hash_strength, fields[0], fields[1], fields[2], fields[3], error))
        {
          g_prefix_error (error, "%s:%u: ", path, i + 1);
          rd_store_rollback (store);
          return 1;
        }
      added++;
    }
  if (!rd_store_commit (store, error))
    return 1;
  g_print ("imported %u accounts\n", added);
  return 0;
}

static int
cmd_user_list (RdStore *store, GError **error)
{
  g_autoptr(GPtrArray) accounts = rd_store_account_list (store, error);

  if (accounts == NULL)
    return 1;
  g_print ("%-24s %-11s %-9s %s\n", "USER", "ROLE", "STATE", "NAME");
  for (guint i = 0; i < accounts->len; i++)
    {
      RdAccount *account = g_ptr_array_index (accounts, i);

      g_print ("%-24s %-11s %-9s %s\n", account->username, rd_role_to_string (account->role),
               account->disabled ? "disabled" : "active", account->display_name);
    }
  return 0;
}

static RdAccount *
existing_account (RdStore *store, const char *username, GError **error)
{
  RdAccount *account = rd_store_account_lookup (store, username, error);

  if (account == NULL && g_error_matches (*error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no user named \"%s\"", username);
    }
  return account;
}

static int
cmd_user_passwd (RdStore *store, const RdRelayConfig *config, const RdAdminOptions *options,
                 const char *username, GError **error)
{
  g_autoptr(RdAccount) account = existing_account (store, username, error);
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;

  /* A second password the directory knows nothing of would outlive the
   * person's leaving. */
  if (account != NULL && rd_account_is_directory (account))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s signs in with the company directory: change the password there", username);
      return 1;
    }
  if (account == NULL || (password = read_password (options->password_stdin, error)) == NULL ||
      (hash = rd_password_hash (password, config->hash_strength, error)) == NULL)
    return 1;
  if (!rd_store_begin (store, error))
    return 1;
  if (!rd_store_account_set_password (store, account->id, hash, error) ||
      !rd_store_session_revoke_all (store, account->id, error) ||
      !rd_store_account_notice_add (store, account->id, RD_ACCOUNT_NOTICE_SIGNED_OUT, error) ||
      !rd_store_commit (store, error))
    {
      rd_store_rollback (store);
      return 1;
    }
  g_print ("password of %s changed; its sessions were signed out\n", username);
  return 0;
}

static int
cmd_user_set_disabled (RdStore *store, const char *username, gboolean disabled, GError **error)
{
  g_autoptr(RdAccount) account = existing_account (store, username, error);

  if (account == NULL || !rd_store_begin (store, error))
    return 1;
  /* A running relay reads the notice within a second: the account's
   * sessions end and what it held goes back to the queue. */
  if (!rd_store_account_set_disabled (store, account->id, disabled, error) ||
      (disabled && !rd_store_session_revoke_all (store, account->id, error)) ||
      (disabled && !rd_store_account_notice_add (store, account->id, RD_ACCOUNT_NOTICE_DISABLED, error)) ||
      !rd_store_commit (store, error))
    {
      rd_store_rollback (store);
      return 1;
    }
  g_print ("%s %s\n", username, disabled ? "disabled" : "enabled");
  return 0;
}

/* Puts @name into @owner_name's contact list, as "contact_add" would, and
 * logs the change so the owner's devices learn it at their next sync. */
static int
cmd_contact_add (RdStore *store, const char *owner_name, const char *name, const char *group,
                 GError **error)
{
  g_autoptr(RdAccount) owner = existing_account (store, owner_name, error);
  g_autoptr(RdAccount) contact = owner ? existing_account (store, name, error) : NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (contact == NULL)
    return 1;
  if (owner->id == contact->id)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "nobody is their own contact");
      return 1;
    }
  if (owner->role == RD_ROLE_REQUESTER && contact->role == RD_ROLE_REQUESTER)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "requesters can only have support staff as contacts");
      return 1;
    }
  if (strlen (group) > RD_GROUP_MAX_BYTES || !g_utf8_validate (group, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a group name is valid UTF-8 of at most %d bytes", RD_GROUP_MAX_BYTES);
      return 1;
    }
  json_object_set_string_member (data, "username", contact->username);
  json_object_set_string_member (data, "change", "added");
  json_node_set_object (node, data);
  text = json_to_string (node, FALSE);
  if (!rd_store_begin (store, error))
    return 1;
  if (!rd_store_contact_add (store, owner->id, contact->id, group, error) ||
      rd_store_event_append (store, owner->id, "contacts", text, g_get_real_time () / 1000, error) == 0 ||
      !rd_store_commit (store, error))
    {
      rd_store_rollback (store);
      return 1;
    }
  g_print ("%s now has %s as a contact%s%s\n", owner_name, name, *group ? " in " : "", group);
  return 0;
}

static const char usage[] =
  "usage:\n"
  "  relaydeskd user add NAME [--role ROLE] [--display-name TEXT] [--password-stdin]\n"
  "  relaydeskd user import FILE      (lines of username:role:display name:password)\n"
  "  relaydeskd user list\n"
  "  relaydeskd user passwd NAME [--password-stdin]\n"
  "  relaydeskd user disable NAME\n"
  "  relaydeskd user enable NAME\n"
  "  relaydeskd contact add OWNER NAME [GROUP]\n"
  "  relaydeskd topic add NAME [--strategy least-busy|longest-idle|skills|manual]\n"
  "  relaydeskd topic list\n"
  "  relaydeskd agent capacity NAME N     (most support requests at once)\n"
  "  relaydeskd agent skill|unskill NAME TOPIC\n"
  "  relaydeskd canned set TITLE TEXT | canned delete TITLE | canned list\n"
  "  relaydeskd backup FILE           (online copy of the database)\n"
  "  relaydeskd migrate --to postgresql://...|FILE   (every row into another, empty database)\n";

static void
copied_cb (const char *table,
           gint64      rows,
           gpointer    data)
{
  g_print ("%-18s %" G_GINT64_FORMAT " rows\n", table, rows);
}

/* Copies the relay's database into another one, created if need be. */
static int
cmd_migrate (RdStore     *store,
             const char  *to,
             GError     **error)
{
  g_autofree char *described = rd_sql_describe (to);
  RdStore *destination = rd_store_open (to, error);
  gboolean ok;

  if (destination == NULL)
    return 1;
  ok = rd_store_copy (store, destination, copied_cb, NULL, error);
  rd_store_close (destination);
  if (ok)
    g_print ("copied to %s; every table's rows counted on both sides\n", described);
  return ok ? 0 : 1;
}

int
rd_relay_admin_run (RdStore              *store,
                    const RdRelayConfig  *config,
                    const RdAdminOptions *options,
                    char                **args)
{
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length (args);
  int status = 2;

  if (n == 2 && g_str_equal (args[0], "backup"))
    {
      status = rd_store_backup (store, args[1], &error) ? 0 : 1;
      if (status == 0)
        g_print ("database copied to %s\n", args[1]);
    }
  else if (n == 1 && g_str_equal (args[0], "migrate") && options->migrate_to != NULL)
    status = cmd_migrate (store, options->migrate_to, &error);
  else if (n >= 2 && g_str_equal (args[0], "user"))
    {
      const char *verb = args[1];

      if (g_str_equal (verb, "list") && n == 2)
        status = cmd_user_list (store, &error);
      else if (n != 3)
        status = 2;
      else if (g_str_equal (verb, "add"))
        status = cmd_user_add (store, config, options, args[2], &error);
      else if (g_str_equal (verb, "import"))
        status = cmd_user_import (store, config, args[2], &error);
      else if (g_str_equal (verb, "passwd"))
        status = cmd_user_passwd (store, config, options, args[2], &error);
      else if (g_str_equal (verb, "disable"))
        status = cmd_user_set_disabled (store, args[2], TRUE, &error);
      else if (g_str_equal (verb, "enable"))
        status = cmd_user_set_disabled (store, args[2], FALSE, &error);
    }

  else if ((n == 4 || n == 5) && g_str_equal (args[0], "contact") && g_str_equal (args[1], "add"))
    status = cmd_contact_add (store, args[2], args[3], n == 5 ? args[4] : "", &error);
  else if (n >= 1 && (g_str_equal (args[0], "topic") || g_str_equal (args[0], "agent") ||
                      g_str_equal (args[0], "canned")))
    {
      status = rd_relay_admin_queue_run (store, options, args, &error);
      if (status < 0)
        status = 2;
    }

  if (status == 2)
    g_printerr ("%s", usage);
  else if (error != NULL)
    g_printerr ("relaydeskd: %s\n", error->message);
  return status;
}
