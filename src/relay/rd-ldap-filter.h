/* rd-ldap-filter.h: LDAP search filters built from what people type.
 *
 * Every value from outside goes through rd_ldap_filter_escape (RFC 4515),
 * so "*", "(", ")", "\" and NUL in a name or a search match themselves and
 * nothing else. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value's @length bytes (-1: up to its NUL) as a filter value. */
char *rd_ldap_filter_escape      (const char *value, gssize length);
/* The one person whose @attribute is @value, among those @filter admits:
 * "(&FILTER(ATTRIBUTE=VALUE))"; every such person when @value is NULL. */
char *rd_ldap_person_filter      (const char *filter, const char *attribute, const char *value);
/* People @filter admits with @text in any of @attributes (NULL-ended). */
char *rd_ldap_search_filter      (const char *filter, const char * const *attributes, const char *text);
/* Active Directory's transitive membership: entries whose @attribute
 * ("member", "memberOf") reaches @dn through any chain of groups. */
char *rd_ldap_in_chain_filter    (const char *attribute, const char *dn);
/* Groups that list @dn directly (groupOfNames, groupOfUniqueNames, AD). */
char *rd_ldap_member_of_filter   (const char *dn);
/* A filter setting as written, wrapped in parentheses if it has none. */
char *rd_ldap_filter_normalize   (const char *filter);
/* TRUE when @filter's parentheses balance (a setting's sanity check). */
gboolean rd_ldap_filter_is_balanced (const char *filter);

G_END_DECLS
