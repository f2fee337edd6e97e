/* rd-protocol.c: strict decoder and small encoder for Relaydesk frames.
 *
 * Each frame type has a table of fields. Decoding checks, in this order:
 * size, JSON syntax, root is an object, "type" present and known for the
 * direction, then every field: known, of the right JSON type, within limits,
 * and every required field present. The first failure wins and maps to one
 * documented error code.
 */
#define G_LOG_DOMAIN "rd-protocol"

#include "config.h"

#include <string.h>

#include "rd-facts.h"
#include "rd-protocol.h"

typedef enum {
  CHECK_NONE,
  CHECK_USERNAME,
  CHECK_UUID,
  CHECK_STATUS,
  CHECK_RECEIPT,
  CHECK_NONEMPTY,
  CHECK_SHA256,
  CHECK_FACTS,     /* an object: rd_facts_check */
} FieldCheck;

typedef struct {
  const char *name;
  RdJsonKind  kind;
  gboolean    required;
  gint64      max;        /* strings: max bytes; ints: max value */
  gint64      min;        /* ints: min value; strings: min bytes */
  FieldCheck  check;
} FieldSpec;

typedef struct {
  const char      *name;
  RdDirection      direction;
  gboolean         requires_id;
  const FieldSpec *fields;
} FrameSpec;

#define END_FIELDS { NULL, 0, FALSE, 0, 0, CHECK_NONE }
#define ID_FIELD   { "id", RD_JSON_STRING, TRUE, RD_ID_MAX_CHARS, 1, CHECK_NONE }
#define OPT_ID_FIELD { "id", RD_JSON_STRING, FALSE, RD_ID_MAX_CHARS, 1, CHECK_NONE }

static const FieldSpec hello_fields[] = {
  ID_FIELD,
  { "version", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  { "client", RD_JSON_STRING, FALSE, 128, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec login_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "password", RD_JSON_STRING, TRUE, RD_PASSWORD_MAX_BYTES, 1, CHECK_NONE },
  { "device", RD_JSON_STRING, FALSE, RD_DEVICE_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec resume_fields[] = {
  ID_FIELD,
  { "token", RD_JSON_STRING, TRUE, RD_TOKEN_MAX_BYTES, 1, CHECK_NONE },
  { "device", RD_JSON_STRING, FALSE, RD_DEVICE_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec id_only_fields[] = {
  ID_FIELD,
  END_FIELDS
};
static const FieldSpec sync_fields[] = {
  ID_FIELD,
  { "since", RD_JSON_INT, TRUE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec presence_set_fields[] = {
  ID_FIELD,
  { "status", RD_JSON_STRING, TRUE, 16, 1, CHECK_STATUS },
  { "text", RD_JSON_STRING, FALSE, RD_STATUS_TEXT_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec directory_search_fields[] = {
  ID_FIELD,
  { "query", RD_JSON_STRING, TRUE, RD_QUERY_MAX_BYTES, 0, CHECK_NONE },
  { "limit", RD_JSON_INT, FALSE, 100, 1, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec contact_add_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "group", RD_JSON_STRING, FALSE, RD_GROUP_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec contact_remove_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  END_FIELDS
};
static const FieldSpec message_send_fields[] = {
  ID_FIELD,
  { "uuid", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "to", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "body", RD_JSON_STRING, TRUE, RD_BODY_MAX_BYTES, 1, CHECK_NONEMPTY },
  END_FIELDS
};
static const FieldSpec history_fields[] = {
  ID_FIELD,
  { "with", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "before", RD_JSON_INT, FALSE, G_MAXINT64, 1, CHECK_NONE },
  { "limit", RD_JSON_INT, FALSE, RD_HISTORY_PAGE_MAX, 1, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec receipt_fields[] = {
  ID_FIELD,
  { "uuid", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "status", RD_JSON_STRING, TRUE, 16, 1, CHECK_RECEIPT },
  END_FIELDS
};
static const FieldSpec typing_fields[] = {
  OPT_ID_FIELD,
  { "to", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "active", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec request_create_fields[] = {
  ID_FIELD,
  { "topic", RD_JSON_STRING, TRUE, RD_TOPIC_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "summary", RD_JSON_STRING, TRUE, RD_SUMMARY_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "details", RD_JSON_STRING, FALSE, RD_DETAILS_MAX_BYTES, 0, CHECK_NONE },
  { "facts", RD_JSON_OBJECT, FALSE, 0, 0, CHECK_FACTS },
  { "priority", RD_JSON_INT, FALSE, RD_PRIORITY_MAX, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_ref_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec screenshot_answer_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "shared", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_rate_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "rating", RD_JSON_INT, TRUE, 5, 1, CHECK_NONE },
  { "comment", RD_JSON_STRING, FALSE, RD_COMMENT_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec agent_capacity_set_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "capacity", RD_JSON_INT, TRUE, RD_CAPACITY_MAX, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec agent_skill_set_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "topic", RD_JSON_STRING, TRUE, RD_TOPIC_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "serves", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec file_offer_fields[] = {
  ID_FIELD,
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "to", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "name", RD_JSON_STRING, TRUE, RD_FILE_NAME_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "size", RD_JSON_INT, TRUE, RD_FILE_SIZE_MAX, 0, CHECK_NONE },
  { "mime", RD_JSON_STRING, FALSE, RD_MIME_MAX_BYTES, 0, CHECK_NONE },
  { "sha256", RD_JSON_STRING, TRUE, 64, 64, CHECK_SHA256 },
  END_FIELDS
};
static const FieldSpec file_answer_fields[] = {
  ID_FIELD,
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "accept", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec file_signal_fields[] = {
  ID_FIELD,
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "fingerprint", RD_JSON_STRING, TRUE, 64, 64, CHECK_SHA256 },
  { "candidates", RD_JSON_STRING, FALSE, RD_CANDIDATES_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec file_cancel_fields[] = {
  ID_FIELD,
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "reason", RD_JSON_STRING, FALSE, 200, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec file_proxy_fields[] = {
  ID_FIELD,
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  END_FIELDS
};
static const FieldSpec file_notice_fields[] = {
  { "kind", RD_JSON_STRING, TRUE, 16, 1, CHECK_NONE },
  { "transfer", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "from", RD_JSON_STRING, FALSE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "from_name", RD_JSON_STRING, FALSE, 256, 0, CHECK_NONE },
  { "name", RD_JSON_STRING, FALSE, RD_FILE_NAME_MAX_BYTES, 1, CHECK_NONE },
  { "size", RD_JSON_INT, FALSE, RD_FILE_SIZE_MAX, 0, CHECK_NONE },
  { "mime", RD_JSON_STRING, FALSE, RD_MIME_MAX_BYTES, 0, CHECK_NONE },
  { "sha256", RD_JSON_STRING, FALSE, 64, 64, CHECK_SHA256 },
  { "accept", RD_JSON_BOOL, FALSE, 0, 0, CHECK_NONE },
  { "fingerprint", RD_JSON_STRING, FALSE, 64, 64, CHECK_SHA256 },
  { "candidates", RD_JSON_STRING, FALSE, RD_CANDIDATES_MAX_BYTES, 0, CHECK_NONE },
  { "observed", RD_JSON_STRING, FALSE, 64, 0, CHECK_NONE },
  { "reason", RD_JSON_STRING, FALSE, 200, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec file_ticket_fields[] = {
  ID_FIELD,
  { "ticket", RD_JSON_STRING, TRUE, 64, 1, CHECK_NONE },
  { "path", RD_JSON_STRING, TRUE, 64, 1, CHECK_NONE },
  { "url", RD_JSON_STRING, FALSE, 2048, 1, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_note_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "text", RD_JSON_STRING, TRUE, RD_NOTE_MAX_BYTES, 1, CHECK_NONEMPTY },
  END_FIELDS
};
static const FieldSpec request_transfer_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "to_agent", RD_JSON_STRING, FALSE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "to_topic", RD_JSON_STRING, FALSE, RD_TOPIC_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "note", RD_JSON_STRING, FALSE, RD_NOTE_MAX_BYTES, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec canned_set_fields[] = {
  ID_FIELD,
  { "title", RD_JSON_STRING, TRUE, RD_CANNED_TITLE_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "body", RD_JSON_STRING, TRUE, RD_BODY_MAX_BYTES, 1, CHECK_NONEMPTY },
  END_FIELDS
};
static const FieldSpec topic_add_fields[] = {
  ID_FIELD,
  { "name", RD_JSON_STRING, TRUE, RD_TOPIC_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "strategy", RD_JSON_STRING, FALSE, 32, 1, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec topic_policy_set_fields[] = {
  ID_FIELD,
  { "topic", RD_JSON_STRING, TRUE, RD_TOPIC_MAX_BYTES, 1, CHECK_NONEMPTY },
  { "first_response_s", RD_JSON_INT, FALSE, RD_TARGET_MAX_S, 1, CHECK_NONE },
  { "time_zone", RD_JSON_STRING, FALSE, 64, 0, CHECK_NONE },
  { "hours", RD_JSON_STRING, FALSE, 1000, 0, CHECK_NONE },
  { "closed_days", RD_JSON_STRING, FALSE, 4000, 0, CHECK_NONE },
  { "wrap_up_s", RD_JSON_INT, FALSE, RD_WRAP_UP_MAX_S, 0, CHECK_NONE },
  { "idle_warn_s", RD_JSON_INT, FALSE, RD_IDLE_MAX_S, 0, CHECK_NONE },
  { "idle_close_s", RD_JSON_INT, FALSE, RD_IDLE_MAX_S, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec requester_requests_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  END_FIELDS
};
static const FieldSpec requests_of_fields[] = {
  ID_FIELD,
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "requests", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec transcript_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "messages", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec facts_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "facts", RD_JSON_OBJECT, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec sla_breach_fields[] = {
  { "request", RD_JSON_OBJECT, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec canned_delete_fields[] = {
  ID_FIELD,
  { "title", RD_JSON_STRING, TRUE, RD_CANNED_TITLE_MAX_BYTES, 1, CHECK_NONEMPTY },
  END_FIELDS
};

/* relay -> client: checked for type only; nested data is read defensively. */
static const FieldSpec hello_ok_fields[] = {
  ID_FIELD,
  { "version", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  { "server", RD_JSON_STRING, FALSE, 128, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec welcome_fields[] = {
  ID_FIELD,
  { "account", RD_JSON_OBJECT, TRUE, 0, 0, CHECK_NONE },
  { "token", RD_JSON_STRING, FALSE, RD_TOKEN_MAX_BYTES, 1, CHECK_NONE },
  { "seq", RD_JSON_INT, TRUE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec error_fields[] = {
  OPT_ID_FIELD,
  { "code", RD_JSON_STRING, TRUE, 64, 1, CHECK_NONE },
  { "message", RD_JSON_STRING, TRUE, 1024, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec ack_fields[] = {
  ID_FIELD,
  { "uuid", RD_JSON_STRING, TRUE, 36, 36, CHECK_UUID },
  { "seq", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "ts", RD_JSON_INT, TRUE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec event_fields[] = {
  { "seq", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "ts", RD_JSON_INT, TRUE, G_MAXINT64, 0, CHECK_NONE },
  { "kind", RD_JSON_STRING, TRUE, 32, 1, CHECK_NONE },
  { "data", RD_JSON_OBJECT, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec sync_done_fields[] = {
  ID_FIELD,
  { "seq", RD_JSON_INT, TRUE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec presence_fields[] = {
  { "username", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "status", RD_JSON_STRING, TRUE, 16, 1, CHECK_STATUS },
  { "text", RD_JSON_STRING, FALSE, RD_STATUS_TEXT_MAX_BYTES, 0, CHECK_NONE },
  { "idle", RD_JSON_INT, FALSE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec typing_notice_fields[] = {
  { "from", RD_JSON_STRING, TRUE, RD_USERNAME_MAX_CHARS, 1, CHECK_USERNAME },
  { "active", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec contacts_fields[] = {
  ID_FIELD,
  { "contacts", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec directory_fields[] = {
  ID_FIELD,
  { "users", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  { "directory_error", RD_JSON_STRING, FALSE, 512, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_steps_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "steps", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec history_page_fields[] = {
  ID_FIELD,
  { "messages", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  { "more", RD_JSON_BOOL, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec topics_fields[] = {
  ID_FIELD,
  { "topics", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_created_fields[] = {
  ID_FIELD,
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "position", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  { "opens_at", RD_JSON_INT, FALSE, G_MAXINT64, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec queue_fields[] = {
  ID_FIELD,
  { "requests", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec queue_changed_fields[] = {
  { "waiting", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec dashboard_fields[] = {
  ID_FIELD,
  { "agents", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  { "queue", RD_JSON_OBJECT, TRUE, 0, 0, CHECK_NONE },
  { "requests", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  { "topics", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};

static const FieldSpec canned_fields[] = {
  ID_FIELD,
  { "replies", RD_JSON_ARRAY, TRUE, 0, 0, CHECK_NONE },
  END_FIELDS
};
static const FieldSpec request_position_fields[] = {
  { "request", RD_JSON_INT, TRUE, G_MAXINT64, 1, CHECK_NONE },
  { "position", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  { "estimated_wait_s", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  { "agents_available", RD_JSON_INT, TRUE, G_MAXINT32, 0, CHECK_NONE },
  END_FIELDS
};

static const FrameSpec frame_specs[RD_FRAME_N_TYPES] = {
  [RD_FRAME_UNKNOWN]          = { NULL, 0, FALSE, NULL },
  [RD_FRAME_HELLO]            = { "hello", RD_DIRECTION_TO_RELAY, TRUE, hello_fields },
  [RD_FRAME_LOGIN]            = { "login", RD_DIRECTION_TO_RELAY, TRUE, login_fields },
  [RD_FRAME_RESUME]           = { "resume", RD_DIRECTION_TO_RELAY, TRUE, resume_fields },
  [RD_FRAME_LOGOUT]           = { "logout", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_SYNC]             = { "sync", RD_DIRECTION_TO_RELAY, TRUE, sync_fields },
  [RD_FRAME_PING]             = { "ping", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_PRESENCE_SET]     = { "presence_set", RD_DIRECTION_TO_RELAY, TRUE, presence_set_fields },
  [RD_FRAME_DIRECTORY_SEARCH] = { "directory_search", RD_DIRECTION_TO_RELAY, TRUE, directory_search_fields },
  [RD_FRAME_CONTACTS_LIST]    = { "contacts_list", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_CONTACT_ADD]      = { "contact_add", RD_DIRECTION_TO_RELAY, TRUE, contact_add_fields },
  [RD_FRAME_CONTACT_REMOVE]   = { "contact_remove", RD_DIRECTION_TO_RELAY, TRUE, contact_remove_fields },
  [RD_FRAME_MESSAGE_SEND]     = { "message_send", RD_DIRECTION_TO_RELAY, TRUE, message_send_fields },
  [RD_FRAME_HISTORY]          = { "history", RD_DIRECTION_TO_RELAY, TRUE, history_fields },
  [RD_FRAME_RECEIPT]          = { "receipt", RD_DIRECTION_TO_RELAY, TRUE, receipt_fields },
  [RD_FRAME_TYPING]           = { "typing", RD_DIRECTION_TO_RELAY, FALSE, typing_fields },
  [RD_FRAME_HELLO_OK]         = { "hello_ok", RD_DIRECTION_TO_CLIENT, TRUE, hello_ok_fields },
  [RD_FRAME_WELCOME]          = { "welcome", RD_DIRECTION_TO_CLIENT, TRUE, welcome_fields },
  [RD_FRAME_OK]               = { "ok", RD_DIRECTION_TO_CLIENT, TRUE, id_only_fields },
  [RD_FRAME_PONG]             = { "pong", RD_DIRECTION_TO_CLIENT, TRUE, id_only_fields },
  [RD_FRAME_ERROR]            = { "error", RD_DIRECTION_TO_CLIENT, FALSE, error_fields },
  [RD_FRAME_ACK]              = { "ack", RD_DIRECTION_TO_CLIENT, TRUE, ack_fields },
  [RD_FRAME_EVENT]            = { "event", RD_DIRECTION_TO_CLIENT, FALSE, event_fields },
  [RD_FRAME_SYNC_DONE]        = { "sync_done", RD_DIRECTION_TO_CLIENT, TRUE, sync_done_fields },
  [RD_FRAME_PRESENCE]         = { "presence", RD_DIRECTION_TO_CLIENT, FALSE, presence_fields },
  [RD_FRAME_TYPING_NOTICE]    = { "typing_notice", RD_DIRECTION_TO_CLIENT, FALSE, typing_notice_fields },
  [RD_FRAME_CONTACTS]         = { "contacts", RD_DIRECTION_TO_CLIENT, TRUE, contacts_fields },
  [RD_FRAME_DIRECTORY]        = { "directory", RD_DIRECTION_TO_CLIENT, TRUE, directory_fields },
  [RD_FRAME_HISTORY_PAGE]     = { "history_page", RD_DIRECTION_TO_CLIENT, TRUE, history_page_fields },
  [RD_FRAME_TOPICS_LIST]      = { "topics_list", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_REQUEST_CREATE]   = { "request_create", RD_DIRECTION_TO_RELAY, TRUE, request_create_fields },
  [RD_FRAME_REQUEST_CANCEL]   = { "request_cancel", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_OFFER_ACCEPT]     = { "offer_accept", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_OFFER_DECLINE]    = { "offer_decline", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUEST_RESOLVE]  = { "request_resolve", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUEST_TAKE]     = { "request_take", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUEST_RATE]     = { "request_rate", RD_DIRECTION_TO_RELAY, TRUE, request_rate_fields },
  [RD_FRAME_QUEUE_LIST]       = { "queue_list", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_DASHBOARD_GET]    = { "dashboard_get", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_AGENT_CAPACITY_SET] = { "agent_capacity_set", RD_DIRECTION_TO_RELAY, TRUE, agent_capacity_set_fields },
  [RD_FRAME_AGENT_SKILL_SET] = { "agent_skill_set", RD_DIRECTION_TO_RELAY, TRUE, agent_skill_set_fields },
  [RD_FRAME_FILE_OFFER]       = { "file_offer", RD_DIRECTION_TO_RELAY, TRUE, file_offer_fields },
  [RD_FRAME_FILE_ANSWER]      = { "file_answer", RD_DIRECTION_TO_RELAY, TRUE, file_answer_fields },
  [RD_FRAME_FILE_SIGNAL]      = { "file_signal", RD_DIRECTION_TO_RELAY, TRUE, file_signal_fields },
  [RD_FRAME_FILE_CANCEL]      = { "file_cancel", RD_DIRECTION_TO_RELAY, TRUE, file_cancel_fields },
  [RD_FRAME_FILE_PROXY]       = { "file_proxy", RD_DIRECTION_TO_RELAY, TRUE, file_proxy_fields },
  /* Same fields as an offer: the relay keeps the file for the recipient. */
  [RD_FRAME_FILE_STORE]       = { "file_store", RD_DIRECTION_TO_RELAY, TRUE, file_offer_fields },
  [RD_FRAME_FILE_NOTICE]      = { "file_notice", RD_DIRECTION_TO_CLIENT, FALSE, file_notice_fields },
  [RD_FRAME_FILE_TICKET]      = { "file_ticket", RD_DIRECTION_TO_CLIENT, TRUE, file_ticket_fields },
  [RD_FRAME_REQUEST_NOTE]     = { "request_note", RD_DIRECTION_TO_RELAY, TRUE, request_note_fields },
  [RD_FRAME_REQUEST_TRANSFER] = { "request_transfer", RD_DIRECTION_TO_RELAY, TRUE, request_transfer_fields },
  [RD_FRAME_CANNED_LIST]      = { "canned_list", RD_DIRECTION_TO_RELAY, TRUE, id_only_fields },
  [RD_FRAME_CANNED_SET]       = { "canned_set", RD_DIRECTION_TO_RELAY, TRUE, canned_set_fields },
  [RD_FRAME_CANNED_DELETE]    = { "canned_delete", RD_DIRECTION_TO_RELAY, TRUE, canned_delete_fields },
  [RD_FRAME_TOPIC_ADD]        = { "topic_add", RD_DIRECTION_TO_RELAY, TRUE, topic_add_fields },
  [RD_FRAME_TOPICS]           = { "topics", RD_DIRECTION_TO_CLIENT, TRUE, topics_fields },
  [RD_FRAME_CANNED]           = { "canned", RD_DIRECTION_TO_CLIENT, TRUE, canned_fields },
  [RD_FRAME_REQUEST_POSITION] = { "request_position", RD_DIRECTION_TO_CLIENT, FALSE, request_position_fields },
  [RD_FRAME_DASHBOARD]        = { "dashboard", RD_DIRECTION_TO_CLIENT, TRUE, dashboard_fields },
  [RD_FRAME_QUEUE]            = { "queue", RD_DIRECTION_TO_CLIENT, TRUE, queue_fields },
  [RD_FRAME_QUEUE_CHANGED]    = { "queue_changed", RD_DIRECTION_TO_CLIENT, FALSE, queue_changed_fields },
  [RD_FRAME_REQUEST_CREATED]  = { "request_created", RD_DIRECTION_TO_CLIENT, TRUE, request_created_fields },
  [RD_FRAME_REQUEST_TAKEOVER] = { "request_takeover", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUEST_HISTORY]  = { "request_history", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUEST_STEPS]    = { "request_steps", RD_DIRECTION_TO_CLIENT, TRUE, request_steps_fields },
  [RD_FRAME_TOPIC_POLICY_SET] = { "topic_policy_set", RD_DIRECTION_TO_RELAY, TRUE, topic_policy_set_fields },
  [RD_FRAME_SLA_BREACH]       = { "sla_breach", RD_DIRECTION_TO_CLIENT, FALSE, sla_breach_fields },
  [RD_FRAME_REQUESTER_REQUESTS] = { "requester_requests", RD_DIRECTION_TO_RELAY, TRUE, requester_requests_fields },
  [RD_FRAME_REQUEST_TRANSCRIPT] = { "request_transcript", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_REQUESTS_OF]      = { "requests_of", RD_DIRECTION_TO_CLIENT, TRUE, requests_of_fields },
  [RD_FRAME_TRANSCRIPT]       = { "transcript", RD_DIRECTION_TO_CLIENT, TRUE, transcript_fields },
  [RD_FRAME_REQUEST_FACTS]    = { "request_facts", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_SCREENSHOT_ASK]   = { "screenshot_ask", RD_DIRECTION_TO_RELAY, TRUE, request_ref_fields },
  [RD_FRAME_SCREENSHOT_ANSWER] = { "screenshot_answer", RD_DIRECTION_TO_RELAY, TRUE, screenshot_answer_fields },
  [RD_FRAME_FACTS]            = { "facts", RD_DIRECTION_TO_CLIENT, TRUE, facts_fields },
};

static const char * const error_code_names[RD_ERROR_N_CODES] = {
  [RD_ERROR_MALFORMED_JSON]        = "malformed_json",
  [RD_ERROR_NOT_AN_OBJECT]         = "not_an_object",
  [RD_ERROR_MISSING_TYPE]          = "missing_type",
  [RD_ERROR_UNKNOWN_TYPE]          = "unknown_type",
  [RD_ERROR_MISSING_FIELD]         = "missing_field",
  [RD_ERROR_WRONG_TYPE]            = "wrong_type",
  [RD_ERROR_INVALID_VALUE]         = "invalid_value",
  [RD_ERROR_UNKNOWN_FIELD]         = "unknown_field",
  [RD_ERROR_FRAME_TOO_LARGE]       = "frame_too_large",
  [RD_ERROR_UNSUPPORTED_VERSION]   = "unsupported_version",
  [RD_ERROR_NOT_AUTHENTICATED]     = "not_authenticated",
  [RD_ERROR_ALREADY_AUTHENTICATED] = "already_authenticated",
  [RD_ERROR_AUTH_FAILED]           = "auth_failed",
  [RD_ERROR_INVALID_TOKEN]         = "invalid_token",
  [RD_ERROR_ACCOUNT_DISABLED]      = "account_disabled",
  [RD_ERROR_FORBIDDEN]             = "forbidden",
  [RD_ERROR_UNKNOWN_USER]          = "unknown_user",
  [RD_ERROR_UNKNOWN_MESSAGE]       = "unknown_message",
  [RD_ERROR_CONFLICT]              = "conflict",
  [RD_ERROR_RATE_LIMITED]          = "rate_limited",
  [RD_ERROR_STORAGE]               = "storage_error",
  [RD_ERROR_INTERNAL]              = "internal_error",
  [RD_ERROR_RECIPIENT_OFFLINE]     = "recipient_offline",
  [RD_ERROR_FILE_TOO_LARGE]        = "file_too_large",
  [RD_ERROR_DIRECTORY_UNAVAILABLE] = "directory_unavailable",
};

G_DEFINE_QUARK (rd-protocol-error-quark, rd_protocol_error)

const char *
rd_error_code_to_string (RdErrorCode code)
{
  g_return_val_if_fail (code < RD_ERROR_N_CODES, "internal_error");
  return error_code_names[code];
}

gboolean
rd_error_code_from_string (const char  *str,
                           RdErrorCode *out_code)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < RD_ERROR_N_CODES; i++)
    {
      if (g_str_equal (str, error_code_names[i]))
        {
          if (out_code)
            *out_code = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rd_frame_type_to_string (RdFrameType type)
{
  g_return_val_if_fail (type > RD_FRAME_UNKNOWN && type < RD_FRAME_N_TYPES, NULL);
  return frame_specs[type].name;
}

RdFrameType
rd_frame_type_from_string (const char *str)
{
  if (str == NULL)
    return RD_FRAME_UNKNOWN;
  for (guint i = 1; i < RD_FRAME_N_TYPES; i++)
    if (g_str_equal (str, frame_specs[i].name))
      return i;
  return RD_FRAME_UNKNOWN;
}

RdDirection
rd_frame_type_direction (RdFrameType type)
{
  g_return_val_if_fail (type > RD_FRAME_UNKNOWN && type < RD_FRAME_N_TYPES, RD_DIRECTION_TO_RELAY);
  return frame_specs[type].direction;
}

gboolean
rd_frame_type_requires_id (RdFrameType type)
{
  g_return_val_if_fail (type > RD_FRAME_UNKNOWN && type < RD_FRAME_N_TYPES, FALSE);
  return frame_specs[type].requires_id;
}

gboolean
rd_username_is_valid (const char *username)
{
  gsize len;

  if (username == NULL)
    return FALSE;
  len = strlen (username);
  if (len == 0 || len > RD_USERNAME_MAX_CHARS)
    return FALSE;
  if (!g_ascii_isalnum (username[0]))
    return FALSE;
  for (const char *p = username; *p; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
        return FALSE;
    }
  return TRUE;
}

gboolean
rd_uuid_is_valid (const char *uuid)
{
  return uuid != NULL && g_uuid_string_is_valid (uuid);
}

gboolean
rd_presence_status_is_valid (const char *status)
{
  return status != NULL &&
         (g_str_equal (status, "available") || g_str_equal (status, "away") ||
          g_str_equal (status, "busy") || g_str_equal (status, "offline"));
}

static gboolean
string_passes_check (const char *value,
                     FieldCheck  check)
{
  switch (check)
    {
    case CHECK_NONE:
      return TRUE;
    case CHECK_USERNAME:
      return rd_username_is_valid (value);
    case CHECK_UUID:
      return rd_uuid_is_valid (value);
    case CHECK_STATUS:
      return rd_presence_status_is_valid (value);
    case CHECK_RECEIPT:
      return g_str_equal (value, "delivered") || g_str_equal (value, "read");
    case CHECK_NONEMPTY:
      {
        /* A body of nothing but white space carries no message. */
        for (const char *p = value; *p; p = g_utf8_next_char (p))
          if (!g_unichar_isspace (g_utf8_get_char (p)))
            return TRUE;
        return FALSE;
      }
    case CHECK_SHA256:
      {
        /* 64 lower-case hexadecimal digits. */
        guint n = 0;

        for (const char *p = value; *p; p++, n++)
          if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
            return FALSE;
        return n == 64;
      }
    default:
      g_assert_not_reached ();
    }
}

const char *
rd_json_kind_name (RdJsonKind kind)
{
  switch (kind)
    {
    case RD_JSON_STRING: return "a string";
    case RD_JSON_INT: return "an integer";
    case RD_JSON_BOOL: return "a boolean";
    case RD_JSON_OBJECT: return "an object";
    case RD_JSON_ARRAY: return "an array";
    default: g_assert_not_reached ();
    }
}

gboolean
rd_json_node_is (JsonNode   *node,
                 RdJsonKind  kind)
{
  switch (kind)
    {
    case RD_JSON_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case RD_JSON_INT:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case RD_JSON_BOOL:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case RD_JSON_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case RD_JSON_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    default:
      g_assert_not_reached ();
    }
}

static const FieldSpec *
find_field (const FieldSpec *fields,
            const char      *name)
{
  for (const FieldSpec *f = fields; f->name != NULL; f++)
    if (g_str_equal (f->name, name))
      return f;
  return NULL;
}

static gboolean
validate_field (const FieldSpec  *spec,
                JsonNode         *node,
                GError          **error)
{
  if (!rd_json_node_is (node, spec->kind))
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_WRONG_TYPE,
                   "field \"%s\" must be %s", spec->name, rd_json_kind_name (spec->kind));
      return FALSE;
    }

  if (spec->kind == RD_JSON_STRING)
    {
      const char *value = json_node_get_string (node);
      gsize len = strlen (value);

      if ((gint64) len > spec->max || (gint64) len < spec->min)
        {
          g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE,
                       "field \"%s\" must be %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " bytes long",
                       spec->name, spec->min, spec->max);
          return FALSE;
        }
      if (!string_passes_check (value, spec->check))
        {
          g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE,
                       "field \"%s\" has an invalid value", spec->name);
          return FALSE;
        }
    }
  else if (spec->kind == RD_JSON_OBJECT && spec->check == CHECK_FACTS)
    return rd_facts_check (json_node_get_object (node), error);
  else if (spec->kind == RD_JSON_INT)
    {
      gint64 value = json_node_get_int (node);

      if (value < spec->min || value > spec->max)
        {
          g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_INVALID_VALUE,
                       "field \"%s\" must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                       spec->name, spec->min, spec->max);
          return FALSE;
        }
    }
  return TRUE;
}

JsonObject *
rd_frame_decode (const char   *data,
                 gsize         length,
                 RdDirection   direction,
                 RdFrameType  *out_type,
                 char        **out_id,
                 GError      **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *type_node;
  JsonNode *id_node;
  const FrameSpec *spec;
  RdFrameType type;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (out_type)
    *out_type = RD_FRAME_UNKNOWN;
  if (out_id)
    *out_id = NULL;

  if (length > (direction == RD_DIRECTION_TO_RELAY ? RD_FRAME_MAX_BYTES : RD_CLIENT_FRAME_MAX_BYTES))
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_FRAME_TOO_LARGE,
                   "frame of %" G_GSIZE_FORMAT " bytes exceeds the limit of %d bytes", length,
                   direction == RD_DIRECTION_TO_RELAY ? RD_FRAME_MAX_BYTES : RD_CLIENT_FRAME_MAX_BYTES);
      return NULL;
    }

  /* json-glib treats an embedded NUL as the end of the text; refuse it. */
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MALFORMED_JSON,
                   "frame contains a NUL byte");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MALFORMED_JSON,
                   "frame is not valid UTF-8");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (length == 0 || !json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MALFORMED_JSON,
                   "frame is not valid JSON: %s",
                   parse_error ? parse_error->message : "empty frame");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_NOT_AN_OBJECT,
                   "frame must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  id_node = json_object_get_member (object, "id");
  if (out_id && id_node && JSON_NODE_HOLDS_VALUE (id_node) &&
      json_node_get_value_type (id_node) == G_TYPE_STRING &&
      strlen (json_node_get_string (id_node)) <= RD_ID_MAX_CHARS)
    *out_id = g_strdup (json_node_get_string (id_node));

  type_node = json_object_get_member (object, "type");
  if (type_node == NULL)
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MISSING_TYPE,
                   "frame has no \"type\"");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (type_node) || json_node_get_value_type (type_node) != G_TYPE_STRING)
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_WRONG_TYPE,
                   "field \"type\" must be a string");
      return NULL;
    }

  type = rd_frame_type_from_string (json_node_get_string (type_node));
  if (type == RD_FRAME_UNKNOWN || frame_specs[type].direction != direction)
    {
      g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_TYPE,
                   "unknown frame type \"%.64s\"", json_node_get_string (type_node));
      return NULL;
    }
  spec = &frame_specs[type];

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const FieldSpec *field;

      if (g_str_equal (name, "type"))
        continue;
      field = find_field (spec->fields, name);
      if (field == NULL)
        {
          g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_UNKNOWN_FIELD,
                       "frame \"%s\" has no field \"%.64s\"", spec->name, name);
          return NULL;
        }
      if (!validate_field (field, json_object_get_member (object, name), error))
        return NULL;
    }

  for (const FieldSpec *f = spec->fields; f->name != NULL; f++)
    {
      if (f->required && !json_object_has_member (object, f->name))
        {
          g_set_error (error, RD_PROTOCOL_ERROR, RD_ERROR_MISSING_FIELD,
                       "frame \"%s\" needs field \"%s\"", spec->name, f->name);
          return NULL;
        }
    }

  if (out_type)
    *out_type = type;
  return json_object_ref (object);
}

JsonObject *
rd_frame_new (RdFrameType  type,
              const char  *id)
{
  JsonObject *frame;

  g_return_val_if_fail (type > RD_FRAME_UNKNOWN && type < RD_FRAME_N_TYPES, NULL);

  frame = json_object_new ();
  json_object_set_string_member (frame, "type", frame_specs[type].name);
  if (id != NULL)
    json_object_set_string_member (frame, "id", id);
  return frame;
}

JsonObject *
rd_frame_new_error (const char  *id,
                    RdErrorCode  code,
                    const char  *message)
{
  JsonObject *frame = rd_frame_new (RD_FRAME_ERROR, id);

  json_object_set_string_member (frame, "code", rd_error_code_to_string (code));
  json_object_set_string_member (frame, "message", message ? message : "");
  return frame;
}

char *
rd_frame_to_string (JsonObject *frame)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (frame != NULL, NULL);

  json_node_set_object (node, frame);
  return json_to_string (node, FALSE);
}

const char *
rd_frame_get_string (JsonObject *frame,
                     const char *field,
                     const char *fallback)
{
  JsonNode *node = json_object_get_member (frame, field);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

gint64
rd_frame_get_int (JsonObject *frame,
                  const char *field,
                  gint64      fallback)
{
  JsonNode *node = json_object_get_member (frame, field);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

const char *
rd_frame_get_person (JsonObject *frame,
                     const char *field)
{
  g_autofree char *name_field = g_strconcat (field, "_name", NULL);
  const char *name = rd_frame_get_string (frame, name_field, "");

  return *name ? name : rd_frame_get_string (frame, field, "");
}

gboolean
rd_frame_get_bool (JsonObject *frame,
                   const char *field,
                   gboolean    fallback)
{
  JsonNode *node = json_object_get_member (frame, field);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return fallback;
}
