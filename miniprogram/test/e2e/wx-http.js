// A `wx` for the end-to-end test: wx.request is real HTTP (Node's fetch) and behaves like WeChat's
// (success for every HTTP status, fail only when there is no answer); wx.login hands out the code
// the test chooses, which the API's simulated WeChat turns into a user; storage lives in memory.
// wx.uploadFile is a real multipart/form-data POST of a file on disk (its name, as WeChat sends it, is the file's
// name: the simulated content check reads test words from it), with progress as the body is handed to the socket.
// wx.chooseMedia hands out the paths the test puts in `wx.chosen` (or fails with `{fail: errMsg}`); wx.previewImage
// records what it was asked to show in `wx.previewed`.
const fs = require('fs');
const path = require('path');

const TYPES = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.heic': 'image/heic', '.heif': 'image/heif' };
const CHUNK = 64 * 1024;

/** The multipart body and its content type, as fetch would send the FormData. */
async function multipart(filePath, name, formData) {
  const form = new FormData();
  Object.entries(formData || {}).forEach(([k, v]) => form.append(k, String(v)));
  const bytes = await fs.promises.readFile(filePath);
  form.append(name, new Blob([bytes], { type: TYPES[path.extname(filePath).toLowerCase()] || 'application/octet-stream' }), path.basename(filePath));
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type') };
}

/** A stream of `body` that reports how much of it has been read. */
function counted(body, onRead) {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= body.length) {
        controller.close();
        return;
      }
      const chunk = body.subarray(sent, sent + CHUNK);
      sent += chunk.length;
      controller.enqueue(chunk);
      onRead(sent, body.length);
    },
  });
}

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
    uploadFile({ url, filePath, name, header = {}, formData, timeout = 60000, success, fail }) {
      const controller = new AbortController();
      const listeners = [];
      const timer = setTimeout(() => controller.abort(), timeout);
      const progress = (sent, total) => listeners.forEach((l) => l({ progress: Math.floor((sent * 100) / total), totalBytesSent: sent, totalBytesExpectedToSend: total }));
      multipart(filePath, name, formData)
        .then(({ body, contentType }) => fetch(url, {
          method: 'POST',
          headers: { ...header, 'content-type': contentType, 'content-length': String(body.length) },
          body: counted(body, progress),
          duplex: 'half',
          signal: controller.signal,
        }))
        // As WeChat: success for every HTTP status, the body as text.
        .then(async (res) => success({ statusCode: res.status, data: await res.text(), header: Object.fromEntries(res.headers) }))
        .catch((err) => fail({ errMsg: `uploadFile:fail ${controller.signal.aborted ? 'timeout' : err.message}` }))
        .finally(() => clearTimeout(timer));
      return { onProgressUpdate: (l) => listeners.push(l), abort: () => controller.abort() };
    },
    chosen: [],
    chooseMedia({ count = 9, success, fail }) {
      setTimeout(() => {
        if (wx.chosen && wx.chosen.fail) fail({ errMsg: wx.chosen.fail });
        else success({ type: 'image', tempFiles: wx.chosen.slice(0, count).map((p) => ({ tempFilePath: p, size: fs.statSync(p).size, fileType: 'image' })) });
      }, 0);
    },
    previewed: [],
    previewImage(options) {
      wx.previewed.push({ current: options.current, urls: options.urls });
      if (options.success) options.success({});
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
