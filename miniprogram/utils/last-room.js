// The last room this phone opened, so opening the mini program without a code (from the recent
// list or a search) lands on the resident's own room again.
const KEY = 'lastRoom';

function get() {
  try {
    const room = wx.getStorageSync(KEY);
    return room && room.scene ? room : null;
  } catch (e) {
    return null;
  }
}

function remember(scene, name) {
  try {
    wx.setStorageSync(KEY, { scene, name });
  } catch (e) {
    // Storage full or unavailable: remembering is a convenience, not worth an error on screen.
  }
}

function forget() {
  try {
    wx.removeStorageSync(KEY);
  } catch (e) {
    // See remember().
  }
}

module.exports = { KEY, get, remember, forget };
