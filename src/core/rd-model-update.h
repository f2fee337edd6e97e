/* rd-model-update.h: copying a frame's fields into a model object's slots,
 * notifying only what changed, so bound widgets redraw only then. Private
 * to src/core. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @field absent from @data: nothing changes. @pspec may be NULL (no notify). */
gboolean _rd_model_update_string (GObject *object, char **slot, JsonObject *data, const char *field,
                                  GParamSpec *pspec);
gboolean _rd_model_update_int    (GObject *object, gint64 *slot, JsonObject *data, const char *field,
                                  GParamSpec *pspec);
/* The same for a value at hand rather than in a frame. */
gboolean _rd_model_set_string    (GObject *object, char **slot, const char *value, GParamSpec *pspec);
gboolean _rd_model_set_int       (GObject *object, gint64 *slot, gint64 value, GParamSpec *pspec);

G_END_DECLS
