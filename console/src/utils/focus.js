// Keyboard use: a dialog opened from a button takes the focus, so Tab and Enter work inside it
// (TDesign teleports dialogs to the end of the page, far from the button in the Tab order).
import { nextTick } from 'vue';

export const FIELD = ['input:not([type=hidden]):not([disabled]):not([tabindex="-1"])', 'textarea:not([disabled])', '[tabindex="0"]']
  .map((s) => `.form-dialog ${s}`).join(', ');

/** Once the dialog has rendered, focuses the first element matching the first selector that matches. */
export async function focusInside(getRoot, selectors) {
  await nextTick();
  setTimeout(() => {
    const root = getRoot();
    const target = root && selectors.map((s) => root.querySelector(s)).find(Boolean);
    if (target) target.focus();
  }, 60);
}
