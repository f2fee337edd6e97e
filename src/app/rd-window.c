/* rd-window.c: the main window. Shows the sign-in page until the app has a
 * client, then the contact list beside the conversation tabs. */
#define G_LOG_DOMAIN "rd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-contact-list.h"
#include "rd-conversation-page.h"
#include "rd-dashboard-page.h"
#include "rd-my-requests.h"
#include "rd-help-dialog.h"
#include "rd-offer-prompt-private.h"
#include "rd-presence-selector.h"
#include "rd-queue-page.h"
#include "rd-screenshot-prompt.h"
#include "rd-search-popover.h"
#include "rd-sign-in-page.h"
#include "rd-support-page.h"
#include "rd-window-private.h"

struct _RdWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  RdSignInPage         *sign_in_page;
  RdPresenceSelector   *presence_selector;
  RdContactList        *contact_list;
  RdMyRequests         *my_requests;
  AdwWindowTitle       *sidebar_title;
  AdwWindowTitle       *conversation_title;
  AdwTabBar            *tab_bar;
  GtkMenuButton        *search_button;
  GtkWidget            *queue_button;
  GtkWidget            *dashboard_button;
  RdSearchPopover      *search_popover;
  AdwTabView           *tab_view;
  GtkStack             *content_stack;

  RdApplication        *app;
  RdClient             *client;
  RdOfferPrompt        *offer_prompt;
  RdScreenshotPrompt   *screenshot_prompt;
  gboolean              primary;
  guint                 unread_total;
};

G_DEFINE_FINAL_TYPE (RdWindow, rd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CURRENT_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean is_muted (RdWindow *self, const char *peer);
static gboolean is_supervisor (RdClient *client);
static void     set_current_muted (RdWindow *self, gboolean mute);
static void     selected_page_cb (RdWindow *self);

/* ---- tabs ---- */

/* The conversation in a tab, or NULL for a support tab. */
static RdConversationPage *
page_child (AdwTabPage *page)
{
  GtkWidget *child = adw_tab_page_get_child (page);

  return RD_IS_CONVERSATION_PAGE (child) ? RD_CONVERSATION_PAGE (child) : NULL;
}

static AdwTabPage *
find_tab (RdWindow   *self,
          const char *username)
{
  guint n = adw_tab_view_get_n_pages (self->tab_view);

  for (guint i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      if (page_child (page) != NULL && g_strcmp0 (rd_conversation_page_get_peer (page_child (page)), username) == 0)
        return page;
    }
  return NULL;
}

const char *
rd_window_get_current_peer (RdWindow *self)
{
  AdwTabPage *page;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  page = adw_tab_view_get_selected_page (self->tab_view);
  if (page == NULL || page_child (page) == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return NULL;
  return rd_conversation_page_get_peer (page_child (page));
}

static void
update_tab_attention (AdwTabPage *page)
{
  RdConversationPage *child = page_child (page);
  guint unread = rd_conversation_page_get_unread (child);

  adw_tab_page_set_needs_attention (page, unread > 0);
  adw_tab_page_set_title (page, rd_conversation_page_get_title (child));
}

static void
page_unread_cb (AdwTabPage *page)
{
  update_tab_attention (page);
}

void
rd_window_open_conversation (RdWindow   *self,
                             const char *username,
                             gboolean    select)
{
  AdwTabPage *page;

  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (username != NULL);

  if (self->client == NULL)
    return;
  page = find_tab (self, username);
  if (page == NULL)
    {
      RdConversationPage *child = rd_conversation_page_new (self->client, username);

      page = adw_tab_view_append (self->tab_view, GTK_WIDGET (child));
      update_tab_attention (page);
      g_signal_connect_object (child, "notify::unread", G_CALLBACK (page_unread_cb), page,
                               G_CONNECT_SWAPPED);
    }
  if (select)
    {
      adw_tab_view_set_selected_page (self->tab_view, page);
      rd_conversation_page_focus_composer (page_child (page));
    }
}

static void
support_conversation_cb (RdWindow   *self,
                         const char *agent)
{
  rd_window_open_conversation (self, agent, FALSE);
}

/* A requester's support tab for @request (selected). */
RdSupportPage *
rd_window_open_support (RdWindow         *self,
                        RdSupportRequest *request)
{
  RdSupportPage *child;
  AdwTabPage *page;
  g_autofree char *title = NULL;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  if (self->client == NULL)
    return NULL;
  child = rd_support_page_new (self->client, request);
  page = adw_tab_view_append (self->tab_view, GTK_WIDGET (child));
  /* Translators: the title of a support tab; %s is what the user asked about. */
  title = g_strdup_printf (_("Help: %s"), rd_support_request_get_summary (request));
  adw_tab_page_set_title (page, title);
  {
    g_autoptr(GIcon) icon = g_themed_icon_new ("help-browser-symbolic");
    adw_tab_page_set_icon (page, icon);
  }
  g_signal_connect_object (child, "open-conversation", G_CALLBACK (support_conversation_cb), self,
                           G_CONNECT_SWAPPED);
  adw_tab_view_set_selected_page (self->tab_view, page);
  /* Appending the first tab selected it before it had its title. */
  selected_page_cb (self);
  return child;
}

AdwTabView *
rd_window_get_tab_view (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->tab_view;
}

const char *
rd_window_get_page_name (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
rd_window_get_contact_list (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->contact_list);
}

GtkWidget *
rd_window_get_sign_in_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sign_in_page);
}

GtkWidget *
rd_window_get_search_popover (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->search_popover);
}

static void
mark_selected_read (RdWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL && page_child (page) != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    rd_conversation_page_mark_read (page_child (page));
}

static gboolean
is_muted (RdWindow   *self,
          const char *peer)
{
  g_auto(GStrv) muted = g_settings_get_strv (rd_application_get_settings (self->app), "muted-conversations");

  return peer != NULL && g_strv_contains ((const char * const *) muted, peer);
}

static void
update_mute_state (RdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mute-conversation",
                                 rd_window_get_current_peer (self) != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_MUTED]);
}

static void
selected_page_cb (RdWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  gtk_stack_set_visible_child_name (self->content_stack, page ? "tabs" : "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->tab_bar), page != NULL);
  update_mute_state (self);
  if (page == NULL)
    {
      adw_window_title_set_title (self->conversation_title, "");
      adw_window_title_set_subtitle (self->conversation_title, "");
      return;
    }
  if (page_child (page) == NULL)
    {
      adw_window_title_set_title (self->conversation_title, adw_tab_page_get_title (page));
      adw_window_title_set_subtitle (self->conversation_title, "");
      return;
    }
  adw_window_title_set_title (self->conversation_title, rd_conversation_page_get_title (page_child (page)));
  adw_window_title_set_subtitle (self->conversation_title,
                                 rd_conversation_page_get_subtitle (page_child (page)));
  rd_conversation_page_focus_composer (page_child (page));
  mark_selected_read (self);
}

static AdwTabView *
create_window_cb (RdWindow *self)
{
  RdWindow *window = rd_window_new (self->app, FALSE);

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 560);
  gtk_window_present (GTK_WINDOW (window));
  return window->tab_view;
}

static void
close_all_tabs (RdWindow *self)
{
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, 0);

      adw_tab_view_close_page (self->tab_view, page);
    }
}

/* ---- unread total in the title ---- */

static void
update_title (RdWindow *self)
{
  guint total = self->client != NULL ? rd_client_get_unread_total (self->client) : 0;
  g_autofree char *title = NULL;

  self->unread_total = total;
  /* Translators: the window title with the number of unread messages. */
  title = total > 0 ? g_strdup_printf (_("Relaydesk (%u)"), total) : g_strdup (_("Relaydesk"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* ---- the client comes and goes ---- */

static void
restore_tabs (RdWindow *self)
{
  GSettings *settings = rd_application_get_settings (self->app);
  g_auto(GStrv) peers = g_settings_get_strv (settings, "open-tabs");

  for (guint i = 0; peers[i] != NULL; i++)
    rd_window_open_conversation (self, peers[i], i == 0);
}

RdMyRequests *
rd_window_get_my_requests (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->my_requests;
}

/* A request in the sidebar's own section: its conversation. */
static void
my_request_open_cb (RdWindow   *self,
                    const char *requester)
{
  rd_window_open_conversation (self, requester, TRUE);
}

static void
offer_accepted_cb (RdWindow   *self,
                   gint64      request_id,
                   const char *requester)
{
  rd_window_open_conversation (self, requester, TRUE);
  gtk_window_present (GTK_WINDOW (self));
}

/* The agent's side: a request they hold shows its tools above the
 * conversation with its requester, until it is theirs no more. */
static void
agent_request_cb (RdWindow         *self,
                  RdSupportRequest *request)
{
  const char *requester = rd_support_request_get_requester (request);
  gboolean mine = g_strcmp0 (rd_support_request_get_agent (request), rd_client_get_username (self->client)) == 0;
  gboolean active = rd_support_request_get_state (request) == RD_REQUEST_ACTIVE;
  AdwTabPage *page;
  RdConversationPage *child;
  RdSupportBar *bar;

  if (g_strcmp0 (requester, rd_client_get_username (self->client)) == 0)
    return;   /* our own request: the support tab follows it */
  page = find_tab (self, requester);
  if (page == NULL && mine && active)
    {
      /* Just taken (from the queue): go to it. */
      rd_window_open_conversation (self, requester, TRUE);
      page = find_tab (self, requester);
    }
  if (page == NULL || (child = page_child (page)) == NULL)
    return;
  bar = rd_conversation_page_get_support_bar (child);
  if (mine && active)
    {
      if (bar == NULL || rd_support_bar_get_request (bar) != request || rd_support_bar_is_taken_away (bar))
        rd_conversation_page_set_support_bar (child, rd_support_bar_new (self->client, request));
    }
  else if (bar != NULL && rd_support_bar_get_request (bar) == request)
    {
      const char *reason = rd_support_request_get_reason (request);

      /* Done by a supervisor, not by this agent: say so rather than vanish. */
      if (g_str_equal (reason, "taken_over") || g_str_equal (reason, "reassigned") ||
          g_str_equal (reason, "closed_by_supervisor"))
        rd_support_bar_set_taken_away (bar);
      else
        rd_conversation_page_set_support_bar (child, NULL);
    }
}

static void
client_changed_cb (RdWindow *self)
{
  RdClient *client = rd_application_get_client (self->app);

  if (client == self->client)
    return;
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      close_all_tabs (self);
    }
  g_set_object (&self->client, client);
  g_clear_object (&self->offer_prompt);
  g_clear_object (&self->screenshot_prompt);
  if (client != NULL && self->primary)
    {
      self->offer_prompt = rd_offer_prompt_new (GTK_WINDOW (self), client);
      self->screenshot_prompt = rd_screenshot_prompt_new (GTK_WINDOW (self), client);
      g_signal_connect_object (self->offer_prompt, "accepted", G_CALLBACK (offer_accepted_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (rd_client_get_support_desk (client), "request-changed", G_CALLBACK (agent_request_cb),
                               self, G_CONNECT_SWAPPED);
    }
  rd_contact_list_set_client (self->contact_list, client);
  rd_my_requests_set_client (self->my_requests, client);
  rd_presence_selector_set_client (self->presence_selector, client);
  rd_search_popover_set_client (self->search_popover, client);

  if (client == NULL)
    {
      if (!self->primary)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      rd_sign_in_page_reset (self->sign_in_page);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      update_title (self);
      return;
    }

  g_signal_connect_object (client, "notify::unread-total", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  adw_window_title_set_subtitle (self->sidebar_title, rd_client_get_display_name (client));
  gtk_widget_set_visible (self->queue_button, g_strcmp0 (rd_client_get_role (client), "requester") != 0);
  gtk_widget_set_visible (self->dashboard_button, is_supervisor (client));
  gtk_stack_set_visible_child_name (self->stack, "main");
  if (self->primary)
    {
      GListModel *mine = rd_support_desk_get_mine (rd_client_get_support_desk (client));

      g_autoptr(GPtrArray) asked = rd_support_desk_list_asked_open (rd_client_get_support_desk (client));

      restore_tabs (self);
      /* A window made while requests are open (the app ran without one):
       * the requester's support tabs (place, agent, then the rating) and
       * the agent's tools, as if they had just been asked or taken. */
      for (guint i = 0; i < asked->len; i++)
        rd_window_open_support (self, g_ptr_array_index (asked, i));
      for (guint i = 0; i < g_list_model_get_n_items (mine); i++)
        {
          g_autoptr(RdSupportRequest) request = g_list_model_get_item (mine, i);

          agent_request_cb (self, request);
        }
    }
  update_title (self);
}

static void
contact_activated_cb (RdWindow   *self,
                      const char *username)
{
  rd_window_open_conversation (self, username, TRUE);
}

static void
save_state (RdWindow *self)
{
  GSettings *settings = rd_application_get_settings (self->app);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) peers = NULL;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (self->client == NULL)
    return;
  for (guint i = 0; i < (guint) adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      RdConversationPage *child = page_child (adw_tab_view_get_nth_page (self->tab_view, i));

      /* Support tabs come back from the relay's events, not from here. */
      if (child != NULL)
        g_strv_builder_add (builder, rd_conversation_page_get_peer (child));
    }
  peers = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "open-tabs", (const char * const *) peers);
}

static gboolean
rd_window_close_request (GtkWindow *window)
{
  RdWindow *self = RD_WINDOW (window);

  if (self->primary)
    save_state (self);
  return GTK_WINDOW_CLASS (rd_window_parent_class)->close_request (window);
}

static void
active_cb (RdWindow *self)
{
  mark_selected_read (self);
}

/* ---- actions ---- */

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rd_contact_list_focus_search (RD_WINDOW (widget)->contact_list);
}

static void
help_created_cb (RdWindow         *self,
                 RdSupportRequest *request,
                 RdHelpDialog     *dialog)
{
  g_autoptr(GPtrArray) files = rd_help_dialog_take_attachments (dialog);
  RdSupportPage *page = rd_window_open_support (self, request);

  if (page != NULL)
    rd_support_page_set_files_for_agent (page, files);
}

static void
get_help_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  RdHelpDialog *dialog;

  if (self->client == NULL)
    return;
  dialog = rd_help_dialog_new (GTK_WINDOW (self), self->client);
  g_signal_connect_object (dialog, "created", G_CALLBACK (help_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
rd_window_ask_screenshot (RdWindow         *self,
                          RdSupportRequest *request)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (self->screenshot_prompt != NULL);

  rd_screenshot_prompt_ask (self->screenshot_prompt, request);
}

gboolean
rd_window_asks_questions (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);
  return self->screenshot_prompt != NULL;
}

GtkWidget *
rd_window_get_screenshot_dialog (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->screenshot_prompt ? GTK_WIDGET (rd_screenshot_prompt_get_dialog (self->screenshot_prompt)) : NULL;
}

GtkWidget *
rd_window_get_offer_dialog (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->offer_prompt ? GTK_WIDGET (rd_offer_prompt_get_dialog (self->offer_prompt)) : NULL;
}

/* A tab of @type (the queue, the dashboard), opened once and then selected. */
static void
show_tool_tab (RdWindow   *self,
               GType       type,
               GtkWidget *(*make) (RdClient *client),
               const char *title)
{
  AdwTabPage *page;

  for (guint i = 0; i < (guint) adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      page = adw_tab_view_get_nth_page (self->tab_view, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (adw_tab_page_get_child (page), type))
        {
          adw_tab_view_set_selected_page (self->tab_view, page);
          return;
        }
    }
  page = adw_tab_view_append (self->tab_view, make (self->client));
  adw_tab_page_set_title (page, title);
  adw_tab_view_set_selected_page (self->tab_view, page);
  selected_page_cb (self);
}

static GtkWidget *
make_queue (RdClient *client)
{
  return GTK_WIDGET (rd_queue_page_new (client));
}

static GtkWidget *
make_dashboard (RdClient *client)
{
  return GTK_WIDGET (rd_dashboard_page_new (client));
}

static gboolean
is_supervisor (RdClient *client)
{
  const char *role = rd_client_get_role (client);

  return g_strcmp0 (role, "supervisor") == 0 || g_strcmp0 (role, "admin") == 0;
}

static void
show_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->client != NULL && g_strcmp0 (rd_client_get_role (self->client), "requester") != 0)
    show_tool_tab (self, RD_TYPE_QUEUE_PAGE, make_queue, _("Support Queue"));
}

static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->client != NULL && is_supervisor (self->client))
    show_tool_tab (self, RD_TYPE_DASHBOARD_PAGE, make_dashboard, _("Dashboard"));
}

static void
search_messages_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->client != NULL)
    gtk_menu_button_popup (self->search_button);
}

/* Mute is kept per peer in GSettings; "current-muted" (the toggle's
 * property action) is the current tab's. */
static void
set_current_muted (RdWindow *self,
                   gboolean  mute)
{
  GSettings *settings = rd_application_get_settings (self->app);
  const char *peer = rd_window_get_current_peer (self);
  g_auto(GStrv) muted = g_settings_get_strv (settings, "muted-conversations");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  if (peer == NULL || is_muted (self, peer) == mute)
    return;
  for (guint i = 0; muted[i] != NULL; i++)
    if (!g_str_equal (muted[i], peer))
      g_strv_builder_add (builder, muted[i]);
  if (mute)
    g_strv_builder_add (builder, peer);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "muted-conversations", (const char * const *) updated);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_MUTED]);
}

void
rd_window_set_accels (GtkApplication *app)
{
  static const char *close_tab[] = { "<Control>w", NULL };
  static const char *search[] = { "<Control>f", NULL };
  static const char *search_messages[] = { "<Control><Shift>f", NULL };
  static const char *get_help[] = { "<Control>h", NULL };
  static const char *show_queue[] = { "<Control>u", NULL };

  gtk_application_set_accels_for_action (app, "win.close-tab", close_tab);
  gtk_application_set_accels_for_action (app, "win.search", search);
  gtk_application_set_accels_for_action (app, "win.search-messages", search_messages);
  gtk_application_set_accels_for_action (app, "win.get-help", get_help);
  gtk_application_set_accels_for_action (app, "win.show-queue", show_queue);
}

static void
search_result_cb (RdWindow   *self,
                  const char *peer,
                  const char *uuid,
                  gint64      mid)
{
  AdwTabPage *page;

  rd_window_open_conversation (self, peer, TRUE);
  page = find_tab (self, peer);
  if (page != NULL && page_child (page) != NULL)
    rd_conversation_page_reveal_message (page_child (page), uuid, mid);
}

RdWindow *
rd_window_new (RdApplication *app,
               gboolean       primary)
{
  RdWindow *self = g_object_new (RD_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = rd_application_get_settings (app);

  self->app = app;
  self->primary = primary;
  if (primary)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  rd_sign_in_page_set_application (self->sign_in_page, app);
  g_signal_connect_object (app, "notify::client", G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  client_changed_cb (self);
  if (self->client == NULL)
    update_title (self);
  return self;
}

static void
rd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RdWindow *self = RD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CURRENT_MUTED:
      g_value_set_boolean (value, self->app != NULL && is_muted (self, rd_window_get_current_peer (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RdWindow *self = RD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CURRENT_MUTED:
      set_current_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->offer_prompt);
  g_clear_object (&self->screenshot_prompt);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rd_window_dispose;
  object_class->get_property = rd_window_get_property;
  object_class->set_property = rd_window_set_property;

  properties[PROP_CURRENT_MUTED] =
    g_param_spec_boolean ("current-muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = rd_window_close_request;

  g_type_ensure (RD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (RD_TYPE_CONTACT_LIST);
  g_type_ensure (RD_TYPE_MY_REQUESTS);
  g_type_ensure (RD_TYPE_PRESENCE_SELECTOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/relaydesk/Relaydesk/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, presence_selector);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, contact_list);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, my_requests);
  gtk_widget_class_bind_template_callback (widget_class, my_request_open_cb);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, conversation_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, queue_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, dashboard_button);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, content_stack);

  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.search-messages", NULL, search_messages_action);
  gtk_widget_class_install_action (widget_class, "win.get-help", NULL, get_help_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", NULL, show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_property_action (widget_class, "win.mute-conversation", "current-muted");
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->tab_view, "notify::selected-page", G_CALLBACK (selected_page_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_view, "create-window", G_CALLBACK (create_window_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contact_list, "contact-activated", G_CALLBACK (contact_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_cb), NULL);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  self->search_popover = rd_search_popover_new ();
  gtk_menu_button_set_popover (self->search_button, GTK_WIDGET (self->search_popover));
  g_signal_connect_object (self->search_popover, "result-activated", G_CALLBACK (search_result_cb), self,
                           G_CONNECT_SWAPPED);
  selected_page_cb (self);
}
