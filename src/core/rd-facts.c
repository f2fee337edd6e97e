/* rd-facts.c: what a facts object may hold, checked member by member
 * against one table of specs, and the copy without the items a requester
 * switched off. */
#define G_LOG_DOMAIN "rd-facts"

#include "config.h"

#include <string.h>

#include "rd-facts.h"
#include "rd-protocol.h"

typedef enum {
  KIND_STRING,
  KIND_INT,      /* 0 … max */
  KIND_BOOL,
  KIND_OBJECT,   /* of members */
  KIND_STRINGS,  /* an array of at most max strings of item_max bytes */
  KIND_OBJECTS,  /* an array of at most max objects of members */
} Kind;

typedef struct Spec Spec;
struct Spec {
  const char          *name;
  Kind                 kind;
  gboolean             required;
  gint64               max;        /* string bytes, integer value, array length */
  gint64               item_max;   /* KIND_STRINGS: bytes of each */
  const Spec          *members;    /* KIND_OBJECT, KIND_OBJECTS */
  const char * const  *choices;    /* a string from this set */
};

#define END_SPECS { NULL, 0, FALSE, 0, 0, NULL, NULL }
#define BYTES_MAX ((gint64) 1 << 60)
#define SECONDS_MAX ((gint64) 1 << 40)

static const char * const sources[] = { "networkmanager", "gio", NULL };
static const char * const connectivities[] = { "full", "limited", "portal", "none", "unknown", NULL };

static const Spec space_specs[] = {
  { "free", KIND_INT, TRUE, BYTES_MAX, 0, NULL, NULL },
  { "total", KIND_INT, TRUE, BYTES_MAX, 0, NULL, NULL },
  END_SPECS
};
static const Spec memory_specs[] = {
  { "available", KIND_INT, TRUE, BYTES_MAX, 0, NULL, NULL },
  { "total", KIND_INT, TRUE, BYTES_MAX, 0, NULL, NULL },
  END_SPECS
};
static const Spec connection_specs[] = {
  { "name", KIND_STRING, TRUE, 128, 0, NULL, NULL },
  { "type", KIND_STRING, TRUE, 32, 0, NULL, NULL },
  { "device", KIND_STRING, FALSE, 32, 0, NULL, NULL },
  { "addresses", KIND_STRINGS, FALSE, 8, 64, NULL, NULL },
  END_SPECS
};
static const Spec network_specs[] = {
  { "source", KIND_STRING, TRUE, 16, 0, NULL, sources },
  { "connectivity", KIND_STRING, TRUE, 16, 0, NULL, connectivities },
  { "vpn", KIND_BOOL, TRUE, 0, 0, NULL, NULL },
  { "wifi", KIND_STRING, FALSE, 128, 0, NULL, NULL },
  { "connections", KIND_OBJECTS, FALSE, 16, 0, connection_specs, NULL },
  END_SPECS
};
static const Spec fact_specs[] = {
  { RD_FACT_OS, KIND_STRING, FALSE, 128, 0, NULL, NULL },
  { RD_FACT_HOST, KIND_STRING, FALSE, 253, 0, NULL, NULL },
  { RD_FACT_KERNEL, KIND_STRING, FALSE, 128, 0, NULL, NULL },
  { RD_FACT_UPTIME, KIND_INT, FALSE, SECONDS_MAX, 0, NULL, NULL },
  { RD_FACT_SESSION, KIND_STRING, FALSE, 128, 0, NULL, NULL },
  { RD_FACT_DISK, KIND_OBJECT, FALSE, 0, 0, space_specs, NULL },
  { RD_FACT_MEMORY, KIND_OBJECT, FALSE, 0, 0, memory_specs, NULL },
  { RD_FACT_APP, KIND_STRING, FALSE, 64, 0, NULL, NULL },
  { RD_FACT_NETWORK, KIND_OBJECT, FALSE, 0, 0, network_specs, NULL },
  END_SPECS
};

static const char * const items[] = {
  RD_FACT_OS, RD_FACT_HOST, RD_FACT_KERNEL, RD_FACT_UPTIME, RD_FACT_SESSION,
  RD_FACT_DISK, RD_FACT_MEMORY, RD_FACT_APP, RD_FACT_NETWORK, NULL
};

const char * const *
rd_facts_items (void)
{
  return items;
}

/* The JSON type of a member of @kind (an array, for the two kinds of array). */
static RdJsonKind
json_kind (Kind kind)
{
  switch (kind)
    {
    case KIND_STRING: return RD_JSON_STRING;
    case KIND_INT: return RD_JSON_INT;
    case KIND_BOOL: return RD_JSON_BOOL;
    case KIND_OBJECT: return RD_JSON_OBJECT;
    case KIND_STRINGS:
    case KIND_OBJECTS: return RD_JSON_ARRAY;
    default: g_assert_not_reached ();
    }
}

static const char *
kind_name (Kind kind)
{
  if (kind == KIND_STRINGS)
    return "an array of strings";
  if (kind == KIND_OBJECTS)
    return "an array of objects";
  return rd_json_kind_name (json_kind (kind));
}

static gboolean
has_kind (JsonNode *node,
          Kind      kind)
{
  return rd_json_node_is (node, json_kind (kind));
}

static gboolean fail (GError **error, RdErrorCode code, const char *path, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError     **error,
      RdErrorCode  code,
      const char  *path,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RD_PROTOCOL_ERROR, code, "%s %s", path, what);
  return FALSE;
}

static gboolean check_object (JsonObject *object, const Spec *specs, const char *path, GError **error);

static gboolean
check_string (const char  *value,
              gint64       max,
              const Spec  *spec,
              const char  *path,
              GError     **error)
{
  if ((gint64) strlen (value) > max)
    return fail (error, RD_ERROR_INVALID_VALUE, path, "must be at most %" G_GINT64_FORMAT " bytes", max);
  if (spec->choices != NULL && !g_strv_contains (spec->choices, value))
    {
      g_autofree char *choices = g_strjoinv (", ", (char **) spec->choices);

      return fail (error, RD_ERROR_INVALID_VALUE, path, "must be one of: %s", choices);
    }
  return TRUE;
}

static gboolean
check_member (JsonNode    *node,
              const Spec  *spec,
              const char  *path,
              GError     **error)
{
  JsonArray *array;

  if (!has_kind (node, spec->kind))
    return fail (error, RD_ERROR_WRONG_TYPE, path, "must be %s", kind_name (spec->kind));
  switch (spec->kind)
    {
    case KIND_STRING:
      return check_string (json_node_get_string (node), spec->max, spec, path, error);
    case KIND_INT:
      if (json_node_get_int (node) < 0 || json_node_get_int (node) > spec->max)
        return fail (error, RD_ERROR_INVALID_VALUE, path, "must be between 0 and %" G_GINT64_FORMAT, spec->max);
      return TRUE;
    case KIND_BOOL:
      return TRUE;
    case KIND_OBJECT:
      return check_object (json_node_get_object (node), spec->members, path, error);
    case KIND_STRINGS:
    case KIND_OBJECTS:
      array = json_node_get_array (node);
      if (json_array_get_length (array) > (guint) spec->max)
        return fail (error, RD_ERROR_INVALID_VALUE, path, "must have at most %" G_GINT64_FORMAT " elements",
                     spec->max);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
          JsonNode *item = json_array_get_element (array, i);
          Kind item_kind = spec->kind == KIND_STRINGS ? KIND_STRING : KIND_OBJECT;

          if (!has_kind (item, item_kind))
            return fail (error, RD_ERROR_WRONG_TYPE, item_path, "must be %s", kind_name (item_kind));
          if (item_kind == KIND_STRING
              ? !check_string (json_node_get_string (item), spec->item_max, spec, item_path, error)
              : !check_object (json_node_get_object (item), spec->members, item_path, error))
            return FALSE;
        }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static const Spec *
find_spec (const Spec *specs,
           const char *name)
{
  for (const Spec *s = specs; s->name != NULL; s++)
    if (g_str_equal (s->name, name))
      return s;
  return NULL;
}

static gboolean
check_object (JsonObject  *object,
              const Spec  *specs,
              const char  *path,
              GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const Spec *spec = find_spec (specs, l->data);
      g_autofree char *member_path = g_strdup_printf ("%s.%s", path, (const char *) l->data);

      if (spec == NULL)
        return fail (error, RD_ERROR_UNKNOWN_FIELD, path, "has no member \"%s\"", (const char *) l->data);
      if (!check_member (json_object_get_member (object, l->data), spec, member_path, error))
        return FALSE;
    }
  for (const Spec *s = specs; s->name != NULL; s++)
    if (s->required && !json_object_has_member (object, s->name))
      return fail (error, RD_ERROR_INVALID_VALUE, path, "must have \"%s\"", s->name);
  return TRUE;
}

gboolean
rd_facts_check (JsonObject  *facts,
                GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (facts != NULL, FALSE);

  node = json_node_init_object (json_node_alloc (), facts);
  text = json_to_string (node, FALSE);
  if (strlen (text) > RD_FACTS_MAX_BYTES)
    return fail (error, RD_ERROR_INVALID_VALUE, "facts", "must be at most %d bytes as JSON", RD_FACTS_MAX_BYTES);
  return check_object (facts, fact_specs, "facts", error);
}

/* ---- the app's handle ---- */

struct _RdFacts {
  gatomicrefcount  ref;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (RdFacts, rd_facts, rd_facts_ref, rd_facts_unref)

RdFacts *
rd_facts_new_for_json (JsonObject *object)
{
  RdFacts *self = g_new0 (RdFacts, 1);

  g_return_val_if_fail (object != NULL, NULL);
  g_atomic_ref_count_init (&self->ref);
  self->object = json_object_ref (object);
  return self;
}

JsonObject *
rd_facts_get_json (RdFacts *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

RdFacts *
rd_facts_ref (RdFacts *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
rd_facts_unref (RdFacts *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

RdFacts *
rd_facts_without (RdFacts            *self,
                  const char * const *withheld)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  names = json_object_get_members (self->object);
  for (GList *l = names; l != NULL; l = l->next)
    if (withheld == NULL || !g_strv_contains (withheld, l->data))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (self->object, l->data)));
  return rd_facts_new_for_json (copy);
}

guint
rd_facts_get_n_items (RdFacts *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return json_object_get_size (self->object);
}

/* The node at @path: members by name, separated by dots, each optionally
 * followed by "[index]" into an array. */
static JsonNode *
lookup (RdFacts    *self,
        const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;
  JsonObject *object = self->object;

  for (guint i = 0; steps[i] != NULL; i++)
    {
      char *bracket = strchr (steps[i], '[');
      guint64 index = 0;

      if (object == NULL)
        return NULL;
      if (bracket != NULL)
        {
          *bracket = '\0';
          index = g_ascii_strtoull (bracket + 1, NULL, 10);
        }
      if (!json_object_has_member (object, steps[i]))
        return NULL;
      node = json_object_get_member (object, steps[i]);
      if (bracket != NULL)
        {
          if (!JSON_NODE_HOLDS_ARRAY (node) || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), (guint) index);
        }
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

gboolean
rd_facts_has (RdFacts    *self,
              const char *path)
{
  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  return lookup (self, path) != NULL;
}

const char *
rd_facts_get_string (RdFacts    *self,
                     const char *path)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL && path != NULL, NULL);
  node = lookup (self, path);
  return node != NULL && rd_json_node_is (node, RD_JSON_STRING) ? json_node_get_string (node) : NULL;
}

gint64
rd_facts_get_int (RdFacts    *self,
                  const char *path,
                  gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL && path != NULL, fallback);
  node = lookup (self, path);
  return node != NULL && rd_json_node_is (node, RD_JSON_INT) ? json_node_get_int (node) : fallback;
}

gboolean
rd_facts_get_bool (RdFacts    *self,
                   const char *path)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);
  node = lookup (self, path);
  return node != NULL && rd_json_node_is (node, RD_JSON_BOOL) && json_node_get_boolean (node);
}

guint
rd_facts_get_length (RdFacts    *self,
                     const char *path)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL && path != NULL, 0);
  node = lookup (self, path);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}
