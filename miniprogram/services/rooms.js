// Rooms and regions: what a scanned code opens, and finding a room by place or name. All public.
const { get } = require('./request');

/** The room a scene code opens, with its region path, functions and public summary. */
function landing(scene) {
  return get('/api/landing', { scene });
}

/** Top-level regions, or the children of parentId. */
function regions(parentId) {
  return get('/api/regions', { parentId });
}

/** Rooms in a region's subtree and/or matching a name; keyset paging by `after`. */
function searchRooms({ regionId, q, after, limit = 20 } = {}) {
  return get('/api/rooms', { regionId, q, after, limit });
}

module.exports = { landing, regions, searchRooms };
