/* rd-fake-portal.h: a stand-in xdg-desktop-portal on the test's session
 * bus with its Screenshot interface: each Screenshot call is counted and
 * answered, through its Request object's Response signal, with the file
 * the test chose (or as cancelled by the user when there is none). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RdFakePortal RdFakePortal;

RdFakePortal *rd_fake_portal_start          (void);
void          rd_fake_portal_stop           (RdFakePortal *self);
/* The picture the next screenshots give; NULL: the user cancels them. */
void          rd_fake_portal_set_screenshot (RdFakePortal *self, GFile *file);
/* How many Screenshot calls came, and whether the last asked to be
 * interactive (the user chooses what to show). */
guint         rd_fake_portal_get_n_screenshots (RdFakePortal *self);
gboolean      rd_fake_portal_last_interactive  (RdFakePortal *self);

G_END_DECLS
