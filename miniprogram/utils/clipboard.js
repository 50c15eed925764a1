// Copying to the clipboard (a privacy-scoped call: WeChat may first ask the person to agree to the privacy guide).
// Every outcome is told: a toast on success; on failure a dialog that says why and shows the text to write down.
const privacy = require('./privacy');

function reason(err) {
  if (privacy.isNotAgreed(err)) return '您没有同意《用户隐私保护指引》，小程序不能使用剪贴板。';
  if (privacy.isNotDeclared(err)) return '复制功能暂时不能使用。';
  return '复制没有成功。';
}

/**
 * Copies `text`; `what` names it for the person ("受理号", "会议链接"). Resolves true when copied, false when not
 * (the person has been told, with the text to write down or select by a long press).
 */
function copy(text, what) {
  return new Promise((resolve) => {
    wx.setClipboardData({
      data: text,
      success: () => {
        wx.showToast({ title: `${what}已复制`, icon: 'none' });
        resolve(true);
      },
      fail: (err) => {
        wx.showModal({
          title: `${what}没有复制`,
          content: `${reason(err)}请长按文字复制，或把它抄下来：${text}`,
          showCancel: false,
          confirmText: '知道了',
        });
        resolve(false);
      },
    });
  });
}

module.exports = { copy };
