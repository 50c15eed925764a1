// Regions and rooms (场所).
import { apiUrl, get, itemsOf, post, put } from './request';

/** Children of a region (or the top-level regions): [{id, code, name, level, levelName, childCount, roomCount}]. */
export const regions = async (parentId) => itemsOf(await get('/api/regions', { parentId }));

/** A region with its path and children. */
export const region = (id) => get(`/api/regions/${id}`);

/** Rooms in a region's subtree, by name: {items: [{id, regionId, name, address, contactName, contactPhone, isActive, scene}], nextAfter}. */
export const rooms = ({ regionId, q, after, limit = 20 } = {}) => get('/api/rooms', { regionId, q, after, limit });

/** Every room of a region's subtree, page by page (for the print sheets). */
export async function allRooms(regionId) {
  const all = [];
  let after;
  do {
    const page = await rooms({ regionId, after, limit: 100 });
    all.push(...page.items);
    after = page.nextAfter;
  } while (after);
  return all;
}

export const createRoom = (body) => post('/api/rooms', body);

/** body: {name, address, contactName, contactPhone, isActive}; isActive=false closes the room. */
export const updateRoom = (id, body) => put(`/api/rooms/${id}`, body);

export const roomCodeUrl = (id) => apiUrl(`/api/rooms/${id}/code`);

export const regionCodesZipUrl = (id) => apiUrl(`/api/regions/${id}/codes.zip`);
