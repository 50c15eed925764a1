// Photos (issue 16): one upload per photo with wx.uploadFile (multipart, field `file`) to POST /api/photos, with the
// same Bearer token and login renewal as request.js; the answer is the API's photo {id, status, thumbUrl, url, width,
// height}. A lost connection or a busy server is tried again after a pause (the API gives the same photo back for the
// same bytes, so a retry never makes two); a refusal (4xx: too large, not an image, too many) is not, and its Chinese
// detail is the error shown. remove(id) takes back a photo not attached to anything yet.
const { apiBaseUrl } = require('../config');
const { toApiError, networkError, parseBody, ApiError } = require('./http');
const auth = require('./auth');
const { del, RENEWABLE_CODES } = require('./request');

const UPLOAD_TIMEOUT_MS = 60000;

/** Pauses before each retry; tests shorten them. */
const retry = { delaysMs: [1000, 3000, 8000] };

function uploadOnce(filePath, token, onProgress) {
  return new Promise((resolve, reject) => {
    const task = wx.uploadFile({
      url: `${apiBaseUrl()}/api/photos`,
      filePath,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: UPLOAD_TIMEOUT_MS,
      // success fires for every HTTP status; res.data is the body as text.
      success(res) {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          const photo = parseBody(res.data);
          if (photo && photo.id) resolve(photo);
          else reject(new ApiError({ status: 0, code: 'bad_answer', message: '照片没有传好，请点照片重试。' }));
        } else {
          reject(toApiError(res.statusCode, res.data));
        }
      },
      fail(err) {
        reject(networkError(err));
      },
    });
    if (task && typeof task.onProgressUpdate === 'function' && onProgress) {
      task.onProgressUpdate((p) => onProgress(p.progress));
    }
  });
}

// As request.js: an expired token is renewed once and the upload tried once more.
async function withLogin(filePath, onProgress) {
  try {
    return await uploadOnce(filePath, auth.accessToken(), onProgress);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !RENEWABLE_CODES.includes(err.code)) throw err;
  }
  const session = await auth.renew();
  return uploadOnce(filePath, session.accessToken, onProgress);
}

/** Worth trying again: no answer, a timeout, or a server error. Never a 4xx (the same file gets the same answer). */
function transient(err) {
  return err instanceof ApiError && (err.status === 0 || err.status === 408 || err.status >= 500) && err.code !== 'bad_answer';
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** upload(filePath, {onProgress(percent)}) → the API's photo; rejects with ApiError (message in Chinese). */
async function upload(filePath, { onProgress } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await withLogin(filePath, onProgress);
    } catch (err) {
      if (!transient(err) || attempt >= retry.delaysMs.length) throw err;
      if (onProgress) onProgress(0);
      await pause(retry.delaysMs[attempt]);
    }
  }
}

/** Takes back an unattached photo of the caller's. */
function remove(id) {
  return del(`/api/photos/${id}`);
}

module.exports = { upload, remove, retry, transient };
