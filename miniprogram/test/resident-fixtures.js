// A topic in every status with the whole record it would have by then, as the API sends it (names in the API's
// words): for rendering every resident page in every state (test/glossary.test.js).
const T = require('./topic-fixtures');
const { STATUSES } = require('../utils/glossary');

// The action names the API sends on the timeline (api/Features/Topics/Workflow.cs).
const ACTION_NAMES = {
  submit: '提交问题', accept: '通过审核，公开听取意见', reject: '不通过审核', refer: '转交有关部门办理', merge: '合并办理',
  classify: '分类', start_research: '开始调查了解', add_report: '提交调查报告', schedule_meeting: '安排协商会议',
  record_minutes: '记录会议纪要', publish_resolution: '公开协商结果', add_task: '布置落实任务', update_progress: '报告进度',
  complete: '公布办理结果', close: '确认办完', reopen: '重新协商', escalate: '报送上级', hide_comment: '屏蔽意见', approve_comment: '公开意见',
};

// The way to each status: the actions in order, each with the status it leads to.
const PATHS = {
  submitted: [],
  rejected: [['reject', 'rejected']],
  referred: [['refer', 'referred']],
  merged: [['merge', 'merged']],
  announced: [['accept', 'announced']],
  researching: [['accept', 'announced'], ['start_research', 'researching'], ['add_report', 'researching']],
  escalated: [['accept', 'announced'], ['escalate', 'escalated']],
  meeting_scheduled: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled']],
  deliberated: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated']],
  resolution_published: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated'], ['publish_resolution', 'resolution_published']],
  implementing: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated'], ['publish_resolution', 'resolution_published'], ['add_task', 'implementing'], ['update_progress', 'implementing']],
  completed: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated'], ['publish_resolution', 'resolution_published'], ['add_task', 'implementing'], ['complete', 'completed']],
  closed: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated'], ['publish_resolution', 'resolution_published'], ['add_task', 'implementing'], ['complete', 'completed'], ['classify', 'completed'], ['close', 'closed']],
  reopened: [['accept', 'announced'], ['schedule_meeting', 'meeting_scheduled'], ['record_minutes', 'deliberated'], ['publish_resolution', 'resolution_published'], ['add_task', 'implementing'], ['complete', 'completed'], ['reopen', 'reopened']],
};

// Photos as the API shows them to this resident: others' passed, their own still being checked.
const photo = (id, status = 'pass', mine = false) => ({
  id, thumbUrl: `https://api.example.cn/api/photos/k${id}/thumb.jpg`, url: `https://api.example.cn/api/photos/k${id}/display.jpg`, status, mine,
});

const OPEN = ['announced', 'researching', 'reopened', 'meeting_scheduled', 'deliberated', 'resolution_published', 'implementing'];

function event(action, to, i) {
  return {
    at: `2026-05-0${1 + (i % 8)}T02:00:00`, round: 1, action, actionName: ACTION_NAMES[action], fromStatus: null, toStatus: to, toStatusName: STATUSES[to],
    actorRole: i === 0 ? '居民' : '议事室管理员', actorUnit: i === 0 ? null : '萧湖社区', note: i === 0 ? null : '按程序办理',
  };
}

/** The topic a resident opens in `status`, with everything it has by then. */
function topicIn(status, overrides = {}) {
  const path = [['submit', 'submitted']].concat(PATHS[status]);
  const did = (action) => path.some(([a]) => a === action);
  const allowed = [];
  if (OPEN.includes(status)) allowed.push('comment', 'support');
  if (status === 'meeting_scheduled') allowed.push('sign_up');
  if (status === 'completed') allowed.push('evaluate');
  const meetings = [];
  if (did('record_minutes')) meetings.push(T.meeting({ id: 3, startsAt: '2026-05-10T06:30:00', minutes: '同意加装路灯 6 盏。', minutesAt: '2026-05-10T09:00:00', participants: [{ name: '居民', party: 'resident', partyName: '群众', attendMode: 'offline' }, { name: '王主任', party: 'proposer', partyName: '问题提出方', attendMode: 'online' }] }));
  if (status === 'meeting_scheduled') meetings.push(T.meeting({ id: 4, signedUpByMe: false }), T.meeting({ id: 5, signedUpByMe: true, onlineLink: 'https://meeting.tencent.com/dm/abc123' }), T.meeting({ id: 6, capacity: 5, signupCount: 5 }));
  return T.topic({
    status,
    statusName: STATUSES[status],
    stage: 2,
    stageName: '听取意见',
    round: status === 'reopened' ? 2 : 1,
    timeline: path.map(([action, to], i) => event(action, to, i)),
    allowedActions: allowed,
    announcementEndsOn: did('accept') ? '2026-05-08' : null,
    rejection: status === 'rejected' ? { criterionId: 6, criterionTitle: '违反法律法规的事项', reason: '属于物业合同纠纷，请找物业公司协商。' } : null,
    referral: status === 'referred' ? { target: '12345 热线', reference: 'GD-77' } : null,
    mergedInto: status === 'merged' ? { id: 8, receiptNo: '2026-R8K2MQ-0008', title: '萧湖路路灯坏了' } : null,
    escalation: status === 'escalated' ? { kind: 'npc_proposal', kindName: '人大建议', target: '区人大常委会', reference: null } : null,
    classification: status === 'closed' ? { class: 'B', className: 'B类：持续跟踪', note: '明年再看一次。', nextReviewOn: '2026-12-01' } : null,
    reports: did('add_report') ? [{ id: 1, round: 1, title: '现场走访情况', body: '走访了 12 户居民。', authorRole: 'room_admin', authorRoleName: '议事室管理员', authorUnit: '萧湖社区', createdAt: '2026-05-03T02:00:00' }] : [],
    meetings,
    resolution: did('publish_resolution') ? { text: '由社区牵头加装路灯。', deadline: '2026-06-30' } : null,
    tasks: did('add_task') ? [{
      id: 4, round: 1, title: '加装路灯', leadPerson: '李工', unit: '区城管局', dueOn: '2026-06-30', progress: status === 'implementing' ? 60 : 100, isOverdue: false,
      milestones: [{ id: 41, title: '采购', dueOn: '2026-06-01', doneAt: '2026-05-30T02:00:00' }, { id: 42, title: '安装', dueOn: '2026-06-20', doneAt: null }],
      updates: [{ progress: 60, note: '已装 4 盏', at: '2026-05-20T02:00:00', photos: [photo(5)] }],
    }] : [],
    result: did('complete') ? '已加装 6 盏路灯。' : null,
    resultPhotos: did('complete') ? [photo(6), photo(7)] : [],
    photos: [photo(1), photo(2, 'checking', true)],
    evaluations: did('complete') ? { round: 1, count: 2, solved: 1, satisfied: 1, proposer: null, mine: status === 'closed' ? { solved: true, satisfied: true, comment: null, at: '2026-07-01T00:00:00' } : null } : null,
    ...overrides,
  });
}

/** The comments a resident may meet: every stance, one of their own held, one hidden with its reason. */
function comments() {
  return {
    items: [
      T.comment({ id: 21 }),
      T.comment({ id: 22, stance: 'support', stanceName: '支持', body: '同意，早点修。', photos: [photo(3)] }),
      T.comment({ id: 23, stance: 'suggestion', stanceName: '建议', author: '我', isMine: true, held: true, body: '装太阳能路灯。', photos: [photo(4, 'review', true)] }),
      T.comment({ id: 24, hidden: true, body: '这条意见已被屏蔽', hiddenReason: '人身攻击' }),
    ],
    nextAfter: null,
    counts: {},
  };
}

module.exports = { topicIn, comments, ACTION_NAMES, PATHS };
