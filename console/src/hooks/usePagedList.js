// One list that pages by the API's keyset cursor: `fetchPage({after})` answers {items, nextAfter}
// (or a plain array for lists that are not paged). The console shows "加载更多" while there is more.
import { computed, ref } from 'vue';

export function usePagedList(fetchPage) {
  const items = ref([]);
  const loading = ref(false);
  const error = ref('');
  const nextAfter = ref(null);
  let generation = 0;

  async function load(reset) {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const page = await fetchPage({ after: reset ? undefined : nextAfter.value });
      if (mine !== generation) return; // a newer load (a new search) took over
      const rows = Array.isArray(page) ? page : page.items || [];
      items.value = reset ? rows : [...items.value, ...rows];
      nextAfter.value = Array.isArray(page) ? null : page.nextAfter ?? null;
    } catch (err) {
      if (mine !== generation) return;
      if (reset) items.value = [];
      error.value = err.message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  // The list again from the top, page after page until at least `count` rows (at most `maxPages` pages), shown in one
  // go: coming back to a list that was paged down keeps as much of it as was read.
  async function reloadUpTo(count, maxPages = 10) {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      let rows = [];
      let after;
      for (let pages = 0; pages < maxPages; pages += 1) {
        const page = await fetchPage({ after });
        if (mine !== generation) return;
        rows = rows.concat(Array.isArray(page) ? page : page.items || []);
        after = Array.isArray(page) ? null : page.nextAfter ?? null;
        if (after === null || rows.length >= count) break;
      }
      items.value = rows;
      nextAfter.value = after;
    } catch (err) {
      if (mine !== generation) return;
      items.value = [];
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
    reload: () => load(true),
    loadMore: () => load(false),
    reloadUpTo,
  };
}
