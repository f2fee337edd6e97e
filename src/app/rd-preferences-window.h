/* rd-preferences-window.h: the preferences, backed by GSettings. */
#pragma once

#include <adwaita.h>

#include "rd-application.h"

G_BEGIN_DECLS

#define RD_TYPE_PREFERENCES_WINDOW (rd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, RD, PREFERENCES_WINDOW, AdwPreferencesWindow)

RdPreferencesWindow *rd_preferences_window_new (RdApplication *app);

G_END_DECLS
