// WeChat's privacy authorisation (用户隐私保护指引): a privacy-scoped call (the clipboard, for one) waits while the app
// asks the person, with its own popup, to read and agree to the guide. WeChat keeps one listener for the whole app,
// so it is registered once here and hands each request to the popup of the page on screen (components/privacy-popup
// registers itself when its page shows). A page without a popup refuses: the call fails and its fail path explains.
let current = null;
let listening = false;

function listen() {
  if (listening || typeof wx.onNeedPrivacyAuthorization !== 'function') return;
  listening = true;
  wx.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    if (current) current.open(resolve, eventInfo || {});
    else resolve({ event: 'disagree' });
  });
}

/** The popup of the page now on screen takes the requests. */
function attach(popup) {
  current = popup;
  listen();
}

function detach(popup) {
  if (current === popup) current = null;
}

// WeChat's errors for a privacy-scoped call: not agreed to (104) or not declared in the guide (112).
function isNotAgreed(err) {
  return !!err && (err.errno === 104 || /privacy permission is not authorized/i.test(err.errMsg || ''));
}

function isNotDeclared(err) {
  return !!err && (err.errno === 112 || /not declared in the privacy agreement/i.test(err.errMsg || ''));
}

module.exports = { attach, detach, isNotAgreed, isNotDeclared };
