// A fresh `wx` for every test: in-memory storage, a queue of canned wx.request answers, and
// jest.fn() for the UI calls a test may want to assert on.

function createWxMock() {
  const storage = new Map();
  const responses = [];
  const requests = [];
  const uploadAnswers = [];
  const uploads = [];

  const wx = {
    __storage: storage,
    __requests: requests,
    /** Queue an answer: {statusCode, data} for an HTTP response, {fail: errMsg} for no network. */
    __respond(answer) {
      responses.push(answer);
    },
    request: jest.fn((options) => {
      requests.push(options);
      const answer = responses.shift();
      setTimeout(() => {
        if (!answer) options.fail({ errMsg: `request:fail no mocked response for ${options.url}` });
        else if (answer.fail) options.fail({ errMsg: answer.fail });
        else options.success({ statusCode: answer.statusCode || 200, data: answer.data, header: {} });
      }, 0);
      return { abort() {} };
    }),
    __uploads: uploads,
    /**
     * Queue an answer for wx.uploadFile: {statusCode, data (object or text), progress: [percent…]} or {fail: errMsg}.
     * An upload with no queued answer stays in progress until the test calls its finish(answer).
     */
    __respondUpload(answer) {
      uploadAnswers.push(answer);
    },
    uploadFile: jest.fn((options) => {
      const listeners = [];
      const upload = {
        options,
        done: false,
        progress: (percent) => listeners.forEach((l) => l({ progress: percent, totalBytesSent: percent, totalBytesExpectedToSend: 100 })),
        finish(answer) {
          if (upload.done) return;
          upload.done = true;
          (answer.progress || []).forEach(upload.progress);
          if (answer.fail) options.fail({ errMsg: answer.fail });
          else {
            const data = typeof answer.data === 'string' ? answer.data : JSON.stringify(answer.data);
            options.success({ statusCode: answer.statusCode || 201, data, header: {} });
          }
        },
      };
      uploads.push(upload);
      const answer = uploadAnswers.shift();
      if (answer) setTimeout(() => upload.finish(answer), 0);
      return { onProgressUpdate: (l) => listeners.push(l), abort() {} };
    }),
    /** What wx.chooseMedia hands back next: the files chosen, or {fail: errMsg} (e.g. cancelled). */
    __chosen: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 1000, fileType: 'image' }],
    chooseMedia: jest.fn((options) => setTimeout(() => {
      const chosen = global.wx.__chosen;
      if (chosen.fail) options.fail({ errMsg: chosen.fail });
      else options.success({ tempFiles: chosen.slice(0, options.count), type: 'image' });
    }, 0)),
    previewImage: jest.fn(),
    login: jest.fn((options) => setTimeout(() => options.success({ code: `code-${wx.login.mock.calls.length}` }), 0)),
    getStorageSync: jest.fn((key) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key, value) => storage.set(key, value)),
    removeStorageSync: jest.fn((key) => storage.delete(key)),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } })),
    showToast: jest.fn(),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    makePhoneCall: jest.fn(),
    pageScrollTo: jest.fn(),
    // A dialog the person confirms; a test that wants a "no" replaces it.
    showModal: jest.fn((options) => options.success && options.success({ confirm: true, cancel: false })),
  };
  return wx;
}

/** Answers the queued requests' path+query, for assertions that read like the API. */
function requestedPaths(wx) {
  return wx.__requests.map((r) => r.url.replace(/^https?:\/\/[^/]+/, ''));
}

module.exports = { createWxMock, requestedPaths };
