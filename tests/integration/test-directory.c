/* test-directory.c: signing in with the company directory, against a real
 * slapd that the test starts (rd-test-slapd.h), through a real relaydeskd;
 * and the directory calls themselves (paging, escaping, timeouts). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rd-directory.h"
#include "rd-ldap-filter.h"
#include "rd-test-relay.h"
#include "rd-test-company.h"
#include "rd-test-slapd.h"

static RdTestSlapd *slapd;

/* relaydeskd.conf's [directory] group for the test's slapd at @uri. */
static char *
directory_group (const char *uri,
                 const char *ca_file,
                 const char *service_password,
                 const char *extra)
{
  return rd_test_company_directory_group (slapd, uri, ca_file, service_password, extra);
}

static RdTestRelay *
relay_with_directory (const char *uri,
                      const char *ca_file,
                      const char *service_password,
                      const char *extra)
{
  RdTestRelay *relay = rd_test_relay_new ();
  g_autofree char *group = directory_group (uri, ca_file, service_password, extra);

  rd_test_relay_configure (relay, group);
  rd_test_relay_start (relay);
  return relay;
}

static RdTestRelay *
relay_on_test_directory (void)
{
  return relay_with_directory (slapd->ldap_url, slapd->ca_file, "service-secret", NULL);
}

/* The settings a relay would read, for calling the directory directly. */
static RdDirectoryConfig *
config_trusting (const char *uri,
                 const char *ca_file,
                 const char *extra)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *group = directory_group (uri, ca_file, "service-secret", extra);
  RdDirectoryConfig *config = NULL;

  g_key_file_load_from_data (file, group, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (rd_directory_config_load (file, "test.conf", &config, &error));
  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static RdDirectoryConfig *
config_for (const char *uri,
            const char *extra)
{
  return config_trusting (uri, slapd->ca_file, extra);
}

static void
test_sign_in_and_roles (void)
{
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
  struct { const char *uid, *name, *role; } cases[] = {
    { "erin", "Erin Example", "requester" },
    { "frank", "Frank Fixit", "agent" },        /* through a group in a group */
    { "grace", "Grace Lead", "supervisor" },
    { "henry", "Henry Admin", "admin" },
    { "staff7", "Staff Member 7", "requester" }, /* in two groups that hold each other */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *password = g_strdup_printf ("%s-secret", cases[i].uid);
      g_autoptr(RdClient) client = rd_test_client_login (relay, cases[i].uid, password);

      g_assert_cmpstr (rd_client_get_username (client), ==, cases[i].uid);
      g_assert_cmpstr (rd_client_get_display_name (client), ==, cases[i].name);
      g_assert_cmpstr (rd_client_get_role (client), ==, cases[i].role);
    }

  /* The account made at the first sign-in is used at the next. */
  {
    g_autoptr(RdClient) again = rd_test_client_login (relay, "erin", "erin-secret");
    g_autoptr(RdClient) agent = rd_test_client_login (relay, "frank", "frank-secret");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpstr (rd_client_get_role (again), ==, "requester");
    /* Directory people talk to each other as local accounts do. */
    g_assert_null (rd_test_add_contact (agent, "erin", "Finance"));
    g_assert_cmpint (rd_test_relay_admin (relay, NULL, &out, NULL, "user", "list", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "erin"));
    /* No second password for her: the directory's is the one. */
    g_assert_cmpint (rd_test_relay_admin (relay, "a-local-password\n", NULL, &err, "user", "passwd", "erin",
                                          "--password-stdin", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "erin signs in with the company directory: change the password there"));
  }
}

static void
test_refusals (void)
{
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
  g_autoptr(GError) wrong = rd_test_client_login_error (relay, "erin", "not-erins-secret");
  g_autoptr(GError) unknown = rd_test_client_login_error (relay, "nobody", "whatever");
  g_autoptr(GError) disabled = rd_test_client_login_error (relay, "ivan", "ivan-secret");
  g_autoptr(GError) former = rd_test_client_login_error (relay, "judy", "judy-secret");
  g_autoptr(GError) empty = NULL;

  g_assert_error (wrong, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  g_assert_error (unknown, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  /* Failed directory sign-ins are slowed down as local ones are: after
   * four failures from this address, the next answer waits 2 s. */
  {
    gint64 start = g_get_monotonic_time ();
    g_autoptr(GError) again = rd_test_client_login_error (relay, "erin", "still-not-it");

    g_assert_error (again, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 1500 * 1000);
  }
  g_assert_cmpstr (unknown->message, ==, wrong->message);
  g_assert_error (disabled, RD_PROTOCOL_ERROR, RD_ERROR_ACCOUNT_DISABLED);
  g_assert_error (former, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);

  /* An empty password is refused before anything reaches the directory
   * (a bind with a name and no password is an anonymous one). */
  empty = rd_test_client_login_error (relay, "erin", "");
  g_assert_error (empty, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE);
}

static void
test_role_follows_groups (void)
{
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();

  {
    g_autoptr(RdClient) frank = rd_test_client_login (relay, "frank", "frank-secret");
    g_assert_cmpstr (rd_client_get_role (frank), ==, "agent");
  }
  /* Frank leaves the help desk and joins the leads. */
  rd_test_slapd_modify (slapd,
                        "dn: cn=helpdesk-l1," COMPANY_GROUPS "\nchangetype: modify\n"
                        "replace: member\nmember: uid=staff0," COMPANY_PEOPLE "\n\n"
                        "dn: cn=it-leads," COMPANY_GROUPS "\nchangetype: modify\n"
                        "add: member\nmember: uid=frank," COMPANY_PEOPLE "\n");
  {
    g_autoptr(RdClient) frank = rd_test_client_login (relay, "frank", "frank-secret");
    g_assert_cmpstr (rd_client_get_role (frank), ==, "supervisor");
  }
  rd_test_slapd_modify (slapd,
                        "dn: cn=it-leads," COMPANY_GROUPS "\nchangetype: modify\n"
                        "delete: member\nmember: uid=frank," COMPANY_PEOPLE "\n\n"
                        "dn: cn=helpdesk-l1," COMPANY_GROUPS "\nchangetype: modify\n"
                        "replace: member\nmember: uid=frank," COMPANY_PEOPLE "\n");
  {
    g_autoptr(RdClient) frank = rd_test_client_login (relay, "frank", "frank-secret");
    g_assert_cmpstr (rd_client_get_role (frank), ==, "agent");
  }
}

static void
test_ldaps_and_trust (void)
{
  {
    g_autoptr(RdTestRelay) relay = relay_with_directory (slapd->ldaps_url, slapd->ca_file, "service-secret", NULL);
    g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");

    g_assert_cmpstr (rd_client_get_display_name (erin), ==, "Erin Example");
  }
  /* A certificate from a CA the relay does not trust, on either port: the
   * directory "cannot be reached", whatever the password. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RdTestRelay) relay = relay_with_directory (i == 0 ? slapd->ldaps_url : slapd->ldap_url,
                                                           slapd->other_ca_file, "service-secret", NULL);
      g_autoptr(GError) error = rd_test_client_login_error (relay, "erin", "erin-secret");

      g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
      g_assert_cmpstr (error->message, ==, "the company directory cannot be reached, try again later");
    }
}

/* What the relay's log says when the directory cannot be reached: the
 * reason, not only libldap's "Can't contact LDAP server". */
static void
test_failures_explained (void)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RdDirectoryConfig) config = config_trusting (i == 0 ? slapd->ldaps_url : slapd->ldap_url,
                                                             slapd->other_ca_file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdDirectoryPerson) person = rd_directory_sign_in (config, "erin", "erin-secret", &error);

      g_assert_null (person);
      g_assert_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_UNREACHABLE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "the directory's certificate (CN=127.0.0.1, issued by "
                                                "CN=Relaydesk Test CA) is not signed by a CA in "));
      g_assert_nonnull (strstr (error->message, slapd->other_ca_file));
    }
  {
    g_autoptr(RdDirectoryConfig) config = config_for ("ldaps://127.0.0.1:9", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RdDirectoryPerson) person = rd_directory_sign_in (config, "erin", "erin-secret", &error);

    g_assert_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_UNREACHABLE);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "nothing answers at 127.0.0.1 port 9: "));
  }
}

static void
test_service_account_refused (void)
{
  g_autoptr(RdTestRelay) relay = relay_with_directory (slapd->ldap_url, slapd->ca_file, "not-the-secret", NULL);
  g_autoptr(GError) error = rd_test_client_login_error (relay, "erin", "erin-secret");

  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
}

static void
test_directory_down_local_admin (void)
{
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
  g_autoptr(GError) stopped = NULL;
  g_autoptr(GError) hung = NULL;
  gint64 start;

  rd_test_relay_add_user (relay, "root", "admin", "root-password");
  rd_test_slapd_stop (slapd);
  stopped = rd_test_client_login_error (relay, "erin", "erin-secret");
  g_assert_error (stopped, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
  {
    g_autoptr(RdClient) root = rd_test_client_login (relay, "root", "root-password");
    g_assert_cmpstr (rd_client_get_role (root), ==, "admin");
  }

  /* A server that takes connections and never answers: the sign-in gives
   * up after the timeout (2 s a step here), and local accounts still sign
   * in meanwhile. */
  rd_test_slapd_start (slapd);
  rd_test_slapd_pause (slapd, TRUE);
  start = g_get_monotonic_time ();
  hung = rd_test_client_login_error (relay, "erin", "erin-secret");
  g_assert_error (hung, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  rd_test_slapd_pause (slapd, FALSE);
  {
    g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");
    g_assert_cmpstr (rd_client_get_role (erin), ==, "requester");
  }
}

static void
test_precedence (void)
{
  /* A local "erin" with a password of her own. By default the local
   * account wins the name. */
  {
    g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
    g_autoptr(GError) directory_password = NULL;

    rd_test_relay_add_user (relay, "erin", "agent", "local-password");
    {
      g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "local-password");
      g_assert_cmpstr (rd_client_get_role (erin), ==, "agent");
    }
    directory_password = rd_test_client_login_error (relay, "erin", "erin-secret");
    g_assert_error (directory_password, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  }
  /* precedence=directory: the directory decides while it answers; the
   * local password is for when it does not. */
  {
    g_autoptr(RdTestRelay) relay = relay_with_directory (slapd->ldap_url, slapd->ca_file, "service-secret",
                                                         "precedence=directory");
    g_autoptr(GError) local_password = NULL;

    rd_test_relay_add_user (relay, "erin", "agent", "local-password");
    {
      g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");
      g_assert_cmpstr (rd_client_get_role (erin), ==, "requester");
      g_assert_cmpstr (rd_client_get_display_name (erin), ==, "Erin Example");
    }
    local_password = rd_test_client_login_error (relay, "erin", "local-password");
    g_assert_error (local_password, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
    rd_test_slapd_stop (slapd);
    {
      g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "local-password");
      g_assert_cmpstr (rd_client_get_username (erin), ==, "erin");
    }
    rd_test_slapd_start (slapd);
  }
}

static void
test_escaping (void)
{
  g_autoptr(RdDirectoryConfig) config = config_for (slapd->ldap_url, NULL);
  const char *hostile[] = { "*", "e*", "*)(uid=*", "erin)(|(uid=*", "\\2a", "erin\\", "(", ")" };
  g_autofree char *escaped = rd_ldap_filter_escape ("a*b(c)d\\e\0f", 11);
  g_autofree char *in_chain = rd_ldap_in_chain_filter ("member", "CN=Smith\\, J (IT*),DC=example");
  g_autofree char *person_filter = rd_ldap_person_filter ("(objectClass=person)", "sAMAccountName", "j*)(x=1");

  g_assert_cmpstr (escaped, ==, "a\\2ab\\28c\\29d\\5ce\\00f");
  /* Active Directory's in-chain rule, which slapd does not have: the
   * filter is all the relay sends. */
  g_assert_cmpstr (in_chain, ==, "(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, J \\28IT\\2a\\29,DC=example)");
  g_assert_cmpstr (person_filter, ==, "(&(objectClass=person)(sAMAccountName=j\\2a\\29\\28x=1))");
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdDirectoryPerson) person = rd_directory_find (config, hostile[i], &error);
      g_autoptr(GPtrArray) found = NULL;

      g_assert_null (person);
      g_assert_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_NO_SUCH_PERSON);
      g_clear_error (&error);
      /* Searching for them finds nobody either. */
      found = rd_directory_search (config, hostile[i], 20, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 0);
    }
}

static void
test_empty_password_sends_nothing (void)
{
  /* A port nobody listens on: had anything been sent, the answer would be
   * "unreachable". */
  g_autoptr(RdDirectoryConfig) config = config_for ("ldap://127.0.0.1:9", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdDirectoryPerson) person = rd_directory_sign_in (config, "erin", "", &error);

  g_assert_null (person);
  g_assert_error (error, RD_DIRECTORY_ERROR, RD_DIRECTORY_ERROR_WRONG_PASSWORD);
}

static void
test_search_and_paging (void)
{
  g_autoptr(RdDirectoryConfig) config = config_for (slapd->ldap_url, "page_size=2");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) finance = rd_directory_search (config, "finance", 20, &error);
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GHashTable) roles = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (finance->len, ==, 1);
  g_assert_cmpstr (((RdDirectoryPerson *) finance->pdata[0])->username, ==, "erin");
  g_assert_cmpstr (((RdDirectoryPerson *) finance->pdata[0])->department, ==, "Finance");

  /* The server gives a plain search 3 entries at most; pages of 2 bring
   * all who may sign in (not Judy), with their roles. */
  everyone = rd_directory_list_everyone (config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, ==, 5 + COMPANY_N_STAFF);
  for (guint i = 0; i < everyone->len; i++)
    {
      RdDirectoryPerson *person = everyone->pdata[i];
      g_hash_table_insert (roles, person->username, (gpointer) rd_role_to_string (person->role));
    }
  g_assert_cmpstr (g_hash_table_lookup (roles, "frank"), ==, "agent");
  g_assert_cmpstr (g_hash_table_lookup (roles, "grace"), ==, "supervisor");
  g_assert_cmpstr (g_hash_table_lookup (roles, "henry"), ==, "admin");
  g_assert_cmpstr (g_hash_table_lookup (roles, "staff3"), ==, "requester");
  g_assert_false (g_hash_table_contains (roles, "judy"));
  g_assert_true (g_hash_table_contains (roles, "ivan"));
}

/* sync_interval=1: the relay compares its directory accounts with the
 * directory every second. */
static void
test_periodic_check (void)
{
  g_autoptr(RdTestRelay) relay = relay_with_directory (slapd->ldap_url, slapd->ca_file, "service-secret",
                                                       "sync_interval=1");
  g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");
  g_autoptr(RdClient) staff1 = rd_test_client_login (relay, "staff1", "staff1-secret");
  g_autoptr(RdClient) staff2 = rd_test_client_login (relay, "staff2", "staff2-secret");
  g_autoptr(RdClient) grace = rd_test_client_login (relay, "grace", "grace-secret");
  g_autoptr(RdClient) henry = rd_test_client_login (relay, "henry", "henry-secret");
  g_autoptr(RdClient) staff1_again = NULL;
  g_autoptr(GError) disabled = NULL;
  g_autoptr(GError) removed = NULL;
  g_autoptr(GError) left = NULL;

  /* Erin is disabled, staff1 deleted, staff2 leaves (the filter no longer
   * admits them), Grace is no longer a lead. */
  rd_test_slapd_modify (slapd,
                        "dn: uid=erin," COMPANY_PEOPLE "\nchangetype: modify\n"
                        "replace: userAccountControl\nuserAccountControl: 514\n\n"
                        "dn: uid=staff1," COMPANY_PEOPLE "\nchangetype: delete\n\n"
                        "dn: uid=staff2," COMPANY_PEOPLE "\nchangetype: modify\n"
                        "add: employeeType\nemployeeType: former\n\n"
                        "dn: cn=it-leads," COMPANY_GROUPS "\nchangetype: modify\n"
                        "replace: member\nmember: uid=henry," COMPANY_PEOPLE "\n");
  RD_TEST_WAIT (rd_client_get_state (erin) == RD_CLIENT_SIGNED_OUT &&
                rd_client_get_state (staff1) == RD_CLIENT_SIGNED_OUT &&
                rd_client_get_state (staff2) == RD_CLIENT_SIGNED_OUT &&
                rd_client_get_state (grace) == RD_CLIENT_SIGNED_OUT, 15000);
  /* Henry, still an admin, stays. */
  g_assert_cmpint (rd_client_get_state (henry), ==, RD_CLIENT_ONLINE);

  disabled = rd_test_client_login_error (relay, "erin", "erin-secret");
  g_assert_error (disabled, RD_PROTOCOL_ERROR, RD_ERROR_ACCOUNT_DISABLED);
  removed = rd_test_client_login_error (relay, "staff1", "staff1-secret");
  g_assert_error (removed, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  left = rd_test_client_login_error (relay, "staff2", "staff2-secret");
  g_assert_error (left, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  g_clear_object (&grace);
  grace = rd_test_client_login (relay, "grace", "grace-secret");
  g_assert_cmpstr (rd_client_get_role (grace), ==, "requester");

  /* Put back as they were, for the tests that follow. */
  rd_test_slapd_modify (slapd,
                        "dn: uid=erin," COMPANY_PEOPLE "\nchangetype: modify\n"
                        "replace: userAccountControl\nuserAccountControl: 512\n\n"
                        "dn: uid=staff1," COMPANY_PEOPLE "\nchangetype: add\nobjectClass: inetOrgPerson\n"
                        "uid: staff1\ncn: Staff Member 1\nsn: Member\nuserPassword: staff1-secret\n\n"
                        "dn: uid=staff2," COMPANY_PEOPLE "\nchangetype: modify\n"
                        "delete: employeeType\n\n"
                        "dn: cn=it-leads," COMPANY_GROUPS "\nchangetype: modify\n"
                        "replace: member\nmember: uid=grace," COMPANY_PEOPLE "\n");
  staff1_again = rd_test_client_login (relay, "staff1", "staff1-secret");
  g_assert_cmpstr (rd_client_get_role (staff1_again), ==, "requester");
}

typedef struct {
  gboolean   done;
  GPtrArray *people;
  GError    *error;
} Search;

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Search *search = user_data;

  search->people = rd_client_search_directory_finish (RD_CLIENT (source), result, &search->error);
  search->done = TRUE;
}

/* What the app's "add someone" popover would list for @query. */
static GPtrArray *
search_from_app (RdClient    *client,
                 const char  *query,
                 GError     **error)
{
  Search search = { 0 };

  rd_client_search_directory_async (client, query, NULL, searched_cb, &search);
  RD_TEST_WAIT (search.done, 20000);
  if (search.error != NULL)
    g_propagate_error (error, search.error);
  return search.people;
}

static RdContact *
person_named (GPtrArray  *people,
              const char *username)
{
  for (guint i = 0; people != NULL && i < people->len; i++)
    if (g_str_equal (rd_contact_get_username (people->pdata[i]), username))
      return people->pdata[i];
  return NULL;
}

static void
test_search_from_app (void)
{
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
  g_autoptr(RdClient) frank = rd_test_client_login (relay, "frank", "frank-secret");
  g_autoptr(GPtrArray) finance = NULL;
  g_autoptr(GPtrArray) it = NULL;
  g_autoptr(GPtrArray) warehouse = NULL;
  g_autoptr(GPtrArray) hostile = NULL;
  g_autoptr(GError) error = NULL;
  RdContact *found;

  /* Erin never signed in: the directory finds her, with her department. */
  finance = search_from_app (frank, "finance", &error);
  g_assert_no_error (error);
  found = person_named (finance, "erin");
  g_assert_nonnull (found);
  g_assert_cmpstr (rd_contact_get_display_name (found), ==, "Erin Example");
  g_assert_cmpstr (rd_contact_get_role (found), ==, "requester");
  g_assert_cmpstr (rd_contact_get_department (found), ==, "Finance");
  g_assert_cmpstr (rd_contact_get_mail (found), ==, "erin@example.com");
  g_assert_cmpstr (rd_contact_get_status (found), ==, "offline");
  /* Frank adds her, in her department's group: her account is made now. */
  g_assert_null (rd_test_add_contact (frank, "erin", "Finance"));
  g_assert_cmpstr (rd_test_status_of (frank, "erin"), ==, "offline");
  {
    g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");

    RD_TEST_WAIT (g_strcmp0 (rd_test_status_of (frank, "erin"), "available") == 0, 10000);
    /* A requester finds support staff only, from the directory too. */
    it = search_from_app (erin, "IT", &error);
    g_assert_no_error (error);
    g_assert_nonnull (person_named (it, "frank"));
    g_assert_nonnull (person_named (it, "grace"));
    g_assert_cmpstr (rd_contact_get_role (person_named (it, "grace")), ==, "supervisor");
    warehouse = search_from_app (erin, "warehouse", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (warehouse->len, ==, 0);
  }
  /* Text that would widen a filter finds nobody. */
  hostile = search_from_app (frank, "*)(uid=*", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hostile->len, ==, 0);

  /* The directory down: its sentence, not an empty list. */
  rd_test_slapd_stop (slapd);
  {
    g_autoptr(GPtrArray) none = search_from_app (frank, "warehouse", &error);

    g_assert_null (none);
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
    g_assert_cmpstr (error->message, ==, "the company directory cannot be reached, try again later");
  }
  rd_test_slapd_start (slapd);
}

/* A referral in the people's subtree points at a server that takes
 * connections and never answers (a classic cause of hung sign-ins). Not
 * followed: nobody ever connects there, and a name not found is refused
 * at once. */
static void
test_referrals_not_followed (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port;
  g_autoptr(GSocket) black_hole = rd_test_black_hole_new (&port);
  g_autofree char *referral = NULL;
  g_autoptr(RdTestRelay) relay = relay_on_test_directory ();
  g_autoptr(GError) unknown = NULL;

  referral = g_strdup_printf ("dn: ou=elsewhere," COMPANY_PEOPLE "\nchangetype: add\n"
                              "objectClass: referral\nobjectClass: extensibleObject\nou: elsewhere\n"
                              "ref: ldap://127.0.0.1:%u/ou=people,dc=elsewhere,dc=com\n",
                              port);
  rd_test_slapd_modify (slapd, referral);

  unknown = rd_test_client_login_error (relay, "ghost", "ghost-secret");
  g_assert_error (unknown, RD_PROTOCOL_ERROR, RD_ERROR_AUTH_FAILED);
  {
    g_autoptr(RdClient) erin = rd_test_client_login (relay, "erin", "erin-secret");
    g_assert_cmpstr (rd_client_get_role (erin), ==, "requester");
  }
  /* No connection waits to be accepted there. */
  g_assert_false (g_socket_condition_check (black_hole, G_IO_IN) & G_IO_IN);

  /* With follow_referrals=true the relay goes there, where libldap waits
   * without end: the sign-in and the search are answered at their
   * deadline (twice the timeout, 2 s here) all the same. */
  {
    g_autoptr(RdTestRelay) chasing = relay_with_directory (slapd->ldap_url, slapd->ca_file, "service-secret",
                                                           "follow_referrals=true");
    g_autoptr(RdClient) root = NULL;
    g_autoptr(GError) hung = NULL;
    g_autoptr(GPtrArray) found = NULL;
    gint64 start = g_get_monotonic_time ();

    hung = rd_test_client_login_error (chasing, "ghost", "ghost-secret");
    g_assert_error (hung, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
    g_assert_true (g_socket_condition_check (black_hole, G_IO_IN) & G_IO_IN);

    rd_test_relay_add_user (chasing, "root", "admin", "root-password");
    root = rd_test_client_login (chasing, "root", "root-password");
    found = search_from_app (root, "ghost", &error);
    g_assert_null (found);
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_DIRECTORY_UNAVAILABLE);
    g_clear_error (&error);
  }

  rd_test_slapd_modify (slapd, "dn: ou=elsewhere," COMPANY_PEOPLE "\nchangetype: delete\n");
}

static void
test_settings_refused (void)
{
  const char *bad[] = {
    "[directory]\nbase=dc=example,dc=com\n",
    "[directory]\nuri=http://example.com\nbase=dc=example,dc=com\n",
    "[directory]\nuri=ldaps://example.com\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\nuser_filter=(objectClass=person\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\nlogin_attribute=uid)(x=*\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\nbind_dn=cn=svc\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\nnested_groups=sometimes\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\ntimeout=0\n",
    "[directory]\nuri=ldaps://example.com\nbase=dc=x\nfollow_referrals=sometimes\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      RdDirectoryConfig *config = NULL;

      g_assert_true (g_key_file_load_from_data (file, bad[i], -1, G_KEY_FILE_NONE, NULL));
      g_assert_false (rd_directory_config_load (file, "relaydeskd.conf", &config, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_true (g_str_has_prefix (error->message, "relaydeskd.conf: [directory] "));
      g_assert_null (config);
    }
}

int
main (int argc, char *argv[])
{
  g_autofree char *missing = rd_test_slapd_missing ();
  g_autofree char *ldif = NULL;
  int status;

  if (missing != NULL)
    {
      printf ("1..0 # SKIP %s\n", missing);
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  ldif = rd_test_company_ldif ();
  slapd = rd_test_slapd_new (ldif);
  g_test_add_func ("/directory/settings-refused", test_settings_refused);
  g_test_add_func ("/directory/sign-in-and-roles", test_sign_in_and_roles);
  g_test_add_func ("/directory/refusals", test_refusals);
  g_test_add_func ("/directory/empty-password-sends-nothing", test_empty_password_sends_nothing);
  g_test_add_func ("/directory/escaping", test_escaping);
  g_test_add_func ("/directory/search-and-paging", test_search_and_paging);
  g_test_add_func ("/directory/ldaps-and-trust", test_ldaps_and_trust);
  g_test_add_func ("/directory/failures-explained", test_failures_explained);
  g_test_add_func ("/directory/service-account-refused", test_service_account_refused);
  g_test_add_func ("/directory/precedence", test_precedence);
  g_test_add_func ("/directory/role-follows-groups", test_role_follows_groups);
  g_test_add_func ("/directory/periodic-check", test_periodic_check);
  g_test_add_func ("/directory/search-from-app", test_search_from_app);
  g_test_add_func ("/directory/referrals-not-followed", test_referrals_not_followed);
  g_test_add_func ("/directory/down-local-admin", test_directory_down_local_admin);
  status = g_test_run ();
  rd_test_slapd_free (slapd);
  return status;
}
