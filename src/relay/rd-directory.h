/* rd-directory.h: the company directory (LDAP, Active Directory) through
 * OpenLDAP's libldap.
 *
 * Every call opens its own connection (StartTLS or ldaps, the CA of the
 * settings, no referrals unless they say so, a timeout on every step) and
 * blocks: the relay calls them from worker threads. A directory that cannot
 * be reached, whose certificate is not trusted or that refuses the service
 * account is RD_DIRECTORY_ERROR_UNREACHABLE, whatever the user typed. */
#pragma once

#include <glib.h>

#include "rd-support-types.h"

G_BEGIN_DECLS

typedef enum {
  RD_DIRECTORY_NESTING_WALK,       /* groups of groups, walked up to a bound */
  RD_DIRECTORY_NESTING_IN_CHAIN,   /* Active Directory's in-chain matching rule */
  RD_DIRECTORY_NESTING_NONE,       /* direct members only */
} RdDirectoryNesting;

typedef struct {
  char               *uri;                /* ldaps://host or ldap://host (StartTLS) */
  char               *ca_file;            /* PEM; NULL: the system's CAs */
  char               *bind_dn;            /* the service account; NULL: anonymous searches */
  char               *bind_password;      /* read from bind_password_file */
  char               *base;               /* where people are searched */
  char               *group_base;         /* where groups are walked; NULL: base */
  char               *user_filter;        /* who may sign in, e.g. (objectClass=person) */
  char               *login_attribute;    /* uid, sAMAccountName, userPrincipalName, mail */
  char               *login_suffix;       /* appended to the name typed ("@example.com") */
  char               *display_name_attribute;
  char               *mail_attribute;
  char               *department_attribute;
  char               *role_groups[RD_ROLE_ADMIN + 1]; /* group DN for agent, supervisor, admin */
  RdDirectoryNesting  nesting;
  gboolean            allow_plain_loopback; /* ldap:// to 127.0.0.1 without StartTLS */
  gboolean            follow_referrals;
  guint               timeout_s;          /* each network step at most */
  guint               page_size;          /* entries a page when listing everyone */
  guint               sync_interval_s;    /* the relay checks its directory accounts */
  gboolean            local_first;        /* a local account wins a name both have */
} RdDirectoryConfig;

typedef enum {
  RD_DIRECTORY_ERROR_UNREACHABLE,
  RD_DIRECTORY_ERROR_NO_SUCH_PERSON,
  RD_DIRECTORY_ERROR_WRONG_PASSWORD,
  RD_DIRECTORY_ERROR_DISABLED,
  RD_DIRECTORY_ERROR_FAILED,
} RdDirectoryError;

#define RD_DIRECTORY_ERROR (rd_directory_error_quark ())
GQuark rd_directory_error_quark (void);

typedef struct {
  char    *username;       /* the relay's name for them */
  char    *dn;
  char    *display_name;
  char    *mail;
  char    *department;
  RdRole   role;
  gboolean disabled;       /* Active Directory's userAccountControl says so */
} RdDirectoryPerson;

RdDirectoryConfig *rd_directory_config_new     (void);
RdDirectoryConfig *rd_directory_config_copy    (const RdDirectoryConfig *config);
void               rd_directory_config_free    (RdDirectoryConfig *config);
/* Reads the [directory] group of @file; NULL in @out when it has none. */
gboolean           rd_directory_config_load    (GKeyFile *file, const char *path,
                                                RdDirectoryConfig **out, GError **error);

void               rd_directory_person_free    (RdDirectoryPerson *person);

/* Checks @password by binding as the person named @username. An empty
 * password is refused before anything is sent. */
RdDirectoryPerson *rd_directory_sign_in        (const RdDirectoryConfig *config, const char *username,
                                                const char *password, GError **error);
/* The person named @username as the directory has them now (for the
 * periodic check): NO_SUCH_PERSON when gone or no longer admitted. */
RdDirectoryPerson *rd_directory_find           (const RdDirectoryConfig *config, const char *username,
                                                GError **error);
/* People whose name, mail or department contains @text, at most @limit. */
GPtrArray         *rd_directory_search         (const RdDirectoryConfig *config, const char *text,
                                                guint limit, GError **error);
/* Everyone the filter admits, page after page, with their roles. */
GPtrArray         *rd_directory_list_everyone  (const RdDirectoryConfig *config, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdDirectoryPerson, rd_directory_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdDirectoryConfig, rd_directory_config_free)

G_END_DECLS
