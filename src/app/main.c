/* main.c: the relaydesk desktop app. */
#define G_LOG_DOMAIN "relaydesk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RdApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
