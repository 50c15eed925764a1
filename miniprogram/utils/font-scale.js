// Text that follows WeChat's font-size setting (我 → 设置 → 通用 → 字体大小; 关怀模式 too). rpx alone follows only the
// screen width, so every page binds `<page-meta page-style="{{pageStyle}}">` and its type is sized as
// calc(<n>rpx * var(--font-scale, 1)) (app.wxss). The factor is WeChat's: the user's size over the standard one
// (17px on iOS, 16px on Android). Our base sizes are already large, so a smaller setting keeps them; at most 2×.
const MIN = 1;
const MAX = 2;

function readFactor() {
  try {
    if (typeof wx.getAppBaseInfo === 'function') {
      const info = wx.getAppBaseInfo();
      if (info && info.fontSizeScaleFactor > 0) return info.fontSizeScaleFactor;
      if (info && info.fontSizeSetting > 0) return info.fontSizeSetting / 17;
    }
    if (typeof wx.getSystemInfoSync === 'function') {
      const info = wx.getSystemInfoSync();
      if (info && info.fontSizeScaleFactor > 0) return info.fontSizeScaleFactor;
      if (info && info.fontSizeSetting > 0) return info.fontSizeSetting / (/android/i.test(info.platform || '') ? 16 : 17);
    }
  } catch (e) {
    // An older base library without these: the standard size.
  }
  return 1;
}

/** The scale for the type, between 1 and 2, to two decimals. */
function factor() {
  const f = Math.min(MAX, Math.max(MIN, Number(readFactor()) || 1));
  return Math.round(f * 100) / 100;
}

/** The page-style that carries the scale (bound on every page's page-meta). */
function pageStyle() {
  return `--font-scale: ${factor()};`;
}

/** Call in a page's onLoad: sets data.pageStyle. */
function apply(page) {
  page.setData({ pageStyle: pageStyle() });
}

module.exports = { factor, pageStyle, apply };
