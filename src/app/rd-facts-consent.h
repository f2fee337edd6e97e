/* rd-facts-consent.h: in the Get Help form, "Include Details About This
 * Computer": off until the requester turns it on (then, and only then,
 * the details are read and shown, item by item, each with its own
 * switch); both choices are remembered (share-computer-facts,
 * withheld-computer-facts). */
#pragma once

#include <adwaita.h>

#include "rd-facts.h"

G_BEGIN_DECLS

#define RD_TYPE_FACTS_CONSENT (rd_facts_consent_get_type ())
G_DECLARE_FINAL_TYPE (RdFactsConsent, rd_facts_consent, RD, FACTS_CONSENT, GtkBox)

/* What to send: NULL while turned off (or still being read), else the
 * details shown less those switched off. */
RdFacts    *rd_facts_consent_get_facts (RdFactsConsent *self);
/* TRUE while the details are being read ("notify::busy"). */
gboolean    rd_facts_consent_is_busy   (RdFactsConsent *self);

/* For tests, as the switches would. */
void        rd_facts_consent_set_included    (RdFactsConsent *self, gboolean included);
gboolean    rd_facts_consent_set_item_shared (RdFactsConsent *self, const char *item, gboolean shared);
/* The items shown ("Label: value" lines, rd-facts-text.h), "" before. */
char       *rd_facts_consent_dup_text        (RdFactsConsent *self);

G_END_DECLS
