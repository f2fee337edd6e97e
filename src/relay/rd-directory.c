/* rd-directory.c: the company directory through OpenLDAP's libldap.
 *
 * Blocking calls, each on a connection of its own; see rd-directory.h. The
 * settings' parsing is in rd-directory-config.c and the filters in
 * rd-ldap-filter.c.
 */
#define G_LOG_DOMAIN "rd-directory"

#include "config.h"

#include <ldap.h>
#include <string.h>

#include "rd-directory-private.h"
#include "rd-ldap-filter.h"
#include "rd-protocol.h"

/* A walk through groups of groups stops here: deep enough for any real
 * directory, and a loop of groups costs no more than this. */
#define WALK_MAX_DEPTH  8
#define WALK_MAX_GROUPS 512
/* Active Directory's "account disabled" bit of userAccountControl. */
#define UAC_ACCOUNTDISABLE 0x2

G_DEFINE_QUARK (rd-directory-error-quark, rd_directory_error)

void
rd_directory_person_free (RdDirectoryPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->username);
  g_free (person->dn);
  g_free (person->display_name);
  g_free (person->mail);
  g_free (person->department);
  g_free (person);
}

static void
close_connection (LDAP *ld)
{
  if (ld != NULL)
    ldap_unbind_ext_s (ld, NULL, NULL);
}

/* What the server or the TLS library said beyond the result code. */
static void
set_ldap_error (GError     **error,
                LDAP        *ld,
                int          code,
                int          rc,
                const char  *what)
{
  char *diagnostic = NULL;

  if (ld != NULL)
    ldap_get_option (ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  /* What libldap says when it has nothing to say. */
  if (g_strcmp0 (diagnostic, "(unknown error code)") == 0)
    g_clear_pointer (&diagnostic, ldap_memfree);
  g_set_error (error, RD_DIRECTORY_ERROR, code, "%s: %s%s%s%s", what, ldap_err2string (rc),
               diagnostic && *diagnostic ? " (" : "", diagnostic && *diagnostic ? diagnostic : "",
               diagnostic && *diagnostic ? ")" : "");
  ldap_memfree (diagnostic);
}

static gboolean
host_is_loopback (const char *uri)
{
  LDAPURLDesc *url = NULL;
  gboolean loopback = FALSE;

  if (ldap_url_parse (uri, &url) == LDAP_URL_SUCCESS && url->lud_host != NULL)
    loopback = g_str_equal (url->lud_host, "127.0.0.1") || g_str_equal (url->lud_host, "::1") ||
               g_str_equal (url->lud_host, "localhost");
  ldap_free_urldesc (url);
  return loopback;
}

static gboolean
set_options (LDAP                    *ld,
             const RdDirectoryConfig *config,
             GError                 **error)
{
  int version = LDAP_VERSION3;
  int demand = LDAP_OPT_X_TLS_DEMAND;
  int new_context = 0;
  struct timeval timeout = { config->timeout_s, 0 };
  int rc = LDAP_SUCCESS;

  if (ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version) != LDAP_OPT_SUCCESS ||
      ldap_set_option (ld, LDAP_OPT_REFERRALS, config->follow_referrals ? LDAP_OPT_ON : LDAP_OPT_OFF)
        != LDAP_OPT_SUCCESS ||
      ldap_set_option (ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout) != LDAP_OPT_SUCCESS ||
      ldap_set_option (ld, LDAP_OPT_TIMEOUT, &timeout) != LDAP_OPT_SUCCESS ||
      ldap_set_option (ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) != LDAP_OPT_SUCCESS)
    rc = LDAP_PARAM_ERROR;
  if (rc == LDAP_SUCCESS && config->ca_file != NULL &&
      ldap_set_option (ld, LDAP_OPT_X_TLS_CACERTFILE, config->ca_file) != LDAP_OPT_SUCCESS)
    rc = LDAP_PARAM_ERROR;
  /* The options above apply to this connection's own TLS context. */
  if (rc == LDAP_SUCCESS)
    rc = ldap_set_option (ld, LDAP_OPT_X_TLS_NEWCTX, &new_context);
  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, ld, RD_DIRECTORY_ERROR_UNREACHABLE, rc,
                      "cannot set up a connection to the directory (is ca_file a PEM file?)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
bind_simple (LDAP       *ld,
             const char *dn,
             const char *password,
             int        *out_rc)
{
  struct berval credentials = { strlen (password), (char *) password };

  *out_rc = ldap_sasl_bind_s (ld, dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
  return *out_rc == LDAP_SUCCESS;
}

/* A connection that failed: libldap's words, and what a second look at
 * the server finds (nothing listening, an untrusted certificate). */
static void
set_connect_error (GError                 **error,
                   LDAP                    *ld,
                   int                      rc,
                   const char              *what,
                   const RdDirectoryConfig *config)
{
  g_autofree char *why = NULL;

  set_ldap_error (error, ld, RD_DIRECTORY_ERROR_UNREACHABLE, rc, what);
  if ((rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR) &&
      (why = rd_directory_explain_tls_failure (config)) != NULL)
    g_prefix_error (error, "%s; ", why);
}

/* A connection, over TLS, bound as the service account. */
static LDAP *
open_connection (const RdDirectoryConfig *config,
                 GError                 **error)
{
  LDAP *ld = NULL;
  int rc = ldap_initialize (&ld, config->uri);

  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, NULL, RD_DIRECTORY_ERROR_UNREACHABLE, rc, "bad directory uri");
      return NULL;
    }
  if (!set_options (ld, config, error))
    {
      close_connection (ld);
      return NULL;
    }
  if (g_str_has_prefix (config->uri, "ldaps://"))
    rc = ldap_connect (ld);
  else if (!(config->allow_plain_loopback && host_is_loopback (config->uri)))
    rc = ldap_start_tls_s (ld, NULL, NULL);
  if (rc != LDAP_SUCCESS)
    {
      set_connect_error (error, ld, rc, g_str_has_prefix (config->uri, "ldaps://")
                                          ? "cannot connect to the directory" : "StartTLS with the directory failed",
                         config);
      close_connection (ld);
      return NULL;
    }
  if (config->bind_dn != NULL && !bind_simple (ld, config->bind_dn, config->bind_password, &rc))
    {
      if (rc == LDAP_INVALID_CREDENTIALS)
        set_ldap_error (error, ld, RD_DIRECTORY_ERROR_UNREACHABLE, rc,
                        "the directory refused the service account (bind_dn)");
      else
        set_connect_error (error, ld, rc, "cannot reach the directory", config);
      close_connection (ld);
      return NULL;
    }
  return ld;
}

/* The first value of @attribute in @entry, or NULL. */
static char *
first_value (LDAP        *ld,
             LDAPMessage *entry,
             const char  *attribute)
{
  struct berval **values = ldap_get_values_len (ld, entry, attribute);
  char *value = NULL;

  if (values != NULL && values[0] != NULL)
    value = g_strndup (values[0]->bv_val, values[0]->bv_len);
  ldap_value_free_len (values);
  return value;
}

/* @dn in one spelling for comparisons: LDAPv3 form, case folded. */
static char *
dn_key (const char *dn)
{
  char *normal = NULL;
  char *key;

  if (ldap_dn_normalize (dn, LDAP_DN_FORMAT_LDAP, &normal, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
    return g_utf8_casefold (dn, -1);
  key = g_utf8_casefold (normal, -1);
  ldap_memfree (normal);
  return key;
}

/* The relay's name for someone whose login attribute is @value, or NULL
 * when it cannot be one (another suffix, characters names cannot have). */
static char *
username_from_login (const RdDirectoryConfig *config,
                     const char              *value)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);
  g_autofree char *suffix = g_ascii_strdown (config->login_suffix, -1);

  if (*suffix != '\0')
    {
      if (!g_str_has_suffix (lower, suffix))
        return NULL;
      lower[strlen (lower) - strlen (suffix)] = '\0';
    }
  return rd_username_is_valid (lower) ? g_steal_pointer (&lower) : NULL;
}

static RdDirectoryPerson *
person_from_entry (LDAP                    *ld,
                   LDAPMessage             *entry,
                   const RdDirectoryConfig *config,
                   const char              *username)
{
  RdDirectoryPerson *person = g_new0 (RdDirectoryPerson, 1);
  char *dn = ldap_get_dn (ld, entry);
  g_autofree char *control = first_value (ld, entry, "userAccountControl");
  g_autofree char *login = username ? NULL : first_value (ld, entry, config->login_attribute);

  person->dn = g_strdup (dn ? dn : "");
  ldap_memfree (dn);
  person->username = username ? g_strdup (username) : login ? username_from_login (config, login) : NULL;
  person->display_name = first_value (ld, entry, config->display_name_attribute);
  if (person->display_name == NULL)
    person->display_name = first_value (ld, entry, "cn");
  if (person->display_name == NULL)
    person->display_name = g_strdup (person->username ? person->username : "");
  person->mail = first_value (ld, entry, config->mail_attribute);
  person->department = first_value (ld, entry, config->department_attribute);
  person->disabled = control != NULL && (g_ascii_strtoll (control, NULL, 10) & UAC_ACCOUNTDISABLE) != 0;
  person->role = RD_ROLE_REQUESTER;
  return person;
}

static const char **
person_attributes (const RdDirectoryConfig *config,
                   const char              *buffer[8])
{
  buffer[0] = config->login_attribute;
  buffer[1] = config->display_name_attribute;
  buffer[2] = "cn";
  buffer[3] = config->mail_attribute;
  buffer[4] = config->department_attribute;
  buffer[5] = "userAccountControl";
  buffer[6] = NULL;
  return buffer;
}

/* The timeout of the settings, as the connection keeps it, for each
 * search's own wait: a referral followed goes to another server, which
 * the connection's timeouts alone do not cover. */
static struct timeval
search_timeout (LDAP *ld)
{
  struct timeval *kept = NULL;
  struct timeval timeout = { 5, 0 };

  if (ldap_get_option (ld, LDAP_OPT_TIMEOUT, &kept) == LDAP_OPT_SUCCESS && kept != NULL)
    timeout = *kept;
  ldap_memfree (kept);
  return timeout;
}

/* One search, its results in @out_result (to free with ldap_msgfree). A
 * size limit reached is not an error: what came is in @out_result. */
static gboolean
search (LDAP         *ld,
        const char   *base,
        int           scope,
        const char   *filter,
        const char  **attributes,
        int           size_limit,
        LDAPMessage **out_result,
        GError      **error)
{
  struct timeval timeout = search_timeout (ld);
  int rc = ldap_search_ext_s (ld, base, scope, filter, (char **) attributes, 0, NULL, NULL, &timeout,
                              size_limit, out_result);

  if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED)
    return TRUE;
  if (rc == LDAP_NO_SUCH_OBJECT)
    {
      /* A base that does not exist holds nobody. */
      return TRUE;
    }
  set_ldap_error (error, ld, rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_CONNECT_ERROR
                               ? RD_DIRECTORY_ERROR_UNREACHABLE : RD_DIRECTORY_ERROR_FAILED,
                  rc, "searching the directory failed");
  ldap_msgfree (*out_result);
  *out_result = NULL;
  return FALSE;
}

static RdDirectoryPerson *
find_person (LDAP                    *ld,
             const RdDirectoryConfig *config,
             const char              *username,
             GError                 **error)
{
  g_autofree char *value = g_strconcat (username, config->login_suffix, NULL);
  g_autofree char *filter = rd_ldap_person_filter (config->user_filter, config->login_attribute, value);
  const char *attributes[8];
  LDAPMessage *result = NULL;
  RdDirectoryPerson *person = NULL;
  int n;

  if (!search (ld, config->base, LDAP_SCOPE_SUBTREE, filter, person_attributes (config, attributes), 2,
               &result, error))
    return NULL;
  n = result ? ldap_count_entries (ld, result) : 0;
  if (n == 1)
    person = person_from_entry (ld, ldap_first_entry (ld, result), config, username);
  else if (n == 0)
    g_set_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_NO_SUCH_PERSON,
                 "nobody in the directory is %s=%s under %s", config->login_attribute, value, config->base);
  else
    g_set_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_NO_SUCH_PERSON,
                 "more than one entry in the directory is %s=%s; refusing to guess", config->login_attribute,
                 value);
  ldap_msgfree (result);
  return person;
}

/* The DNs of the entries in @result, as dn_key spells them. */
static void
add_entry_keys (LDAP        *ld,
                LDAPMessage *result,
                GHashTable  *keys,
                GQueue      *new_dns)
{
  for (LDAPMessage *entry = ldap_first_entry (ld, result); entry; entry = ldap_next_entry (ld, entry))
    {
      char *dn = ldap_get_dn (ld, entry);

      if (dn != NULL && g_hash_table_add (keys, dn_key (dn)) && new_dns != NULL)
        g_queue_push_tail (new_dns, g_strdup (dn));
      ldap_memfree (dn);
    }
}

/* Every group that holds @dn, through groups of groups, to a bound. */
static GHashTable *
groups_holding (LDAP                    *ld,
                const RdDirectoryConfig *config,
                const char              *dn,
                GError                 **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *no_attributes[] = { LDAP_NO_ATTRS, NULL };
  const char *base = config->group_base ? config->group_base : config->base;
  guint depth = config->nesting == RD_DIRECTORY_NESTING_NONE ? 1 : WALK_MAX_DEPTH;
  GQueue level = G_QUEUE_INIT;
  GQueue next = G_QUEUE_INIT;
  gboolean ok = TRUE;

  g_queue_push_tail (&level, g_strdup (dn));
  for (guint d = 0; ok && d < depth && !g_queue_is_empty (&level); d++)
    {
      char *member;

      while (ok && (member = g_queue_pop_head (&level)) != NULL)
        {
          g_autofree char *filter = rd_ldap_member_of_filter (member);
          LDAPMessage *result = NULL;

          g_free (member);
          if (g_hash_table_size (groups) >= WALK_MAX_GROUPS)
            break;
          ok = search (ld, base, LDAP_SCOPE_SUBTREE, filter, no_attributes, 0, &result, error);
          if (ok)
            add_entry_keys (ld, result, groups, &next);
          ldap_msgfree (result);
        }
      g_queue_clear_full (&level, g_free);
      level = next;
      g_queue_init (&next);
    }
  g_queue_clear_full (&level, g_free);
  return ok ? g_steal_pointer (&groups) : NULL;
}

/* Active Directory: is @dn in @group, through any chain of groups? */
static gboolean
in_chain (LDAP        *ld,
          const char  *group,
          const char  *dn,
          gboolean    *out_member,
          GError     **error)
{
  g_autofree char *filter = rd_ldap_in_chain_filter ("member", dn);
  const char *no_attributes[] = { LDAP_NO_ATTRS, NULL };
  LDAPMessage *result = NULL;

  if (!search (ld, group, LDAP_SCOPE_BASE, filter, no_attributes, 1, &result, error))
    return FALSE;
  *out_member = result != NULL && ldap_count_entries (ld, result) > 0;
  ldap_msgfree (result);
  return TRUE;
}

/* The highest role whose group holds @person. */
static gboolean
find_role (LDAP                    *ld,
           const RdDirectoryConfig *config,
           RdDirectoryPerson       *person,
           GError                 **error)
{
  g_autoptr(GHashTable) groups = NULL;

  person->role = RD_ROLE_REQUESTER;
  if (config->nesting != RD_DIRECTORY_NESTING_IN_CHAIN &&
      (groups = groups_holding (ld, config, person->dn, error)) == NULL)
    return FALSE;
  for (int role = RD_ROLE_ADMIN; role >= RD_ROLE_AGENT; role--)
    {
      gboolean member = FALSE;

      if (config->role_groups[role] == NULL)
        continue;
      if (groups != NULL)
        {
          g_autofree char *key = dn_key (config->role_groups[role]);

          member = g_hash_table_contains (groups, key);
        }
      else if (!in_chain (ld, config->role_groups[role], person->dn, &member, error))
        return FALSE;
      if (member)
        {
          person->role = (RdRole) role;
          return TRUE;
        }
    }
  return TRUE;
}

/* The person named @username with their role (read with the service
 * account's rights; nobody's role is looked for once disabled). */
static RdDirectoryPerson *
find_with_role (LDAP                    *ld,
                const RdDirectoryConfig *config,
                const char              *username,
                GError                 **error)
{
  RdDirectoryPerson *person = find_person (ld, config, username, error);

  if (person != NULL && !person->disabled && !find_role (ld, config, person, error))
    g_clear_pointer (&person, rd_directory_person_free);
  return person;
}

RdDirectoryPerson *
rd_directory_find (const RdDirectoryConfig *config,
                   const char              *username,
                   GError                 **error)
{
  LDAP *ld = open_connection (config, error);
  RdDirectoryPerson *person;

  if (ld == NULL)
    return NULL;
  person = find_with_role (ld, config, username, error);
  close_connection (ld);
  return person;
}

RdDirectoryPerson *
rd_directory_sign_in (const RdDirectoryConfig *config,
                      const char              *username,
                      const char              *password,
                      GError                 **error)
{
  g_autoptr(RdDirectoryPerson) person = NULL;
  LDAP *ld;
  int rc;

  /* A simple bind with a DN and no password is an anonymous one that
   * servers accept: never send it. */
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_WRONG_PASSWORD, "an empty password");
      return NULL;
    }
  if ((ld = open_connection (config, error)) == NULL)
    return NULL;
  /* Before the bind as the person replaces the service account's rights. */
  person = find_with_role (ld, config, username, error);
  if (person != NULL && person->disabled)
    {
      g_set_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_DISABLED,
                   "%s is disabled in the directory", person->dn);
      g_clear_pointer (&person, rd_directory_person_free);
    }
  if (person != NULL && (*person->dn == '\0' || !bind_simple (ld, person->dn, password, &rc)))
    {
      if (*person->dn != '\0' && rc != LDAP_INVALID_CREDENTIALS)
        set_ldap_error (error, ld, RD_DIRECTORY_ERROR_UNREACHABLE, rc, "binding as the person failed");
      else
        g_set_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_WRONG_PASSWORD,
                     "the directory refused the password of %s", person->dn);
      g_clear_pointer (&person, rd_directory_person_free);
    }
  close_connection (ld);
  return g_steal_pointer (&person);
}

GPtrArray *
rd_directory_search (const RdDirectoryConfig *config,
                     const char              *text,
                     guint                    limit,
                     GError                 **error)
{
  const char *searched[] = { config->display_name_attribute, "cn", config->mail_attribute,
                             config->department_attribute, config->login_attribute, NULL };
  g_autofree char *filter = rd_ldap_search_filter (config->user_filter, searched, text);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_directory_person_free);
  const char *attributes[8];
  LDAPMessage *result = NULL;
  LDAP *ld = open_connection (config, error);

  if (ld == NULL)
    return NULL;
  if (!search (ld, config->base, LDAP_SCOPE_SUBTREE, filter, person_attributes (config, attributes),
               (int) limit, &result, error))
    {
      close_connection (ld);
      return NULL;
    }
  for (LDAPMessage *entry = ldap_first_entry (ld, result); entry && people->len < limit;
       entry = ldap_next_entry (ld, entry))
    {
      g_autoptr(RdDirectoryPerson) person = person_from_entry (ld, entry, config, NULL);

      if (person->username == NULL || person->disabled)
        continue;
      if (!find_role (ld, config, person, error))
        {
          ldap_msgfree (result);
          close_connection (ld);
          return NULL;
        }
      g_ptr_array_add (people, g_steal_pointer (&person));
    }
  ldap_msgfree (result);
  close_connection (ld);
  return g_steal_pointer (&people);
}

typedef void (*EntryFunc) (LDAP *ld, LDAPMessage *entry, gpointer data);

/* A search whose results come a page at a time (RFC 2696), so a server's
 * size limit (Active Directory's 1,000) does not cut the list short. The
 * control is critical: a server that cannot page fails the search rather
 * than answering part of it as if it were all. */
static gboolean
paged_search (LDAP                    *ld,
              const RdDirectoryConfig *config,
              const char              *base,
              const char              *filter,
              const char             **attributes,
              EntryFunc                func,
              gpointer                 data,
              GError                 **error)
{
  struct berval cookie = { 0, NULL };
  gboolean ok = TRUE;

  do
    {
      LDAPControl *page = NULL;
      LDAPControl *controls[2] = { NULL, NULL };
      LDAPControl **returned = NULL;
      LDAPControl *response;
      LDAPMessage *result = NULL;
      ber_int_t estimate = 0;
      int code = LDAP_SUCCESS;
      int rc;

      rc = ldap_create_page_control (ld, (ber_int_t) config->page_size, &cookie, 1, &page);
      ber_memfree (cookie.bv_val);
      cookie.bv_val = NULL;
      cookie.bv_len = 0;
      if (rc == LDAP_SUCCESS)
        {
          struct timeval timeout = search_timeout (ld);

          controls[0] = page;
          rc = ldap_search_ext_s (ld, base, LDAP_SCOPE_SUBTREE, filter, (char **) attributes, 0, controls,
                                  NULL, &timeout, 0, &result);
          ldap_control_free (page);
        }
      if (rc == LDAP_SUCCESS)
        rc = ldap_parse_result (ld, result, &code, NULL, NULL, NULL, &returned, 0);
      if (rc != LDAP_SUCCESS || code != LDAP_SUCCESS)
        {
          if (rc == LDAP_SUCCESS)
            rc = code;
          set_ldap_error (error, ld, rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT
                                       ? RD_DIRECTORY_ERROR_UNREACHABLE : RD_DIRECTORY_ERROR_FAILED,
                          rc, "listing the directory page by page failed");
          ok = FALSE;
        }
      for (LDAPMessage *entry = ok ? ldap_first_entry (ld, result) : NULL; entry;
           entry = ldap_next_entry (ld, entry))
        func (ld, entry, data);
      response = ok ? ldap_control_find (LDAP_CONTROL_PAGEDRESULTS, returned, NULL) : NULL;
      if (response != NULL &&
          ldap_parse_pageresponse_control (ld, response, &estimate, &cookie) != LDAP_SUCCESS)
        cookie.bv_len = 0;
      ldap_controls_free (returned);
      ldap_msgfree (result);
    }
  while (ok && cookie.bv_len > 0);
  ber_memfree (cookie.bv_val);
  return ok;
}

typedef struct {
  GHashTable *roles;    /* DN key -> RdRole + 1 */
  RdRole      role;
} RoleMarks;

static void
mark_entry (LDAP        *ld,
            LDAPMessage *entry,
            gpointer     data)
{
  RoleMarks *marks = data;
  char *dn = ldap_get_dn (ld, entry);

  if (dn != NULL)
    g_hash_table_insert (marks->roles, dn_key (dn), GINT_TO_POINTER (marks->role + 1));
  ldap_memfree (dn);
}

static void
add_group_members (LDAP        *ld,
                   LDAPMessage *entry,
                   gpointer     data)
{
  GHashTable *graph = data;
  char *dn = ldap_get_dn (ld, entry);
  GPtrArray *members = g_ptr_array_new_with_free_func (g_free);

  for (guint a = 0; a < 2; a++)
    {
      struct berval **values = ldap_get_values_len (ld, entry, a == 0 ? "member" : "uniqueMember");

      for (guint i = 0; values != NULL && values[i] != NULL; i++)
        {
          g_autofree char *member = g_strndup (values[i]->bv_val, values[i]->bv_len);

          g_ptr_array_add (members, dn_key (member));
        }
      ldap_value_free_len (values);
    }
  g_hash_table_insert (graph, dn_key (dn ? dn : ""), members);
  ldap_memfree (dn);
}

/* Everyone a role group holds, through groups of groups (to the same
 * bounds as a sign-in's walk), marked with that role in @roles. */
static void
mark_group_members (GHashTable  *graph,
                    const char  *group,
                    RdRole       role,
                    guint        depth,
                    GHashTable  *roles)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) level = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (level, dn_key (group));
  for (guint d = 0; d < depth && level->len > 0 && g_hash_table_size (seen) < WALK_MAX_GROUPS; d++)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < level->len; i++)
        {
          GPtrArray *members = g_hash_table_lookup (graph, level->pdata[i]);

          for (guint m = 0; members != NULL && m < members->len; m++)
            {
              const char *member = members->pdata[m];

              g_hash_table_insert (roles, g_strdup (member), GINT_TO_POINTER (role + 1));
              if (g_hash_table_contains (graph, member) && g_hash_table_add (seen, (gpointer) member))
                g_ptr_array_add (next, g_strdup (member));
            }
        }
      g_ptr_array_unref (level);
      level = g_steal_pointer (&next);
    }
}

/* DN key -> role + 1 for everyone in a role group; roles are marked from
 * the lowest up, so someone in two groups has the higher role. */
static GHashTable *
role_marks (LDAP                    *ld,
            const RdDirectoryConfig *config,
            GError                 **error)
{
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) graph = NULL;
  const char *no_attributes[] = { LDAP_NO_ATTRS, NULL };
  const char *member_attributes[] = { "member", "uniqueMember", NULL };

  if (config->nesting == RD_DIRECTORY_NESTING_IN_CHAIN)
    {
      for (int role = RD_ROLE_AGENT; role <= RD_ROLE_ADMIN; role++)
        {
          g_autofree char *chain = NULL;
          g_autofree char *filter = NULL;
          RoleMarks marks = { roles, (RdRole) role };

          if (config->role_groups[role] == NULL)
            continue;
          chain = rd_ldap_in_chain_filter ("memberOf", config->role_groups[role]);
          filter = g_strdup_printf ("(&%s%s)", config->user_filter, chain);
          if (!paged_search (ld, config, config->base, filter, no_attributes, mark_entry, &marks, error))
            return NULL;
        }
      return g_steal_pointer (&roles);
    }

  graph = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if (!paged_search (ld, config, config->group_base ? config->group_base : config->base,
                     "(|(member=*)(uniqueMember=*))", member_attributes, add_group_members, graph, error))
    return NULL;
  for (int role = RD_ROLE_AGENT; role <= RD_ROLE_ADMIN; role++)
    if (config->role_groups[role] != NULL)
      mark_group_members (graph, config->role_groups[role], (RdRole) role,
                          config->nesting == RD_DIRECTORY_NESTING_NONE ? 1 : WALK_MAX_DEPTH, roles);
  return g_steal_pointer (&roles);
}

typedef struct {
  const RdDirectoryConfig *config;
  GHashTable              *roles;
  GPtrArray               *people;
} Listing;

static void
add_person (LDAP        *ld,
            LDAPMessage *entry,
            gpointer     data)
{
  Listing *listing = data;
  g_autoptr(RdDirectoryPerson) person = person_from_entry (ld, entry, listing->config, NULL);
  g_autofree char *key = NULL;
  gpointer mark;

  if (person->username == NULL)
    return;
  key = dn_key (person->dn);
  mark = g_hash_table_lookup (listing->roles, key);
  person->role = mark ? (RdRole) (GPOINTER_TO_INT (mark) - 1) : RD_ROLE_REQUESTER;
  g_ptr_array_add (listing->people, g_steal_pointer (&person));
}

GPtrArray *
rd_directory_list_everyone (const RdDirectoryConfig *config,
                            GError                 **error)
{
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_directory_person_free);
  g_autoptr(GHashTable) roles = NULL;
  g_autofree char *filter = rd_ldap_person_filter (config->user_filter, config->login_attribute, NULL);
  const char *attributes[8];
  Listing listing = { config, NULL, people };
  LDAP *ld = open_connection (config, error);
  gboolean ok;

  if (ld == NULL)
    return NULL;
  roles = role_marks (ld, config, error);
  listing.roles = roles;
  ok = roles != NULL && paged_search (ld, config, config->base, filter, person_attributes (config, attributes),
                                      add_person, &listing, error);
  close_connection (ld);
  return ok ? g_steal_pointer (&people) : NULL;
}
