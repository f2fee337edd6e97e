/* rd-transfer-policy.c: applies the file preferences to RdTransfers. */
#define G_LOG_DOMAIN "rd-transfer-policy"

#include "config.h"

#include "rd-download-path.h"
#include "rd-transfer-policy.h"

struct _RdTransferPolicy
{
  GObject      parent_instance;

  RdTransfers *transfers;
  GSettings   *settings;
};

G_DEFINE_FINAL_TYPE (RdTransferPolicy, rd_transfer_policy, G_TYPE_OBJECT)

gboolean
rd_transfer_policy_accepts_by_itself (RdTransferPolicy *self,
                                      RdTransfer       *transfer)
{
  const char *mime = rd_transfer_get_mime (transfer);

  g_return_val_if_fail (RD_IS_TRANSFER_POLICY (self), FALSE);
  /* Pictures and sound (voice messages): shown or played in place, as
   * other messengers do; anything else could be run and waits. */
  return g_settings_get_boolean (self->settings, "accept-pictures") &&
         mime != NULL && (g_str_has_prefix (mime, "image/") || g_str_has_prefix (mime, "audio/")) &&
         rd_transfer_get_size (transfer) <= RD_AUTO_ACCEPT_MAX_BYTES;
}

void
rd_transfer_policy_accept (RdTransferPolicy *self,
                           RdTransfer       *transfer)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RD_IS_TRANSFER_POLICY (self));
  g_return_if_fail (RD_IS_TRANSFER (transfer));

  folder = rd_download_folder (self->settings);
  if (!g_file_make_directory_with_parents (folder, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_message ("download folder %s: %s", g_file_peek_path (folder), error->message);
  destination = rd_download_destination (folder, rd_transfer_get_name (transfer));
  rd_transfers_accept (self->transfers, transfer, destination);
}

static void
offered_cb (RdTransferPolicy *self,
            RdTransfer       *transfer)
{
  if (rd_transfer_policy_accepts_by_itself (self, transfer))
    rd_transfer_policy_accept (self, transfer);
}

static void
direct_changed_cb (RdTransferPolicy *self)
{
  rd_transfers_set_direct_allowed (self->transfers, g_settings_get_boolean (self->settings, "direct-transfers"));
}

RdTransferPolicy *
rd_transfer_policy_new (RdTransfers *transfers,
                        GSettings   *settings)
{
  RdTransferPolicy *self;

  g_return_val_if_fail (RD_IS_TRANSFERS (transfers), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RD_TYPE_TRANSFER_POLICY, NULL);
  self->transfers = g_object_ref (transfers);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (transfers, "offered", G_CALLBACK (offered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::direct-transfers", G_CALLBACK (direct_changed_cb), self,
                           G_CONNECT_SWAPPED);
  direct_changed_cb (self);
  /* Files left with the relay for us were offered before we were here. */
  for (guint i = 0; i < g_list_model_get_n_items (rd_transfers_get_list (transfers)); i++)
    {
      g_autoptr(RdTransfer) transfer = g_list_model_get_item (rd_transfers_get_list (transfers), i);

      if (!rd_transfer_is_outgoing (transfer) && rd_transfer_get_state (transfer) == RD_TRANSFER_OFFERED)
        offered_cb (self, transfer);
    }
  return self;
}

static void
rd_transfer_policy_dispose (GObject *object)
{
  RdTransferPolicy *self = RD_TRANSFER_POLICY (object);

  g_clear_object (&self->transfers);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rd_transfer_policy_parent_class)->dispose (object);
}

static void
rd_transfer_policy_class_init (RdTransferPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_transfer_policy_dispose;
}

static void
rd_transfer_policy_init (RdTransferPolicy *self)
{
}
