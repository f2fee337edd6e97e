/* test-store.c: the store on its own: SQLite in a temporary folder, or a
 * new database on a throw-away PostgreSQL server (rd-test-store.h). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-store.h"
#include "rd-test-store.h"

typedef struct {
  char    *dir;
  char    *path;
  RdStore *store;
  gint64   alice;
  gint64   bob;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAccount) alice = NULL;
  g_autoptr(RdAccount) bob = NULL;

  f->dir = g_dir_make_tmp ("rd-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = rd_test_store_where (f->dir);
  f->store = rd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (rd_store_account_add (f->store, "alice", "Alice", RD_ROLE_AGENT, "hash", &error));
  g_assert_true (rd_store_account_add (f->store, "bob", "Bob", RD_ROLE_REQUESTER, "hash", &error));
  alice = rd_store_account_lookup (f->store, "alice", &error);
  bob = rd_store_account_lookup (f->store, "bob", &error);
  f->alice = alice->id;
  f->bob = bob->id;
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  rd_store_close (f->store);
  g_remove (f->path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static RdStoredMessage *
new_message (Fixture *f, const char *body)
{
  RdStoredMessage *m = g_new0 (RdStoredMessage, 1);

  m->uuid = g_uuid_string_random ();
  m->sender_id = f->alice;
  m->recipient_id = f->bob;
  m->body = g_strdup (body);
  m->ts = 1;
  return m;
}

static void
test_sequences (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_cmpint (rd_store_event_append (f->store, f->alice, "message", "{}", 1, &error), ==, 1);
  g_assert_cmpint (rd_store_event_append (f->store, f->alice, "message", "{}", 1, &error), ==, 2);
  g_assert_cmpint (rd_store_event_append (f->store, f->bob, "message", "{}", 1, &error), ==, 1);
  g_assert_true (rd_store_commit (f->store, &error));

  /* A rolled-back transaction leaves no gap and no event. */
  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_cmpint (rd_store_event_append (f->store, f->alice, "message", "{}", 1, &error), ==, 3);
  rd_store_rollback (f->store);
  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_cmpint (rd_store_event_append (f->store, f->alice, "receipt", "{\"x\":1}", 5, &error), ==, 3);
  g_assert_true (rd_store_commit (f->store, &error));

  events = rd_store_events_since (f->store, f->alice, 1, 100, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((RdStoredEvent *) events->pdata[1])->seq, ==, 3);
  g_assert_cmpstr (((RdStoredEvent *) events->pdata[1])->kind, ==, "receipt");

  /* Unknown account: no sequence number. */
  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_cmpint (rd_store_next_seq (f->store, 9999, &error), ==, 0);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  rd_store_rollback (f->store);
}

static void
test_messages_unique_per_sender (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredMessage) m = new_message (f, "hello");
  g_autoptr(RdStoredMessage) twin = new_message (f, "hello again");
  g_autoptr(RdStoredMessage) found = NULL;

  g_free (twin->uuid);
  twin->uuid = g_strdup (m->uuid);
  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_message_insert (f->store, m, &error));
  g_assert_false (rd_store_message_insert (f->store, twin, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (rd_store_commit (f->store, &error));

  found = rd_store_message_find (f->store, f->alice, m->uuid, &error);
  g_assert_cmpstr (found->body, ==, "hello");
  g_assert_cmpstr (found->sender, ==, "alice");
  g_assert_null (rd_store_message_find (f->store, f->bob, m->uuid, &error));
  g_assert_no_error (error);
  g_assert_nonnull (rd_store_message_find_received (f->store, f->bob, m->uuid, &error));
}

static void
test_receipts_only_move_forward (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStoredMessage) m = new_message (f, "hi");
  g_autoptr(RdStoredMessage) after = NULL;

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_message_insert (f->store, m, &error));
  g_assert_true (rd_store_message_mark (f->store, m->id, TRUE, 50, &error));
  g_assert_true (rd_store_message_mark (f->store, m->id, FALSE, 60, &error));
  g_assert_true (rd_store_message_mark (f->store, m->id, TRUE, 70, &error));
  g_assert_true (rd_store_commit (f->store, &error));
  after = rd_store_message_find (f->store, f->alice, m->uuid, &error);
  g_assert_cmpint (after->read_ts, ==, 50);
  g_assert_cmpint (after->delivered_ts, ==, 50);
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;

  g_assert_true (rd_store_begin (f->store, &error));
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("%u", i);
      g_autoptr(RdStoredMessage) m = new_message (f, body);

      if (i % 2)
        {
          m->sender_id = f->bob;
          m->recipient_id = f->alice;
        }
      g_assert_true (rd_store_message_insert (f->store, m, &error));
    }
  g_assert_true (rd_store_commit (f->store, &error));

  page = rd_store_history (f->store, f->bob, f->alice, 0, 10, &error);
  g_assert_cmpuint (page->len, ==, 10);
  g_assert_cmpstr (((RdStoredMessage *) page->pdata[0])->body, ==, "20");
  g_assert_cmpstr (((RdStoredMessage *) page->pdata[9])->body, ==, "29");
  {
    gint64 before = ((RdStoredMessage *) page->pdata[0])->id;
    g_autoptr(GPtrArray) older = rd_store_history (f->store, f->alice, f->bob, before, 100, &error);

    g_assert_cmpuint (older->len, ==, 20);
    g_assert_cmpstr (((RdStoredMessage *) older->pdata[19])->body, ==, "19");
  }
}

static void
test_contacts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) watchers = NULL;

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_contact_add (f->store, f->alice, f->bob, "Customers", &error));
  g_assert_true (rd_store_contact_add (f->store, f->alice, f->bob, "VIP", &error));
  g_assert_true (rd_store_commit (f->store, &error));
  list = rd_store_contact_list (f->store, f->alice, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RdStoredContact *) list->pdata[0])->group, ==, "VIP");
  g_assert_null (((RdStoredContact *) list->pdata[0])->account->password_hash);
  watchers = rd_store_contact_watchers (f->store, f->bob, &error);
  g_assert_cmpuint (watchers->len, ==, 1);
  g_assert_cmpint (g_array_index (watchers, gint64, 0), ==, f->alice);

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_contact_remove (f->store, f->alice, f->bob, &error));
  g_assert_false (rd_store_contact_remove (f->store, f->alice, f->bob, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_assert_true (rd_store_commit (f->store, NULL));
}

static void
test_sessions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_session_add (f->store, f->bob, "h1", "laptop", &error));
  g_assert_true (rd_store_session_add (f->store, f->bob, "h2", "phone", &error));
  g_assert_true (rd_store_commit (f->store, &error));
  g_assert_cmpint (rd_store_session_lookup (f->store, "h1", &error), ==, f->bob);
  g_assert_true (rd_store_session_revoke (f->store, "h1", &error));
  g_assert_cmpint (rd_store_session_lookup (f->store, "h1", &error), ==, 0);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rd_store_session_revoke_all (f->store, f->bob, &error));
  g_assert_cmpint (rd_store_session_lookup (f->store, "h2", &error), ==, 0);
}

static void
test_newer_schema_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  rd_store_close (f->store);
  rd_test_store_exec (f->path, "UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  f->store = rd_store_open (f->path, &error);
  g_assert_null (f->store);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_corrupt_file_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (f->dir, "junk.db", NULL);

  g_assert_true (g_file_set_contents (junk, "this is not a database, just some text that is long enough",
                                      -1, NULL));
  g_assert_null (rd_store_open (junk, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED);
  g_remove (junk);
}

static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  RdStore *restored;
  g_autoptr(GPtrArray) accounts = NULL;

  if (rd_test_store_is_postgresql ())
    {
      /* pg_dump's job there: a clear no, nothing written. */
      g_assert_false (rd_store_backup (f->store, copy, &error));
      g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "pg_dump"));
      g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_true (rd_store_backup (f->store, copy, &error));
  restored = rd_store_open (copy, &error);
  g_assert_no_error (error);
  accounts = rd_store_account_list (restored, &error);
  g_assert_cmpuint (accounts->len, ==, 2);
  rd_store_close (restored);
  g_remove (copy);
}

/* Live transfers: one per id; their tickets are used once, not after they
 * expire, and go with their transfer. */
static void
test_transfers_and_tickets (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLiveTransfer) got = NULL;
  g_autofree char *transfer_id = NULL;
  RdLiveTransfer transfer = { .id = "t-1", .sender_id = f->alice, .recipient_id = f->bob, .created = 1000 };
  int kind = -1;

  g_assert_true (rd_store_begin (f->store, &error));
  g_assert_true (rd_store_transfer_add (f->store, &transfer, &error));
  g_assert_false (rd_store_transfer_add (f->store, &transfer, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  /* The refusal did not spoil the transaction. */
  g_assert_true (rd_store_transfer_accept (f->store, "t-1", &error));
  g_assert_true (rd_store_commit (f->store, &error));
  g_assert_cmpint (rd_store_transfers_count_of (f->store, f->alice, &error), ==, 1);
  g_assert_cmpint (rd_store_transfers_count_of (f->store, f->bob, &error), ==, 0);
  got = rd_store_transfer_get (f->store, "t-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->sender_id, ==, f->alice);
  g_assert_cmpint (got->recipient_id, ==, f->bob);
  g_assert_true (got->accepted);
  g_assert_cmpstr (got->host, ==, "");
  g_assert_null (rd_store_transfer_get (f->store, "t-2", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Once, before it expires. */
  g_assert_true (rd_store_ticket_add (f->store, "hash-1", "t-1", 3, 5000, &error));
  g_assert_true (rd_store_ticket_take (f->store, "hash-1", 4000, &transfer_id, &kind, &error));
  g_assert_cmpstr (transfer_id, ==, "t-1");
  g_assert_cmpint (kind, ==, 3);
  g_assert_false (rd_store_ticket_take (f->store, "hash-1", 4000, &transfer_id, &kind, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rd_store_ticket_add (f->store, "hash-2", "t-1", 0, 5000, &error));
  g_assert_false (rd_store_ticket_take (f->store, "hash-2", 5001, &transfer_id, &kind, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rd_store_ticket_take (f->store, "hash-2", 4000, &transfer_id, &kind, &error));
  g_clear_error (&error);

  /* A transfer's tickets go with it. */
  g_assert_true (rd_store_ticket_add (f->store, "hash-3", "t-1", 0, 5000, &error));
  g_assert_true (rd_store_transfer_remove (f->store, "t-1", &error));
  g_assert_false (rd_store_ticket_take (f->store, "hash-3", 4000, &transfer_id, &kind, &error));
  g_clear_error (&error);
  g_assert_cmpint (rd_store_transfers_count_of (f->store, f->alice, &error), ==, 0);

  /* Old transfers and expired tickets go. */
  transfer.id = "old";
  g_assert_true (rd_store_transfer_add (f->store, &transfer, &error));
  transfer.id = "new";
  transfer.created = 9000;
  g_assert_true (rd_store_transfer_add (f->store, &transfer, &error));
  g_assert_true (rd_store_ticket_add (f->store, "hash-4", "new", 0, 7000, &error));
  g_assert_true (rd_store_transfers_expire (f->store, 5000, 8000, &error));
  g_assert_null (rd_store_transfer_get (f->store, "old", NULL));
  g_clear_pointer (&got, rd_live_transfer_free);
  got = rd_store_transfer_get (f->store, "new", &error);
  g_assert_nonnull (got);
  g_assert_false (rd_store_ticket_take (f->store, "hash-4", 6000, &transfer_id, &kind, &error));
  g_clear_error (&error);
}

/* PostgreSQL: the first relay asked hosts a transfer's proxy, until it is
 * gone from the relays. */
static void
test_transfer_host (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  RdLiveTransfer transfer = { .id = "t-1", .sender_id = f->alice, .recipient_id = f->bob, .created = 1000 };

  g_assert_true (rd_store_transfer_add (f->store, &transfer, &error));
  g_assert_true (rd_store_relay_beat (f->store, "relay-a", "ws://a.example:7878", 1000, &error));
  g_assert_true (rd_store_relay_beat (f->store, "relay-b", "ws://b.example:7878", 5000, &error));
  host = rd_store_transfer_claim_host (f->store, "t-1", "relay-a", &url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "relay-a");
  g_assert_cmpstr (url, ==, "ws://a.example:7878");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&url, g_free);
  host = rd_store_transfer_claim_host (f->store, "t-1", "relay-b", &url, &error);
  g_assert_cmpstr (host, ==, "relay-a");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&url, g_free);
  gone = rd_store_relays_expire (f->store, 2000, &error);
  g_assert_cmpuint (gone->len, ==, 1);
  host = rd_store_transfer_claim_host (f->store, "t-1", "relay-b", &url, &error);
  g_assert_cmpstr (host, ==, "relay-b");
  g_assert_cmpstr (url, ==, "ws://b.example:7878");
  g_clear_pointer (&url, g_free);
  g_assert_null (rd_store_transfer_claim_host (f->store, "t-2", "relay-b", &url, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  rd_test_store_init ();
  g_test_init (&argc, &argv, NULL);
  ADD ("/store/sequences", test_sequences);
  ADD ("/store/messages-unique-per-sender", test_messages_unique_per_sender);
  ADD ("/store/receipts-only-move-forward", test_receipts_only_move_forward);
  ADD ("/store/history", test_history);
  ADD ("/store/contacts", test_contacts);
  ADD ("/store/sessions", test_sessions);
  ADD ("/store/newer-schema-refused", test_newer_schema_refused);
  if (!rd_test_store_is_postgresql ())   /* a file of SQLite's */
    ADD ("/store/corrupt-file-refused", test_corrupt_file_refused);
  ADD ("/store/backup", test_backup);
  ADD ("/store/transfers-and-tickets", test_transfers_and_tickets);
  if (rd_test_store_is_postgresql ())    /* relays share a database there only */
    ADD ("/store/transfer-host", test_transfer_host);
  return g_test_run ();
}
