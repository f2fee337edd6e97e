/* rd-model-update.c: see the header. */
#define G_LOG_DOMAIN "rd-model-update"

#include "config.h"

#include "rd-model-update.h"
#include "rd-protocol.h"

gboolean
_rd_model_set_string (GObject    *object,
                      char      **slot,
                      const char *value,
                      GParamSpec *pspec)
{
  if (value == NULL || g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  if (pspec != NULL)
    g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
_rd_model_set_int (GObject    *object,
                   gint64     *slot,
                   gint64      value,
                   GParamSpec *pspec)
{
  if (*slot == value)
    return FALSE;
  *slot = value;
  if (pspec != NULL)
    g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
_rd_model_update_string (GObject    *object,
                         char      **slot,
                         JsonObject *data,
                         const char *field,
                         GParamSpec *pspec)
{
  return _rd_model_set_string (object, slot, rd_frame_get_string (data, field, NULL), pspec);
}

gboolean
_rd_model_update_int (GObject    *object,
                      gint64     *slot,
                      JsonObject *data,
                      const char *field,
                      GParamSpec *pspec)
{
  if (data == NULL || !json_object_has_member (data, field))
    return FALSE;
  return _rd_model_set_int (object, slot, rd_frame_get_int (data, field, *slot), pspec);
}
