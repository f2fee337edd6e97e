/* rd-relay-screenshot.c: an agent asks the requester of the request they
 * hold for a screenshot; the requester's answer goes back to the agent.
 * The picture itself travels as any file does (docs/protocol.md, "A
 * screenshot on request"); the relay only carries the question and the
 * answer, as events, so either side may be away for a while. */
#define G_LOG_DOMAIN "rd-relay"

#include "config.h"

#include "rd-relay-private.h"

/* Appends @kind with @data to @account_id's log, then says ok to @id. */
static void
tell (RdRelaySession *self,
      const char     *id,
      gint64          account_id,
      const char     *kind,
      JsonObject     *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = rd_frame_new (RD_FRAME_OK, id);

  if (!_rd_relay_server_write_begin (self->server, &error) ||
      !_rd_relay_server_append_event (self->server, account_id, kind, data, _rd_relay_now_ms (), &error))
    {
      _rd_relay_session_write_error (self, id, error);
      return;
    }
  _rd_relay_session_reply_after_commit (self, id, ok);
}

/* TRUE if @request is active and @party (its agent or its requester) is
 * who sent the frame; else the refusal is sent. */
static gboolean
may_act (RdRelaySession  *self,
         const char      *id,
         RdStoredRequest *request,
         gint64           party,
         const char      *refusal)
{
  if (party != self->account->id)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_FORBIDDEN, refusal);
      return FALSE;
    }
  if (request->state != RD_REQUEST_ACTIVE || request->agent_id == 0)
    {
      rd_relay_session_send_error (self, id, RD_ERROR_CONFLICT, "the request is not active");
      return FALSE;
    }
  return TRUE;
}

/* The agent holding the request, to its requester. */
void
_rd_relay_handle_screenshot_ask (RdRelaySession *self,
                                 const char     *id,
                                 JsonObject     *frame)
{
  g_autoptr(RdStoredRequest) request = _rd_relay_request_for (self, id, frame);
  g_autoptr(JsonObject) data = NULL;

  if (request == NULL ||
      !may_act (self, id, request, request->agent_id, "only the agent holding the request may ask"))
    return;
  data = json_object_new ();
  json_object_set_int_member (data, "request", request->id);
  _rd_relay_set_person (self->server, data, "agent", request->agent_id);
  tell (self, id, request->requester_id, "screenshot_ask", data);
}

/* Its requester, to the agent holding it now. */
void
_rd_relay_handle_screenshot_answer (RdRelaySession *self,
                                    const char     *id,
                                    JsonObject     *frame)
{
  g_autoptr(RdStoredRequest) request = _rd_relay_request_for (self, id, frame);
  g_autoptr(JsonObject) data = NULL;

  if (request == NULL || !may_act (self, id, request, request->requester_id, "only the requester may answer"))
    return;
  data = json_object_new ();
  json_object_set_int_member (data, "request", request->id);
  json_object_set_boolean_member (data, "shared", json_object_get_boolean_member (frame, "shared"));
  _rd_relay_set_person (self->server, data, "requester", request->requester_id);
  tell (self, id, request->agent_id, "screenshot_answer", data);
}
