// The fault test's constant load: residents submit topics (each with its own Idempotency-Key) and comment, a reviewer
// accepts topics, readers read — against the API proxy for a bounded time. A request that fails for the service's sake
// (no answer, 502/503/504) is sent again with the same key after the Retry-After advice (capped at 1 s to keep the test
// short). Runs for at most SECONDS, or until SIGTERM; writes what was acknowledged to OUT for check.js.
//   node load.js URL ROOM_ID SECONDS OUT
const fs = require('fs');
const crypto = require('crypto');

const [url, roomId, seconds, out] = process.argv.slice(2);
const started = Date.now();
let deadline = started + Number(seconds) * 1000;
process.on('SIGTERM', () => { deadline = Math.min(deadline, Date.now()); });
const stats = { requests: 0, byKind: {}, acked: [], comments: [], accepts: [], okTimes: [], writeOkTimes: [], failTimes: [], tries: {} };

const count = (kind) => { stats.byKind[kind] = (stats.byKind[kind] || 0) + 1; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const retryable = (status) => status === 0 || status === 502 || status === 503 || status === 504;

async function call(method, path, { token, body, key, write } = {}) {
  stats.requests++;
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers['Idempotency-Key'] = key;
  let res, status = 0, retryAfter = null, json = null;
  try {
    res = await fetch(url + path, { method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(10000) });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    json = await res.json().catch(() => null);
  } catch (e) {
    status = 0;
    count(e.name === 'TimeoutError' ? 'timeout' : 'no answer');
  }
  const now = Date.now() - started;
  if (status) count(status >= 500 ? `${status} ${json?.code ?? ''}`.trim() : `${status}`);
  if (status >= 200 && status < 300) {
    stats.okTimes.push(now);
    if (write) stats.writeOkTimes.push(now);
  } else if (retryable(status)) {
    stats.failTimes.push(now);
    if (status === 503 && !retryAfter) count('503 without Retry-After');
  }
  return { status, json, retryAfter };
}

// Sends until an answer that is not the service's failure (or 30 s past the deadline): the same request, the same key.
// A submission's tries (ms since the start, status, id or error code) are kept by key, so a lost one can be explained.
async function until(method, path, options) {
  for (;;) {
    const sent = Date.now() - started;
    const r = await call(method, path, options);
    if (options?.key) (stats.tries[options.key] ||= []).push([sent, Date.now() - started, r.status, r.json?.id ?? r.json?.code ?? null]);
    if (!retryable(r.status) || Date.now() > deadline + 30000) return r;
    await sleep(Math.min(1000, Number(r.retryAfter || 1) * 1000) * (0.5 + Math.random() / 2));
  }
}

async function login(code) {
  const r = await until('POST', '/api/auth/login', { body: { code } });
  if (r.status !== 200) throw new Error(`login ${code}: ${r.status}`);
  return r.json.accessToken;
}

const publicTopics = [];

async function resident(n) {
  const token = await login(`cluster-resident-${n}`);
  const templates = ((await until('GET', '/api/subscriptions/templates')).json || []).filter((t) => t.audience === 'resident');
  for (let i = 0; Date.now() < deadline; i++) {
    const key = crypto.randomUUID();
    const r = await until('POST', `/api/rooms/${roomId}/topics`, {
      token, key, write: true, body: { description: `集群故障测试 ${key} 小区门口的路灯坏了` },
    });
    if (r.status === 201 || r.status === 200) stats.acked.push({ user: `cluster-resident-${n}`, key, id: r.json.id });
    else count(`submission refused ${r.status}`);
    // As the mini program does after a submission: the resident accepts one message of each template, so the outbox
    // carries messages all through the faults.
    for (const t of templates) await until('POST', '/api/me/subscriptions', { token, body: { templateId: t.templateId, accepted: 1 }, write: true });
    const topic = publicTopics[Math.floor(Math.random() * publicTopics.length)];
    if (topic && i % 2 === 0) {
      // A comment carries no key: it is sent once, and an acknowledged one must be there exactly once.
      const token2 = crypto.randomUUID();
      const c = await call('POST', `/api/topics/${topic}/comments`, { token, write: true, body: { stance: 'support', body: `支持 ${token2}` } });
      if (c.status === 201) stats.comments.push({ topic, token: token2 });
    }
  }
}

async function reviewer() {
  const token = await login('demo-reviewer');
  const ends = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
  while (Date.now() < deadline) {
    const q = await call('GET', '/api/review/queue?limit=5', { token });
    const items = q.status === 200 ? q.json.items : [];
    for (const t of items) {
      // A staff action sent again after a lost answer finds the topic accepted already (409): no second effect.
      const r = await until('POST', `/api/topics/${t.id}/accept`, { token, write: true, body: { announcementEndsOn: ends } });
      if (r.status === 200) { stats.accepts.push(t.id); publicTopics.push(t.id); }
      else if (r.status !== 409) count(`accept refused ${r.status}`);
    }
    if (!items.length) await sleep(300);
  }
}

async function reader() {
  while (Date.now() < deadline) {
    const id = publicTopics[Math.floor(Math.random() * publicTopics.length)];
    await call('GET', id ? `/api/topics/${id}` : `/api/rooms/${roomId}/topics`);
    await call('GET', `/api/rooms/${roomId}/topics?limit=10`);
  }
}

(async () => {
  await Promise.all([resident(1), resident(2), resident(3), resident(4), reviewer(), reader()]);
  stats.durationMs = Date.now() - started;
  stats.startedAt = started;
  fs.writeFileSync(out, JSON.stringify(stats));
})().catch((e) => { console.error(e); process.exit(1); });
