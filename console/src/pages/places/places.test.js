import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/places';
import PlacesPage from './index.vue';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';
import { CITY_ADMIN, loginAs } from '@/test/session';

vi.mock('@/api/places', () => ({ regions: vi.fn(), rooms: vi.fn(), createRoom: vi.fn(), updateRoom: vi.fn() }));

const ROOM = { id: 11, regionId: 5, name: '柳树湾议事室', address: '柳树湾社区服务中心', contactName: '李红', contactPhone: '13800000000', isActive: true, scene: 'UAPPT7VF' };

let wrapper;
beforeEach(() => {
  loginAs(CITY_ADMIN);
  api.regions.mockResolvedValue([{ id: 2, name: '清江浦区', levelName: '县区', childCount: 3 }]);
  api.rooms.mockResolvedValue({ items: [ROOM], nextAfter: null });
});
afterEach(() => cleanup(wrapper));

describe('the places page', () => {
  it('shows the admin region and its rooms', async () => {
    ({ wrapper } = await mountPage(PlacesPage));
    expect($('[data-test="region-tree"]').textContent).toContain('淮安市');
    expect(api.rooms).toHaveBeenCalledWith({ regionId: 1, q: '', after: undefined });
    expect($('[data-test="room-table"]').textContent).toContain('柳树湾议事室');
    expect($('[data-test="room-table"]').textContent).toContain('UAPPT7VF');
    expect($('[data-test="room-table"]').textContent).toContain('使用中');
  });

  it('searches rooms by name', async () => {
    ({ wrapper } = await mountPage(PlacesPage));
    const input = $('[data-test="room-search"] input');
    input.value = '柳树';
    input.dispatchEvent(new Event('input'));
    await click('[data-test="room-search-button"]');
    expect(api.rooms).toHaveBeenLastCalledWith({ regionId: 1, q: '柳树', after: undefined });
  });

  it('pages on with the cursor the API gave', async () => {
    api.rooms.mockResolvedValueOnce({ items: [ROOM], nextAfter: 11 }).mockResolvedValueOnce({ items: [{ ...ROOM, id: 12, name: '第二间' }], nextAfter: null });
    ({ wrapper } = await mountPage(PlacesPage));
    await click('[data-test="load-more"]');
    expect(api.rooms).toHaveBeenLastCalledWith({ regionId: 1, q: '', after: 11 });
    expect($('[data-test="room-table"]').textContent).toContain('第二间');
    expect($('[data-test="load-more"]')).toBeNull();
  });

  it('creates a room in the picked region', async () => {
    api.createRoom.mockResolvedValue({ ...ROOM, id: 20 });
    ({ wrapper } = await mountPage(PlacesPage));
    await click('[data-test="room-create"]');
    await type('name', '新议事室');
    await type('address', '长西街道 1 号');
    await click('[data-test="room-dialog"] [data-test="dialog-submit"]');
    expect(api.createRoom).toHaveBeenCalledWith({ name: '新议事室', address: '长西街道 1 号', contactName: null, contactPhone: null, regionId: 1 });
  });

  it('edits a room keeping it open, and shows the API field errors', async () => {
    const { ApiError } = await import('@/api/request');
    api.updateRoom.mockRejectedValueOnce(new ApiError({ status: 409, code: 'room_name_taken', message: '同一区域已有同名议事室。', fieldErrors: { name: '名称已被使用。' } }));
    ({ wrapper } = await mountPage(PlacesPage));
    await click('[data-test="room-edit-11"]');
    expect($('[data-test="field-name"] input').value).toBe('柳树湾议事室');
    await click('[data-test="room-dialog"] [data-test="dialog-submit"]');
    expect(api.updateRoom).toHaveBeenCalledWith(11, expect.objectContaining({ name: '柳树湾议事室', isActive: true }));
    expect($('[data-test="field-error-name"]').textContent).toBe('名称已被使用。');
    expect($$('[data-test="form-error"]')[0].textContent).toContain('同一区域已有同名议事室');
  });

  it('closes a room after asking', async () => {
    api.updateRoom.mockResolvedValue({ ...ROOM, isActive: false });
    ({ wrapper } = await mountPage(PlacesPage));
    await click('[data-test="room-close-11"]');
    await click('[data-test="confirm-ok"]');
    expect(api.updateRoom).toHaveBeenCalledWith(11, expect.objectContaining({ isActive: false, name: '柳树湾议事室' }));
  });
});
