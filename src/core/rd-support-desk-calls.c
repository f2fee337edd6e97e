/* rd-support-desk-calls.c: one async call per support request a client may
 * send. Each builds its frame, sends it through the client and, where the
 * reply or the change touches a model, brings the model up to date before
 * the call completes. */
#define G_LOG_DOMAIN "rd-support-desk"

#include "config.h"

#include "rd-client.h"
#include "rd-protocol.h"
#include "rd-support-desk-private.h"

/* What a reply changes before the call completes; NULL for nothing. */
typedef void (*ApplyFunc) (RdSupportDesk *self, JsonObject *reply);
/* After the call succeeded: a reload of what it changed. */
typedef void (*ThenFunc) (RdSupportDesk *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data);

typedef struct {
  ApplyFunc   apply;
  ThenFunc    then;
  JsonObject *reply;   /* kept while the reload runs */
} Call;

static void
call_free (Call *call)
{
  g_clear_pointer (&call->reply, json_object_unref);
  g_free (call);
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  /* The change itself was made; a failed reload says so. */
  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&call->reply), (GDestroyNotify) json_object_unref);
}

static void
replied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdSupportDesk *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) reply = rd_client_request_finish (RD_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (call->apply != NULL)
    call->apply (self, reply);
  if (call->then != NULL)
    {
      call->reply = g_steal_pointer (&reply);
      call->then (self, g_task_get_cancellable (task), reloaded_cb, g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) json_object_unref);
}

static void
send_call (RdSupportDesk       *self,
           JsonObject          *frame,
           ApplyFunc            apply,
           ThenFunc             then,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RdClient *client = _rd_support_desk_get_client (self);
  Call *call = g_new0 (Call, 1);

  call->apply = apply;
  call->then = then;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_set_source_tag (task, source_tag);
  if (client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "the client is gone");
      g_object_unref (task);
      return;
    }
  rd_client_request_async (client, frame, cancellable, replied_cb, task);
}

/* A frame about one request. */
static JsonObject *
request_frame (RdFrameType type,
               gint64      request)
{
  JsonObject *frame = rd_frame_new (type, NULL);

  json_object_set_int_member (frame, "request", request);
  return frame;
}

gboolean
rd_support_desk_call_finish (RdSupportDesk  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  reply = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- the requester's ---- */

static void
apply_created (RdSupportDesk *self,
               JsonObject    *reply)
{
  /* The relay says where it is; its "request" event says the rest. */
  RdSupportRequest *request = _rd_support_desk_ensure_request (self, rd_frame_get_int (reply, "request", 0));
  g_autoptr(JsonObject) data = json_object_new ();

  /* Its state (queued, a new object's first) and the reason come with the
   * event; a "state" here would clear the reason the event gave. */
  json_object_set_int_member (data, "position", rd_frame_get_int (reply, "position", 0));
  if (rd_support_request_get_state (request) == RD_REQUEST_QUEUED)
    _rd_support_request_update (request, data);
}

void
rd_support_desk_create_async (RdSupportDesk       *self,
                              const char          *topic,
                              const char          *summary,
                              const char          *details,
                              RdPriority           priority,
                              RdFacts             *facts,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUEST_CREATE, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (topic != NULL && summary != NULL);
  g_return_if_fail (priority <= RD_PRIORITY_URGENT);

  json_object_set_string_member (frame, "topic", topic);
  json_object_set_string_member (frame, "summary", summary);
  json_object_set_string_member (frame, "details", details ? details : "");
  json_object_set_int_member (frame, "priority", priority);
  if (facts != NULL)
    json_object_set_object_member (frame, "facts", json_object_ref (rd_facts_get_json (facts)));
  send_call (self, frame, apply_created, NULL, cancellable, callback, user_data, rd_support_desk_create_async);
}

RdSupportRequest *
rd_support_desk_create_finish (RdSupportDesk  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;
  RdSupportRequest *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_support_desk_create_async, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  if (reply == NULL)
    return NULL;
  request = rd_support_desk_lookup (self, rd_frame_get_int (reply, "request", 0));
  return request ? g_object_ref (request) : NULL;
}

void
rd_support_desk_answer_screenshot_async (RdSupportDesk       *self,
                                         gint64               request,
                                         gboolean             shared,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) frame = request_frame (RD_FRAME_SCREENSHOT_ANSWER, request);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  json_object_set_boolean_member (frame, "shared", shared);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_answer_screenshot_async);
}

void
rd_support_desk_cancel_async (RdSupportDesk       *self,
                              gint64               request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonObject) frame = request_frame (RD_FRAME_REQUEST_CANCEL, request);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_cancel_async);
}

void
rd_support_desk_rate_async (RdSupportDesk       *self,
                            gint64               request,
                            guint                rating,
                            const char          *comment,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonObject) frame = request_frame (RD_FRAME_REQUEST_RATE, request);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  json_object_set_int_member (frame, "rating", rating);
  json_object_set_string_member (frame, "comment", comment ? comment : "");
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_rate_async);
}

/* ---- staff, on one request ---- */

#define REQUEST_CALL(name, type) \
  void \
  rd_support_desk_##name##_async (RdSupportDesk       *self, \
                                  gint64               request, \
                                  GCancellable        *cancellable, \
                                  GAsyncReadyCallback  callback, \
                                  gpointer             user_data) \
  { \
    g_autoptr(JsonObject) frame = request_frame (type, request); \
    g_return_if_fail (RD_IS_SUPPORT_DESK (self)); \
    send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_##name##_async); \
  }

REQUEST_CALL (accept, RD_FRAME_OFFER_ACCEPT)
REQUEST_CALL (decline, RD_FRAME_OFFER_DECLINE)
REQUEST_CALL (take, RD_FRAME_REQUEST_TAKE)
REQUEST_CALL (resolve, RD_FRAME_REQUEST_RESOLVE)
REQUEST_CALL (take_over, RD_FRAME_REQUEST_TAKEOVER)
REQUEST_CALL (history, RD_FRAME_REQUEST_HISTORY)
REQUEST_CALL (transcript, RD_FRAME_REQUEST_TRANSCRIPT)
REQUEST_CALL (facts, RD_FRAME_REQUEST_FACTS)
REQUEST_CALL (ask_screenshot, RD_FRAME_SCREENSHOT_ASK)

#undef REQUEST_CALL

void
rd_support_desk_transfer_async (RdSupportDesk       *self,
                                gint64               request,
                                const char          *to_agent,
                                const char          *to_topic,
                                const char          *note,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) frame = request_frame (RD_FRAME_REQUEST_TRANSFER, request);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  if (to_agent != NULL && *to_agent)
    json_object_set_string_member (frame, "to_agent", to_agent);
  if (to_topic != NULL && *to_topic)
    json_object_set_string_member (frame, "to_topic", to_topic);
  if (note != NULL)
    json_object_set_string_member (frame, "note", note);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_transfer_async);
}

void
rd_support_desk_add_note_async (RdSupportDesk       *self,
                                gint64               request,
                                const char          *text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) frame = request_frame (RD_FRAME_REQUEST_NOTE, request);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (text != NULL);
  json_object_set_string_member (frame, "text", text);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_add_note_async);
}

/* The reply's array @member, or NULL with @error. */
static JsonArray *
reply_array (RdSupportDesk  *self,
             GAsyncResult   *result,
             gpointer        tag,
             const char     *member,
             JsonObject    **reply,
             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);

  *reply = g_task_propagate_pointer (G_TASK (result), error);
  return *reply ? json_object_get_array_member (*reply, member) : NULL;
}

static char *
dup_field (JsonObject *entry,
           const char *field)
{
  return g_strdup (rd_frame_get_string (entry, field, ""));
}

GPtrArray *
rd_support_desk_history_finish (RdSupportDesk  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *entries = reply_array (self, result, rd_support_desk_history_async, "steps", &reply, error);
  GPtrArray *steps;

  if (reply == NULL)
    return NULL;
  steps = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_support_step_free);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      RdSupportStep *step;

      if (entry == NULL)
        continue;
      step = g_new0 (RdSupportStep, 1);
      step->at = rd_frame_get_int (entry, "at", 0) * 1000;
      step->what = dup_field (entry, "what");
      step->by = dup_field (entry, "by");
      step->by_name = dup_field (entry, "by_name");
      step->to = dup_field (entry, "to");
      step->to_name = dup_field (entry, "to_name");
      step->topic = dup_field (entry, "topic");
      step->note = dup_field (entry, "note");
      step->rating = (guint) CLAMP (rd_frame_get_int (entry, "rating", 0), 0, 5);
      g_ptr_array_add (steps, step);
    }
  return steps;
}

void
rd_support_desk_requests_of_async (RdSupportDesk       *self,
                                   const char          *username,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_REQUESTER_REQUESTS, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (username != NULL);
  json_object_set_string_member (frame, "username", username);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_requests_of_async);
}

GPtrArray *
rd_support_desk_requests_of_finish (RdSupportDesk  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *entries = reply_array (self, result, rd_support_desk_requests_of_async, "requests", &reply, error);
  GPtrArray *requests;

  if (reply == NULL)
    return NULL;
  requests = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      RdSupportRequest *request;

      if (entry == NULL || rd_frame_get_int (entry, "request", 0) <= 0)
        continue;
      request = _rd_support_desk_ensure_request (self, rd_frame_get_int (entry, "request", 0));
      _rd_support_request_update (request, entry);
      g_ptr_array_add (requests, g_object_ref (request));
    }
  return requests;
}

GPtrArray *
rd_support_desk_transcript_finish (RdSupportDesk  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *entries = reply_array (self, result, rd_support_desk_transcript_async, "messages", &reply, error);
  GPtrArray *messages;

  if (reply == NULL)
    return NULL;
  messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      RdMessage *message;

      if (entry == NULL)
        continue;
      message = rd_message_new (rd_frame_get_string (entry, "uuid", ""), rd_frame_get_string (entry, "from", ""),
                                rd_frame_get_string (entry, "to", ""), rd_frame_get_string (entry, "body", ""), FALSE);
      _rd_message_set_stored (message, rd_frame_get_int (entry, "mid", 0), rd_frame_get_int (entry, "ts", 0));
      g_ptr_array_add (messages, message);
    }
  return messages;
}

RdFacts *
rd_support_desk_facts_finish (RdSupportDesk  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_autoptr(JsonObject) reply = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_support_desk_facts_async, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), error);
  return reply ? rd_facts_new_for_json (json_object_get_object_member (reply, "facts")) : NULL;
}

/* ---- reloads ---- */

#define RELOAD_CALL(name, type, apply) \
  void \
  rd_support_desk_refresh_##name##_async (RdSupportDesk       *self, \
                                          GCancellable        *cancellable, \
                                          GAsyncReadyCallback  callback, \
                                          gpointer             user_data) \
  { \
    g_autoptr(JsonObject) frame = rd_frame_new (type, NULL); \
    g_return_if_fail (RD_IS_SUPPORT_DESK (self)); \
    send_call (self, frame, apply, NULL, cancellable, callback, user_data, \
               rd_support_desk_refresh_##name##_async); \
  }

RELOAD_CALL (queue, RD_FRAME_QUEUE_LIST, _rd_support_desk_apply_queue)
RELOAD_CALL (topics, RD_FRAME_TOPICS_LIST, _rd_support_desk_apply_topics)
RELOAD_CALL (canned, RD_FRAME_CANNED_LIST, _rd_support_desk_apply_canned)
RELOAD_CALL (dashboard, RD_FRAME_DASHBOARD_GET, _rd_support_desk_apply_dashboard)

#undef RELOAD_CALL

/* ---- supervisors: the desk's settings ---- */

void
rd_support_desk_set_canned_async (RdSupportDesk       *self,
                                  const char          *title,
                                  const char          *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_SET, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (title != NULL && body != NULL);
  json_object_set_string_member (frame, "title", title);
  json_object_set_string_member (frame, "body", body);
  send_call (self, frame, NULL, rd_support_desk_refresh_canned_async, cancellable, callback, user_data,
             rd_support_desk_set_canned_async);
}

void
rd_support_desk_delete_canned_async (RdSupportDesk       *self,
                                     const char          *title,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_CANNED_DELETE, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (title != NULL);
  json_object_set_string_member (frame, "title", title);
  send_call (self, frame, NULL, rd_support_desk_refresh_canned_async, cancellable, callback, user_data,
             rd_support_desk_delete_canned_async);
}

void
rd_support_desk_set_capacity_async (RdSupportDesk       *self,
                                    const char          *username,
                                    guint                capacity,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_AGENT_CAPACITY_SET, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (username != NULL);
  json_object_set_string_member (frame, "username", username);
  json_object_set_int_member (frame, "capacity", capacity);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_set_capacity_async);
}

void
rd_support_desk_set_skill_async (RdSupportDesk       *self,
                                 const char          *username,
                                 const char          *topic,
                                 gboolean             serves,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_AGENT_SKILL_SET, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (username != NULL && topic != NULL);
  json_object_set_string_member (frame, "username", username);
  json_object_set_string_member (frame, "topic", topic);
  json_object_set_boolean_member (frame, "serves", serves);
  send_call (self, frame, NULL, NULL, cancellable, callback, user_data, rd_support_desk_set_skill_async);
}

void
rd_support_desk_set_topic_policy_async (RdSupportDesk       *self,
                                        const char          *topic,
                                        guint                first_response_s,
                                        gint                 wrap_up_s,
                                        const char          *time_zone,
                                        const char          *hours,
                                        const char          *closed_days,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPIC_POLICY_SET, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (topic != NULL);
  json_object_set_string_member (frame, "topic", topic);
  if (first_response_s > 0)
    json_object_set_int_member (frame, "first_response_s", first_response_s);
  if (wrap_up_s >= 0)
    json_object_set_int_member (frame, "wrap_up_s", wrap_up_s);
  if (time_zone != NULL)
    json_object_set_string_member (frame, "time_zone", time_zone);
  if (hours != NULL)
    json_object_set_string_member (frame, "hours", hours);
  if (closed_days != NULL)
    json_object_set_string_member (frame, "closed_days", closed_days);
  send_call (self, frame, NULL, rd_support_desk_refresh_topics_async, cancellable, callback, user_data,
             rd_support_desk_set_topic_policy_async);
}

void
rd_support_desk_set_topic_idle_async (RdSupportDesk       *self,
                                      const char          *topic,
                                      guint                idle_warn_s,
                                      guint                idle_close_s,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPIC_POLICY_SET, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (topic != NULL);
  json_object_set_string_member (frame, "topic", topic);
  json_object_set_int_member (frame, "idle_warn_s", idle_warn_s);
  json_object_set_int_member (frame, "idle_close_s", idle_close_s);
  send_call (self, frame, NULL, rd_support_desk_refresh_topics_async, cancellable, callback, user_data,
             rd_support_desk_set_topic_idle_async);
}

void
rd_support_desk_add_topic_async (RdSupportDesk       *self,
                                 const char          *name,
                                 RdRouteStrategy      strategy,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) frame = rd_frame_new (RD_FRAME_TOPIC_ADD, NULL);

  g_return_if_fail (RD_IS_SUPPORT_DESK (self));
  g_return_if_fail (name != NULL);
  json_object_set_string_member (frame, "name", name);
  json_object_set_string_member (frame, "strategy", rd_route_strategy_to_string (strategy));
  send_call (self, frame, NULL, rd_support_desk_refresh_topics_async, cancellable, callback, user_data,
             rd_support_desk_add_topic_async);
}
