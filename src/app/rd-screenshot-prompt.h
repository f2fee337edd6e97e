/* rd-screenshot-prompt.h: the requester's side of "a screenshot on
 * request": when the agent of one of their requests asks, a dialog over
 * the window asks them with Share and Decline. Share takes the screenshot
 * through the desktop's Screenshot portal, or its own screenshot tool
 * (they choose what to show), and sends it to the agent; Decline, or a screenshot not taken, says no.
 * Nothing is captured before Share. */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_SCREENSHOT_PROMPT (rd_screenshot_prompt_get_type ())
G_DECLARE_FINAL_TYPE (RdScreenshotPrompt, rd_screenshot_prompt, RD, SCREENSHOT_PROMPT, GObject)

/* @parent (unowned) owns the prompt. */
RdScreenshotPrompt *rd_screenshot_prompt_new        (GtkWindow *parent, RdClient *client);
/* The question shown now, or NULL (tests answer it as a person would:
 * adw_message_dialog_response with "share" or "decline"). */
AdwMessageDialog   *rd_screenshot_prompt_get_dialog (RdScreenshotPrompt *self);

G_END_DECLS
