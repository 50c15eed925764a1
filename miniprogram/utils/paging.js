// Keyset paging over the API's nextAfter, shared by every list page (the main package's and the staff
// subpackage's): the first page, the next one at the bottom, the list read again on return, and the API's message when
// a page fails — for the next page in `moreError`, shown at the end of the list (it stays there; a toast would vanish).
// `fetch(after)` returns a promise of { items, nextAfter }; `toView` shapes one item for the page.

// The first page, in place of whatever is on screen (on load, pull-down refresh, a new filter).
function loadFirst(page, fetch, toView) {
  page.reloading = 0; // a read-again still on its way is overtaken: its answer would undo the new choice
  page.setData({ state: 'loading', errorMessage: '', moreError: '', items: [], hasMore: false });
  return fetch(undefined).then(
    (result) => {
      page.after = result.nextAfter;
      page.setData({ state: 'ready', items: result.items.map(toView), hasMore: !!result.nextAfter });
      return result;
    },
    (err) => page.setData({ state: 'error', errorMessage: err.message }),
  );
}

// The next page, unless there is none, one is on its way, or the list is being read again (it would be replaced).
function loadNext(page, fetch, toView) {
  if (!page.data.hasMore || page.data.loadingMore || page.reloading) return null;
  page.setData({ loadingMore: true, moreError: '' });
  return fetch(page.after).then(
    (result) => {
      page.after = result.nextAfter;
      page.setData({ loadingMore: false, items: page.data.items.concat(result.items.map(toView)), hasMore: !!result.nextAfter });
    },
    (err) => page.setData({ loadingMore: false, moreError: `${err.message}（往上拉可以再试）` }),
  );
}

// The list read again on returning to the page, as far down as the person had scrolled: from the first page until as
// many items as are on screen are read (at most maxPages, so a very long list costs a bounded number of requests),
// then shown in one setData, so the list neither blanks nor shrinks and jumps while the pages come in. A failed page
// leaves the list on screen and says why at its end. Resolves to the last page read, or null.
// keys: the page's names for its list, when they are not items/hasMore/after/state/errorMessage (a topic's comments).
const LIST_KEYS = { items: 'items', hasMore: 'hasMore', after: 'after', state: 'state', error: 'errorMessage' };
function reloadShown(page, fetch, toView, { maxPages = 10, keys = LIST_KEYS } = {}) {
  const shown = page.data[keys.items].length;
  const reload = (page.reloads || 0) + 1;
  page.reloads = reload;
  page.reloading = reload;
  const current = () => page.reloading === reload; // not overtaken by a later read-again or a first page
  const items = [];
  const read = (after, pages) => fetch(after).then((result) => {
    if (!current()) return null;
    items.push(...result.items);
    if (result.nextAfter && items.length < shown && pages < maxPages) return read(result.nextAfter, pages + 1);
    return result;
  });
  return read(undefined, 1).then(
    (last) => {
      if (!last || !current()) return null;
      page.reloading = 0;
      page[keys.after] = last.nextAfter;
      page.setData({ [keys.state]: 'ready', [keys.error]: '', moreError: '', [keys.items]: items.map(toView), [keys.hasMore]: !!last.nextAfter });
      return last;
    },
    (err) => {
      if (!current()) return null;
      page.reloading = 0;
      // The next page can still be read at the bottom; the list from the top again needs a pull-down.
      page.setData({ moreError: `${err.message}（下拉可以刷新）` });
      return null;
    },
  );
}

module.exports = { loadFirst, loadNext, reloadShown };
