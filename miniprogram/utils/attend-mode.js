// Choosing how to attend a meeting: no question when the meeting allows one way only.
const { attendModesFor } = require('../services/meetings');

/** Resolves with 'offline' | 'online', or null when the resident closes the choice. */
function chooseAttendMode(meetingMode) {
  const modes = attendModesFor(meetingMode);
  if (modes.length === 1) return Promise.resolve(modes[0].key);
  return new Promise((resolve) => {
    wx.showActionSheet({
      itemList: modes.map((m) => m.name),
      success: (res) => resolve(modes[res.tapIndex] ? modes[res.tapIndex].key : null),
      fail: () => resolve(null),
    });
  });
}

module.exports = { chooseAttendMode };
