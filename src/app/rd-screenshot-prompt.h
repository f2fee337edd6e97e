/* rd-screenshot-prompt.h: the requester's side of "a screenshot on
 * request": when the agent of one of their requests asks, a dialog over
 * the window asks them with Share and Decline (rd-screenshot-share.h
 * answers). Nothing is captured before Share. With no window open, the
 * notifier asks instead (rd-notifier.c). */
#pragma once

#include <adwaita.h>

#include "rd-client.h"

G_BEGIN_DECLS

#define RD_TYPE_SCREENSHOT_PROMPT (rd_screenshot_prompt_get_type ())
G_DECLARE_FINAL_TYPE (RdScreenshotPrompt, rd_screenshot_prompt, RD, SCREENSHOT_PROMPT, GObject)

/* @parent (unowned) owns the prompt. */
RdScreenshotPrompt *rd_screenshot_prompt_new        (GtkWindow *parent, RdClient *client);
/* Asks about @request now (the notifier's Show, for an ask that came
 * while no window was open); nothing while a question is shown. */
void                rd_screenshot_prompt_ask        (RdScreenshotPrompt *self, RdSupportRequest *request);
/* The question shown now, or NULL (tests answer it as a person would:
 * adw_message_dialog_response with "share" or "decline"). */
AdwMessageDialog   *rd_screenshot_prompt_get_dialog (RdScreenshotPrompt *self);

G_END_DECLS
