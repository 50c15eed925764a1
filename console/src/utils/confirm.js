// Asking before going on (尚有疑问未答复…): TDesign's confirm dialog as a promise of true when the person confirmed.
// Closing the dialog any other way counts as "no".
import { DialogPlugin } from 'tdesign-vue-next';

export function confirm({ header, body, confirmBtn = '确定', cancelBtn = '取消' }) {
  return new Promise((resolve) => {
    const dialog = DialogPlugin.confirm({
      header,
      body,
      confirmBtn,
      cancelBtn,
      onConfirm: () => { dialog.destroy(); resolve(true); },
      onClose: () => { dialog.destroy(); resolve(false); },
    });
  });
}
