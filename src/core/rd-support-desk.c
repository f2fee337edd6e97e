/* rd-support-desk.c: the desk's objects and models, kept from the client's
 * events and the relay's replies (the calls are in rd-support-desk-calls.c).
 *
 * One RdSupportRequest per id lives as long as the desk, so the queue row,
 * the offer dialog and the support page of one request share one object.
 */
#define G_LOG_DOMAIN "rd-support-desk"

#include "config.h"

#include "rd-client.h"
#include "rd-protocol.h"
#include "rd-support-desk-private.h"

struct _RdSupportDesk
{
  GObject           parent_instance;

  RdClient         *client;           /* weak: it owns us */
  GHashTable       *requests;         /* gint64 * id -> RdSupportRequest */
  GListStore       *queue;
  GListStore       *offers;
  GListStore       *topics;
  GListStore       *canned;
  GListStore       *staff;
  GListStore       *handled;
  GListStore       *mine;
  RdSupportFigures  figures;
  gboolean          follow_queue;
  gboolean          follow_staff;
  gboolean          topics_asked;
  gboolean          canned_asked;
  GCancellable     *queue_refresh;
  GCancellable     *staff_refresh;
};

G_DEFINE_FINAL_TYPE (RdSupportDesk, rd_support_desk, G_TYPE_OBJECT)

enum { PROP_0, PROP_FIGURES, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_REQUEST_CHANGED, SIGNAL_OFFERED, SIGNAL_BREACHED, SIGNAL_SCREENSHOT_ASKED, SIGNAL_SCREENSHOT_ANSWERED,
       N_SIGNALS };
static guint signals[N_SIGNALS];

RdClient *
_rd_support_desk_get_client (RdSupportDesk *self)
{
  return self->client;
}

RdSupportRequest *
_rd_support_desk_ensure_request (RdSupportDesk *self,
                                 gint64         id)
{
  RdSupportRequest *request = g_hash_table_lookup (self->requests, &id);

  if (request == NULL)
    {
      request = _rd_support_request_new (id);
      g_hash_table_insert (self->requests, g_memdup2 (&id, sizeof id), request);
    }
  return request;
}

RdSupportRequest *
rd_support_desk_lookup (RdSupportDesk *self,
                        gint64         id)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  return g_hash_table_lookup (self->requests, &id);
}

/* ---- models replaced from replies ---- */

/* Makes @store hold exactly @items, in order, touching only what differs,
 * so rows of items that stay are not rebuilt. */
static void
store_replace (GListStore *store,
               GPtrArray  *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint same = 0;

  while (same < n && same < items->len)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), same);

      if (item != g_ptr_array_index (items, same))
        break;
      same++;
    }
  g_list_store_splice (store, same, n - same, items->pdata + same, items->len - same);
}

/* @store holds the requests of @entries, in order, each updated. */
static void
apply_requests (RdSupportDesk *self,
                GListStore    *store,
                JsonArray     *entries)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      RdSupportRequest *request;

      if (entry == NULL)
        continue;
      request = _rd_support_desk_ensure_request (self, rd_frame_get_int (entry, "request", 0));
      _rd_support_request_update (request, entry);
      g_ptr_array_add (items, request);
    }
  store_replace (store, items);
}

void
_rd_support_desk_apply_queue (RdSupportDesk *self,
                              JsonObject    *reply)
{
  apply_requests (self, self->queue, json_object_get_array_member (reply, "requests"));
}

static void
apply_topic_list (RdSupportDesk *self,
                  JsonArray     *entries)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *name = entry ? rd_frame_get_string (entry, "name", NULL) : NULL;
      RdRouteStrategy strategy = RD_ROUTE_LEAST_BUSY;
      RdTopic *same;

      if (name == NULL)
        continue;
      rd_route_strategy_from_string (rd_frame_get_string (entry, "strategy", ""), &strategy);
      same = rd_support_desk_find_topic (self, name);
      same = same != NULL && rd_topic_get_strategy (same) == strategy ? g_object_ref (same) : rd_topic_new (name, strategy);
      _rd_topic_update (same, entry);
      g_ptr_array_add (items, same);
    }
  store_replace (self->topics, items);
}

void
_rd_support_desk_apply_topics (RdSupportDesk *self,
                               JsonObject    *reply)
{
  apply_topic_list (self, json_object_get_array_member (reply, "topics"));
}

void
_rd_support_desk_breached (RdSupportDesk *self,
                           JsonObject    *data)
{
  RdSupportRequest *request;

  if (data == NULL || rd_frame_get_int (data, "request", 0) <= 0)
    return;
  request = _rd_support_desk_ensure_request (self, rd_frame_get_int (data, "request", 0));
  _rd_support_request_update (request, data);
  g_signal_emit (self, signals[SIGNAL_BREACHED], 0, request);
}

void
_rd_support_desk_apply_canned (RdSupportDesk *self,
                               JsonObject    *reply)
{
  JsonArray *entries = json_object_get_array_member (reply, "replies");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      const char *title = entry ? rd_frame_get_string (entry, "title", NULL) : NULL;
      const char *body = entry ? rd_frame_get_string (entry, "body", "") : "";
      RdCannedReply *same;

      if (title == NULL)
        continue;
      same = rd_support_desk_find_canned_reply (self, title);
      if (same != NULL && g_str_equal (rd_canned_reply_get_body (same), body))
        g_ptr_array_add (items, g_object_ref (same));
      else
        g_ptr_array_add (items, rd_canned_reply_new (title, body));
    }
  store_replace (self->canned, items);
}

static void
set_figures (RdSupportDesk *self,
             JsonObject    *queue)
{
  RdSupportFigures figures = {
    .waiting = rd_frame_get_int (queue, "waiting", 0),
    .longest_wait_s = rd_frame_get_int (queue, "longest_wait_s", 0),
    .average_wait_s = rd_frame_get_int (queue, "average_wait_s", 0),
    .average_handle_s = rd_frame_get_int (queue, "average_handle_s", 0),
    .resolved_today = rd_frame_get_int (queue, "resolved_today", 0),
    .breaches_today = rd_frame_get_int (queue, "breaches_today", 0),
    .average_rating = json_object_get_double_member_with_default (queue, "average_rating", 0),
  };

  if (memcmp (&figures, &self->figures, sizeof figures) == 0)
    return;
  self->figures = figures;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIGURES]);
}

void
_rd_support_desk_apply_dashboard (RdSupportDesk *self,
                                  JsonObject    *reply)
{
  JsonArray *agents = json_object_get_array_member (reply, "agents");
  JsonObject *queue = json_object_get_object_member (reply, "queue");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; agents != NULL && i < json_array_get_length (agents); i++)
    {
      JsonObject *entry = json_array_get_object_element (agents, i);
      const char *username = entry ? rd_frame_get_string (entry, "username", NULL) : NULL;
      RdStaffMember *member;

      if (username == NULL)
        continue;
      member = rd_support_desk_find_staff_member (self, username);
      member = member ? g_object_ref (member) : _rd_staff_member_new (username);
      _rd_staff_member_update (member, entry);
      g_ptr_array_add (items, member);
    }
  store_replace (self->staff, items);
  apply_requests (self, self->handled, json_object_get_array_member (reply, "requests"));
  if (json_object_has_member (reply, "topics"))
    apply_topic_list (self, json_object_get_array_member (reply, "topics"));
  if (queue != NULL)
    set_figures (self, queue);
}

/* ---- lookups ---- */

#define FIND_IN_STORE(store, type, getter, key) \
  G_STMT_START { \
    guint n_ = g_list_model_get_n_items (G_LIST_MODEL (store)); \
    for (guint i_ = 0; i_ < n_; i_++) \
      { \
        g_autoptr(type) item_ = g_list_model_get_item (G_LIST_MODEL (store), i_); \
        if (g_strcmp0 (getter (item_), key) == 0) \
          return item_;   /* the store keeps it alive */ \
      } \
    return NULL; \
  } G_STMT_END

RdTopic *
rd_support_desk_find_topic (RdSupportDesk *self,
                            const char    *name)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  FIND_IN_STORE (self->topics, RdTopic, rd_topic_get_name, name);
}

RdCannedReply *
rd_support_desk_find_canned_reply (RdSupportDesk *self,
                                   const char    *title)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  FIND_IN_STORE (self->canned, RdCannedReply, rd_canned_reply_get_title, title);
}

RdStaffMember *
rd_support_desk_find_staff_member (RdSupportDesk *self,
                                   const char    *username)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  FIND_IN_STORE (self->staff, RdStaffMember, rd_staff_member_get_username, username);
}

#undef FIND_IN_STORE

/* ---- following the relay ---- */

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rd_support_desk_call_finish (RD_SUPPORT_DESK (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("refresh failed: %s", error->message);
}

/* Only the newest refresh of a model counts: an older reply that comes
 * later would show an older queue. */
static GCancellable *
restart (GCancellable **slot)
{
  g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  return *slot;
}

static gboolean
online (RdSupportDesk *self)
{
  return self->client != NULL && rd_client_get_state (self->client) == RD_CLIENT_ONLINE;
}

static void
refresh_queue (RdSupportDesk *self)
{
  if (self->follow_queue && online (self))
    rd_support_desk_refresh_queue_async (self, restart (&self->queue_refresh), refreshed_cb, NULL);
}

static void
refresh_staff (RdSupportDesk *self)
{
  if (self->follow_staff && online (self))
    rd_support_desk_refresh_dashboard_async (self, restart (&self->staff_refresh), refreshed_cb, NULL);
}

static void
queue_changed_cb (RdSupportDesk *self)
{
  refresh_queue (self);
  refresh_staff (self);
}

static void
state_changed_cb (RdSupportDesk *self)
{
  if (!online (self))
    return;
  /* Back online: what changed meanwhile was not pushed to us. */
  refresh_queue (self);
  refresh_staff (self);
  if (self->topics_asked)
    rd_support_desk_refresh_topics_async (self, NULL, refreshed_cb, NULL);
  if (self->canned_asked)
    rd_support_desk_refresh_canned_async (self, NULL, refreshed_cb, NULL);
}

static void
position_cb (RdSupportDesk *self,
             gint64         id,
             guint          position,
             guint          estimated_wait_s,
             guint          agents_available)
{
  _rd_support_request_set_position (_rd_support_desk_ensure_request (self, id), position, estimated_wait_s,
                                    agents_available);
}

static void
drop_offer (RdSupportDesk    *self,
            RdSupportRequest *request)
{
  guint position;

  if (g_list_store_find (self->offers, request, &position))
    g_list_store_remove (self->offers, position);
}

/* The requests offered to this agent or held by them, in the order they came. */
static void
follow_mine (RdSupportDesk    *self,
             RdSupportRequest *request)
{
  RdRequestState state = rd_support_request_get_state (request);
  gboolean mine = self->client != NULL &&
                  g_strcmp0 (rd_support_request_get_agent (request), rd_client_get_username (self->client)) == 0 &&
                  (state == RD_REQUEST_OFFERED || state == RD_REQUEST_ACTIVE);
  guint position;
  gboolean listed = g_list_store_find (self->mine, request, &position);

  if (mine && !listed)
    g_list_store_append (self->mine, request);
  else if (!mine && listed)
    g_list_store_remove (self->mine, position);
}

/* A question or an answer about a screenshot, for a request still open
 * between the two: older ones (replayed after a while away) are let go. */
static void
screenshot_event (RdSupportDesk *self,
                  const char    *kind,
                  JsonObject    *data)
{
  RdSupportRequest *request = rd_support_desk_lookup (self, rd_frame_get_int (data, "request", 0));

  if (request == NULL || rd_support_request_get_state (request) != RD_REQUEST_ACTIVE)
    return;
  if (g_str_equal (kind, "screenshot_ask"))
    g_signal_emit (self, signals[SIGNAL_SCREENSHOT_ASKED], 0, request);
  else
    g_signal_emit (self, signals[SIGNAL_SCREENSHOT_ANSWERED], 0, request, rd_frame_get_bool (data, "shared", FALSE));
}

static void
event_cb (RdSupportDesk *self,
          const char    *kind,
          JsonObject    *data)
{
  RdSupportRequest *request;
  guint position;

  if (g_str_equal (kind, "screenshot_ask") || g_str_equal (kind, "screenshot_answer"))
    {
      screenshot_event (self, kind, data);
      return;
    }
  if (!g_str_equal (kind, "request") && !g_str_equal (kind, "offer") && !g_str_equal (kind, "request_note"))
    return;
  request = _rd_support_desk_ensure_request (self, rd_frame_get_int (data, "request", 0));
  if (g_str_equal (kind, "request_note"))
    {
      _rd_support_request_add_note (request, rd_frame_get_string (data, "author", ""),
                                    rd_frame_get_string (data, "text", ""));
      return;
    }
  _rd_support_request_update (request, data);
  /* An offer stays open until the request moves on (accepted, declined,
   * timed out, taken back), so a window made after the sign-in still
   * shows one that came with it. */
  if (g_str_equal (kind, "offer"))
    {
      if (!g_list_store_find (self->offers, request, &position))
        {
          g_list_store_append (self->offers, request);
          g_signal_emit (self, signals[SIGNAL_OFFERED], 0, request);
        }
    }
  else if (rd_support_request_get_state (request) != RD_REQUEST_OFFERED)
    drop_offer (self, request);
  follow_mine (self, request);
  g_signal_emit (self, signals[SIGNAL_REQUEST_CHANGED], 0, request);
}

RdSupportDesk *
_rd_support_desk_new (RdClient *client)
{
  RdSupportDesk *self = g_object_new (RD_TYPE_SUPPORT_DESK, NULL);

  self->client = client;
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &self->client);
  g_signal_connect_object (client, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "request-position", G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "queue-changed", G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
  /* Staff change presence: the dashboard's list shows it; the queue does not. */
  g_signal_connect_object (client, "presence-changed", G_CALLBACK (refresh_staff), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

/* ---- models, followed from the first time they are asked for ---- */

GListModel *
rd_support_desk_get_queue (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);

  if (!self->follow_queue)
    {
      self->follow_queue = TRUE;
      refresh_queue (self);
    }
  return G_LIST_MODEL (self->queue);
}

/* The staff list and the requests being handled come in one dashboard reply. */
static void
follow_dashboard (RdSupportDesk *self)
{
  if (!self->follow_staff)
    {
      self->follow_staff = TRUE;
      refresh_staff (self);
    }
}

GListModel *
rd_support_desk_get_staff (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);

  follow_dashboard (self);
  return G_LIST_MODEL (self->staff);
}

GListModel *
rd_support_desk_get_handled (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);

  follow_dashboard (self);
  return G_LIST_MODEL (self->handled);
}

GListModel *
rd_support_desk_get_topics (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);

  if (!self->topics_asked)
    {
      self->topics_asked = TRUE;
      rd_support_desk_refresh_topics_async (self, NULL, refreshed_cb, NULL);
    }
  return G_LIST_MODEL (self->topics);
}

GListModel *
rd_support_desk_get_canned_replies (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);

  if (!self->canned_asked)
    {
      self->canned_asked = TRUE;
      rd_support_desk_refresh_canned_async (self, NULL, refreshed_cb, NULL);
    }
  return G_LIST_MODEL (self->canned);
}

GListModel *
rd_support_desk_get_mine (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  return G_LIST_MODEL (self->mine);
}

static gboolean
is_open (RdSupportRequest *request)
{
  RdRequestState state = rd_support_request_get_state (request);

  return state == RD_REQUEST_QUEUED || state == RD_REQUEST_OFFERED || state == RD_REQUEST_ACTIVE;
}

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  gint64 x = rd_support_request_get_id (*(RdSupportRequest **) a);
  gint64 y = rd_support_request_get_id (*(RdSupportRequest **) b);

  return x < y ? -1 : x > y;
}

GPtrArray *
rd_support_desk_list_asked_open (RdSupportDesk *self)
{
  GPtrArray *asked = g_ptr_array_new_with_free_func (g_object_unref);
  const char *me;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), asked);

  me = self->client ? rd_client_get_username (self->client) : NULL;
  g_hash_table_iter_init (&iter, self->requests);
  while (me != NULL && g_hash_table_iter_next (&iter, NULL, &value))
    if (is_open (value) && g_strcmp0 (rd_support_request_get_requester (value), me) == 0)
      g_ptr_array_add (asked, g_object_ref (value));
  g_ptr_array_sort (asked, by_id);
  return asked;
}

guint
rd_support_desk_count_open_own (RdSupportDesk *self,
                                guint         *out_asked)
{
  g_autoptr(GPtrArray) asked = rd_support_desk_list_asked_open (self);
  GListModel *mine = G_LIST_MODEL (self->mine);
  guint helping = 0;

  for (guint i = 0; i < g_list_model_get_n_items (mine); i++)
    {
      g_autoptr(RdSupportRequest) request = g_list_model_get_item (mine, i);

      helping += rd_support_request_get_state (request) == RD_REQUEST_ACTIVE;
    }
  if (out_asked)
    *out_asked = asked->len;
  return helping;
}

GListModel *
rd_support_desk_get_offers (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  return G_LIST_MODEL (self->offers);
}

const RdSupportFigures *
rd_support_desk_get_figures (RdSupportDesk *self)
{
  g_return_val_if_fail (RD_IS_SUPPORT_DESK (self), NULL);
  return &self->figures;
}

static void
rd_support_desk_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdSupportDesk *self = RD_SUPPORT_DESK (object);

  switch (prop_id)
    {
    case PROP_FIGURES: g_value_set_pointer (value, &self->figures); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_support_desk_dispose (GObject *object)
{
  RdSupportDesk *self = RD_SUPPORT_DESK (object);

  g_cancellable_cancel (self->queue_refresh);
  g_cancellable_cancel (self->staff_refresh);
  g_clear_object (&self->queue_refresh);
  g_clear_object (&self->staff_refresh);
  if (self->client != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->client), (gpointer *) &self->client);
      self->client = NULL;
    }
  G_OBJECT_CLASS (rd_support_desk_parent_class)->dispose (object);
}

static void
rd_support_desk_finalize (GObject *object)
{
  RdSupportDesk *self = RD_SUPPORT_DESK (object);

  g_clear_object (&self->queue);
  g_clear_object (&self->offers);
  g_clear_object (&self->topics);
  g_clear_object (&self->canned);
  g_clear_object (&self->staff);
  g_clear_object (&self->handled);
  g_clear_object (&self->mine);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  G_OBJECT_CLASS (rd_support_desk_parent_class)->finalize (object);
}

static void
rd_support_desk_class_init (RdSupportDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_support_desk_get_property;
  object_class->dispose = rd_support_desk_dispose;
  object_class->finalize = rd_support_desk_finalize;
  properties[PROP_FIGURES] = g_param_spec_pointer ("figures", NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_REQUEST_CHANGED] =
    g_signal_new ("request-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_SUPPORT_REQUEST);
  signals[SIGNAL_OFFERED] =
    g_signal_new ("offered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_SUPPORT_REQUEST);
  signals[SIGNAL_BREACHED] =
    g_signal_new ("breached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_SUPPORT_REQUEST);
  signals[SIGNAL_SCREENSHOT_ASKED] =
    g_signal_new ("screenshot-asked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RD_TYPE_SUPPORT_REQUEST);
  signals[SIGNAL_SCREENSHOT_ANSWERED] =
    g_signal_new ("screenshot-answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RD_TYPE_SUPPORT_REQUEST, G_TYPE_BOOLEAN);
}

static void
rd_support_desk_init (RdSupportDesk *self)
{
  self->requests = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->queue = g_list_store_new (RD_TYPE_SUPPORT_REQUEST);
  self->offers = g_list_store_new (RD_TYPE_SUPPORT_REQUEST);
  self->topics = g_list_store_new (RD_TYPE_TOPIC);
  self->canned = g_list_store_new (RD_TYPE_CANNED_REPLY);
  self->staff = g_list_store_new (RD_TYPE_STAFF_MEMBER);
  self->handled = g_list_store_new (RD_TYPE_SUPPORT_REQUEST);
  self->mine = g_list_store_new (RD_TYPE_SUPPORT_REQUEST);
}
