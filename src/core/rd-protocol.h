/* rd-protocol.h: Relaydesk wire protocol, frame types, limits and codec.
 *
 * docs/protocol.md is the contract; this file must stay in step with it.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_PROTOCOL_VERSION_CURRENT 1

/* Limits (bytes unless said otherwise). */
#define RD_FRAME_MAX_BYTES        65536   /* a client frame larger than this is refused */
#define RD_CLIENT_FRAME_MAX_BYTES 4194304 /* relay -> client frames (history pages, lists) */
#define RD_HISTORY_PAGE_MAX_BYTES 1048576 /* a history page is cut to stay below this */
#define RD_TRANSPORT_MAX_BYTES    1048576 /* above this the socket itself is closed (1009) */
#define RD_BODY_MAX_BYTES         16384
#define RD_ID_MAX_CHARS           64
#define RD_USERNAME_MAX_CHARS     64
#define RD_PASSWORD_MAX_BYTES     1024
#define RD_STATUS_TEXT_MAX_BYTES  256
#define RD_GROUP_MAX_BYTES        64
#define RD_QUERY_MAX_BYTES        64
#define RD_DEVICE_MAX_BYTES       64
#define RD_TOKEN_MAX_BYTES        128
#define RD_HISTORY_PAGE_MAX       200
#define RD_SYNC_BATCH             500
#define RD_TOPIC_MAX_BYTES        64
#define RD_TARGET_MAX_S           604800   /* a first-response target: a week at most */
#define RD_WRAP_UP_MAX_S          3600     /* an agent's pause after resolving: an hour at most */
#define RD_IDLE_MAX_S             86400    /* a quiet requester's reminder or close: a day at most */
#define RD_SUMMARY_MAX_BYTES      200
#define RD_DETAILS_MAX_BYTES      4000
#define RD_PRIORITY_MAX           2       /* 0 normal, 1 high, 2 urgent */
#define RD_COMMENT_MAX_BYTES      1000
#define RD_NOTE_MAX_BYTES         4000
#define RD_CAPACITY_MAX           50
#define RD_CANNED_TITLE_MAX_BYTES 100
#define RD_FILE_NAME_MAX_BYTES    255
#define RD_FILE_SIZE_MAX          ((gint64) 1 << 50)   /* 1 PiB: anything real */
#define RD_MIME_MAX_BYTES         127
#define RD_CANDIDATES_MAX_BYTES   1024    /* "host:port host:port ..." */
#define RD_FILE_TICKET_BYTES      43      /* base64url of 32 random bytes */

typedef enum {
  RD_FRAME_UNKNOWN = 0,
  /* client -> relay */
  RD_FRAME_HELLO,
  RD_FRAME_LOGIN,
  RD_FRAME_RESUME,
  RD_FRAME_LOGOUT,
  RD_FRAME_SYNC,
  RD_FRAME_PING,
  RD_FRAME_PRESENCE_SET,
  RD_FRAME_DIRECTORY_SEARCH,
  RD_FRAME_CONTACTS_LIST,
  RD_FRAME_CONTACT_ADD,
  RD_FRAME_CONTACT_REMOVE,
  RD_FRAME_MESSAGE_SEND,
  RD_FRAME_HISTORY,
  RD_FRAME_RECEIPT,
  RD_FRAME_TYPING,
  RD_FRAME_TOPICS_LIST,
  RD_FRAME_REQUEST_CREATE,
  RD_FRAME_REQUEST_CANCEL,
  RD_FRAME_OFFER_ACCEPT,
  RD_FRAME_OFFER_DECLINE,
  RD_FRAME_REQUEST_RESOLVE,
  RD_FRAME_REQUEST_TAKE,
  RD_FRAME_REQUEST_RATE,
  RD_FRAME_QUEUE_LIST,
  RD_FRAME_DASHBOARD_GET,
  RD_FRAME_AGENT_CAPACITY_SET,
  RD_FRAME_AGENT_SKILL_SET,
  RD_FRAME_REQUEST_NOTE,
  RD_FRAME_REQUEST_TRANSFER,
  RD_FRAME_CANNED_LIST,
  RD_FRAME_CANNED_SET,
  RD_FRAME_CANNED_DELETE,
  RD_FRAME_TOPIC_ADD,
  RD_FRAME_FILE_OFFER,
  RD_FRAME_FILE_ANSWER,
  RD_FRAME_FILE_SIGNAL,
  RD_FRAME_FILE_CANCEL,
  RD_FRAME_FILE_PROXY,
  RD_FRAME_FILE_STORE,
  RD_FRAME_REQUEST_TAKEOVER,
  RD_FRAME_REQUEST_HISTORY,
  RD_FRAME_TOPIC_POLICY_SET,
  RD_FRAME_REQUESTER_REQUESTS,
  RD_FRAME_REQUEST_TRANSCRIPT,
  RD_FRAME_REQUEST_FACTS,
  RD_FRAME_SCREENSHOT_ASK,
  RD_FRAME_SCREENSHOT_ANSWER,
  /* relay -> client */
  RD_FRAME_HELLO_OK,
  RD_FRAME_WELCOME,
  RD_FRAME_OK,
  RD_FRAME_PONG,
  RD_FRAME_ERROR,
  RD_FRAME_ACK,
  RD_FRAME_EVENT,
  RD_FRAME_SYNC_DONE,
  RD_FRAME_PRESENCE,
  RD_FRAME_TYPING_NOTICE,
  RD_FRAME_CONTACTS,
  RD_FRAME_DIRECTORY,
  RD_FRAME_HISTORY_PAGE,
  RD_FRAME_TOPICS,
  RD_FRAME_REQUEST_CREATED,
  RD_FRAME_QUEUE,
  RD_FRAME_QUEUE_CHANGED,
  RD_FRAME_DASHBOARD,
  RD_FRAME_CANNED,
  RD_FRAME_REQUEST_POSITION,
  RD_FRAME_FILE_NOTICE,
  RD_FRAME_FILE_TICKET,
  RD_FRAME_REQUEST_STEPS,
  RD_FRAME_SLA_BREACH,
  RD_FRAME_REQUESTS_OF,
  RD_FRAME_TRANSCRIPT,
  RD_FRAME_FACTS,
  RD_FRAME_N_TYPES
} RdFrameType;

/* The JSON type a frame's field (or a facts member, rd-facts.c) must
 * have, its name in errors ("an integer"), and the test of a node. */
typedef enum {
  RD_JSON_STRING,
  RD_JSON_INT,
  RD_JSON_BOOL,
  RD_JSON_OBJECT,
  RD_JSON_ARRAY,
} RdJsonKind;

typedef enum {
  RD_DIRECTION_TO_RELAY,
  RD_DIRECTION_TO_CLIENT,
} RdDirection;

/* Stable error codes; the string form is what goes on the wire. */
typedef enum {
  RD_ERROR_MALFORMED_JSON,
  RD_ERROR_NOT_AN_OBJECT,
  RD_ERROR_MISSING_TYPE,
  RD_ERROR_UNKNOWN_TYPE,
  RD_ERROR_MISSING_FIELD,
  RD_ERROR_WRONG_TYPE,
  RD_ERROR_INVALID_VALUE,
  RD_ERROR_UNKNOWN_FIELD,
  RD_ERROR_FRAME_TOO_LARGE,
  RD_ERROR_UNSUPPORTED_VERSION,
  RD_ERROR_NOT_AUTHENTICATED,
  RD_ERROR_ALREADY_AUTHENTICATED,
  RD_ERROR_AUTH_FAILED,
  RD_ERROR_INVALID_TOKEN,
  RD_ERROR_ACCOUNT_DISABLED,
  RD_ERROR_FORBIDDEN,
  RD_ERROR_UNKNOWN_USER,
  RD_ERROR_UNKNOWN_MESSAGE,
  RD_ERROR_CONFLICT,
  RD_ERROR_RATE_LIMITED,
  RD_ERROR_STORAGE,
  RD_ERROR_INTERNAL,
  RD_ERROR_RECIPIENT_OFFLINE,
  RD_ERROR_FILE_TOO_LARGE,
  RD_ERROR_DIRECTORY_UNAVAILABLE,
  RD_ERROR_N_CODES
} RdErrorCode;

#define RD_PROTOCOL_ERROR (rd_protocol_error_quark ())
GQuark       rd_protocol_error_quark     (void);

const char  *rd_json_kind_name           (RdJsonKind kind);
gboolean     rd_json_node_is             (JsonNode *node, RdJsonKind kind);
const char  *rd_error_code_to_string     (RdErrorCode code);
gboolean     rd_error_code_from_string   (const char *str, RdErrorCode *out_code);

const char  *rd_frame_type_to_string     (RdFrameType type);
RdFrameType  rd_frame_type_from_string   (const char *str);
RdDirection  rd_frame_type_direction     (RdFrameType type);
gboolean     rd_frame_type_requires_id   (RdFrameType type);

/* Decodes and validates one text frame sent in @direction.
 * On success returns the frame object (owned by caller) and its type.
 * On failure returns NULL and sets @error in RD_PROTOCOL_ERROR with an
 * RdErrorCode; *@out_id is set to the frame's "id" whenever one could be read,
 * so the error reply can echo it. */
JsonObject  *rd_frame_decode             (const char   *data,
                                          gsize         length,
                                          RdDirection   direction,
                                          RdFrameType  *out_type,
                                          char        **out_id,
                                          GError      **error);

/* Encoding: builds a frame object with "type" (and "id" when given). */
JsonObject  *rd_frame_new                (RdFrameType  type,
                                          const char  *id);
char        *rd_frame_to_string          (JsonObject  *frame);
JsonObject  *rd_frame_new_error          (const char  *id,
                                          RdErrorCode  code,
                                          const char  *message);

/* Field helpers for already validated frames. */
const char  *rd_frame_get_string         (JsonObject  *frame,
                                          const char  *field,
                                          const char  *fallback);
gint64       rd_frame_get_int            (JsonObject  *frame,
                                          const char  *field,
                                          gint64       fallback);
gboolean     rd_frame_get_bool           (JsonObject  *frame,
                                          const char  *field,
                                          gboolean     fallback);
/* A person in a support request: the display name in "<field>_name", else
 * the user name in @field, else "". */
const char  *rd_frame_get_person         (JsonObject  *frame,
                                          const char  *field);

/* Value checks shared by codec, relay and admin command. */
gboolean     rd_username_is_valid        (const char  *username);
gboolean     rd_uuid_is_valid            (const char  *uuid);
gboolean     rd_presence_status_is_valid (const char  *status);


G_END_DECLS
