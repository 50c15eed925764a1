// One HTTP exchange with the API: wx.request as a Promise, ProblemDetails turned into ApiError.
// No login handling here (see request.js), so auth.js can use it without a cycle.
const { apiBaseUrl } = require('../config');

const TIMEOUT_MS = 15000;

class ApiError extends Error {
  constructor({ status, code, message, fieldErrors, problem }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors || {};
    this.problem = problem || null;
  }
}

function buildQuery(params) {
  if (!params) return '';
  const pairs = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== null && params[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k])}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

// What to say when the API gave nothing a resident can read: each says what to do next. (The app logs in by itself,
// so a 401 that survives renewal means the automatic login failed, not that someone should find a login button.)
function fallbackMessage(status) {
  if (status === 401) return '没能自动登录，请检查网络后重试。';
  if (status === 403) return '您不能进行这项操作。如有疑问，请联系议事室的工作人员。';
  if (status === 404) return '没有找到相关内容，请返回上一页再打开一次。';
  if (status === 429) return '操作太频繁了，请稍等一分钟再试。';
  if (status >= 500) return '服务暂时不可用，请稍后重试。';
  return '没有成功，请稍后重试。';
}

const CHINESE = /[\u4e00-\u9fff]/;

// Only a message in Chinese reaches the screen: an English framework title or a bare code never does.
function readable(text) {
  return typeof text === 'string' && CHINESE.test(text) ? text : null;
}

// ProblemDetails (RFC 9457) in the house shape: {status, title, detail, code, errors?}.
function parseBody(body) {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch (e) {
    return null;
  }
}

function toApiError(statusCode, body) {
  const parsed = parseBody(body);
  const problem = parsed && typeof parsed === 'object' ? parsed : null;
  return new ApiError({
    status: statusCode,
    code: (problem && problem.code) || `http_${statusCode}`,
    message: (problem && (readable(problem.detail) || readable(problem.title))) || fallbackMessage(statusCode),
    fieldErrors: problem && problem.errors,
    problem,
  });
}

function networkError(err) {
  const errMsg = (err && err.errMsg) || '';
  const timedOut = /timeout/i.test(errMsg);
  return new ApiError({
    status: 0,
    code: timedOut ? 'network_timeout' : 'network_error',
    message: timedOut ? '网络超时，请检查网络后重试。' : '网络连接失败，请检查网络后重试。',
  });
}

/** send({method, path, query, data, token, header}) → Promise of the response body; rejects with ApiError. */
function send({ method = 'GET', path, query, data, token, header: extra }) {
  const header = { 'content-type': 'application/json', ...extra };
  if (token) header.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${apiBaseUrl()}${path}${buildQuery(query)}`,
      method,
      data,
      header,
      timeout: TIMEOUT_MS,
      // success fires for every HTTP status; only 2xx is a success for us.
      success(res) {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.data);
        else reject(toApiError(res.statusCode, res.data));
      },
      fail(err) {
        reject(networkError(err));
      },
    });
  });
}

module.exports = { send, ApiError, buildQuery, toApiError, networkError, parseBody };
