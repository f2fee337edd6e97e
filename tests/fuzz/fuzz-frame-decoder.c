/* fuzz-frame-decoder.c: feeds arbitrary bytes to the frame decoder, both
 * directions. The decoder must refuse or accept, never crash or leak, and
 * whatever it accepts must encode and decode again to the same frame type. */
#define G_LOG_DOMAIN "rd-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "rd-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
decode_one_way (const uint8_t *data,
                size_t         size,
                RdDirection    direction)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again_text = NULL;
  g_autoptr(JsonObject) again = NULL;
  RdFrameType type = RD_FRAME_UNKNOWN;
  RdFrameType again_type = RD_FRAME_UNKNOWN;

  frame = rd_frame_decode ((const char *) data, size, direction, &type, &id, &error);
  if (frame == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RD_PROTOCOL_ERROR);
      g_assert_nonnull (rd_error_code_to_string (error->code));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (type, >, RD_FRAME_UNKNOWN);

  again_text = rd_frame_to_string (frame);
  again = rd_frame_decode (again_text, strlen (again_text), direction, &again_type, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again_type, ==, type);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  decode_one_way (data, size, RD_DIRECTION_TO_RELAY);
  decode_one_way (data, size, RD_DIRECTION_TO_CLIENT);
  return 0;
}
