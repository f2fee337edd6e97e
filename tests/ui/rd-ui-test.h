/* rd-ui-test.h: what the UI tests share: looking into widget trees, running
 * the real app with a test body inside it, and saving what a window shows
 * as a PNG (for the screenshots in docs and closing notes). */
#pragma once

#include <adwaita.h>

#include "rd-application.h"
#include "rd-conversation-page-private.h"
#include "rd-help-dialog-private.h"
#include "rd-test-relay.h"
#include "rd-window.h"

G_BEGIN_DECLS

typedef struct {
  RdTestRelay   *relay;
  RdApplication *app;
  RdWindow      *window;
  /* The app registers its name on the test's session bus, so a second
   * launch (the real relaydesk) reaches it; two-sided tests leave it off. */
  gboolean       unique;
} Fixture;

typedef void (*AppBody) (Fixture *fixture);

/* g_test_add set-up and tear-down: a real relay with alice's team. */
void       rd_ui_fixture_set_up    (Fixture *fixture, gconstpointer data);
void       rd_ui_fixture_tear_down (Fixture *fixture, gconstpointer data);

/* A visible label under @widget whose text holds @text. */
gboolean   rd_ui_has_label_in (GtkWidget *widget, const char *text);
GtkWidget *rd_ui_find_label   (GtkWidget *widget, const char *text);
/* The first widget of @type under @widget (itself included). */
GtkWidget *rd_ui_find_widget  (GtkWidget *widget, GType type);

/* The first window of @type (a subtype of GtkWindow) open in @app, or NULL. */
GtkWindow *rd_ui_find_window  (RdApplication *app, GType type);
/* Whether all of @widget shows in the scrolled window it is in. */
gboolean   rd_ui_is_in_view   (GtkWidget *widget);
/* The "Get help" dialog open in @app, or NULL. */
RdHelpDialog *rd_ui_find_help_dialog (RdApplication *app);

/* The conversation tab with @peer in @window, or NULL; and showing one. */
RdConversationPage *rd_ui_conversation_with (RdWindow *window, const char *peer);
void       rd_ui_select_page  (RdWindow *window, GtkWidget *child);

/* A second app, in a second process (a second desktop): this test program
 * started again with "--other-side URL". Its main() first calls
 * rd_ui_other_side_main, which runs @body in an app of its own against
 * the relay at URL and returns its exit status (0 when the body ended
 * well), or -1 in the first process. */
int          rd_ui_other_side_main  (int argc, char **argv, AppBody body);
GSubprocess *rd_ui_start_other_side (const char *url);
/* Waits for it (or any process of the test) to end (the test fails after
 * @timeout_ms) and asserts it exited with 0. */
void         rd_ui_other_side_wait  (GSubprocess *process, guint timeout_ms);
/* Kills it if it still runs (at the end of a failed test); clears it. */
void         rd_ui_other_side_stop  (GSubprocess **process);
/* The main() of a test program of one test whose second process runs
 * @other_body: the test at @path, with the stand-in notification server. */
int          rd_ui_two_sided_main   (int argc, char **argv, const char *path, GTestFunc test, AppBody other_body);

/* Runs the real app with g_application_run, and @body inside it once the
 * window is up; returns when the app has quit. */
void       rd_ui_run_app      (Fixture *fixture, AppBody body);
/* Signs in through the sign-in page and waits for the main view. */
void       rd_ui_sign_in_as   (Fixture *fixture, const char *user, const char *password);
/* Closes the main window as its user would: the app runs on, signed in. */
void       rd_ui_close_main_window (Fixture *fixture);

/* When RELAYDESK_SHOT_DIR is set: saves what @window shows to
 * $RELAYDESK_SHOT_DIR/@name.png, with @dialog (if any) drawn over it,
 * centred, as a modal dialog sits on its window. */
void       rd_ui_save_shot    (GtkWindow *window, GtkWindow *dialog, const char *name);

/* Warnings fail the test at its end (see rd_ui_unexpected_warnings); GTK
 * 4.8's focus-out complaint about insensitive entries is let through. */
void       rd_ui_init         (int *argc, char ***argv);
guint      rd_ui_unexpected_warnings (void);

G_END_DECLS
