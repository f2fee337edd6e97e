/* rd-test-company.c: an example company's directory for the tests. */
#include "config.h"

#include "rd-test-company.h"

static char *
person_ldif (const char *uid,
             const char *name,
             const char *department,
             const char *extra)
{
  return g_strdup_printf ("dn: uid=%s," COMPANY_PEOPLE "\n"
                          "objectClass: inetOrgPerson\n"
                          "objectClass: extensibleObject\n"
                          "uid: %s\n"
                          "cn: %s\n"
                          "sn: %s\n"
                          "displayName: %s\n"
                          "mail: %s@example.com\n"
                          "departmentNumber: %s\n"
                          "userPassword: %s-secret\n"
                          "%s%s\n",
                          uid, uid, name, name, name, uid, department, uid, extra ? extra : "", extra ? "\n" : "");
}

static char *
group_ldif (const char *cn,
            const char *member_dn)
{
  return g_strdup_printf ("dn: cn=%s," COMPANY_GROUPS "\n"
                          "objectClass: groupOfNames\n"
                          "cn: %s\n"
                          "member: %s\n\n", cn, cn, member_dn);
}

char *
rd_test_company_ldif (void)
{
  g_autoptr(GString) ldif = g_string_new (
    "dn: ou=people," RD_TEST_SLAPD_SUFFIX "\nobjectClass: organizationalUnit\nou: people\n\n"
    "dn: ou=groups," RD_TEST_SLAPD_SUFFIX "\nobjectClass: organizationalUnit\nou: groups\n\n"
    "dn: " COMPANY_SERVICE_DN "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
    "cn: relaydesk\nuserPassword: service-secret\n\n");
  struct { const char *uid, *name, *department, *extra; } people[] = {
    { "erin", "Erin Example", "Finance", "userAccountControl: 512" },
    { "frank", "Frank Fixit", "IT", NULL },
    { "grace", "Grace Lead", "IT", NULL },
    { "henry", "Henry Admin", "IT", NULL },
    { "ivan", "Ivan Inactive", "Sales", "userAccountControl: 514" },
    { "judy", "Judy Former", "Sales", "employeeType: former" },
  };
  struct { const char *cn, *member; } groups[] = {
    { "helpdesk-l1", "uid=frank," COMPANY_PEOPLE },
    { "it-support", "cn=helpdesk-l1," COMPANY_GROUPS },
    { "it-leads", "uid=grace," COMPANY_PEOPLE },
    { "relaydesk-admins", "uid=henry," COMPANY_PEOPLE },
    { "loop-a", "cn=loop-b," COMPANY_GROUPS "\nmember: uid=staff7," COMPANY_PEOPLE },
    { "loop-b", "cn=loop-a," COMPANY_GROUPS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *entry = person_ldif (people[i].uid, people[i].name, people[i].department, people[i].extra);
      g_string_append (ldif, entry);
    }
  for (guint i = 0; i < COMPANY_N_STAFF; i++)
    {
      g_autofree char *uid = g_strdup_printf ("staff%u", i);
      g_autofree char *name = g_strdup_printf ("Staff Member %u", i);
      g_autofree char *entry = person_ldif (uid, name, "Warehouse", NULL);
      g_string_append (ldif, entry);
    }
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *entry = group_ldif (groups[i].cn, groups[i].member);
      g_string_append (ldif, entry);
    }
  return g_string_free (g_steal_pointer (&ldif), FALSE);
}

static char *
password_file (RdTestSlapd *slapd,
               const char  *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (slapd->dir, password, NULL);
  g_autofree char *text = g_strdup_printf ("%s\n", password);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

char *
rd_test_company_directory_group (RdTestSlapd *slapd,
                                 const char  *uri,
                                 const char  *ca_file,
                                 const char  *service_password,
                                 const char  *extra)
{
  g_autofree char *secret = password_file (slapd, service_password);

  return g_strdup_printf ("[directory]\n"
                          "uri=%s\n"
                          "ca_file=%s\n"
                          "bind_dn=" COMPANY_SERVICE_DN "\n"
                          "bind_password_file=%s\n"
                          "base=" COMPANY_PEOPLE "\n"
                          "group_base=" COMPANY_GROUPS "\n"
                          "user_filter=(&(objectClass=inetOrgPerson)(!(employeeType=former)))\n"
                          "login_attribute=uid\n"
                          "agent_group=cn=it-support," COMPANY_GROUPS "\n"
                          "supervisor_group=cn=it-leads," COMPANY_GROUPS "\n"
                          "admin_group=cn=relaydesk-admins," COMPANY_GROUPS "\n"
                          "timeout=2\n"
                          "%s\n",
                          uri, ca_file, secret, extra ? extra : "");
}
