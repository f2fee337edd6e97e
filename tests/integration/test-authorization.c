/* test-authorization.c: every request type a client may send, from every
 * role (signed out, requester, agent, supervisor, admin), and where it
 * matters from the owner of what it names (the agent holding a request,
 * the recipient of a message or file): allowed, or refused with the
 * documented error code, and the refusal says nothing of what it protects.
 * A table row is one request type (sometimes one situation of it); the
 * test fails if a type a client may send has no row. */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rd-test-relay.h"

#define OK (-1)
#define SECRET "SECRET"   /* in every summary, body, note and title the test makes */

enum { OUT, REQUESTER, AGENT, SUPERVISOR, ADMIN, N_ROLES };
static const char *role_names[N_ROLES] = { "signed out", "requester", "agent", "supervisor", "admin" };

typedef struct {
  RdTestRelay *relay;
  RdClient    *clients[N_ROLES];   /* [OUT] unused: each signed-out cell opens a raw socket */
  RdClient    *alice;              /* the agent who holds requests and receives messages */
  guint        serial;
} Ctx;

static RdClient *
bob (Ctx *ctx)
{
  return ctx->clients[REQUESTER];
}

static const char *
username_of (Ctx *ctx, int role)
{
  static const char *names[N_ROLES] = { NULL, "bob", "carol", "sam", "ada" };

  return names[role];
}

static JsonObject *
reply_to (RdClient *client, JsonObject *frame)
{
  g_autoptr(GError) error = NULL;
  JsonObject *reply = rd_test_request (client, frame, &error);

  g_assert_no_error (error);
  return reply;
}

static char *
unique (Ctx *ctx, const char *what)
{
  return g_strdup_printf ("%s %s %u", what, SECRET, ++ctx->serial);
}

/* ---- situations the rows need, made afresh for each cell ---- */

/* A request of bob's that waits (topic Desk is routed by hand only). */
static gint64
waiting_request (Ctx *ctx)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);
  g_autofree char *summary = unique (ctx, "printer");
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (frame, "topic", "Desk");
  json_object_set_string_member (frame, "summary", summary);
  reply = reply_to (bob (ctx), frame);
  return rd_frame_get_int (reply, "request", 0);
}

/* One of bob's that alice holds. */
static gint64
held_request (Ctx *ctx)
{
  gint64 request = waiting_request (ctx);

  rd_test_act (ctx->alice, RD_FRAME_REQUEST_TAKE, request);
  return request;
}

static gint64
resolved_request (Ctx *ctx)
{
  gint64 request = held_request (ctx);

  rd_test_act (ctx->alice, RD_FRAME_REQUEST_RESOLVE, request);
  return request;
}

/* A message from bob to alice; returns its uuid. */
static char *
message_to_alice (Ctx *ctx)
{
  g_autofree char *body = unique (ctx, "my password is");
  RdMessage *message = rd_client_send_message (bob (ctx), "alice", body);

  RD_TEST_WAIT (rd_message_get_state (message) >= RD_MESSAGE_SENT, 10000);
  return g_strdup (rd_message_get_uuid (message));
}

/* A file alice offers bob (not answered); returns its id. */
static char *
offer_to_bob (Ctx *ctx, gboolean accepted)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) offer = rd_frame_new (RD_FRAME_FILE_OFFER, NULL);
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (offer, "transfer", id);
  json_object_set_string_member (offer, "to", "bob");
  json_object_set_string_member (offer, "name", "SECRET-payroll.ods");
  json_object_set_int_member (offer, "size", 10);
  json_object_set_string_member (offer, "sha256", "abababababababababababababababababababababababababababababababab");
  reply = reply_to (ctx->alice, offer);
  if (accepted)
    {
      g_autoptr(JsonObject) answer = rd_frame_new (RD_FRAME_FILE_ANSWER, NULL);
      g_autoptr(JsonObject) ok = NULL;

      json_object_set_string_member (answer, "transfer", id);
      json_object_set_boolean_member (answer, "accept", TRUE);
      ok = reply_to (bob (ctx), answer);
    }
  return g_steal_pointer (&id);
}

static char *
canned_reply (Ctx *ctx)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_SET, NULL);
  char *title = unique (ctx, "reply");
  g_autoptr(JsonObject) reply = NULL;

  json_object_set_string_member (frame, "title", title);
  json_object_set_string_member (frame, "body", "SECRET text");
  reply = reply_to (ctx->clients[SUPERVISOR], frame);
  return title;
}

/* ---- the rows ---- */

typedef JsonObject *(*BuildFunc) (Ctx *ctx, int role);

typedef struct {
  const char *what;
  RdFrameType type;
  BuildFunc   build;
  int         expect[N_ROLES];
} Row;

static JsonObject *
frame_of (RdFrameType type)
{
  return rd_frame_new (type, NULL);
}

static JsonObject *
b_hello (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_HELLO);

  json_object_set_int_member (f, "version", RD_PROTOCOL_VERSION);
  return f;
}

static JsonObject *b_ping (Ctx *ctx, int role) { return frame_of (RD_FRAME_PING); }

static JsonObject *
b_login (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_LOGIN);

  json_object_set_string_member (f, "username", "dave");
  json_object_set_string_member (f, "password", "dave-password");
  return f;
}

static JsonObject *
b_resume (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_RESUME);

  json_object_set_string_member (f, "token", "not-a-token-anyone-was-given");
  return f;
}

static JsonObject *b_logout (Ctx *ctx, int role) { return frame_of (RD_FRAME_LOGOUT); }

static JsonObject *
b_sync (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_SYNC);

  json_object_set_int_member (f, "since", 0);
  return f;
}

static JsonObject *
b_presence (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_PRESENCE_SET);

  json_object_set_string_member (f, "status", "available");
  return f;
}

static JsonObject *
b_directory (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_DIRECTORY_SEARCH);

  json_object_set_string_member (f, "query", "");
  return f;
}

static JsonObject *b_contacts (Ctx *ctx, int role) { return frame_of (RD_FRAME_CONTACTS_LIST); }

static JsonObject *
b_contact_add (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_CONTACT_ADD);

  json_object_set_string_member (f, "username", "alice");
  return f;
}

static JsonObject *
b_contact_remove (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_CONTACT_REMOVE);

  json_object_set_string_member (f, "username", "alice");
  return f;
}

static JsonObject *
message_to (Ctx *ctx, const char *to)
{
  JsonObject *f = frame_of (RD_FRAME_MESSAGE_SEND);
  g_autofree char *uuid = g_uuid_string_random ();

  json_object_set_string_member (f, "uuid", uuid);
  json_object_set_string_member (f, "to", to);
  json_object_set_string_member (f, "body", "hello");
  return f;
}

static JsonObject *b_message_staff (Ctx *ctx, int role) { return message_to (ctx, "alice"); }
static JsonObject *b_message_requester (Ctx *ctx, int role) { return message_to (ctx, "dave"); }

static JsonObject *
b_history (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_HISTORY);

  json_object_set_string_member (f, "with", "alice");
  return f;
}

static JsonObject *
b_receipt (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_RECEIPT);
  g_autofree char *uuid = message_to_alice (ctx);

  json_object_set_string_member (f, "uuid", uuid);
  json_object_set_string_member (f, "status", "read");
  return f;
}

static JsonObject *
b_typing (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_TYPING);

  json_object_set_string_member (f, "to", "alice");
  json_object_set_boolean_member (f, "active", TRUE);
  return f;
}

static JsonObject *b_topics (Ctx *ctx, int role) { return frame_of (RD_FRAME_TOPICS_LIST); }

static JsonObject *
b_request_create (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_REQUEST_CREATE);
  g_autofree char *summary = unique (ctx, "help");

  json_object_set_string_member (f, "topic", "Desk");
  json_object_set_string_member (f, "summary", summary);
  return f;
}

static JsonObject *
on_request (RdFrameType type, gint64 request)
{
  JsonObject *f = frame_of (type);

  json_object_set_int_member (f, "request", request);
  return f;
}

static JsonObject *b_cancel (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_CANCEL, waiting_request (ctx)); }
static JsonObject *b_accept (Ctx *ctx, int role) { return on_request (RD_FRAME_OFFER_ACCEPT, waiting_request (ctx)); }
static JsonObject *b_decline (Ctx *ctx, int role) { return on_request (RD_FRAME_OFFER_DECLINE, waiting_request (ctx)); }
static JsonObject *b_resolve (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_RESOLVE, held_request (ctx)); }
static JsonObject *b_take (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_TAKE, waiting_request (ctx)); }
static JsonObject *b_takeover (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_TAKEOVER, held_request (ctx)); }
static JsonObject *b_history_of_request (Ctx *ctx, int role)
{
  return on_request (RD_FRAME_REQUEST_HISTORY, held_request (ctx));
}
static JsonObject *b_transcript (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_TRANSCRIPT, held_request (ctx)); }
static JsonObject *b_facts (Ctx *ctx, int role) { return on_request (RD_FRAME_REQUEST_FACTS, waiting_request (ctx)); }
static JsonObject *b_screenshot_ask (Ctx *ctx, int role) { return on_request (RD_FRAME_SCREENSHOT_ASK, held_request (ctx)); }

static JsonObject *
b_screenshot_answer (Ctx *ctx, int role)
{
  JsonObject *f = on_request (RD_FRAME_SCREENSHOT_ANSWER, held_request (ctx));

  json_object_set_boolean_member (f, "shared", FALSE);
  return f;
}
static JsonObject *
b_requests_of_bob (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_REQUESTER_REQUESTS);

  json_object_set_string_member (f, "username", "bob");
  return f;
}
static JsonObject *b_queue (Ctx *ctx, int role) { return frame_of (RD_FRAME_QUEUE_LIST); }
static JsonObject *b_dashboard (Ctx *ctx, int role) { return frame_of (RD_FRAME_DASHBOARD_GET); }
static JsonObject *b_canned_list (Ctx *ctx, int role) { return frame_of (RD_FRAME_CANNED_LIST); }

static JsonObject *
b_rate (Ctx *ctx, int role)
{
  JsonObject *f = on_request (RD_FRAME_REQUEST_RATE, resolved_request (ctx));

  json_object_set_int_member (f, "rating", 4);
  return f;
}

static JsonObject *
b_note (Ctx *ctx, int role)
{
  JsonObject *f = on_request (RD_FRAME_REQUEST_NOTE, held_request (ctx));

  json_object_set_string_member (f, "text", "SECRET note");
  return f;
}

static JsonObject *
b_transfer (Ctx *ctx, int role)
{
  JsonObject *f = on_request (RD_FRAME_REQUEST_TRANSFER, held_request (ctx));

  json_object_set_string_member (f, "to_topic", "Desk");
  return f;
}

static JsonObject *
b_topic_policy (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_TOPIC_POLICY_SET);

  json_object_set_string_member (f, "topic", "Desk");
  json_object_set_int_member (f, "first_response_s", 600);
  return f;
}

static JsonObject *
b_capacity (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_AGENT_CAPACITY_SET);

  json_object_set_string_member (f, "username", "carol");
  json_object_set_int_member (f, "capacity", 3);
  return f;
}

static JsonObject *
b_skill (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_AGENT_SKILL_SET);

  json_object_set_string_member (f, "username", "carol");
  json_object_set_string_member (f, "topic", "Desk");
  json_object_set_boolean_member (f, "serves", TRUE);
  return f;
}

static JsonObject *
b_canned_set (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_CANNED_SET);
  g_autofree char *title = unique (ctx, "title");

  json_object_set_string_member (f, "title", title);
  json_object_set_string_member (f, "body", "SECRET body");
  return f;
}

static JsonObject *
b_canned_delete (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_CANNED_DELETE);
  g_autofree char *title = canned_reply (ctx);

  json_object_set_string_member (f, "title", title);
  return f;
}

static JsonObject *
b_topic_add (Ctx *ctx, int role)
{
  JsonObject *f = frame_of (RD_FRAME_TOPIC_ADD);
  g_autofree char *name = g_strdup_printf ("Topic %u", ++ctx->serial);

  json_object_set_string_member (f, "name", name);
  return f;
}

static JsonObject *
file_fields (JsonObject *f, const char *to)
{
  g_autofree char *id = g_uuid_string_random ();

  json_object_set_string_member (f, "transfer", id);
  json_object_set_string_member (f, "to", to);
  json_object_set_string_member (f, "name", "report.txt");
  json_object_set_int_member (f, "size", 10);
  json_object_set_string_member (f, "sha256", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd");
  return f;
}

/* To alice (online staff); alice herself would name herself. */
static JsonObject *b_file_offer (Ctx *ctx, int role) { return file_fields (frame_of (RD_FRAME_FILE_OFFER), "alice"); }
/* To dave, who is offline. */
static JsonObject *b_file_store (Ctx *ctx, int role) { return file_fields (frame_of (RD_FRAME_FILE_STORE), "alice"); }

static JsonObject *
on_transfer (RdFrameType type, char *id)
{
  JsonObject *f = frame_of (type);

  json_object_set_string_member (f, "transfer", id);
  g_free (id);
  return f;
}

static JsonObject *
b_file_answer (Ctx *ctx, int role)
{
  JsonObject *f = on_transfer (RD_FRAME_FILE_ANSWER, offer_to_bob (ctx, FALSE));

  json_object_set_boolean_member (f, "accept", FALSE);
  return f;
}

static JsonObject *
b_file_signal (Ctx *ctx, int role)
{
  JsonObject *f = on_transfer (RD_FRAME_FILE_SIGNAL, offer_to_bob (ctx, TRUE));

  json_object_set_string_member (f, "fingerprint", "efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef");
  return f;
}

static JsonObject *b_file_cancel (Ctx *ctx, int role) { return on_transfer (RD_FRAME_FILE_CANCEL, offer_to_bob (ctx, FALSE)); }
static JsonObject *b_file_proxy (Ctx *ctx, int role) { return on_transfer (RD_FRAME_FILE_PROXY, offer_to_bob (ctx, TRUE)); }

#define E(code) RD_ERROR_##code
#define NA E(NOT_AUTHENTICATED)
#define ALL_OK { OK, OK, OK, OK, OK }
#define SIGNED_IN_OK { NA, OK, OK, OK, OK }
#define STAFF_ONLY { NA, E(FORBIDDEN), OK, OK, OK }
#define SUPERVISORS { NA, E(FORBIDDEN), E(FORBIDDEN), OK, OK }

static const Row rows[] = {
  { "hello", RD_FRAME_HELLO, b_hello, ALL_OK },
  { "ping", RD_FRAME_PING, b_ping, ALL_OK },
  { "login", RD_FRAME_LOGIN, b_login, { OK, E(ALREADY_AUTHENTICATED), E(ALREADY_AUTHENTICATED),
                                        E(ALREADY_AUTHENTICATED), E(ALREADY_AUTHENTICATED) } },
  { "resume with a token nobody was given", RD_FRAME_RESUME, b_resume,
    { E(INVALID_TOKEN), E(ALREADY_AUTHENTICATED), E(ALREADY_AUTHENTICATED), E(ALREADY_AUTHENTICATED),
      E(ALREADY_AUTHENTICATED) } },
  { "sync", RD_FRAME_SYNC, b_sync, SIGNED_IN_OK },
  { "presence_set", RD_FRAME_PRESENCE_SET, b_presence, SIGNED_IN_OK },
  { "directory_search", RD_FRAME_DIRECTORY_SEARCH, b_directory, SIGNED_IN_OK },
  { "contacts_list", RD_FRAME_CONTACTS_LIST, b_contacts, SIGNED_IN_OK },
  { "contact_add", RD_FRAME_CONTACT_ADD, b_contact_add, SIGNED_IN_OK },
  { "contact_remove", RD_FRAME_CONTACT_REMOVE, b_contact_remove, SIGNED_IN_OK },
  { "message_send to staff", RD_FRAME_MESSAGE_SEND, b_message_staff, SIGNED_IN_OK },
  { "message_send to a requester", RD_FRAME_MESSAGE_SEND, b_message_requester, { NA, E(FORBIDDEN), OK, OK, OK } },
  { "history", RD_FRAME_HISTORY, b_history, SIGNED_IN_OK },
  { "receipt for someone else's message", RD_FRAME_RECEIPT, b_receipt,
    { NA, E(UNKNOWN_MESSAGE), E(UNKNOWN_MESSAGE), E(UNKNOWN_MESSAGE), E(UNKNOWN_MESSAGE) } },
  { "typing", RD_FRAME_TYPING, b_typing, SIGNED_IN_OK },
  { "topics_list", RD_FRAME_TOPICS_LIST, b_topics, SIGNED_IN_OK },
  { "request_create", RD_FRAME_REQUEST_CREATE, b_request_create, SIGNED_IN_OK },
  /* Supervisors and admins may act on any open request (docs/protocol.md). */
  { "request_cancel of bob's request", RD_FRAME_REQUEST_CANCEL, b_cancel,
    { NA, OK, E(FORBIDDEN), OK, OK } },
  { "offer_accept of a request offered to nobody", RD_FRAME_OFFER_ACCEPT, b_accept,
    { NA, E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN) } },
  { "offer_decline of a request offered to nobody", RD_FRAME_OFFER_DECLINE, b_decline,
    { NA, E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN) } },
  { "request_resolve of a request alice holds", RD_FRAME_REQUEST_RESOLVE, b_resolve,
    { NA, E(FORBIDDEN), E(FORBIDDEN), OK, OK } },
  { "request_takeover of a request alice holds", RD_FRAME_REQUEST_TAKEOVER, b_takeover, SUPERVISORS },
  { "request_history of a request alice holds", RD_FRAME_REQUEST_HISTORY, b_history_of_request, STAFF_ONLY },
  { "topic_policy_set", RD_FRAME_TOPIC_POLICY_SET, b_topic_policy, SUPERVISORS },
  { "requester_requests of bob", RD_FRAME_REQUESTER_REQUESTS, b_requests_of_bob, STAFF_ONLY },
  { "request_transcript of a request alice holds", RD_FRAME_REQUEST_TRANSCRIPT, b_transcript, STAFF_ONLY },
  /* Its requester (bob) and the staff; another requester: test-support-desk. */
  { "request_facts of bob's request", RD_FRAME_REQUEST_FACTS, b_facts, SIGNED_IN_OK },
  /* Only its agent (alice) asks, only its requester (bob) answers. */
  { "screenshot_ask on a request alice holds", RD_FRAME_SCREENSHOT_ASK, b_screenshot_ask,
    { NA, E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN) } },
  { "screenshot_answer on bob's request alice holds", RD_FRAME_SCREENSHOT_ANSWER, b_screenshot_answer,
    { NA, OK, E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN) } },
  { "request_take", RD_FRAME_REQUEST_TAKE, b_take, STAFF_ONLY },
  { "request_rate of bob's resolved request", RD_FRAME_REQUEST_RATE, b_rate,
    { NA, OK, E(FORBIDDEN), E(FORBIDDEN), E(FORBIDDEN) } },
  { "queue_list", RD_FRAME_QUEUE_LIST, b_queue, STAFF_ONLY },
  { "request_note on a request alice holds", RD_FRAME_REQUEST_NOTE, b_note,
    { NA, E(FORBIDDEN), E(FORBIDDEN), OK, OK } },
  { "request_transfer of a request alice holds", RD_FRAME_REQUEST_TRANSFER, b_transfer,
    { NA, E(FORBIDDEN), E(FORBIDDEN), OK, OK } },
  { "dashboard_get", RD_FRAME_DASHBOARD_GET, b_dashboard, SUPERVISORS },
  { "agent_capacity_set", RD_FRAME_AGENT_CAPACITY_SET, b_capacity, SUPERVISORS },
  { "agent_skill_set", RD_FRAME_AGENT_SKILL_SET, b_skill, SUPERVISORS },
  { "canned_list", RD_FRAME_CANNED_LIST, b_canned_list, STAFF_ONLY },
  { "canned_set", RD_FRAME_CANNED_SET, b_canned_set, SUPERVISORS },
  { "canned_delete", RD_FRAME_CANNED_DELETE, b_canned_delete, SUPERVISORS },
  { "topic_add", RD_FRAME_TOPIC_ADD, b_topic_add, SUPERVISORS },
  { "file_offer to alice", RD_FRAME_FILE_OFFER, b_file_offer, SIGNED_IN_OK },
  { "file_store for alice", RD_FRAME_FILE_STORE, b_file_store, SIGNED_IN_OK },
  { "file_answer to alice's offer to bob", RD_FRAME_FILE_ANSWER, b_file_answer,
    { NA, OK, E(INVALID_VALUE), E(INVALID_VALUE), E(INVALID_VALUE) } },
  { "file_signal on alice's transfer to bob", RD_FRAME_FILE_SIGNAL, b_file_signal,
    { NA, OK, E(INVALID_VALUE), E(INVALID_VALUE), E(INVALID_VALUE) } },
  { "file_cancel of alice's offer to bob", RD_FRAME_FILE_CANCEL, b_file_cancel,
    { NA, OK, E(INVALID_VALUE), E(INVALID_VALUE), E(INVALID_VALUE) } },
  { "file_proxy on alice's transfer to bob", RD_FRAME_FILE_PROXY, b_file_proxy,
    { NA, OK, E(INVALID_VALUE), E(INVALID_VALUE), E(INVALID_VALUE) } },
  /* Last: it ends the session it is sent on (each cell has a session of its own). */
  { "logout", RD_FRAME_LOGOUT, b_logout, SIGNED_IN_OK },
};

/* Where the owner may do what others may not. */
typedef struct {
  const char *what;
  BuildFunc   build;
  int         expect;
} OwnerRow;

static const OwnerRow owner_rows[] = {
  { "alice resolves the request she holds", b_resolve, OK },
  { "alice notes on the request she holds", b_note, OK },
  { "alice transfers the request she holds", b_transfer, OK },
  { "alice asks bob for a screenshot on the request she holds", b_screenshot_ask, OK },
  { "alice marks bob's message to her read", b_receipt, OK },
};

/* ---- sending, from a role ---- */

typedef struct {
  JsonObject *reply;
  GError     *error;
  gboolean    done;
} RawWait;

static void
raw_connected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SoupWebsocketConnection **connection = data;

  *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
  g_assert_nonnull (*connection);
}

static void
raw_message_cb (SoupWebsocketConnection *connection, gint type, GBytes *bytes, RawWait *wait)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  wait->reply = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  wait->done = TRUE;
}

/* A request on a fresh connection that never signed in. */
static JsonObject *
send_signed_out (Ctx *ctx, JsonObject *frame)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ctx->relay->url);
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autofree char *text = NULL;
  RawWait wait = { 0 };

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, raw_connected_cb,
                                        &connection);
  RD_TEST_WAIT (connection != NULL, 10000);
  g_signal_connect (connection, "message", G_CALLBACK (raw_message_cb), &wait);
  if (!json_object_has_member (frame, "id"))
    json_object_set_string_member (frame, "id", "out-1");
  text = rd_frame_to_string (frame);
  soup_websocket_connection_send_text (connection, text);
  RD_TEST_WAIT (wait.done, 10000);
  soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  return wait.reply;
}

/* The outcome: OK, or the error code. Refusals are checked for leaks. */
static int
outcome_of (const char *what, JsonObject *error_frame, const GError *error)
{
  const char *message;
  RdErrorCode code;

  if (error_frame == NULL && error == NULL)
    return OK;
  if (error_frame != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (error_frame);

      if (!g_str_equal (rd_frame_get_string (error_frame, "type", ""), "error"))
        return OK;
      /* Nothing but what every error says. */
      for (GList *l = members; l; l = l->next)
        if (!g_str_equal (l->data, "type") && !g_str_equal (l->data, "id") && !g_str_equal (l->data, "code") &&
            !g_str_equal (l->data, "message"))
          g_error ("%s: the refusal carries \"%s\"", what, (char *) l->data);
      message = rd_frame_get_string (error_frame, "message", "");
      g_assert_true (rd_error_code_from_string (rd_frame_get_string (error_frame, "code", ""), &code));
    }
  else
    {
      g_assert_true (error->domain == RD_PROTOCOL_ERROR);
      message = error->message;
      code = error->code;
    }
  if (strstr (message, SECRET) != NULL || strstr (message, "password") != NULL)
    g_error ("%s: the refusal tells too much: %s", what, message);
  return code;
}

static const char *
outcome_name (int outcome)
{
  return outcome == OK ? "ok" : rd_error_code_to_string (outcome);
}

static int
send_as (Ctx *ctx, int role, const Row *row)
{
  g_autoptr(JsonObject) frame = row->build (ctx, role);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(RdClient) own_session = NULL;
  RdClient *client;
  g_autofree char *password = NULL;

  if (role == OUT)
    {
      reply = send_signed_out (ctx, frame);
      return outcome_of (row->what, reply, NULL);
    }
  client = ctx->clients[role];
  if (row->type == RD_FRAME_LOGOUT)
    {
      password = g_strdup_printf ("%s-password", username_of (ctx, role));
      client = own_session = rd_test_client_login (ctx->relay, username_of (ctx, role), password);
    }
  reply = rd_test_request (client, frame, &error);
  return outcome_of (row->what, NULL, error);
}

static void
test_matrix (void)
{
  Ctx ctx = { 0 };
  g_autoptr(GString) wrong = g_string_new (NULL);
  gboolean covered[RD_FRAME_N_TYPES] = { FALSE };
  guint cells = 0;

  ctx.relay = rd_test_relay_new_team ();
  rd_test_relay_add_user (ctx.relay, "sam", "supervisor", "sam-password");
  rd_test_relay_add_user (ctx.relay, "ada", "admin", "ada-password");
  g_assert_cmpint (rd_test_relay_admin (ctx.relay, NULL, NULL, NULL, "topic", "add", "Desk", "--strategy", "manual",
                                        NULL), ==, 0);
  ctx.clients[REQUESTER] = rd_test_client_login (ctx.relay, "bob", "bob-password");
  ctx.clients[AGENT] = rd_test_client_login (ctx.relay, "carol", "carol-password");
  ctx.clients[SUPERVISOR] = rd_test_client_login (ctx.relay, "sam", "sam-password");
  ctx.clients[ADMIN] = rd_test_client_login (ctx.relay, "ada", "ada-password");
  ctx.alice = rd_test_client_login (ctx.relay, "alice", "alice-password");

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      covered[rows[r].type] = TRUE;
      for (int role = 0; role < N_ROLES; role++)
        {
          int got = send_as (&ctx, role, &rows[r]);

          cells++;
          if (got != rows[r].expect[role])
            g_string_append_printf (wrong, "%s, %s: %s, expected %s\n", rows[r].what, role_names[role],
                                    outcome_name (got), outcome_name (rows[r].expect[role]));
        }
    }
  for (guint r = 0; r < G_N_ELEMENTS (owner_rows); r++)
    {
      g_autoptr(JsonObject) frame = owner_rows[r].build (&ctx, AGENT);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) reply = rd_test_request (ctx.alice, frame, &error);
      int got = outcome_of (owner_rows[r].what, NULL, error);

      cells++;
      if (got != owner_rows[r].expect)
        g_string_append_printf (wrong, "%s: %s, expected %s\n", owner_rows[r].what, outcome_name (got),
                                outcome_name (owner_rows[r].expect));
    }
  g_test_message ("%u cells", cells);

  /* Every type a client may send has a row. */
  for (int type = RD_FRAME_UNKNOWN + 1; type < RD_FRAME_N_TYPES; type++)
    if (rd_frame_type_direction (type) == RD_DIRECTION_TO_RELAY && !covered[type])
      g_string_append_printf (wrong, "no row for %s\n", rd_frame_type_to_string (type));

  if (wrong->len > 0)
    g_error ("authorisation matrix:\n%s", wrong->str);

  for (int role = 1; role < N_ROLES; role++)
    g_clear_object (&ctx.clients[role]);
  g_clear_object (&ctx.alice);
  rd_test_relay_free (ctx.relay);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/authorization/matrix", test_matrix);
  return g_test_run ();
}
