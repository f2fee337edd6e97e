/* test-storage.c: the relay's data folder on a tiny file system that fills
 * up: writes are answered with storage_error and change nothing, reads go
 * on, nothing acknowledged before is lost, a message written meanwhile
 * waits in its sender's outbox and goes out once there is room again. And
 * a database that is no SQLite file, or one written by a newer relay, is
 * refused at start with a message that says so.
 *
 * The tiny file system is a tmpfs mounted for the test, which needs root
 * (CI is); elsewhere that part is skipped. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rd-test-relay.h"

#define DISK_BYTES (6 * 1024 * 1024)

static guint
history_length (RdClient *client, const char *with, GError **error)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_HISTORY, NULL);
  g_autoptr(JsonObject) page = NULL;

  json_object_set_string_member (frame, "with", with);
  json_object_set_int_member (frame, "limit", 200);
  page = rd_test_request (client, frame, error);
  return page ? json_array_get_length (json_object_get_array_member (page, "messages")) : 0;
}

/* Writes into @path until the file system says it is full. */
static void
fill (const char *path)
{
  g_autofree char *block = g_malloc0 (64 * 1024);
  FILE *file = g_fopen (path, "w");

  g_assert_nonnull (file);
  while (fwrite (block, 1, 64 * 1024, file) == 64 * 1024 && fflush (file) == 0)
    ;
  /* Whatever is left is smaller than a block: take it too. */
  while (fwrite (block, 1, 512, file) == 512 && fflush (file) == 0)
    ;
  fclose (file);
}

static void
test_full_disk (void)
{
  RdTestRelay *relay = rd_test_relay_new ();
  g_autofree char *data = g_build_filename (relay->dir, "data", NULL);
  g_autofree char *filler = g_build_filename (data, "filler", NULL);
  g_autofree char *options = g_strdup_printf ("size=%d,mode=0700", DISK_BYTES);
  g_autoptr(RdClient) alice = NULL;
  g_autoptr(RdClient) bob = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  RdMessage *waiting;
  guint before;

  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  if (mount ("tmpfs", data, "tmpfs", 0, options) != 0)
    {
      g_test_skip_printf ("cannot mount a small file system here: %s", g_strerror (errno));
      rd_test_relay_free (relay);
      return;
    }
  rd_test_relay_add_team (relay);
  rd_test_relay_start (relay);
  alice = rd_test_client_login (relay, "alice", "alice-password");
  bob = rd_test_client_login (relay, "bob", "bob-password");

  /* Acknowledged while there is room. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("before %u", i);
      g_autoptr(JsonObject) frame = rd_test_message_frame (NULL, "alice", body);
      g_autoptr(JsonObject) ack = rd_test_request (bob, frame, &error);

      g_assert_no_error (error);
    }
  before = history_length (alice, "bob", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before, ==, 20);

  /* The disk fills up: a write is refused plainly, and changes nothing. */
  fill (filler);
  {
    g_autoptr(JsonObject) frame = rd_test_message_frame (NULL, "alice", "while full");

    for (guint i = 0; i < 50 && error == NULL; i++)
      {
        /* SQLite may still have a free page or two: write until it has none. */
        g_autoptr(JsonObject) again = rd_test_message_frame (NULL, "alice", "filling the last pages");

        g_clear_pointer (&reply, json_object_unref);
        reply = rd_test_request (bob, again, &error);
      }
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_STORAGE);
    g_clear_error (&error);
    g_clear_pointer (&reply, json_object_unref);
    reply = rd_test_request (bob, frame, &error);
    g_assert_null (reply);
    g_assert_error (error, RD_PROTOCOL_ERROR, RD_ERROR_STORAGE);
    g_clear_error (&error);
  }
  /* A message from the app's side waits in the outbox, shown as pending. */
  waiting = rd_client_send_message (bob, "alice", "written while the disk was full");
  rd_test_iterate ();
  g_assert_cmpint (rd_message_get_state (waiting), ==, RD_MESSAGE_PENDING);

  /* Reads go on, and what was acknowledged is all there. */
  {
    guint now = history_length (alice, "bob", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (now, >=, before);
  }
  {
    g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CONTACTS_LIST, NULL);

    g_clear_pointer (&reply, json_object_unref);
    reply = rd_test_request (alice, frame, &error);
    g_assert_no_error (error);
  }

  /* Room again: the waiting message goes out by itself, writes work. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  RD_TEST_WAIT (rd_message_get_state (waiting) >= RD_MESSAGE_SENT, 30000);
  {
    g_autoptr(JsonObject) frame = rd_test_message_frame (NULL, "alice", "after");

    g_clear_pointer (&reply, json_object_unref);
    reply = rd_test_request (bob, frame, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (history_length (alice, "bob", &error), >=, before + 2);

  /* And after a restart, nothing acknowledged is missing. */
  rd_test_relay_kill (relay);
  rd_test_relay_start (relay);
  g_clear_object (&alice);
  alice = rd_test_client_login (relay, "alice", "alice-password");
  g_assert_cmpuint (history_length (alice, "bob", &error), >=, before + 2);

  g_clear_object (&alice);
  g_clear_object (&bob);
  rd_test_relay_stop (relay);
  g_assert_cmpint (umount (data), ==, 0);
  rd_test_relay_free (relay);
}

/* What relaydeskd says, starting on @database. */
static char *
start_on (RdTestRelay *relay, int *status)
{
  char *err = NULL;

  *status = rd_test_relay_admin (relay, NULL, NULL, &err, "user", "list", NULL);
  return err;
}

static void
test_bad_database_refused (void)
{
  g_autoptr(RdTestRelay) relay = rd_test_relay_new ();
  g_autofree char *data = g_build_filename (relay->dir, "data", NULL);
  g_autofree char *db_path = g_build_filename (data, "relaydesk.db", NULL);
  g_autofree char *said = NULL;
  sqlite3 *db;
  int status;

  /* Not a database at all. */
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_true (g_file_set_contents (db_path, "these are not the pages you are looking for", -1, NULL));
  said = start_on (relay, &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (said, "not a database"));

  /* Written by a newer relay. */
  g_unlink (db_path);
  g_clear_pointer (&said, g_free);
  said = start_on (relay, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_pointer (&said, g_free);
  said = start_on (relay, &status);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (said, "newer relaydeskd"));
  g_assert_nonnull (strstr (said, "99"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/storage/full-disk", test_full_disk);
  g_test_add_func ("/storage/bad-database-refused", test_bad_database_refused);
  return g_test_run ();
}
