// Puts a few demo topics through the real API (simulated WeChat) so a new developer sees every stage:
// one under review, one announced with a comment, a support and a doubt the room admin answered (官方答复), one with a
// meeting and a doubt still unanswered, one classified B, one being implemented (a task for the demo implementer's unit).
// Runs once: it does nothing when the demo room already has topics.
const base = process.argv[2];
const roomId = Number(process.argv[3]);

async function call(token, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const login = async (code) => (await call(null, 'POST', '/api/auth/login', { code })).accessToken;
const date = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

(async () => {
  const existing = await call(null, 'GET', `/api/rooms/${roomId}/topics?limit=1`);
  const [resident, neighbour, reviewer, admin] = await Promise.all(
    ['demo-resident', 'demo-neighbour', 'demo-reviewer', 'demo-room-admin'].map(login));
  const mine = await call(resident, 'GET', '/api/me/topics?limit=1');
  if (existing.items.length > 0 || mine.items.length > 0) return;

  const [category] = await call(null, 'GET', '/api/categories');
  const submit = (title, description) =>
    call(resident, 'POST', `/api/rooms/${roomId}/topics`, { title, description, categoryId: category.id, anonymous: true });

  await submit('小区门口乱停车', '早晚高峰小区门口车辆乱停，救护车进不来。');

  const lights = await submit('三号楼前路灯不亮', '三号楼前两盏路灯坏了一个月，老人晚上出门不安全。');
  await call(reviewer, 'POST', `/api/topics/${lights.id}/accept`, { announcementEndsOn: date(7) });
  await call(neighbour, 'POST', `/api/topics/${lights.id}/comments`, { stance: 'support', body: '确实很暗，支持尽快修。' });
  await call(neighbour, 'POST', `/api/topics/${lights.id}/support`);
  const cost = await call(neighbour, 'POST', `/api/topics/${lights.id}/comments`, { stance: 'doubt', body: '修路灯的钱从哪里出？要不要居民分摊？' });
  await call(admin, 'POST', `/api/topics/${lights.id}/comments/${cost.id}/answer`, { text: '由社区公共维修资金支出，不向居民另收费用。' });

  const square = await submit('广场舞噪音扰民', '晚上九点后广场舞音响太大，影响学生休息。');
  await call(reviewer, 'POST', `/api/topics/${square.id}/accept`, { announcementEndsOn: date(7) });
  const startsAt = new Date(Date.now() + 3 * 86400e3).toISOString();
  await call(admin, 'POST', `/api/topics/${square.id}/meetings`, {
    mode: 'hybrid', startsAt, place: '柳树湾社区议事室', onlineLink: 'https://meeting.example.cn/j/100200', convener: '社区书记', capacity: 30,
    participants: [{ name: '社区居委会', party: 'government', attendMode: 'offline' }, { name: '广场舞队代表', party: 'proposer', attendMode: 'offline' }],
  });
  // Unanswered: publishing the resolution will ask the room admin to answer it or confirm going on (docs/answers.md).
  await call(neighbour, 'POST', `/api/topics/${square.id}/comments`, { stance: 'doubt', body: '九点以后音响关小，还能接着跳吗？' });

  const bins = await submit('垃圾分类桶不够', '小区只有两组分类垃圾桶，经常满溢。');
  await call(reviewer, 'POST', `/api/topics/${bins.id}/accept`, { announcementEndsOn: date(7), classification: { class: 'B', nextReviewOn: date(30) } });
  // Deliberated and being implemented: the meeting starts in two seconds, so its minutes can be recorded, and the task
  // is the demo implementer's unit's (清江浦区住建局): their 我的任务 has it to report progress on.
  const fitness = await submit('健身器材损坏', '小区广场的两台健身器材螺丝松动，有老人差点摔倒。');
  await call(reviewer, 'POST', `/api/topics/${fitness.id}/accept`, { announcementEndsOn: date(7) });
  const meetingAt = Date.now() + 2000;
  const scheduled = await call(admin, 'POST', `/api/topics/${fitness.id}/meetings`, {
    mode: 'offline', startsAt: new Date(meetingAt).toISOString(), place: '柳树湾社区议事室', convener: '社区书记', capacity: 20,
    participants: [{ name: '社区居委会', party: 'government', attendMode: 'offline' }, { name: '清江浦区住建局', party: 'government', attendMode: 'offline' }],
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, meetingAt - Date.now()) + 300));
  const meeting = scheduled.meetings[scheduled.meetings.length - 1];
  await call(admin, 'POST', `/api/topics/${fitness.id}/meetings/${meeting.id}/minutes`, { minutes: '与会各方同意由区住建局检修全部健身器材。' });
  await call(admin, 'POST', `/api/topics/${fitness.id}/resolution`, { text: '由清江浦区住建局在两周内检修广场健身器材。', deadline: date(14) });
  await call(admin, 'POST', `/api/topics/${fitness.id}/tasks`, {
    title: '检修广场健身器材', leadPerson: '赵工', unit: '清江浦区住建局', dueOn: date(14),
    milestones: [{ title: '现场查看', dueOn: date(3) }, { title: '更换螺丝和损坏部件', dueOn: date(10) }],
  });
  console.log('Demo topics: one under review, one announced with comments and an answered doubt, one with a meeting scheduled and a doubt to answer, one classified B, one being implemented by 清江浦区住建局.');
})().catch((error) => { console.error('Demo topics not created:', error.message); process.exitCode = 0; });
