// The WeChat the cluster's API instances talk to (WeChat:Mode Real, WeChat:BaseUrl here): the server APIs the fault
// test's load reaches — stable_token, jscode2session (a code gives the same openid the simulation gives, so the demo
// staff log in as themselves), msg_sec_check (pass) and subscribe/send — each answered after 40–160
// milliseconds, as the real one is not instant. Every subscribe message it accepts is appended to SENDS, one JSON line
// each, so check.js counts what was really sent rather than how often an item was claimed. GET /_inflight lists the
// client ports of the sends taken and not yet answered.
//   node fake-wechat.js PORT SENDS
const http = require('http');
const fs = require('fs');
const crypto = require('crypto');

const [port, sendsFile] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const openIdFor = (code) => 'sim_' + crypto.createHash('sha256').update(code, 'utf8').digest('hex').slice(0, 24);

// The client ports of the subscribe messages being answered just now: the fault test kills an instance while one of
// its sends is here, taken but not yet answered (GET /_inflight).
const inflight = new Set();

function answer(req, body) {
  const url = new URL(req.url, 'http://localhost');
  switch (url.pathname) {
    case '/cgi-bin/stable_token':
      return { access_token: 'cluster-token', expires_in: 7200 };
    case '/sns/jscode2session':
      return { openid: openIdFor(url.searchParams.get('js_code') || ''), session_key: 'x' };
    case '/wxa/msg_sec_check':
      return { errcode: 0, errmsg: 'ok', result: { suggest: 'pass', label: 100 }, trace_id: crypto.randomUUID() };
    case '/cgi-bin/message/subscribe/send': {
      const m = JSON.parse(body);
      const data = Object.fromEntries(Object.entries(m.data || {}).map(([k, v]) => [k, v.value]));
      // Taken on receipt, as WeChat takes it: a sender that dies before the answer has still sent it.
      fs.appendFileSync(sendsFile, JSON.stringify({ touser: m.touser, template_id: m.template_id, page: m.page ?? null, data }) + '\n');
      return { errcode: 0, errmsg: 'ok', msgid: Date.now() };
    }
    default:
      return { errcode: 40066, errmsg: `invalid url ${url.pathname} (not in the cluster's fake WeChat)` };
  }
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    if (req.url === '/_inflight') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([...inflight]));
      return;
    }
    const json = answer(req, Buffer.concat(chunks).toString('utf8'));
    const port = req.socket.remotePort;
    const send = req.url.startsWith('/cgi-bin/message/subscribe/send');
    if (send) inflight.add(port);
    await sleep(40 + Math.random() * 120);
    if (send) inflight.delete(port);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(json));
  });
}).listen(Number(port), '127.0.0.1');
