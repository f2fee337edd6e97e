/* rd-facts-text.h: facts about a computer (rd-facts.h) as people read
 * them, one line an item, for the requester's consent and the agent's
 * panel alike. */
#pragma once

#include "rd-facts.h"

G_BEGIN_DECLS

typedef struct {
  const char *item;    /* RD_FACT_* */
  const char *label;   /* "Operating System" */
  char       *value;   /* "Debian GNU/Linux 12 (bookworm)"; the network's takes several lines */
} RdFactLine;

void        rd_fact_line_free      (RdFactLine *line);
/* The item's label, or NULL for one that is not an item. */
const char *rd_facts_item_label    (const char *item);
/* RdFactLine, in rd_facts_items' order, for the items @facts has. */
GPtrArray  *rd_facts_text_lines    (RdFacts *facts);
/* "Label: value" lines, a blank line between items (tests, copying). */
char       *rd_facts_text_dup_text (RdFacts *facts);

G_END_DECLS
