// Asking before an action that undoes something (取消报名, 撤回支持, 举报): WeChat's own dialog, as a promise of
// true when the person confirmed. A dialog that fails to open counts as "no": nothing is undone unasked.
function confirm({ title, content, confirmText = '确定', cancelText = '不了' }) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText,
      success: (res) => resolve(!!(res && res.confirm)),
      fail: () => resolve(false),
    });
  });
}

module.exports = { confirm };
