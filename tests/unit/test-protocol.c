/* test-protocol.c: the codec refuses each kind of bad frame with its code. */
#include "config.h"

#include <string.h>

#include "rd-protocol.h"

static void
assert_refused (const char  *text,
                RdDirection  direction,
                RdErrorCode  code,
                const char  *expected_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RdFrameType type = RD_FRAME_N_TYPES;
  JsonObject *frame = rd_frame_decode (text, strlen (text), direction, &type, &id, &error);

  g_assert_null (frame);
  g_assert_error (error, RD_PROTOCOL_ERROR, (gint) code);
  g_assert_cmpint (type, ==, RD_FRAME_UNKNOWN);
  g_assert_cmpstr (id, ==, expected_id);
}

static void
test_error_codes (void)
{
  const struct { const char *text; RdErrorCode code; const char *id; } cases[] = {
    { "", RD_ERROR_MALFORMED_JSON, NULL },
    { "{", RD_ERROR_MALFORMED_JSON, NULL },
    { "{\"type\":\"ping\",\"id\":\"a\",}", RD_ERROR_MALFORMED_JSON, NULL },
    { "[1,2]", RD_ERROR_NOT_AN_OBJECT, NULL },
    { "\"ping\"", RD_ERROR_NOT_AN_OBJECT, NULL },
    { "{\"id\":\"a\"}", RD_ERROR_MISSING_TYPE, "a" },
    { "{\"type\":7,\"id\":\"a\"}", RD_ERROR_WRONG_TYPE, "a" },
    { "{\"type\":\"nope\",\"id\":\"a\"}", RD_ERROR_UNKNOWN_TYPE, "a" },
    { "{\"type\":\"ack\",\"id\":\"a\"}", RD_ERROR_UNKNOWN_TYPE, "a" },   /* wrong direction */
    { "{\"type\":\"ping\"}", RD_ERROR_MISSING_FIELD, NULL },
    { "{\"type\":\"sync\",\"id\":\"a\"}", RD_ERROR_MISSING_FIELD, "a" },
    { "{\"type\":\"sync\",\"id\":\"a\",\"since\":1.5}", RD_ERROR_WRONG_TYPE, "a" },
    { "{\"type\":\"sync\",\"id\":\"a\",\"since\":true}", RD_ERROR_WRONG_TYPE, "a" },
    { "{\"type\":\"sync\",\"id\":\"a\",\"since\":null}", RD_ERROR_WRONG_TYPE, "a" },
    { "{\"type\":\"ping\",\"id\":5}", RD_ERROR_WRONG_TYPE, NULL },
    { "{\"type\":\"ping\",\"id\":\"\"}", RD_ERROR_INVALID_VALUE, "" },
    { "{\"type\":\"sync\",\"id\":\"a\",\"since\":-3}", RD_ERROR_INVALID_VALUE, "a" },
    { "{\"type\":\"login\",\"id\":\"a\",\"username\":\"Bob\",\"password\":\"p\"}", RD_ERROR_INVALID_VALUE, "a" },
    { "{\"type\":\"message_send\",\"id\":\"a\",\"uuid\":\"not-a-uuid-not-a-uuid-not-a-uuid-xx\",\"to\":\"bob\",\"body\":\"x\"}",
      RD_ERROR_INVALID_VALUE, "a" },
    { "{\"type\":\"message_send\",\"id\":\"a\",\"uuid\":\"8c1b6f43-3bd4-4d7e-9b7e-1a8ef0f1b2c3\",\"to\":\"bob\",\"body\":\"  \\n \"}",
      RD_ERROR_INVALID_VALUE, "a" },
    { "{\"type\":\"receipt\",\"id\":\"a\",\"uuid\":\"8c1b6f43-3bd4-4d7e-9b7e-1a8ef0f1b2c3\",\"status\":\"seen\"}",
      RD_ERROR_INVALID_VALUE, "a" },
    { "{\"type\":\"ping\",\"id\":\"a\",\"more\":1}", RD_ERROR_UNKNOWN_FIELD, "a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].text, RD_DIRECTION_TO_RELAY, cases[i].code, cases[i].id);
}

static void
test_too_large (void)
{
  g_autofree char *pad = g_strnfill (RD_FRAME_MAX_BYTES, 'x');
  g_autofree char *text = g_strdup_printf ("{\"type\":\"ping\",\"id\":\"a\",\"p\":\"%s\"}", pad);

  assert_refused (text, RD_DIRECTION_TO_RELAY, RD_ERROR_FRAME_TOO_LARGE, NULL);
}

static void
test_bad_bytes (void)
{
  g_autoptr(GError) error = NULL;
  const char nul[] = "{\"type\":\"ping\",\"id\":\"a\"}\0garbage";
  const char latin1[] = "{\"type\":\"ping\",\"id\":\"\xe9\"}";

  g_assert_null (rd_frame_decode (nul, sizeof nul - 1, RD_DIRECTION_TO_RELAY, NULL, NULL, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MALFORMED_JSON);
  g_clear_error (&error);
  g_assert_null (rd_frame_decode (latin1, strlen (latin1), RD_DIRECTION_TO_RELAY, NULL, NULL, &error));
  g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MALFORMED_JSON);
}

static void
test_valid_frames (void)
{
  const char *text = "{\"type\":\"message_send\",\"id\":\"42\",\"uuid\":\"8c1b6f43-3bd4-4d7e-9b7e-1a8ef0f1b2c3\","
                     "\"to\":\"alice.smith\",\"body\":\"Printer on 3rd floor is jammed \\u2014 again\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  RdFrameType type;
  g_autoptr(JsonObject) frame = rd_frame_decode (text, strlen (text), RD_DIRECTION_TO_RELAY, &type, &id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (type, ==, RD_FRAME_MESSAGE_SEND);
  g_assert_cmpstr (id, ==, "42");
  g_assert_cmpstr (rd_frame_get_string (frame, "to", NULL), ==, "alice.smith");
  g_assert_true (g_str_has_suffix (rd_frame_get_string (frame, "body", NULL), "\xe2\x80\x94 again"));

  /* typing needs no id */
  text = "{\"type\":\"typing\",\"to\":\"bob\",\"active\":true}";
  g_clear_pointer (&frame, json_object_unref);
  g_clear_pointer (&id, g_free);
  frame = rd_frame_decode (text, strlen (text), RD_DIRECTION_TO_RELAY, &type, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (type, ==, RD_FRAME_TYPING);
  g_assert_null (id);
  g_assert_true (rd_frame_get_bool (frame, "active", FALSE));
}

static void
test_round_trip (void)
{
  /* Everything the relay encodes, the client decodes. */
  g_autoptr(JsonObject) ack = rd_frame_new (RD_FRAME_ACK, "7");
  g_autoptr(JsonObject) error_frame = rd_frame_new_error ("8", RD_ERROR_FORBIDDEN, "no");
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RdFrameType type;

  json_object_set_string_member (ack, "uuid", "8c1b6f43-3bd4-4d7e-9b7e-1a8ef0f1b2c3");
  json_object_set_int_member (ack, "seq", 12);
  json_object_set_int_member (ack, "ts", 1700000000000);
  text = rd_frame_to_string (ack);
  back = rd_frame_decode (text, strlen (text), RD_DIRECTION_TO_CLIENT, &type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (type, ==, RD_FRAME_ACK);
  g_assert_cmpint (rd_frame_get_int (back, "seq", 0), ==, 12);

  g_clear_pointer (&text, g_free);
  g_clear_pointer (&back, json_object_unref);
  text = rd_frame_to_string (error_frame);
  back = rd_frame_decode (text, strlen (text), RD_DIRECTION_TO_CLIENT, &type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (type, ==, RD_FRAME_ERROR);
  g_assert_cmpstr (rd_frame_get_string (back, "code", NULL), ==, "forbidden");
}

static void
test_code_names (void)
{
  /* Every code has a distinct wire name that maps back to it. */
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint code = 0; code < RD_ERROR_N_CODES; code++)
    {
      const char *name = rd_error_code_to_string (code);
      RdErrorCode back;

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
      g_assert_true (rd_error_code_from_string (name, &back));
      g_assert_cmpint (back, ==, code);
    }
  g_assert_false (rd_error_code_from_string ("no_such_code", NULL));
  for (guint type = 1; type < RD_FRAME_N_TYPES; type++)
    g_assert_cmpint (rd_frame_type_from_string (rd_frame_type_to_string (type)), ==, type);
}

static void
test_usernames (void)
{
  g_assert_true (rd_username_is_valid ("alice"));
  g_assert_true (rd_username_is_valid ("j.doe-2_x"));
  g_assert_false (rd_username_is_valid (""));
  g_assert_false (rd_username_is_valid ("Alice"));
  g_assert_false (rd_username_is_valid (".hidden"));
  g_assert_false (rd_username_is_valid ("a b"));
  g_assert_false (rd_username_is_valid ("ünï"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/error-codes", test_error_codes);
  g_test_add_func ("/protocol/too-large", test_too_large);
  g_test_add_func ("/protocol/bad-bytes", test_bad_bytes);
  g_test_add_func ("/protocol/valid-frames", test_valid_frames);
  g_test_add_func ("/protocol/round-trip", test_round_trip);
  g_test_add_func ("/protocol/code-names", test_code_names);
  g_test_add_func ("/protocol/usernames", test_usernames);
  return g_test_run ();
}
