import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/places';
import PrintPage from './index.vue';
import { sheetsOf } from './sheets';
import { $, $$, cleanup, click, flushPromises, mountPage } from '@/test/helpers';
import { CITY_ADMIN, loginAs } from '@/test/session';

vi.mock('@/api/places', () => ({
  regions: vi.fn().mockResolvedValue([]),
  allRooms: vi.fn(),
  roomCodeUrl: (id) => `/api/rooms/${id}/code`,
  regionCodesZipUrl: (id) => `/api/regions/${id}/codes.zip`,
}));

const room = (id, isActive = true) => ({ id, name: `议事室${id}`, address: `地址${id}`, scene: `SCENE${id}`, isActive });

let wrapper;
beforeEach(() => {
  loginAs(CITY_ADMIN);
  api.regions.mockResolvedValue([]);
});
afterEach(() => cleanup(wrapper));

async function imagesLoad() {
  $$('[data-test="print-card"] img').forEach((img) => img.dispatchEvent(new Event('load')));
  await flushPromises();
}

describe('the print page', () => {
  it('lays a region\'s open rooms on A4 sheets, six per page, each code with what it is for, name, address and scene', async () => {
    api.allRooms.mockResolvedValue([...Array.from({ length: 7 }, (_, i) => room(i + 1)), room(99, false)]);
    ({ wrapper } = await mountPage(PrintPage));

    expect(api.allRooms).toHaveBeenCalledWith(1);
    expect($$('[data-test="print-sheet"]')).toHaveLength(2);
    const cards = $$('[data-test="print-card"]');
    expect(cards).toHaveLength(7);
    expect(cards[0].querySelector('img').getAttribute('src')).toBe('/api/rooms/1/code');
    expect(cards[0].querySelector('[data-test="print-call"]').textContent).toBe('微信扫一扫 · 提问题 · 提建议 · 看进展');
    expect(cards[0].textContent).toContain('议事室1');
    expect(cards[0].textContent).toContain('地址1');
    expect(cards[0].textContent).toContain('SCENE1');
    expect(cards[0].querySelectorAll('.cut')).toHaveLength(4);
    expect($('[data-test="print-sheets"]').textContent).not.toContain('议事室99');
    expect($('[data-test="print-zip"]').getAttribute('href')).toBe('/api/regions/1/codes.zip');
  });

  it('prints only when every code image has loaded', async () => {
    api.allRooms.mockResolvedValue([room(1), room(2)]);
    window.print = vi.fn();
    ({ wrapper } = await mountPage(PrintPage));
    expect($('[data-test="print-button"]').disabled).toBe(true);
    await imagesLoad();
    expect($('[data-test="print-sheets"]').dataset.ready).toBe('true');
    await click('[data-test="print-button"]');
    expect(window.print).toHaveBeenCalled();
  });

  it('stays ready to print when the layout changes, though the images already loaded fire no second load', async () => {
    api.allRooms.mockResolvedValue([room(1), room(2), room(3), room(4, false)]);
    ({ wrapper } = await mountPage(PrintPage));
    await imagesLoad();
    expect($('[data-test="print-sheets"]').dataset.ready).toBe('true');
    await click($$('[data-test="print-per-page"] label')[0]); // 4 a page
    expect($$('[data-test="print-sheet"]')[0].classList.contains('per-4')).toBe(true);
    expect($('[data-test="print-sheets"]').dataset.ready).toBe('true');
    // A closed room shown now has its image to wait for.
    await click('[data-test="print-with-closed"] input');
    expect($('[data-test="print-sheets"]').dataset.ready).toBe('false');
    $('img[src="/api/rooms/4/code"]').dispatchEvent(new Event('load'));
    await flushPromises();
    expect($('[data-test="print-sheets"]').dataset.ready).toBe('true');
  });

  it('cuts rooms into sheets of the chosen size', () => {
    expect(sheetsOf([1, 2, 3, 4, 5], 4)).toEqual([[1, 2, 3, 4], [5]]);
    expect(sheetsOf([], 6)).toEqual([]);
  });
});
