/* rd-relay-idle.c: requests that go quiet. An active request whose
 * requester has not written to its agent for its topic's idle limit gets a
 * warning message (from the agent's side of the conversation); after a
 * further period without a reply it is resolved with the note
 * "closed_idle". Writing again within a day reopens it: a follow-up
 * request, active with the same agent (resolved requests never change). */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"
#include "rd-store-topic-policy.h"

#define REOPEN_WITHIN_US (G_TIME_SPAN_DAY)

static gboolean
warn (RdRelayServer   *self,
      RdQuietRequest  *quiet,
      gint64           now_us,
      GError         **error)
{
  g_autoptr(RdAccount) agent = rd_store_account_by_id (self->store, quiet->agent_id, error);
  g_autoptr(RdAccount) requester = agent ? rd_store_account_by_id (self->store, quiet->requester_id, error) : NULL;
  g_autoptr(RdStoredMessage) message = NULL;

  if (requester == NULL)
    return FALSE;
  message = g_new0 (RdStoredMessage, 1);
  message->uuid = g_uuid_string_random ();
  message->sender_id = agent->id;
  message->recipient_id = requester->id;
  message->sender = g_strdup (agent->username);
  message->recipient = g_strdup (requester->username);
  message->body = quiet->idle_close_s > 0
    ? g_strdup_printf ("Are you still there? Without a reply, this request will be closed in %u minutes. "
                       "Writing again within a day reopens it.", MAX (1u, (quiet->idle_close_s + 59) / 60))
    : g_strdup ("Are you still there? Reply when you are back and we will go on.");
  message->ts = now_us / 1000;
  return _rd_relay_store_new_message (self, message, error) &&
         _rd_relay_queue_record (self, quiet->request_id, "idle_warning", 0, quiet->requester_id, error);
}

static gboolean
close_idle (RdRelayServer   *self,
            RdQuietRequest  *quiet,
            gint64           now_us,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Resolved or taken meanwhile: nothing to close. */
  if (!rd_store_request_finish (self->store, quiet->request_id, RD_REQUEST_RESOLVED, now_us, &local_error))
    {
      if (g_error_matches (local_error, RD_STORE_ERROR, RD_STORE_ERROR_CONFLICT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return _rd_relay_queue_record (self, quiet->request_id, "closed_idle", 0, quiet->agent_id, error) &&
         _rd_relay_queue_announce (self, quiet->request_id, "closed_idle", 0, error);
}

void
_rd_relay_check_quiet_requests (RdRelayServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) quiet = NULL;
  gint64 now = g_get_real_time ();
  gboolean writing = FALSE;

  if (!_rd_relay_cluster_is_leader (self))
    return;
  if ((quiet = rd_store_quiet_requests (self->store, &error)) == NULL)
    {
      g_warning ("cannot look for quiet requests: %s", error->message);
      return;
    }
  for (guint i = 0; i < quiet->len; i++)
    {
      RdQuietRequest *request = g_ptr_array_index (quiet, i);
      gboolean warned = request->warned_at_us >= request->quiet_since_us;
      gboolean due_warning = !warned && now - request->quiet_since_us >= request->idle_warn_s * G_USEC_PER_SEC;
      gboolean due_close = warned && request->idle_close_s > 0 &&
                           now - request->warned_at_us >= request->idle_close_s * G_USEC_PER_SEC;

      if (!due_warning && !due_close)
        continue;
      if (!writing && !_rd_relay_server_write_begin (self, &error))
        goto failed;
      writing = TRUE;
      if (due_warning ? !warn (self, request, now, &error) : !close_idle (self, request, now, &error))
        goto failed;
      g_info ("request %" G_GINT64_FORMAT ": %s", request->request_id,
              due_warning ? "requester quiet, warned" : "closed after no reply to the warning");
    }
  if (writing)
    _rd_relay_queue_schedule_route (self);
  return;

failed:
  g_warning ("cannot handle quiet requests: %s", error->message);
  _rd_relay_server_write_failed (self, error);
}

gboolean
_rd_relay_reopen_if_closed_idle (RdRelayServer  *self,
                                 gint64          requester_id,
                                 gint64          agent_id,
                                 GError        **error)
{
  gint64 now = g_get_real_time ();
  gint64 old_id = rd_store_idle_closed_to_reopen (self->store, requester_id, agent_id, now - REOPEN_WITHIN_US, error);
  g_autoptr(RdStoredRequest) old = NULL;
  RdRequestStep step = { .what = (char *) "reopened", .actor_id = requester_id, .target_id = agent_id };
  g_autofree char *note = NULL;
  gint64 request_id;

  if (old_id <= 0)
    return old_id == 0;
  if ((old = rd_store_request_get (self->store, old_id, error)) == NULL ||
      (request_id = rd_store_request_create (self->store, requester_id, old->topic_id, old->summary, old->details,
                                             old->priority, now, error)) == 0 ||
      !rd_store_request_take (self->store, request_id, agent_id, now, error))
    return FALSE;
  note = g_strdup_printf ("#%" G_GINT64_FORMAT, old_id);
  step.text = note;
  g_info ("request %" G_GINT64_FORMAT " reopened as %" G_GINT64_FORMAT, old_id, request_id);
  return _rd_relay_queue_record_step (self, request_id, &step, error) &&
         _rd_relay_queue_announce (self, request_id, "reopened", 0, error);
}
