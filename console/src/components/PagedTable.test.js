import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import PagedTable from './PagedTable.vue';
import { $$, click } from '@/test/helpers';

const columns = [{ colKey: 'title', title: '议题' }];
const rows = (from, count) => Array.from({ length: count }, (_, i) => ({ id: from - i, title: `议题${from - i}` }));

// A list of 70 rows, 20 a page, newest first, as the API pages it by `after`.
function api() {
  const all = rows(100, 70);
  return vi.fn(async ({ after }) => {
    const start = after === undefined ? 0 : all.findIndex((r) => r.id === after) + 1;
    const items = all.slice(start, start + 20);
    return { items, nextAfter: start + 20 < all.length ? items[items.length - 1].id : null };
  });
}

function mountList(fetchPage, props = {}) {
  return mount(PagedTable, { attachTo: document.body, props: { columns, fetchPage, params: { regionId: 3 }, ...props } });
}

const shownRows = () => $$('.t-table tbody tr').filter((tr) => tr.textContent.includes('议题')).length;

beforeEach(() => {
  window.history.replaceState({ scroll: null }, '');
  window.scrollTo = vi.fn();
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PagedTable', () => {
  it('comes back (the browser\'s back) with as many rows as were loaded, scrolled where it was', async () => {
    const fetchPage = api();
    const first = mountList(fetchPage);
    await flushPromises();
    await click('[data-test="load-more"]');
    await click('[data-test="load-more"]');
    expect(shownRows()).toBe(60);
    first.unmount(); // a topic opened from the list

    // Back: vue-router left the scroll position in the history entry returned to.
    window.history.replaceState({ scroll: { left: 0, top: 1800 } }, '');
    fetchPage.mockClear();
    mountList(fetchPage);
    await flushPromises();

    expect(fetchPage.mock.calls.map(([args]) => args.after)).toEqual([undefined, 81, 61]);
    expect(shownRows()).toBe(60);
    expect($$('[data-test="load-more"]')).toHaveLength(1);
    expect(window.scrollTo).toHaveBeenCalledWith(0, 1800);
  });

  it('starts from the first page on a new visit, for another region, and where asked not to keep its place', async () => {
    const fetchPage = api();
    const first = mountList(fetchPage);
    await flushPromises();
    await click('[data-test="load-more"]');
    first.unmount();

    fetchPage.mockClear();
    const again = mountList(fetchPage); // a new visit: no scroll in the history entry
    await flushPromises();
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(shownRows()).toBe(20);
    again.unmount();

    window.history.replaceState({ scroll: { left: 0, top: 900 } }, '');
    fetchPage.mockClear();
    const other = mountList(fetchPage, { params: { regionId: 4 } });
    await flushPromises();
    expect(fetchPage).toHaveBeenCalledTimes(1);
    other.unmount();

    fetchPage.mockClear();
    mountList(fetchPage, { keepPlace: false });
    await flushPromises();
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(window.scrollTo).not.toHaveBeenCalled();
  });

  it('reads at most ten pages again, and shows the error with 重试 when a page fails', async () => {
    const fetchPage = vi.fn(async ({ after }) => ({ items: rows(after === undefined ? 1000 : after - 1, 20), nextAfter: (after ?? 1001) - 20 }));
    const first = mountList(fetchPage);
    await flushPromises();
    for (let i = 0; i < 13; i += 1) await click('[data-test="load-more"]');
    first.unmount();

    window.history.replaceState({ scroll: { left: 0, top: 5000 } }, '');
    fetchPage.mockClear();
    const again = mountList(fetchPage);
    await flushPromises();
    expect(fetchPage).toHaveBeenCalledTimes(10);
    expect(shownRows()).toBe(200);
    again.unmount();

    const failing = vi.fn().mockResolvedValueOnce({ items: rows(100, 20), nextAfter: 81 }).mockRejectedValueOnce(new Error('网络不通，请稍后再试。'));
    mountList(failing);
    await flushPromises();
    expect($$('[data-test="list-error"]')[0].textContent).toContain('网络不通');
  });
});
