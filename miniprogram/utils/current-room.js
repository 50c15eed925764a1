// The room the resident opened last, as the function pages need it (id, name, region path,
// whether it is open, its public summary). Set by the room page; kept in memory only, because
// the function pages always get the room id in their query and can fall back to asking the API.
let current = null;

function set(landing) {
  const path = landing.regionPath || [];
  current = {
    roomId: landing.room.id,
    roomName: landing.room.name,
    scene: landing.scene,
    isOpen: landing.isOpen,
    regionPath: path,
    region: path.length ? path[path.length - 1] : null,
    summary: landing.summary || null,
  };
  return current;
}

/** The remembered room if it is the one asked for (or any, without an id). */
function get(roomId) {
  if (!current) return null;
  if (roomId !== undefined && roomId !== null && String(current.roomId) !== String(roomId)) return null;
  return current;
}

function clear() {
  current = null;
}

module.exports = { set, get, clear };
