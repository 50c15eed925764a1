// The one way the console talks to the API. It sends the console session cookie (same origin),
// adds X-CSRF-Token to every request that changes state, and turns ProblemDetails into an ApiError
// the page can show: a Chinese message, field errors for forms, and an import's bad rows.

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];

const GENERIC_MESSAGES = {
  0: '无法连接服务器，请检查网络后重试。',
  400: '提交的内容有误，请检查后重试。',
  401: '登录已失效，请重新扫码登录。',
  403: '您没有权限进行此操作。',
  404: '要找的内容不存在。',
  409: '内容刚被其他人修改过，请刷新后重试。',
  413: '文件过大。',
  429: '操作过于频繁，请稍后再试。',
};

export class ApiError extends Error {
  constructor({ status, code, message, fieldErrors = {}, rowErrors = [], problem = null }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.rowErrors = rowErrors;
    this.problem = problem;
  }
}

let csrfToken = '';
let unauthorizedHandler = null;

/** Remembers the session's CSRF token (from GET /api/console/session or a confirmed login ticket). */
export function setCsrfToken(token) {
  csrfToken = token || '';
}

/** Called with the error when the API says the console session is gone (401). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/** '/api/rooms' + {regionId: 3, q: ''} → '/api/rooms?regionId=3' (empty values left out). */
export function apiUrl(path, query) {
  const params = new URLSearchParams();
  Object.entries(query || {}).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  });
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** {"Name": ["…"], "participants[0].name": ["…"]} → {name: "…", "participants[0].name": "…"} */
function fieldErrorsOf(errors) {
  if (!errors || Array.isArray(errors) || typeof errors !== 'object') return {};
  const out = {};
  Object.entries(errors).forEach(([key, messages]) => {
    const field = key ? key.charAt(0).toLowerCase() + key.slice(1) : '';
    out[field] = [].concat(messages).join(' ');
  });
  return out;
}

/** The error for a failed answer; `problem` is the parsed body, when it was JSON. */
export function errorFrom(status, problem) {
  const p = problem && typeof problem === 'object' ? problem : {};
  const rowErrors = Array.isArray(p.rowErrors) ? p.rowErrors : Array.isArray(p.errors) ? p.errors : [];
  return new ApiError({
    status,
    code: p.code || `http_${status}`,
    message: p.detail || GENERIC_MESSAGES[status] || `请求失败（${status}），请稍后重试。`,
    fieldErrors: fieldErrorsOf(p.errors),
    rowErrors,
    problem: problem || null,
  });
}

function headersFor(method, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.includes(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

function parseBody(text, contentType) {
  if (!text) return null;
  if (/json/i.test(contentType || '')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

async function settle(status, data) {
  if (status >= 200 && status < 300) return data;
  const error = errorFrom(status, data);
  if (status === 401 && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

async function once(method, path, { query, body } = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, body),
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    throw errorFrom(0, null);
  }
  const data = parseBody(await response.text(), response.headers.get('Content-Type'));
  return { status: response.status, data };
}

// A CSRF token can go stale (a second tab logged in again): fetch the session's current token, then retry once.
async function withFreshToken(send) {
  const first = await send();
  if (first.status !== 403 || !first.data || first.data.code !== 'csrf_failed') return first;
  const session = await once('GET', '/api/console/session');
  if (session.status !== 200 || !session.data) return first;
  setCsrfToken(session.data.csrfToken);
  return send();
}

/** One API call; answers the JSON body (null for 204) or throws ApiError. */
export async function request(method, path, options = {}) {
  const { status, data } = STATE_CHANGING.includes(method)
    ? await withFreshToken(() => once(method, path, options))
    : await once(method, path, options);
  return settle(status, data);
}

function xhrOnce(path, { query, form, onProgress }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = false; // same origin: cookies go anyway
    Object.entries(headersFor('POST', form)).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
      };
    }
    xhr.onload = () => resolve({ status: xhr.status, data: parseBody(xhr.responseText, xhr.getResponseHeader('Content-Type')) });
    xhr.onerror = () => reject(errorFrom(0, null));
    xhr.send(form);
  });
}

/** Uploads a file as multipart form data, reporting upload progress (0–100) to onProgress. */
export async function upload(path, file, { query, onProgress } = {}) {
  const form = new FormData();
  form.append('file', file);
  const { status, data } = await withFreshToken(() => xhrOnce(path, { query, form, onProgress }));
  return settle(status, data);
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body, query) => request('POST', path, { body: body === undefined ? {} : body, query });
export const put = (path, body) => request('PUT', path, { body });
export const del = (path) => request('DELETE', path);

/** A list answer as an array, whether the API sends [..] or {items: [..]}. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && answer.items) || [];
}
