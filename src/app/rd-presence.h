/* rd-presence.h: statuses as the app shows them (no widgets). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint       rd_presence_n_statuses (void);
const char *rd_presence_status_at  (guint index);
guint       rd_presence_index      (const char *status);
/* Translated name of a status. */
const char *rd_presence_label      (const char *status);
/* CSS class of the presence dot. */
const char *rd_presence_css_class  (const char *status);
/* Sort rank: people who can answer first. */
guint       rd_presence_rank       (const char *status);

G_END_DECLS
