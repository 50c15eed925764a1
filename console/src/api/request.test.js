import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiUrl, get, itemsOf, onUnauthorized, post, setCsrfToken, upload } from './request';

function answer(status, body, type = 'application/problem+json') {
  return { status, text: async () => (body === undefined ? '' : JSON.stringify(body)), headers: { get: () => type } };
}

let fetchMock;
beforeEach(() => {
  fetchMock = vi.fn();
  globalThis.fetch = fetchMock;
  setCsrfToken('');
  onUnauthorized(null);
});
afterEach(() => { delete globalThis.fetch; });

describe('the request wrapper', () => {
  it('sends the session cookie and no CSRF token on reads', async () => {
    fetchMock.mockResolvedValue(answer(200, { items: [] }, 'application/json'));
    setCsrfToken('tok');
    await get('/api/rooms', { regionId: 3, q: '', after: undefined });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/rooms?regionId=3');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('adds the CSRF token to requests that change state', async () => {
    fetchMock.mockResolvedValue(answer(201, { id: 1 }, 'application/json'));
    setCsrfToken('tok');
    expect(await post('/api/rooms', { name: 'x' })).toEqual({ id: 1 });
    const [, init] = fetchMock.mock.calls[0];
    expect(init.method).toBe('POST');
    expect(init.headers['X-CSRF-Token']).toBe('tok');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"name":"x"}');
  });

  it('answers null for 204', async () => {
    fetchMock.mockResolvedValue(answer(204, undefined, null));
    expect(await post('/api/console/logout')).toBeNull();
  });

  it('turns a validation problem into a Chinese message and field errors keyed like the form', async () => {
    fetchMock.mockResolvedValue(answer(400, { status: 400, code: 'validation_failed', detail: '提交的内容有误，请按提示修改。', errors: { Name: ['名称不能为空。', '最多 100 字。'], 'participants[0].name': ['请填写姓名。'] } }));
    const err = await post('/api/rooms', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('提交的内容有误，请按提示修改。');
    expect(err.fieldErrors).toEqual({ name: '名称不能为空。 最多 100 字。', 'participants[0].name': '请填写姓名。' });
  });

  it('keeps an import\'s bad rows', async () => {
    const rows = [{ line: 3, column: 'room_name', message: '太长' }];
    fetchMock.mockResolvedValue(answer(400, { code: 'import_rows_invalid', detail: '文件中有 1 处错误', rowErrors: rows }));
    const err = await post('/api/import/rooms', {}).catch((e) => e);
    expect(err.rowErrors).toEqual(rows);
    expect(err.fieldErrors).toEqual({});
  });

  it('fetches a fresh CSRF token once when the API says it is stale, then retries', async () => {
    setCsrfToken('old');
    fetchMock
      .mockResolvedValueOnce(answer(403, { code: 'csrf_failed', detail: '请刷新页面后重试。' }))
      .mockResolvedValueOnce(answer(200, { user: { id: 1 }, grants: [], csrfToken: 'new' }, 'application/json'))
      .mockResolvedValueOnce(answer(200, { ok: true }, 'application/json'));
    expect(await post('/api/channels/1/revoke')).toEqual({ ok: true });
    expect(fetchMock.mock.calls[1][0]).toBe('/api/console/session');
    expect(fetchMock.mock.calls[2][1].headers['X-CSRF-Token']).toBe('new');
  });

  it('tells the app when the session is gone', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    fetchMock.mockResolvedValue(answer(401, { code: 'not_logged_in', detail: '请先登录。' }));
    const err = await get('/api/grants').catch((e) => e);
    expect(err.status).toBe(401);
    expect(handler).toHaveBeenCalledWith(err);
  });

  it('says in Chinese when the server cannot be reached or answers without a problem body', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect((await get('/api/rooms').catch((e) => e)).message).toBe('无法连接服务器，请检查网络后重试。');
    fetchMock.mockResolvedValueOnce(answer(502, undefined, 'text/html'));
    expect((await get('/api/rooms').catch((e) => e)).message).toBe('请求失败（502），请稍后重试。');
  });

  it('reads a list from either an array or {items}', () => {
    expect(itemsOf([1])).toEqual([1]);
    expect(itemsOf({ items: [2], nextAfter: null })).toEqual([2]);
    expect(itemsOf(null)).toEqual([]);
    expect(apiUrl('/api/x', { a: 0, b: null })).toBe('/api/x?a=0');
  });
});

class FakeXhr {
  static sent = [];
  constructor() { this.headers = {}; this.upload = {}; }
  open(method, url) { Object.assign(this, { method, url }); }
  setRequestHeader(k, v) { this.headers[k] = v; }
  getResponseHeader() { return 'application/json'; }
  send(body) {
    FakeXhr.sent.push(this);
    this.body = body;
    if (this.upload.onprogress) this.upload.onprogress({ lengthComputable: true, loaded: 1, total: 4 });
    const [status, answerBody] = FakeXhr.answers.shift();
    Object.assign(this, { status, responseText: JSON.stringify(answerBody) });
    this.onload();
  }
}

describe('the upload', () => {
  beforeEach(() => { FakeXhr.sent = []; globalThis.XMLHttpRequest = FakeXhr; });

  it('posts the file as multipart form data with the CSRF token and reports progress', async () => {
    FakeXhr.answers = [[200, { roomsCreated: 2 }]];
    setCsrfToken('tok');
    const progress = [];
    const file = new File(['a,b'], 'rooms.csv');
    expect(await upload('/api/import/rooms', file, { query: { dryRun: true }, onProgress: (p) => progress.push(p) })).toEqual({ roomsCreated: 2 });
    const xhr = FakeXhr.sent[0];
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/import/rooms?dryRun=true']);
    expect(xhr.headers['X-CSRF-Token']).toBe('tok');
    expect(xhr.headers['Content-Type']).toBeUndefined();
    expect(xhr.body.get('file')).toBeInstanceOf(File);
    expect(progress).toEqual([25]);
  });

  it('refuses with the bad rows the API lists', async () => {
    FakeXhr.answers = [[400, { code: 'import_rows_invalid', detail: '文件中有 1 处错误', rowErrors: [{ line: 2, column: 'city_code', message: '市代码须为 6 位数字。' }] }]];
    const err = await upload('/api/import/rooms', new File([''], 'x.csv')).catch((e) => e);
    expect(err.code).toBe('import_rows_invalid');
    expect(err.rowErrors[0].column).toBe('city_code');
  });
});
