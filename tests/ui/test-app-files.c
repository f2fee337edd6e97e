/* test-app-files.c: files in the real app under Xvfb, against a real
 * relaydeskd, with an RdClient (and its RdTransfers) on the other side: a
 * picture pasted into the composer goes out with the next Send and arrives
 * whole; a picture sent to us arrives by itself with a thumbnail that opens
 * full size; a voice message arrives by itself and plays in place; one
 * recorded here (from a test tone) goes out as Ogg Opus, and a recording
 * can be discarded or fail with a reason shown; any other file waits for Accept or Decline; pasted text stays
 * text; with direct connections off in the preferences the bytes go
 * through the relay, and each card says which path it took; a file for
 * someone offline is left with the relay and fetched when they are back. */
#define G_LOG_DOMAIN "rd-test-app-files"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rd-application.h"
#include "rd-contact-list.h"
#include "rd-conversation-page-private.h"
#include "rd-fake-notifications.h"
#include "rd-file-card-private.h"
#include "rd-image-viewer.h"
#include "rd-test-relay.h"
#include "rd-transfers.h"
#include "rd-ui-test.h"

static RdFakeNotifications *notifications;

typedef struct {
  RdClient    *client;
  RdTransfers *transfers;
  RdTransfer  *offered;
  char        *dir;
} Bob;

static void
bob_offered_cb (RdTransfers *transfers, RdTransfer *transfer, Bob *bob)
{
  g_set_object (&bob->offered, transfer);
}

static void
bob_start (Bob *bob, Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  bob->client = rd_test_client_login (fixture->relay, "bob", "bob-password");
  bob->transfers = rd_transfers_new (bob->client, &error);
  g_assert_no_error (error);
  g_signal_connect (bob->transfers, "offered", G_CALLBACK (bob_offered_cb), bob);
  bob->dir = g_dir_make_tmp ("relaydesk-bob-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
bob_stop (Bob *bob)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", bob->dir);

  g_clear_object (&bob->offered);
  g_clear_object (&bob->transfers);
  g_clear_object (&bob->client);
  g_assert_cmpint (system (command), ==, 0);
  g_free (bob->dir);
}

/* A picture of @width × @height in two colours, as a screenshot tool would
 * put it on the clipboard. */
static GdkTexture *
make_picture (int width, int height)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels = g_malloc (width * height * 4);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (y * width + x) * 4;

        p[0] = x < width / 2 ? 0x35 : 0xe0;
        p[1] = 0x84;
        p[2] = y < height / 2 ? 0xe4 : 0x40;
        p[3] = 0xff;
      }
  bytes = g_bytes_new_take (pixels, width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, width * 4);
}

static GFile *
bob_file (Bob *bob, const char *name)
{
  g_autofree char *path = g_build_filename (bob->dir, name, NULL);

  return g_file_new_for_path (path);
}

static RdConversationPage *
open_bob (Fixture *fixture)
{
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);
  GtkWidget *contacts = rd_window_get_contact_list (fixture->window);

  RD_TEST_WAIT (rd_ui_has_label_in (contacts, "Bob Requester"), 10000);
  g_assert_true (rd_contact_list_activate_username (RD_CONTACT_LIST (contacts), "bob"));
  RD_TEST_WAIT (adw_tab_view_get_n_pages (tabs) == 1, 5000);
  return RD_CONVERSATION_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)));
}

/* The app's own transfer of the file named @name, once it exists. */
static RdTransfer *
app_transfer_named (Fixture *fixture, const char *name)
{
  GListModel *list = rd_transfers_get_list (rd_application_get_transfers (fixture->app));

  for (guint i = g_list_model_get_n_items (list); i > 0; i--)
    {
      g_autoptr(RdTransfer) transfer = g_list_model_get_item (list, i - 1);

      if (g_str_equal (rd_transfer_get_name (transfer), name))
        return transfer;
    }
  return NULL;
}

static RdTransfer *
last_app_transfer (Fixture *fixture)
{
  GListModel *list = rd_transfers_get_list (rd_application_get_transfers (fixture->app));
  guint n = g_list_model_get_n_items (list);
  g_autoptr(RdTransfer) last = n ? g_list_model_get_item (list, n - 1) : NULL;

  return last;   /* the list keeps it */
}

/* Bob accepts what he was offered into his folder; waits for the end. */
static GFile *
bob_accepts (Bob *bob)
{
  GFile *destination;

  RD_TEST_WAIT (bob->offered != NULL, 15000);
  destination = bob_file (bob, rd_transfer_get_name (bob->offered));
  rd_transfers_accept (bob->transfers, bob->offered, destination);
  RD_TEST_WAIT (rd_transfer_is_finished (bob->offered), 30000);
  g_assert_cmpint (rd_transfer_get_state (bob->offered), ==, RD_TRANSFER_DONE);
  return destination;
}

static void
pasted_picture_goes_out (Fixture *fixture, Bob *bob, RdConversationPage *page)
{
  g_autoptr(GdkTexture) picture = make_picture (320, 200);
  g_autoptr(GFile) received = NULL;
  g_autoptr(GdkTexture) arrived = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  RdTransfer *sent = NULL;
  RdFileCard *card = NULL;

  /* Ctrl+V with a picture on the clipboard: it waits above the composer. */
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (page)), picture);
  rd_conversation_page_paste (page);
  RD_TEST_WAIT (rd_conversation_page_get_n_attachments (page) == 1, 10000);
  draft = rd_conversation_page_get_draft (page);
  g_assert_cmpstr (draft, ==, "");
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (page), "Screenshot "));

  /* Send: the words, then the picture, which bob receives whole. */
  rd_conversation_page_type_and_send (page, "This is what I see");
  RD_TEST_WAIT (rd_conversation_page_get_n_attachments (page) == 0, 5000);
  RD_TEST_WAIT ((sent = last_app_transfer (fixture)) != NULL, 5000);
  g_assert_true (rd_transfer_is_outgoing (sent));
  received = bob_accepts (bob);
  g_assert_cmpstr (rd_transfer_get_mime (sent), ==, "image/png");
  g_assert_true (g_str_has_prefix (rd_transfer_get_name (bob->offered), "Screenshot "));
  arrived = gdk_texture_new_from_file (received, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (arrived), ==, 320);
  g_assert_cmpint (gdk_texture_get_height (arrived), ==, 200);

  /* Our card: a thumbnail, and the path it took. */
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_DONE, 10000);
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (sent))) != NULL &&
                rd_file_card_has_thumbnail (card), 10000);
  g_assert_cmpstr (rd_file_card_get_path_text (card), ==, "Sent directly");
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (page), "This is what I see"));
}

static void
picture_arrives_by_itself (Fixture *fixture, Bob *bob, RdConversationPage *page, const char *downloads)
{
  g_autoptr(GdkTexture) picture = make_picture (640, 400);
  g_autoptr(GFile) file = bob_file (bob, "printer-error.png");
  g_autofree char *saved = g_build_filename (downloads, "printer-error.png", NULL);
  RdTransfer *incoming = NULL;
  RdFileCard *card = NULL;
  GtkWindow *viewer = NULL;

  g_assert_true (gdk_texture_save_to_png (picture, g_file_peek_path (file)));
  rd_transfers_send_file (bob->transfers, "alice", file);
  RD_TEST_WAIT ((incoming = app_transfer_named (fixture, "printer-error.png")) != NULL, 15000);
  g_assert_false (rd_transfer_is_outgoing (incoming));
  /* No click: pictures are accepted into the download folder. */
  RD_TEST_WAIT (rd_transfer_get_state (incoming) == RD_TRANSFER_DONE, 30000);
  g_assert_true (g_file_test (saved, G_FILE_TEST_IS_REGULAR));
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (incoming))) != NULL &&
                rd_file_card_has_thumbnail (card), 10000);
  g_assert_cmpstr (rd_file_card_get_path_text (card), ==, "Received directly");
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "files-conversation");

  /* The thumbnail opens the picture at full size. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "file.view", NULL));
  RD_TEST_WAIT ((viewer = rd_ui_find_window (fixture->app, RD_TYPE_IMAGE_VIEWER)) != NULL &&
                rd_image_viewer_get_paintable (RD_IMAGE_VIEWER (viewer)) != NULL, 10000);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (rd_image_viewer_get_paintable (RD_IMAGE_VIEWER (viewer))),
                   ==, 640);
  g_assert_cmpstr (gtk_window_get_title (viewer), ==, "printer-error.png");
  gtk_window_destroy (viewer);
}

/* One second and a half of a 400 Hz triangle wave, 16 kHz mono, as a WAV
 * file. */
static void
write_tone (GFile *file)
{
  const guint32 rate = 16000, samples = 24000;
  guint32 data_size = samples * 2;
  GByteArray *wav = g_byte_array_new ();
  guint32 u32;
  guint16 u16;

#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (wav, (guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (wav, (guint8 *) &u16, 2))
  g_byte_array_append (wav, (guint8 *) "RIFF", 4);
  PUT32 (36 + data_size);
  g_byte_array_append (wav, (guint8 *) "WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);          /* PCM */
  PUT16 (1);          /* mono */
  PUT32 (rate);
  PUT32 (rate * 2);
  PUT16 (2);
  PUT16 (16);
  g_byte_array_append (wav, (guint8 *) "data", 4);
  PUT32 (data_size);
  for (guint32 i = 0; i < samples; i++)
    {
      int phase = (int) (i % 40);   /* 40 samples a period at 16 kHz: 400 Hz */

      PUT16 ((guint16) (gint16) ((phase < 20 ? phase : 40 - phase) * 800 - 8000));
    }
#undef PUT32
#undef PUT16
  g_assert_true (g_file_replace_contents (file, (char *) wav->data, wav->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                          NULL, NULL));
  g_byte_array_unref (wav);
}

/* A voice message (a sound file) arrives by itself like a picture and
 * plays in the card: its length is known and the position moves on. */
static void
voice_message_plays_in_place (Fixture *fixture, Bob *bob, RdConversationPage *page)
{
  g_autoptr(GFile) file = bob_file (bob, "voice-message.wav");
  RdTransfer *incoming = NULL;
  RdFileCard *card = NULL;
  GtkMediaStream *sound = NULL;

  write_tone (file);
  rd_transfers_send_file (bob->transfers, "alice", file);
  RD_TEST_WAIT ((incoming = app_transfer_named (fixture, "voice-message.wav")) != NULL, 15000);
  g_assert_true (g_str_has_prefix (rd_transfer_get_mime (incoming), "audio/"));
  RD_TEST_WAIT (rd_transfer_get_state (incoming) == RD_TRANSFER_DONE, 30000);
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (incoming))) != NULL &&
                (sound = rd_file_card_get_sound (card)) != NULL && gtk_media_stream_is_prepared (sound), 10000);
  g_assert_null (gtk_media_stream_get_error (sound));
  g_assert_cmpint (gtk_media_stream_get_duration (sound), >, 1400000);
  g_assert_cmpint (gtk_media_stream_get_duration (sound), <, 1600000);
  g_assert_true (gtk_media_stream_has_audio (sound));
  gtk_media_stream_play (sound);
  RD_TEST_WAIT (gtk_media_stream_get_timestamp (sound) > 200000, 10000);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "files-voice-message");
  RD_TEST_WAIT (gtk_media_stream_get_ended (sound), 10000);
  g_assert_false (gtk_media_stream_get_playing (sound));
  g_assert_true (rd_ui_is_in_view (GTK_WIDGET (card)));
}

static guint
files_in (const char *dir, const char *suffix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing && (name = g_dir_read_name (listing)))
    n += g_str_has_suffix (name, suffix);
  return n;
}

/* Recorded from a test tone instead of a microphone: the bar shows the
 * time and the level; Send sends an Ogg Opus file that plays here too. */
static void
voice_message_recorded_and_sent (Fixture *fixture, Bob *bob, RdConversationPage *page)
{
  g_autofree char *outgoing = g_build_filename (g_get_user_cache_dir (), "relaydesk", "outgoing", NULL);
  g_autoptr(GFile) received = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  RdTransfer *sent;
  RdFileCard *card = NULL;
  GtkMediaStream *sound = NULL;

  g_setenv ("RELAYDESK_AUDIO_SOURCE", "audiotestsrc is-live=true wave=sine freq=300 volume=0.5", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.record-voice", NULL));
  RD_TEST_WAIT (rd_voice_bar_is_recording (rd_conversation_page_get_voice_bar (page)), 5000);
  RD_TEST_WAIT (rd_voice_bar_get_level (rd_conversation_page_get_voice_bar (page)) > 0.5, 5000);
  RD_TEST_WAIT (g_strcmp0 (rd_voice_bar_get_text (rd_conversation_page_get_voice_bar (page)), "Recording… 0:01") == 0, 5000);
  rd_test_spin (200);
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "files-voice-recording");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.record-voice", NULL));
  RD_TEST_WAIT ((sent = last_app_transfer (fixture)) != NULL && rd_transfer_is_outgoing (sent) &&
                g_str_has_prefix (rd_transfer_get_name (sent), "Voice message ") &&
                g_str_has_suffix (rd_transfer_get_name (sent), ".ogg"), 10000);
  g_assert_false (rd_voice_bar_is_recording (rd_conversation_page_get_voice_bar (page)));
  g_assert_null (rd_voice_bar_get_text (rd_conversation_page_get_voice_bar (page)));

  g_clear_object (&bob->offered);
  received = bob_accepts (bob);
  g_assert_true (g_str_has_prefix (rd_transfer_get_mime (bob->offered), "audio/"));
  g_assert_true (g_file_load_contents (received, NULL, &contents, &length, NULL, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "OggS"));
  g_assert_nonnull (memmem (contents, MIN (length, 200), "OpusHead", 8));

  /* Our own card plays it back: a second or two of sound. */
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (sent))) != NULL &&
                (sound = rd_file_card_get_sound (card)) != NULL && gtk_media_stream_is_prepared (sound), 10000);
  g_assert_cmpint (gtk_media_stream_get_duration (sound), >, 900000);
  g_assert_cmpint (gtk_media_stream_get_duration (sound), <, 4000000);

  /* Discarded: nothing is sent and nothing stays behind. */
  g_assert_cmpuint (files_in (outgoing, ".ogg"), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.record-voice", NULL));
  RD_TEST_WAIT (rd_voice_bar_is_recording (rd_conversation_page_get_voice_bar (page)), 5000);
  rd_test_spin (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.cancel-voice", NULL));
  g_assert_false (rd_voice_bar_is_recording (rd_conversation_page_get_voice_bar (page)));
  g_assert_null (rd_voice_bar_get_text (rd_conversation_page_get_voice_bar (page)));
  rd_test_spin (300);
  g_assert_true (last_app_transfer (fixture) == sent);
  g_assert_cmpuint (files_in (outgoing, ".ogg"), ==, 1);

  /* No microphone to be had: the bar says why, and goes away. */
  g_setenv ("RELAYDESK_AUDIO_SOURCE", "no-such-microphone", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.record-voice", NULL));
  g_assert_false (rd_voice_bar_is_recording (rd_conversation_page_get_voice_bar (page)));
  g_assert_true (g_str_has_prefix (rd_voice_bar_get_text (rd_conversation_page_get_voice_bar (page)), "Cannot record a voice message: "));
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "files-voice-failed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "conversation.cancel-voice", NULL));
  g_assert_null (rd_voice_bar_get_text (rd_conversation_page_get_voice_bar (page)));
  g_assert_cmpuint (files_in (outgoing, ".ogg"), ==, 1);
  g_unsetenv ("RELAYDESK_AUDIO_SOURCE");
}

static void
other_file_waits_for_an_answer (Fixture *fixture, Bob *bob, RdConversationPage *page)
{
  g_autoptr(GFile) file = bob_file (bob, "vpn-client.log");
  g_autofree char *last = NULL;
  RdTransfer *sent, *incoming = NULL;
  RdFileCard *card = NULL;
  GtkWidget *other = gtk_window_new ();
  guint notified;

  g_assert_true (g_file_replace_contents (file, "connect: certificate expired\n", 29, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));
  /* With the window behind another, the offer notifies. */
  gtk_window_present (GTK_WINDOW (other));
  RD_TEST_WAIT (!gtk_window_is_active (GTK_WINDOW (fixture->window)), 5000);
  notified = rd_fake_notifications_count (notifications);
  sent = rd_transfers_send_file (bob->transfers, "alice", file);
  RD_TEST_WAIT ((incoming = app_transfer_named (fixture, "vpn-client.log")) != NULL, 15000);
  RD_TEST_WAIT (rd_fake_notifications_count (notifications) == notified + 1, 10000);
  last = rd_fake_notifications_last (notifications);
  g_assert_cmpstr (last, ==, "Bob Requester\nSends you a file: vpn-client.log");
  gtk_window_destroy (GTK_WINDOW (other));
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (incoming))) != NULL, 10000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "sends you this file"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "Accept"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "Decline"));
  /* A few moments later it still waits: only pictures come by themselves. */
  rd_test_spin (500);
  g_assert_cmpint (rd_transfer_get_state (incoming), ==, RD_TRANSFER_OFFERED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "file.decline", NULL));
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_DECLINED, 10000);
  g_assert_cmpint (rd_transfer_get_state (incoming), ==, RD_TRANSFER_DECLINED);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "You declined it."));
  /* Declined, nothing is left to do with it. */
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (card), "Accept"));
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (card), "Open"));
}

static void
pasted_text_stays_text (RdConversationPage *page)
{
  g_autofree char *draft = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (page)), "error 0x80070005");
  rd_conversation_page_focus_composer (page);
  rd_conversation_page_paste (page);
  RD_TEST_WAIT ((g_free (draft), draft = rd_conversation_page_get_draft (page), *draft != '\0'), 10000);
  g_assert_cmpstr (draft, ==, "error 0x80070005");
  g_assert_cmpuint (rd_conversation_page_get_n_attachments (page), ==, 0);
  rd_conversation_page_type_and_send (page, "");
}

static void
relay_only_when_direct_is_off (Fixture *fixture, Bob *bob, RdConversationPage *page)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autoptr(GFile) file = bob_file (bob, "outgoing-report.txt");
  g_autoptr(GFile) received = NULL;
  RdTransfer *sent = NULL;
  RdFileCard *card = NULL;

  g_settings_set_boolean (settings, "direct-transfers", FALSE);
  g_assert_false (rd_transfers_get_direct_allowed (rd_application_get_transfers (fixture->app)));
  g_assert_true (g_file_replace_contents (file, "uptime 41 days\n", 15, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                          NULL, NULL));
  rd_conversation_page_attach (page, file);
  rd_conversation_page_type_and_send (page, "");
  RD_TEST_WAIT ((sent = app_transfer_named (fixture, "outgoing-report.txt")) != NULL, 5000);
  g_clear_object (&bob->offered);
  received = bob_accepts (bob);
  g_assert_cmpstr (rd_transfer_get_path (bob->offered), ==, "relay");
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_DONE, 10000);
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (sent))) != NULL &&
                g_strcmp0 (rd_file_card_get_path_text (card), "Sent through the relay") == 0, 10000);
}

/* Carol is offline: the card says so and offers to leave the file with the
 * relay; once left, carol fetches it when she signs in. */
static void
left_for_someone_offline (Fixture *fixture, Bob *bob)
{
  g_autoptr(GFile) file = bob_file (bob, "new-laptop-checklist.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdClient) carol = NULL;
  g_autoptr(RdTransfers) carol_transfers = NULL;
  g_autoptr(GFile) fetched = bob_file (bob, "fetched-checklist.txt");
  g_autofree char *contents = NULL;
  RdConversationPage *page = NULL;
  RdTransfer *sent = NULL, *kept = NULL;
  RdFileCard *card = NULL;
  AdwTabView *tabs = rd_window_get_tab_view (fixture->window);

  g_assert_true (g_file_replace_contents (file, "1. badge\n2. VPN\n", 16, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                          NULL, NULL));
  g_assert_true (rd_contact_list_activate_username (RD_CONTACT_LIST (rd_window_get_contact_list (fixture->window)),
                                                    "carol"));
  RD_TEST_WAIT ((page = RD_CONVERSATION_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page (tabs)))) &&
                g_strcmp0 (rd_conversation_page_get_peer (page), "carol") == 0, 5000);
  rd_conversation_page_attach (page, file);
  rd_conversation_page_type_and_send (page, "");
  RD_TEST_WAIT ((sent = app_transfer_named (fixture, "new-laptop-checklist.txt")) != NULL &&
                rd_transfer_get_state (sent) == RD_TRANSFER_FAILED, 10000);
  RD_TEST_WAIT ((card = rd_conversation_page_find_file_card (page, rd_transfer_get_id (sent))) != NULL, 5000);
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "offline"));
  g_assert_true (rd_ui_has_label_in (GTK_WIDGET (card), "Leave with the Relay"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "file.leave", NULL));
  RD_TEST_WAIT (rd_transfer_get_state (sent) == RD_TRANSFER_DONE, 20000);
  RD_TEST_WAIT (g_strcmp0 (rd_file_card_get_path_text (card), "Left with the relay, for when they are back online") == 0,
                5000);
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (card), "Leave with the Relay"));
  g_assert_false (rd_ui_has_label_in (GTK_WIDGET (card), "offline"));
  rd_ui_save_shot (GTK_WINDOW (fixture->window), NULL, "files-left-with-relay");

  carol = rd_test_client_login (fixture->relay, "carol", "carol-password");
  carol_transfers = rd_transfers_new (carol, &error);
  g_assert_no_error (error);
  RD_TEST_WAIT ((kept = rd_transfers_find (carol_transfers, rd_transfer_get_id (sent))) != NULL, 10000);
  rd_transfers_accept (carol_transfers, kept, fetched);
  RD_TEST_WAIT (rd_transfer_get_state (kept) == RD_TRANSFER_DONE, 20000);
  g_assert_true (g_file_load_contents (fetched, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "1. badge\n2. VPN\n");
}

static void
files_body (Fixture *fixture)
{
  g_autoptr(GSettings) settings = g_settings_new (RD_APPLICATION_ID);
  g_autofree char *downloads = g_dir_make_tmp ("relaydesk-downloads-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", downloads);
  RdConversationPage *page;
  Bob bob = { 0 };

  g_settings_set_string (settings, "download-folder", downloads);
  bob_start (&bob, fixture);
  rd_ui_sign_in_as (fixture, "alice", "alice-password");
  page = open_bob (fixture);

  pasted_picture_goes_out (fixture, &bob, page);
  picture_arrives_by_itself (fixture, &bob, page, downloads);
  voice_message_plays_in_place (fixture, &bob, page);
  voice_message_recorded_and_sent (fixture, &bob, page);
  other_file_waits_for_an_answer (fixture, &bob, page);
  pasted_text_stays_text (page);
  relay_only_when_direct_is_off (fixture, &bob, page);
  left_for_someone_offline (fixture, &bob);

  bob_stop (&bob);
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_files (Fixture *fixture, gconstpointer data)
{
  rd_ui_run_app (fixture, files_body);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rd_ui_init (&argc, &argv);
  notifications = rd_fake_notifications_start ();
  g_test_add ("/ui/files/paste-send-receive-decline-relay", Fixture, NULL, rd_ui_fixture_set_up, test_files,
              rd_ui_fixture_tear_down);
  status = g_test_run ();
  rd_fake_notifications_stop (notifications);
  return status;
}
