/* rd-facts.h: facts about a requester's computer, sent with a support
 * request when the requester agreed (docs/protocol.md, "Computer facts").
 *
 * A facts object has one member per item the requester may switch off
 * (RD_FACT_*); each is optional. rd_facts_check is the relay's (and the
 * client's) one test of what may travel. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_FACTS_MAX_BYTES 4096   /* the object as compact JSON */

/* The items, in the order the form and the agent's panel show them. */
#define RD_FACT_OS      "os"        /* string: "Debian GNU/Linux 12 (bookworm)" */
#define RD_FACT_HOST    "host"      /* string: the host name */
#define RD_FACT_KERNEL  "kernel"    /* string: "6.1.0-13-amd64 x86_64" */
#define RD_FACT_UPTIME  "uptime"    /* int: seconds since boot */
#define RD_FACT_SESSION "session"   /* string: "GNOME on Wayland" */
#define RD_FACT_DISK    "disk"      /* object: free, total (bytes) of the home folder's file system */
#define RD_FACT_MEMORY  "memory"    /* object: available, total (bytes) */
#define RD_FACT_APP     "app"       /* string: Relaydesk's version */
#define RD_FACT_NETWORK "network"   /* object: see docs/protocol.md */

/* NULL-terminated: RD_FACT_OS … RD_FACT_NETWORK. */
const char * const *rd_facts_items (void);

/* TRUE if @facts may travel: known members only, each of its type and
 * within its limits, RD_FACTS_MAX_BYTES at most in all. Otherwise FALSE
 * with RD_PROTOCOL_ERROR (wrong_type, invalid_value or unknown_field) and
 * a message naming the member ("facts.network.vpn must be a boolean"). */
gboolean            rd_facts_check (JsonObject *facts, GError **error);

/* A facts object as the app holds it (the app knows no JSON): shared,
 * read-only, read through paths such as "os", "disk.free",
 * "network.connections[1].name". */
typedef struct _RdFacts RdFacts;

#define RD_TYPE_FACTS (rd_facts_get_type ())
GType       rd_facts_get_type       (void) G_GNUC_CONST;
/* Takes a reference on @object, which passed rd_facts_check. */
RdFacts    *rd_facts_new_for_json   (JsonObject *object);
JsonObject *rd_facts_get_json       (RdFacts *self);
RdFacts    *rd_facts_ref            (RdFacts *self);
void        rd_facts_unref          (RdFacts *self);
/* A copy without the items named in @withheld (may be NULL). */
RdFacts    *rd_facts_without        (RdFacts *self, const char * const *withheld);
/* How many items it has. */
guint       rd_facts_get_n_items    (RdFacts *self);
gboolean    rd_facts_has            (RdFacts *self, const char *path);
/* The value at @path, or NULL / @fallback / FALSE / 0 where there is none
 * of that type; _length is an array's. */
const char *rd_facts_get_string     (RdFacts *self, const char *path);
gint64      rd_facts_get_int        (RdFacts *self, const char *path, gint64 fallback);
gboolean    rd_facts_get_bool       (RdFacts *self, const char *path);
guint       rd_facts_get_length     (RdFacts *self, const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdFacts, rd_facts_unref)

G_END_DECLS
