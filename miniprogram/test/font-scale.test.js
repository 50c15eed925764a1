// Text follows WeChat's font-size setting: the factor WeChat reports becomes every page's --font-scale.
const fs = require('fs');
const path = require('path');
const { renderPage } = require('./page');

const app = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'app.json'), 'utf8'));
const PAGES = app.pages.concat(...app.subPackages.map((p) => p.pages.map((page) => `${p.root}/${page}`)));

let fontScale;
let original;
beforeEach(() => {
  jest.resetModules();
  fontScale = require('../utils/font-scale');
  original = { getAppBaseInfo: wx.getAppBaseInfo, getSystemInfoSync: wx.getSystemInfoSync };
  delete wx.getAppBaseInfo;
  delete wx.getSystemInfoSync;
});

// TDesign reads the base library version from these too.
afterEach(() => Object.assign(wx, original));

describe('the font scale', () => {
  test('is WeChat\'s scale factor from getAppBaseInfo', () => {
    wx.getAppBaseInfo = jest.fn(() => ({ fontSizeSetting: 23.8, fontSizeScaleFactor: 1.4 }));
    expect(fontScale.factor()).toBe(1.4);
    expect(fontScale.pageStyle()).toBe('--font-scale: 1.4;');
  });

  test('on an older base library comes from getSystemInfoSync: the size over the platform\'s standard', () => {
    wx.getSystemInfoSync = jest.fn(() => ({ platform: 'android', fontSizeSetting: 20 }));
    expect(fontScale.factor()).toBe(1.25);
    wx.getSystemInfoSync = jest.fn(() => ({ platform: 'ios', fontSizeSetting: 22 }));
    expect(fontScale.factor()).toBe(1.29);
  });

  test('stays between 1 (our base sizes are already large) and 2, and is 1 when WeChat says nothing', () => {
    wx.getAppBaseInfo = jest.fn(() => ({ fontSizeScaleFactor: 0.94 }));
    expect(fontScale.factor()).toBe(1);
    wx.getAppBaseInfo = jest.fn(() => ({ fontSizeScaleFactor: 3.2 }));
    expect(fontScale.factor()).toBe(2);
    wx.getAppBaseInfo = jest.fn(() => { throw new Error('not supported'); });
    expect(fontScale.factor()).toBe(1);
    delete wx.getAppBaseInfo;
    expect(fontScale.factor()).toBe(1);
  });
});

describe('every page', () => {
  test.each(PAGES)('%s sets its page style from the setting on load', async (page) => {
    Object.assign(wx, original);
    wx.getAppBaseInfo = jest.fn(() => ({ ...(original.getAppBaseInfo ? original.getAppBaseInfo() : { SDKVersion: '3.4.0' }), fontSizeScaleFactor: 1.5 }));
    wx.showShareMenu = jest.fn();
    const rendered = await renderPage(page, { id: '9', roomId: '7', scene: 'r8K2mQ', action: 'accept' });

    expect(rendered.instance.data.pageStyle).toBe('--font-scale: 1.5;');
  });
});
