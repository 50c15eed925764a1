// The fault test's verdict: what the load was told against what the three nodes hold. Prints the figures and writes
// OUT ({numPassedTests, numFailedTests, figures}) for scripts/lib/summarize.js.
//   node check.js CLUSTER_DIR LOAD_JSON EVENTS_FILE OUT_JSON
const fs = require('fs');
const { execFileSync } = require('child_process');

const [dir, loadFile, eventsFile, out] = process.argv.slice(2);
const load = JSON.parse(fs.readFileSync(loadFile, 'utf8'));
const eventLines = fs.readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => l.split('='));
// Times in ms since the load started; instance_killed_mid_send is a flag (1: WeChat held one of its messages unanswered).
const events = Object.fromEntries(eventLines.filter(([k]) => !k.endsWith('_mid_send')).map(([k, v]) => [k, Number(v) - load.startedAt]));
const killedMidSend = eventLines.some(([k, v]) => k === 'instance_killed_mid_send' && v === '1');
// raw: values as stored (batch mode escapes backslashes, which JSON holds); only for values without tabs or newlines.
const sql = (node, text, raw = false) => execFileSync('mariadb', ['--no-defaults', `--socket=${dir}/node${node}/mysqld.sock`, '-uroot', '-N', '-B', ...(raw ? ['-r'] : []), 'mashangyi', '-e', text], { encoding: 'utf8' })
  .trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, ok }); console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`); };

// Every check reads a settled cluster: the three nodes at the same last commit (a node that rejoined may still be applying
// what it was sent, and the outbox's last writes may be in flight), up to 20 s.
const lastCommitted = () => [1, 2, 3].map((n) => sql(n, "SHOW GLOBAL STATUS LIKE 'wsrep_last_committed'")[0][1]);
for (let i = 0; i < 100 && new Set(lastCommitted()).size > 1; i++) execFileSync('sleep', ['0.2']);

// Acknowledged submissions: each key once, under the id the client was given.
const byKey = new Map(sql(1, "SELECT idempotency_key, COUNT(*), MIN(id) FROM topics WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key").map(([k, n, id]) => [k, { n: Number(n), id: Number(id) }]));
const lostAcks = load.acked.filter((a) => !byKey.has(a.key) || byKey.get(a.key).id !== a.id);
const lostTopics = lostAcks.length;
const dupTopics = [...byKey.values()].filter((v) => v.n > 1).length;
// Acknowledged comments (sent once, no key): each body once.
const commentRows = new Map(sql(1, "SELECT SUBSTRING(body, 4), COUNT(*) FROM topic_comments WHERE body LIKE '支持 %' GROUP BY body").map(([t, n]) => [t, Number(n)]));
const lostComments = load.comments.filter((c) => !commentRows.has(c.token)).length;
const dupComments = [...commentRows.values()].filter((n) => n > 1).length;
// Acknowledged staff actions: each accepted topic has exactly one accept event.
const acceptRows = new Map(sql(1, "SELECT topic_id, COUNT(*) FROM topic_events WHERE action = 'accept' GROUP BY topic_id").map(([t, n]) => [Number(t), Number(n)]));
const lostAccepts = load.accepts.filter((id) => !acceptRows.has(id)).length;
const dupAccepts = [...acceptRows.values()].filter((n) => n > 1).length;
const [[orphans]] = sql(1, 'SELECT COUNT(*) FROM topics t WHERE NOT EXISTS (SELECT 1 FROM topic_events e WHERE e.topic_id = t.id)');
// The outbox against what the fake WeChat was sent: every message sent, none twice. An item claimed again because its
// instance died before sending it is sent by the next claim. One whose instance died during the WeChat call is in
// doubt and sent at most once (OutboxProcessor): WeChat received it once or not at all, never twice.
const [[outboxTotal, outboxSent, outboxReclaimed, outboxOpen]] = sql(1,
  "SELECT COUNT(*), SUM(status = 'sent'), SUM(status = 'sent' AND attempts > 1), SUM(status NOT IN ('sent', 'dropped')) FROM outbox");
const openIds = new Map(sql(1, 'SELECT id, openid FROM users').map(([id, openid]) => [Number(id), openid]));
const messageKey = (touser, template, page, data) =>
  JSON.stringify([touser, template, page ?? null, Object.entries(data || {}).sort(([a], [b]) => a.localeCompare(b))]);
const tally = (rows, keyOf) => rows.reduce((m, r) => m.set(keyOf(r), (m.get(keyOf(r)) || 0) + 1), new Map());
const outboxMessages = (where) => tally(sql(1, `SELECT payload FROM outbox WHERE kind = 'wechat_subscribe' AND ${where}`, true),
  ([payload]) => { const p = JSON.parse(payload); return messageKey(openIds.get(p.userId), p.templateId, p.page, p.data); });
const sentOnce = outboxMessages("status = 'sent'");
const inDoubt = outboxMessages("status = 'dropped' AND last_error LIKE 'in doubt%'");
const sendsFile = `${dir}/wechat-sends.jsonl`;
const sends = fs.existsSync(sendsFile) ? fs.readFileSync(sendsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const received = tally(sends, (m) => messageKey(m.touser, m.template_id, m.page, m.data));
let unsent = 0, sentTwice = 0, doubtReceived = 0;
for (const key of new Set([...sentOnce.keys(), ...inDoubt.keys(), ...received.keys()])) {
  const once = sentOnce.get(key) || 0, doubt = inDoubt.get(key) || 0, got = received.get(key) || 0;
  unsent += Math.max(0, once - got);
  sentTwice += Math.max(0, got - once - doubt);
  doubtReceived += Math.min(doubt, Math.max(0, got - once));
}
const doubtTotal = [...inDoubt.values()].reduce((a, b) => a + b, 0);
const lost = lostTopics + lostComments + lostAccepts;
const duplicates = dupTopics + dupComments + dupAccepts + sentTwice;

check('every acknowledged submission is in the database once, under its id', lostTopics === 0 && dupTopics === 0, `${load.acked.length} acknowledged, ${lostTopics} lost, ${dupTopics} duplicated`);
// A lost submission explains itself: its tries as the client saw them, against the faults, and what each node holds
// under its key and under the id it was given.
for (const a of lostAcks.slice(0, 5)) {
  console.log(`       lost: key ${a.key}, acknowledged as topic ${a.id}; faults (ms): ${JSON.stringify(events)}`);
  for (const [sent, answered, status, what] of load.tries?.[a.key] || []) console.log(`         try sent at ${sent}, answered at ${answered}: ${status} ${what ?? ''}`);
  for (const n of [1, 2, 3]) {
    const rows = sql(n, `SELECT id, idempotency_key, submitted_at, status, room_id FROM topics WHERE idempotency_key = '${a.key}' OR id = ${Number(a.id)}`);
    console.log(`         node${n}: ${rows.length ? rows.map((r) => r.join(' ')).join('; ') : 'no row under the key or the id'}`);
  }
}
check('every acknowledged comment is there once', lostComments === 0 && dupComments === 0, `${load.comments.length} acknowledged, ${lostComments} lost, ${dupComments} duplicated`);
check('every acknowledged acceptance happened once', lostAccepts === 0 && dupAccepts === 0, `${load.accepts.length} acknowledged, ${lostAccepts} lost, ${dupAccepts} duplicated`);
check('no topic without its timeline event', Number(orphans) === 0, `${orphans} without`);
check('every outbox message reached WeChat, none twice (the fake WeChat counts)',
  Number(outboxOpen || 0) === 0 && unsent === 0 && sentTwice === 0 && Number(outboxSent) > 0,
  `${outboxTotal} messages: ${outboxSent} sent, ${sends.length} received by WeChat, ${unsent} missing, ${sentTwice} twice; `
  + `${outboxReclaimed || 0} sent by a second claim, ${doubtTotal} in doubt (${doubtReceived} of them had reached WeChat), ${outboxOpen || 0} open`);

// Statistics: the rollups as the changes kept them, then as a rebuild from the base tables computes them.
const statTables = 'stats_region_day, stats_region_month, stats_topics, stats_open_tasks';
const sums = () => sql(1, `CHECKSUM TABLE ${statTables}`).map((r) => r.join(':')).join(' ');
const kept = sums();
execFileSync('dotnet', ['MaShangYi.Api.dll', 'rebuild-statistics'], { cwd: `${dir}/api`, stdio: 'ignore', env: { ...process.env,
  ASPNETCORE_ENVIRONMENT: 'Development', Database__MigrateOnStart: 'false', Logging__LogLevel__Default: 'Warning',
  Database__ConnectionString: process.env.CLUSTER_CONNECTION } });
check('the statistics equal a rebuild', sums() === kept);

// The three nodes: the same last commit again (the rebuild above wrote on the writer), then the same checksum for every table.
for (let i = 0; i < 100 && new Set(lastCommitted()).size > 1; i++) execFileSync('sleep', ['0.2']);
const tables = sql(1, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'mashangyi' AND table_type = 'BASE TABLE'").map(([t]) => t);
const perNode = [1, 2, 3].map((n) => sql(n, `CHECKSUM TABLE ${tables.join(', ')}`).map((r) => r.join(':')).join('\n'));
const differing = tables.filter((_, i) => new Set(perNode.map((p) => p.split('\n')[i])).size > 1);
check('the three nodes hold the same rows', differing.length === 0, `${tables.length} tables checksummed${differing.length ? `, differing: ${differing.join(', ')}` : ''}`);
const sizes = [1, 2, 3].map((n) => sql(n, "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'")[0][1]);
check('the cluster is whole again (three nodes, one size)', sizes.every((s) => s === '3'), `sizes ${sizes.join(',')}`);

const kinds = load.byKind;
check('every 503 carried Retry-After', !kinds['503 without Retry-After']);
check('no 500 answered', !Object.keys(kinds).some((k) => k.startsWith('500')));

// Figures: the longest time without a successful request (any, writes), and how long service took to come back.
const gap = (times) => times.sort((a, b) => a - b).reduce((m, t, i, a) => (i ? Math.max(m, t - a[i - 1]) : m), 0);
// Back after a kill: the end of the longest pause in writes that began around it (requests in flight may still finish).
const after = (times, at) => {
  let best = [0, at];
  times.forEach((t, i) => { if (i && times[i - 1] >= at - 1000 && times[i - 1] <= at + 5000 && t - times[i - 1] > best[0]) best = [t - times[i - 1], t]; });
  return Math.max(0, best[1] - at);
};
const figures = {
  seconds: Math.round(load.durationMs / 1000), requests: load.requests, byKind: kinds,
  acknowledged: { submissions: load.acked.length, comments: load.comments.length, acceptances: load.accepts.length },
  longestGapMs: gap([...load.okTimes]), longestWriteGapMs: gap([...load.writeOkTimes]),
  writesBackAfterNodeKillMs: after([...load.writeOkTimes].sort((a, b) => a - b), events.node_killed),
  writesBackAfterInstanceKillMs: events.instance_killed ? after([...load.writeOkTimes].sort((a, b) => a - b), events.instance_killed) : null,
  instanceKilledMidSend: events.instance_killed ? killedMidSend : null,
  nodeRejoinMs: events.node_synced - events.node_restarted, lostAcknowledgedWrites: lost, duplicates,
  outbox: { messages: Number(outboxTotal), sent: Number(outboxSent), receivedByWeChat: sends.length, sentBySecondClaim: Number(outboxReclaimed || 0), inDoubt: doubtTotal, inDoubtReceived: doubtReceived },
};
console.log(`\n  ${JSON.stringify(figures)}`);
const failed = checks.filter((c) => !c.ok).length;
fs.writeFileSync(out, JSON.stringify({ numPassedTests: checks.length - failed, numFailedTests: failed, figures, checks }, null, 1));
process.exit(failed ? 1 : 0);
