// utils/paging.js on a page stand-in: what each read asks the API and what it puts on screen, in how many setData.
const { loadFirst, loadNext, reloadShown } = require('../utils/paging');

const ids = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));
const toView = (t) => ({ id: t.id, shown: true });

function fakePage(items = [], data = {}) {
  const page = {
    data: { state: 'ready', items: items.map(toView), hasMore: true, loadingMore: false, moreError: '', errorMessage: '', ...data },
    after: items.length ? items[items.length - 1].id : undefined,
    writes: [],
    setData(changes) {
      page.writes.push(changes);
      Object.assign(page.data, changes);
    },
  };
  return page;
}

// An API of `total` items (ids 1…total) in pages of 20, keyset after the last id; `fail` names an `after` it refuses.
function api(total, { fail } = {}) {
  const asked = [];
  const fetch = jest.fn((after) => {
    asked.push(after);
    if (fail !== undefined && after === fail) return Promise.reject(new Error('服务暂时不可用，请稍后重试。'));
    const start = after || 0;
    const items = ids(start + 1, Math.min(start + 20, total));
    return Promise.resolve({ items, nextAfter: start + 20 < total ? start + 20 : null });
  });
  return { fetch, asked };
}

const itemWrites = (page) => page.writes.filter((w) => 'items' in w);

describe('reloadShown', () => {
  test('reads page after page until as many items as were on screen (45: three pages), then shows them in one setData', async () => {
    const page = fakePage(ids(1, 45));
    const { fetch, asked } = api(100);
    const last = await reloadShown(page, fetch, toView);

    expect(asked).toEqual([undefined, 20, 40]);
    expect(itemWrites(page)).toHaveLength(1);
    expect(page.data.items).toEqual(ids(1, 60).map(toView));
    expect(page.data.hasMore).toBe(true);
    expect(page.after).toBe(60);
    expect(last.nextAfter).toBe(60);
  });

  test('stops when the API has no more (nextAfter null): the list is as long as it now is', async () => {
    const page = fakePage(ids(1, 45));
    const { fetch, asked } = api(30); // items left the list meanwhile
    await reloadShown(page, fetch, toView);

    expect(asked).toEqual([undefined, 20]);
    expect(page.data.items.map((i) => i.id)).toEqual(ids(1, 30).map((i) => i.id));
    expect(page.data.hasMore).toBe(false);
    expect(page.after).toBeNull();
  });

  test('reads at most maxPages (10 by default) however long the list on screen', async () => {
    const page = fakePage(ids(1, 300));
    const { fetch, asked } = api(1000);
    await reloadShown(page, fetch, toView);
    expect(asked).toHaveLength(10);
    expect(page.data.items).toHaveLength(200);
    expect(page.data.hasMore).toBe(true);
    expect(page.after).toBe(200);

    const few = api(1000);
    await reloadShown(fakePage(ids(1, 300)), few.fetch, toView, { maxPages: 3 });
    expect(few.asked).toEqual([undefined, 20, 40]);
  });

  test('an empty list, or one page on screen, reads the first page only', async () => {
    const empty = fakePage([], { state: 'error', errorMessage: '网络不通' });
    const { fetch, asked } = api(100);
    await reloadShown(empty, fetch, toView);
    expect(asked).toEqual([undefined]);
    expect(empty.data).toMatchObject({ state: 'ready', errorMessage: '', hasMore: true });
    expect(empty.data.items).toHaveLength(20);

    const one = api(100);
    await reloadShown(fakePage(ids(1, 20)), one.fetch, toView);
    expect(one.asked).toEqual([undefined]);
  });

  test('keeps the items on screen while it reads: nothing is set until the last page is in', async () => {
    const page = fakePage(ids(1, 25));
    let answer;
    const fetch = jest.fn(() => new Promise((resolve) => { answer = resolve; }));
    const done = reloadShown(page, fetch, toView);

    expect(page.writes).toEqual([]);
    answer({ items: ids(2, 21), nextAfter: 21 });
    await Promise.resolve();
    await Promise.resolve();
    expect(page.writes).toEqual([]);
    expect(fetch).toHaveBeenLastCalledWith(21);
    answer({ items: ids(22, 30), nextAfter: null });
    await done;
    expect(page.writes).toEqual([{ state: 'ready', errorMessage: '', moreError: '', items: ids(2, 30).map(toView), hasMore: false }]);
  });

  test('a failed page keeps the list on screen and its cursor, and says why at the end of the list', async () => {
    const page = fakePage(ids(1, 45));
    const { fetch, asked } = api(100, { fail: 20 });
    const result = await reloadShown(page, fetch, toView);

    expect(result).toBeNull();
    expect(asked).toEqual([undefined, 20]);
    expect(itemWrites(page)).toEqual([]);
    expect(page.data.items).toEqual(ids(1, 45).map(toView));
    expect(page.after).toBe(45);
    expect(page.data.state).toBe('ready');
    expect(page.data.moreError).toBe('服务暂时不可用，请稍后重试。（下拉可以刷新）');
  });

  test('the next page waits while the list is read again, and can be read once it is in', async () => {
    const page = fakePage(ids(1, 20));
    const { fetch, asked } = api(100);
    const done = reloadShown(page, fetch, toView);
    expect(loadNext(page, fetch, toView)).toBeNull();
    await done;
    expect(asked).toEqual([undefined]);

    await loadNext(page, fetch, toView);
    expect(asked).toEqual([undefined, 20]);
    expect(page.data.items).toHaveLength(40);
  });

  test('a first page asked meanwhile (pull-down, a new filter) wins: the read-again answer is dropped', async () => {
    const page = fakePage(ids(1, 45));
    const slow = [];
    const reading = reloadShown(page, () => new Promise((resolve) => slow.push(() => resolve({ items: ids(1, 20), nextAfter: 20 }))), toView);
    await loadFirst(page, () => Promise.resolve({ items: [{ id: 99 }], nextAfter: null }), toView);
    slow.forEach((answer) => answer());
    expect(await reading).toBeNull();

    expect(slow).toHaveLength(1); // no second page was asked for
    expect(page.data.items).toEqual([toView({ id: 99 })]);
    expect(page.data.hasMore).toBe(false);
  });

  test('of two reads-again, only the later one lands', async () => {
    const page = fakePage(ids(1, 20));
    const answers = [];
    const fetch = () => new Promise((resolve) => answers.push(resolve));
    const first = reloadShown(page, fetch, toView);
    const second = reloadShown(page, fetch, toView);
    answers[1]({ items: [{ id: 2 }], nextAfter: null });
    answers[0]({ items: [{ id: 1 }], nextAfter: null });
    expect(await second).toEqual({ items: [{ id: 2 }], nextAfter: null });
    expect(await first).toBeNull();
    expect(page.data.items).toEqual([toView({ id: 2 })]);
  });
});
