// A `wx` for the end-to-end test: wx.request is real HTTP (Node's fetch) and behaves like WeChat's
// (success for every HTTP status, fail only when there is no answer); wx.login hands out the code
// the test chooses, which the API's simulated WeChat turns into a user; storage lives in memory.

function createHttpWx() {
  const storage = new Map();
  const wx = {
    loginCode: null,
    request({ url, method = 'GET', data, header = {}, timeout = 15000, success, fail }) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeout);
      const hasBody = method !== 'GET' && data !== undefined;
      fetch(url, { method, headers: header, body: hasBody ? JSON.stringify(data) : undefined, signal: controller.signal })
        .then(async (res) => {
          const textBody = await res.text();
          let body = textBody;
          if ((res.headers.get('content-type') || '').includes('json') && textBody) body = JSON.parse(textBody);
          success({ statusCode: res.status, data: body, header: Object.fromEntries(res.headers) });
        })
        .catch((err) => fail({ errMsg: `request:fail ${controller.signal.aborted ? 'timeout' : err.message}` }))
        .finally(() => clearTimeout(timer));
      return { abort: () => controller.abort() };
    },
    login({ success, fail }) {
      setTimeout(() => (wx.loginCode ? success({ code: wx.loginCode }) : fail({ errMsg: 'login:fail' })), 0);
    },
    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, value) => storage.set(key, value),
    removeStorageSync: (key) => storage.delete(key),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
  };
  return wx;
}

module.exports = { createHttpWx };
