/* test-contact-list-model.c: grouping, ordering and search of the sidebar. */
#include "config.h"

#include "rd-contact-list-model.h"

static RdContact *
contact (const char *username, const char *name, const char *group, const char *status, const char *text)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "username", username);
  json_object_set_string_member (object, "display_name", name);
  json_object_set_string_member (object, "role", "agent");
  json_object_set_string_member (object, "group", group);
  json_object_set_string_member (object, "status", status);
  json_object_set_string_member (object, "text", text);
  return rd_contact_new_from_json (object);
}

/* The list as text: "[Group]" for headings, user names for contacts. */
static char *
describe (GListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (out->len)
        g_string_append_c (out, ' ');
      if (RD_IS_CONTACT_GROUP (item))
        g_string_append_printf (out, "[%s:%u]", rd_contact_group_get_name (RD_CONTACT_GROUP (item)),
                                rd_contact_group_get_count (RD_CONTACT_GROUP (item)));
      else
        g_string_append (out, rd_contact_get_username (RD_CONTACT (item)));
    }
  return g_string_free (out, FALSE);
}

static GListStore *
team (void)
{
  GListStore *store = g_list_store_new (RD_TYPE_CONTACT);
  RdContact *people[] = {
    contact ("zoe", "Zoe Zimmer", "Network", "away", ""),
    contact ("bob", "Bob Baker", "Finance", "offline", ""),
    contact ("amy", "Amy Adams", "Network", "available", "On call"),
    contact ("ned", "Ned Nobody", "", "available", ""),
    contact ("al", "Al Archer", "Network", "available", ""),
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_list_store_append (store, people[i]);
      g_object_unref (people[i]);
    }
  return store;
}

static void
test_groups_and_order (void)
{
  g_autoptr(GListStore) store = team ();
  g_autoptr(RdContactListModel) model = rd_contact_list_model_new ();
  g_autofree char *text = NULL;

  rd_contact_list_model_set_source (model, G_LIST_MODEL (store));
  text = describe (G_LIST_MODEL (model));
  /* Groups by name, "Other" last; available first, then by name. */
  g_assert_cmpstr (text, ==, "[Finance:1] bob [Network:3] al amy zoe [Other:1] ned");
}

static void
test_search (void)
{
  g_autoptr(GListStore) store = team ();
  g_autoptr(RdContactListModel) model = rd_contact_list_model_new ();
  g_autofree char *by_name = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *by_group = NULL;
  g_autofree char *none = NULL;

  rd_contact_list_model_set_source (model, G_LIST_MODEL (store));
  rd_contact_list_model_set_search (model, "  ZIM ");
  by_name = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (by_name, ==, "[Network:1] zoe");
  rd_contact_list_model_set_search (model, "on call");
  by_text = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (by_text, ==, "[Network:1] amy");
  rd_contact_list_model_set_search (model, "finance");
  by_group = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (by_group, ==, "[Finance:1] bob");
  rd_contact_list_model_set_search (model, "nobody-matches-this");
  none = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (none, ==, "");
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, guint *count)
{
  (*count)++;
}

static void
test_follows_presence_and_source (void)
{
  g_autoptr(GListStore) store = team ();
  g_autoptr(RdContactListModel) model = rd_contact_list_model_new ();
  g_autoptr(JsonObject) presence = json_object_new ();
  g_autoptr(RdContact) zoe = NULL;
  g_autofree char *after_presence = NULL;
  g_autofree char *after_remove = NULL;
  guint changes = 0;

  rd_contact_list_model_set_source (model, G_LIST_MODEL (store));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* Zoe becomes available: she moves up within Network, once per turn. */
  zoe = g_list_model_get_item (G_LIST_MODEL (store), 0);
  json_object_set_string_member (presence, "status", "available");
  _rd_contact_update (zoe, presence);
  json_object_set_string_member (presence, "text", "Back");
  _rd_contact_update (zoe, presence);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (changes, ==, 1);
  after_presence = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (after_presence, ==, "[Finance:1] bob [Network:3] al amy zoe [Other:1] ned");

  g_list_store_remove (store, 1);   /* bob */
  while (g_main_context_iteration (NULL, FALSE));
  after_remove = describe (G_LIST_MODEL (model));
  g_assert_cmpstr (after_remove, ==, "[Network:3] al amy zoe [Other:1] ned");

  rd_contact_list_model_set_source (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contact-list-model/groups-and-order", test_groups_and_order);
  g_test_add_func ("/contact-list-model/search", test_search);
  g_test_add_func ("/contact-list-model/follows-presence-and-source", test_follows_presence_and_source);
  return g_test_run ();
}
