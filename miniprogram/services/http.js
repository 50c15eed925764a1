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

function fallbackMessage(status) {
  if (status === 401) return '请先登录。';
  if (status === 403) return '您没有权限进行此操作。';
  if (status === 404) return '没有找到相关内容。';
  if (status === 429) return '操作太频繁，请稍后再试。';
  if (status >= 500) return '服务暂时不可用，请稍后重试。';
  return '请求失败，请稍后重试。';
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
    message: (problem && (problem.detail || problem.title)) || fallbackMessage(statusCode),
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

module.exports = { send, ApiError, buildQuery };
