// Which page a scanned scene belongs to. Room codes carry 8 characters from 23456789ABCDEFGHJKMNPQRSTUVWXYZ
// (no I, no L); console login codes carry 'L' + 15 and invitations 'I' + 15, so the prefix alone tells
// them apart. A code normally opens its own page; this catches one that arrives at the room page.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const PAGES = { L: '/pages/console-login/index', I: '/pages/invitation/index' };

function isPrefixed(scene) {
  return scene.length === 16 && !!PAGES[scene[0]] && scene.slice(1).split('').every((c) => ALPHABET.includes(c));
}

/** The page to open for `scene` if it is not a room's, else null. */
function pageFor(scene) {
  const normalized = String(scene || '').trim().toUpperCase();
  if (!isPrefixed(normalized)) return null;
  return `${PAGES[normalized[0]]}?scene=${encodeURIComponent(normalized)}`;
}

module.exports = { pageFor };
