// Keyset paging over the API's nextAfter, shared by every list page (the main package's and the staff
// subpackage's): the first page, the next one at the bottom, and the API's message when a page fails — for the next
// page in `moreError`, shown at the end of the list (it stays there; a toast would vanish).
// `fetch(after)` returns a promise of { items, nextAfter }; `toView` shapes one item for the page.

// The first page. keepItems: leave the current items on screen while it loads (a refresh on returning to the page).
function loadFirst(page, fetch, toView, { keepItems = false } = {}) {
  page.setData(keepItems ? { state: 'loading', errorMessage: '', moreError: '' } : { state: 'loading', errorMessage: '', moreError: '', items: [], hasMore: false });
  return fetch(undefined).then(
    (result) => {
      page.after = result.nextAfter;
      page.setData({ state: 'ready', items: result.items.map(toView), hasMore: !!result.nextAfter });
      return result;
    },
    (err) => page.setData({ state: 'error', errorMessage: err.message }),
  );
}

// The next page, unless there is none or one is on its way.
function loadNext(page, fetch, toView) {
  if (!page.data.hasMore || page.data.loadingMore) return null;
  page.setData({ loadingMore: true, moreError: '' });
  return fetch(page.after).then(
    (result) => {
      page.after = result.nextAfter;
      page.setData({ loadingMore: false, items: page.data.items.concat(result.items.map(toView)), hasMore: !!result.nextAfter });
    },
    (err) => page.setData({ loadingMore: false, moreError: `${err.message}（往上拉可以再试）` }),
  );
}

module.exports = { loadFirst, loadNext };
