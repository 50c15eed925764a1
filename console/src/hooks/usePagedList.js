// One list that pages by the API's keyset cursor: `fetchPage({after})` answers {items, nextAfter}
// (or a plain array for lists that are not paged). The console shows "加载更多" while there is more.
import { computed, ref } from 'vue';

export function usePagedList(fetchPage) {
  const items = ref([]);
  const loading = ref(false);
  const error = ref('');
  const nextAfter = ref(null);
  let generation = 0;

  // Pages from `after` on, until at least `count` rows or `maxPages` pages, shown after `keep` in one go. On a failure
  // the list is `keep` again with the error (a next page's failure leaves the rows on screen).
  async function read(after, keep, count, maxPages) {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      let rows = [];
      for (let pages = 0; pages < maxPages; pages += 1) {
        const page = await fetchPage({ after });
        if (mine !== generation) return; // a newer load (a new search) took over
        rows = rows.concat(Array.isArray(page) ? page : page.items || []);
        after = Array.isArray(page) ? null : page.nextAfter ?? null;
        if (after === null || rows.length >= count) break;
      }
      items.value = [...keep, ...rows];
      nextAfter.value = after;
    } catch (err) {
      if (mine !== generation) return;
      items.value = keep;
      error.value = err.message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return {
    items,
    loading,
    error,
    hasMore: computed(() => nextAfter.value !== null && nextAfter.value !== undefined),
    reload: () => read(undefined, [], 1, 1),
    loadMore: () => read(nextAfter.value, items.value, 1, 1),
    // The list again from the top as far as `count` rows (at most `maxPages` pages): coming back to a list that was
    // paged down keeps as much of it as was read.
    reloadUpTo: (count, maxPages = 10) => read(undefined, [], count, maxPages),
  };
}
