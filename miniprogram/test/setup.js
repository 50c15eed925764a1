const { createWxMock } = require('./wx-mock');

// tdesign-miniprogram reads getApp() while its components attach.
global.getApp = () => ({ globalData: {} });
global.wx = global.wx || {};

beforeEach(() => {
  // miniprogram-simulate may have swapped global.wx for its own API object (merging ours in);
  // replace our methods on whatever object is current so both keep working.
  Object.assign(global.wx, createWxMock());
});
