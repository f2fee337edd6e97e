/* rd-facts-panel.h: beside a support conversation, what the requester
 * sent about their computer (the agent's side). */
#pragma once

#include <adwaita.h>

#include "rd-facts.h"

G_BEGIN_DECLS

#define RD_TYPE_FACTS_PANEL (rd_facts_panel_get_type ())
G_DECLARE_FINAL_TYPE (RdFactsPanel, rd_facts_panel, RD, FACTS_PANEL, GtkBox)

GtkWidget *rd_facts_panel_new       (const char *requester_name);
/* Shows @facts (none at all: none were sent), or the reason they
 * could not be read (@facts NULL). */
void       rd_facts_panel_set_facts (RdFactsPanel *self, RdFacts *facts, const char *error);
/* What the panel shows, a line an item ("Label: value"), "" while loading. */
char      *rd_facts_panel_dup_text  (RdFactsPanel *self);

G_END_DECLS
