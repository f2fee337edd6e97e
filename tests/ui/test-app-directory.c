/* test-app-directory.c: the company directory in the real app under Xvfb,
 * against a real relaydeskd pointed at a real slapd that the test starts:
 * the sign-in page says when the directory cannot be reached (not "wrong
 * password"), an agent signs in with the directory's password and adds
 * someone who never signed in from the directory popover, into the group
 * of their department. */
#define G_LOG_DOMAIN "rd-test-app-directory"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "rd-application.h"
#include "rd-contact-list-private.h"
#include "rd-directory-popover-private.h"
#include "rd-fake-notifications.h"
#include "rd-sign-in-page-private.h"
#include "rd-test-company.h"
#include "rd-test-relay.h"
#include "rd-ui-test.h"
#include "rd-window-private.h"

static RdTestSlapd *slapd;

static void
directory_body (Fixture *fixture)
{
  RdSignInPage *page = RD_SIGN_IN_PAGE (rd_window_get_sign_in_page (fixture->window));
  GtkWidget *contacts = rd_window_get_contact_list (fixture->window);
  RdDirectoryPopover *directory;

  /* The directory down: said as it is, and the form stays. */
  rd_test_slapd_stop (slapd);
  rd_sign_in_page_submit (page, fixture->relay->url, "frank", "frank-secret");
  RD_TEST_WAIT (rd_sign_in_page_get_error (page) != NULL, 20000);
  g_assert_cmpstr (rd_sign_in_page_get_error (page), ==,
                   "The company directory cannot be reached. Try again later.");
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (page), "company directory cannot be reached"));
  g_assert_cmpstr (rd_window_get_page_name (fixture->window), ==, "sign-in");
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "directory-1-unreachable");

  /* Back: Frank signs in with the password he uses everywhere. */
  rd_test_slapd_start (slapd);
  rd_ui_sign_in_as (fixture, "frank", "frank-secret");

  directory = rd_contact_list_get_directory (RD_CONTACT_LIST (contacts));
  g_assert_false (rd_ui_has_label_in (contacts, "Erin Example"));
  gtk_popover_popup (GTK_POPOVER (directory));
  rd_directory_popover_search (directory, "finance");
  RD_TEST_WAIT (rd_directory_popover_get_n_found (directory) == 1, 15000);
  RD_TEST_WAIT (rd_ui_has_label_in (GTK_WIDGET (directory), "Erin Example"), 5000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (directory), "erin · requester · Finance · erin@example.com"));

  /* Erin never signed in; picked, she is a contact in her department. */
  g_assert_true (rd_directory_popover_pick (directory, "erin"));
  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Erin Example"), 10000);
  g_assert_true (rd_ui_has_label_in (contacts, "Finance"));
  RD_TEST_WAIT (!gtk_widget_get_visible (GTK_WIDGET (directory)), 5000);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "directory-2-added");
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autofree char *group = rd_test_company_directory_group (slapd, slapd->ldap_url, slapd->ca_file,
                                                            "service-secret", NULL);

  rd_ui_fixture_set_up (fixture, data);
  /* A relay of its own, that signs in with the company directory. */
  rd_test_relay_free (fixture->relay);
  fixture->relay = rd_test_relay_new ();
  rd_test_relay_configure (fixture->relay, group);
  rd_test_relay_start (fixture->relay);
  g_settings_set_string (settings, "relay-url", fixture->relay->url);
}

static void
test_directory (Fixture       *fixture,
                gconstpointer  data)
{
  rd_ui_run_app (fixture, directory_body);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *missing = rd_test_slapd_missing ();
  g_autofree char *ldif = NULL;
  RdFakeNotifications *notifications;
  int status;

  if (missing != NULL)
    {
      printf ("1..0 # SKIP %s\n", missing);
      return 0;
    }
  rd_ui_init (&argc, &argv);
  notifications = rd_fake_notifications_start ();
  ldif = rd_test_company_ldif ();
  slapd = rd_test_slapd_new (ldif);
  g_test_add ("/ui/directory/sign-in-and-add", Fixture, NULL, set_up, test_directory, rd_ui_fixture_tear_down);
  status = g_test_run ();
  rd_test_slapd_free (slapd);
  rd_fake_notifications_stop (notifications);
  return status;
}
