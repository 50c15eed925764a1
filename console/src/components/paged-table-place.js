// Where each list was left, for coming back to it with the browser's back: how many rows were loaded, by the page's
// address and the list's parameters. Kept for the tab's life only; a reload of the page starts every list afresh.
const places = new Map();

export function rememberPlace(key, rows) {
  places.set(key, { rows });
}

export function rememberedPlace(key) {
  return places.get(key) || null;
}

// The scroll position vue-router saved in the history entry when the person left it: set only on an entry they come
// back to (back or forward), null on a new visit.
export function returningScroll() {
  const state = window.history.state;
  return state && state.scroll ? state.scroll : null;
}
