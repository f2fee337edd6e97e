/* rd-ldap-filter.c: LDAP search filters built from what people type. */
#include "config.h"

#include <string.h>

#include "rd-ldap-filter.h"

/* Active Directory's LDAP_MATCHING_RULE_IN_CHAIN. */
#define IN_CHAIN_RULE "1.2.840.113556.1.4.1941"

char *
rd_ldap_filter_escape (const char *value,
                       gssize      length)
{
  GString *out;
  gsize len = length < 0 ? strlen (value) : (gsize) length;

  out = g_string_sized_new (len + 8);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) value[i];

      if (c == '*' || c == '(' || c == ')' || c == '\\' || c == '\0')
        g_string_append_printf (out, "\\%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

gboolean
rd_ldap_filter_is_balanced (const char *filter)
{
  int depth = 0;

  for (const char *p = filter; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth < 0)
        return FALSE;
    }
  return depth == 0;
}

char *
rd_ldap_filter_normalize (const char *filter)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (filter ? filter : ""));

  if (*trimmed == '\0')
    return g_strdup ("(objectClass=*)");
  if (trimmed[0] == '(')
    return g_steal_pointer (&trimmed);
  return g_strdup_printf ("(%s)", trimmed);
}

char *
rd_ldap_person_filter (const char *filter,
                       const char *attribute,
                       const char *value)
{
  g_autofree char *escaped = value ? rd_ldap_filter_escape (value, -1) : g_strdup ("*");

  return g_strdup_printf ("(&%s(%s=%s))", filter, attribute, escaped);
}

char *
rd_ldap_search_filter (const char         *filter,
                       const char * const *attributes,
                       const char         *text)
{
  g_autofree char *escaped = rd_ldap_filter_escape (text, -1);
  g_autoptr(GString) any = g_string_new ("(|");

  for (guint i = 0; attributes[i] != NULL; i++)
    if (*attributes[i] != '\0')
      g_string_append_printf (any, "(%s=*%s*)", attributes[i], escaped);
  g_string_append_c (any, ')');
  return g_strdup_printf ("(&%s%s)", filter, any->str);
}

char *
rd_ldap_in_chain_filter (const char *attribute,
                         const char *dn)
{
  g_autofree char *escaped = rd_ldap_filter_escape (dn, -1);

  return g_strdup_printf ("(%s:" IN_CHAIN_RULE ":=%s)", attribute, escaped);
}

char *
rd_ldap_member_of_filter (const char *dn)
{
  g_autofree char *escaped = rd_ldap_filter_escape (dn, -1);

  return g_strdup_printf ("(|(member=%s)(uniqueMember=%s))", escaped, escaped);
}
