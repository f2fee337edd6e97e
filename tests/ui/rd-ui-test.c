/* rd-ui-test.c: helpers shared by the UI tests. */
#define G_LOG_DOMAIN "rd-ui-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "rd-fake-notifications.h"
#include "rd-sign-in-page-private.h"
#include "rd-session-file.h"
#include "rd-ui-test.h"
#include "rd-ui-watchdog.h"
#include "rd-window-private.h"

static guint unexpected_warnings;

GtkWidget *
rd_ui_find_label (GtkWidget  *widget,
                  const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rd_ui_find_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

gboolean
rd_ui_has_label_in (GtkWidget  *widget,
                    const char *text)
{
  return rd_ui_find_label (widget, text) != NULL;
}

GtkWidget *
rd_ui_find_widget (GtkWidget *widget,
                   GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rd_ui_find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

GtkWindow *
rd_ui_find_window (RdApplication *app,
                   GType          type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

RdHelpDialog *
rd_ui_find_help_dialog (RdApplication *app)
{
  return (RdHelpDialog *) rd_ui_find_window (app, RD_TYPE_HELP_DIALOG);
}

gboolean
rd_ui_is_in_view (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  int needed;

  if (scroller == NULL || !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;
  /* Laid out at the height it needs now, not at an older one. */
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget), &needed, NULL, NULL, NULL);
  if (gtk_widget_get_height (widget) < needed)
    return FALSE;
  return bounds.origin.y >= -1 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 1;
}

typedef struct {
  Fixture *fixture;
  AppBody  body;
} AppRun;

static gboolean
run_body_cb (gpointer data)
{
  AppRun *run = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (run->fixture->app));

  g_assert_nonnull (windows);
  run->fixture->window = RD_WINDOW (windows->data);
  run->body (run->fixture);
  /* As Quit does, without asking about open requests: windows close
   * (saving their state), then the app ends. */
  rd_application_quit (run->fixture->app);
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *app,
              AppRun       *run)
{
  g_signal_handlers_disconnect_by_func (app, activated_cb, run);
  g_idle_add (run_body_cb, run);
}

void
rd_ui_run_app (Fixture *fixture,
               AppBody  body)
{
  AppRun run = { fixture, body };
  int status;

  fixture->app = rd_application_new ();
  if (!fixture->unique)
    g_application_set_flags (G_APPLICATION (fixture->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (fixture->app, "activate", G_CALLBACK (activated_cb), &run);
  status = g_application_run (G_APPLICATION (fixture->app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_object (&fixture->app);
  fixture->window = NULL;
}

void
rd_ui_close_main_window (Fixture *fixture)
{
  gtk_window_close (rd_ui_find_window (fixture->app, RD_TYPE_WINDOW));
  RD_TEST_WAIT (rd_ui_find_window (fixture->app, RD_TYPE_WINDOW) == NULL, 5000);
  fixture->window = NULL;
  rd_test_spin (200);
  /* Still signed in, still there. */
  g_assert_cmpint (rd_client_get_state (rd_application_get_client (fixture->app)), ==, RD_CLIENT_ONLINE);
}

void
rd_ui_sign_in_as (Fixture    *fixture,
                  const char *user,
                  const char *password)
{
  GtkWidget *page = rd_window_get_sign_in_page (fixture->window);

  rd_sign_in_page_submit (RD_SIGN_IN_PAGE (page), fixture->relay->url, user, password);
  RD_TEST_WAIT (g_strcmp0 (rd_window_get_page_name (fixture->window), "main") == 0, 15000);
}

/* Lets pending layout, drawing and transitions (about 250 ms) finish, so a
 * shot shows the latest state. */
static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Lets what was asked for happen, then waits for @window to be laid out
 * and painted once more, so the picture shows the state after it. */
static void
settle (GtkWindow *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  gint64 end;

  rd_test_spin (400);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  if (clock == NULL)
    return;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  end = g_get_monotonic_time () + 1000 * 1000;
  while (!painted && g_get_monotonic_time () < end)
    rd_test_iterate ();
  g_signal_handler_disconnect (clock, handler);
}

void
rd_ui_save_shot (GtkWindow  *window,
                 GtkWindow  *dialog,
                 const char *name)
{
  const char *dir = g_getenv ("RELAYDESK_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  settle (window);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  if (dialog != NULL)
    {
      g_autoptr(GdkPaintable) over = gtk_widget_paintable_new (GTK_WIDGET (dialog));
      int dialog_width = gtk_widget_get_width (GTK_WIDGET (dialog));
      int dialog_height = gtk_widget_get_height (GTK_WIDGET (dialog));

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.3 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MAX (0, (width - dialog_width) / 2),
                                                              MAX (0, (height - dialog_height) / 3)));
      gdk_paintable_snapshot (over, GDK_SNAPSHOT (snapshot), dialog_width, dialog_height);
      gtk_snapshot_restore (snapshot);
    }
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         data)
{
  if (level & G_LOG_LEVEL_WARNING)
    {
      const char *message = "";

      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          message = fields[i].value;
      if (strstr (message, "did not receive a focus-out event") == NULL)
        unexpected_warnings++;
    }
  return g_log_writer_default (level, fields, n_fields, data);
}

void
rd_ui_init (int    *argc,
            char ***argv)
{
  g_autofree char *config = g_dir_make_tmp ("relaydesk-ui-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (config, "cache", NULL);
  g_autofree char *data = g_build_filename (config, "data", NULL);

  /* The app's own files (settings, history, screenshots and voice
   * messages to send) go to a throw-away folder. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  rd_ui_watchdog_start ();
}

guint
rd_ui_unexpected_warnings (void)
{
  return unexpected_warnings;
}

/* alice (agent) has bob in "Finance" and carol in "Support"; the relay has
 * the topic Network and the canned reply Restart; the app forgets any
 * remembered session and the settings the tests change. */
void
rd_ui_fixture_set_up (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  const char *reset[] = { "open-tabs", "muted-conversations", "notifications", "download-folder",
                          "accept-pictures", "direct-transfers" };

  rd_session_file_clear ();
  for (guint i = 0; i < G_N_ELEMENTS (reset); i++)
    g_settings_reset (settings, reset[i]);
  fixture->relay = rd_test_relay_new_team ();
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "contact", "add", "alice", "bob",
                                        "Finance", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "contact", "add", "alice", "carol",
                                        "Support", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "topic", "add", "Network", NULL), ==, 0);
  g_assert_cmpint (rd_test_relay_admin (fixture->relay, NULL, NULL, NULL, "canned", "set", "Restart",
                                        "Please restart your computer and tell me if that helps.", NULL), ==, 0);
  g_settings_set_string (settings, "relay-url", fixture->relay->url);
}

void
rd_ui_fixture_tear_down (Fixture       *fixture,
                         gconstpointer  data)
{
  rd_test_relay_free (fixture->relay);
  g_assert_cmpuint (rd_ui_unexpected_warnings (), ==, 0);
}

RdConversationPage *
rd_ui_conversation_with (RdWindow   *window,
                         const char *peer)
{
  AdwTabView *tabs = rd_window_get_tab_view (window);

  for (int i = 0; i < adw_tab_view_get_n_pages (tabs); i++)
    {
      GtkWidget *child = adw_tab_page_get_child (adw_tab_view_get_nth_page (tabs, i));

      if (RD_IS_CONVERSATION_PAGE (child) && g_strcmp0 (rd_conversation_page_get_peer (RD_CONVERSATION_PAGE (child)),
                                                        peer) == 0)
        return RD_CONVERSATION_PAGE (child);
    }
  return NULL;
}

void
rd_ui_select_page (RdWindow  *window,
                   GtkWidget *child)
{
  AdwTabView *tabs = rd_window_get_tab_view (window);

  adw_tab_view_set_selected_page (tabs, adw_tab_view_get_page (tabs, child));
}

int
rd_ui_other_side_main (int      argc,
                       char   **argv,
                       AppBody  body)
{
  g_autofree char *url = NULL;
  RdTestRelay relay = { 0 };
  Fixture fixture = { .relay = &relay };
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *downloads = NULL;
  g_autofree char *clean_up = NULL;
  int one = 1;
  int status;

  if (argc != 3 || !g_str_equal (argv[1], "--other-side"))
    return -1;
  url = g_strdup (argv[2]);
  relay.url = url;
  rd_ui_init (&one, &argv);
  /* Our stdout is the parent's TAP stream: say everything on stderr. */
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  /* Never outlive the test that started us. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  settings = g_settings_new (RD_APPLICATION_ID);
  downloads = g_dir_make_tmp ("relaydesk-other-side-XXXXXX", NULL);
  clean_up = g_strdup_printf ("rm -rf '%s'", downloads);
  g_settings_set_string (settings, "download-folder", downloads);
  rd_ui_run_app (&fixture, body);
  status = rd_ui_unexpected_warnings () == 0 ? 0 : 1;
  if (system (clean_up) != 0)
    status = 1;
  return status;
}

GSubprocess *
rd_ui_start_other_side (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  GSubprocess *process;

  g_assert_no_error (error);
  process = g_subprocess_launcher_spawn (launcher, &error, self_path, "--other-side", url, NULL);
  g_assert_no_error (error);
  return process;
}

static void
other_side_ended_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

void
rd_ui_other_side_wait (GSubprocess *process,
                       guint        timeout_ms)
{
  gboolean ended = FALSE;

  g_subprocess_wait_async (process, NULL, other_side_ended_cb, &ended);
  RD_TEST_WAIT (ended, timeout_ms);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

void
rd_ui_other_side_stop (GSubprocess **process)
{
  if (*process != NULL && !g_subprocess_get_if_exited (*process) && !g_subprocess_get_if_signaled (*process))
    {
      g_subprocess_send_signal (*process, SIGCONT);
      g_subprocess_force_exit (*process);
    }
  g_clear_object (process);
}

int
rd_ui_two_sided_main (int          argc,
                      char       **argv,
                      const char  *path,
                      GTestFunc    test,
                      AppBody      other_body)
{
  RdFakeNotifications *notifications;
  int status;

  if ((status = rd_ui_other_side_main (argc, argv, other_body)) >= 0)
    return status;
  rd_ui_init (&argc, &argv);
  notifications = rd_fake_notifications_start ();
  g_test_add_func (path, test);
  status = g_test_run ();
  rd_fake_notifications_stop (notifications);
  return status;
}
