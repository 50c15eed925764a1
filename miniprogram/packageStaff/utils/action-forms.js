// The form of each staff action: its fields (in the order shown) and the request body built from
// what was entered. Field keys are the API's own field names, so the API's field errors land next
// to the field they are about. Whether the action is allowed at all comes from the API. `needs`
// names the query id an action cannot do without (the topic page's button on that task or comment
// gives it).

const PARTIES = [
  { value: 'government', label: '党委政府' },
  { value: 'proposer', label: '问题提出方' },
  { value: 'cppcc_body', label: '政协组织' },
  { value: 'cppcc_member', label: '政协委员' },
  { value: 'notable', label: '新乡贤' },
  { value: 'deputy', label: '党代表和人大代表' },
  { value: 'expert', label: '专家智库' },
  { value: 'resident', label: '群众' },
];

const ATTEND_MODES = [
  { value: 'offline', label: '线下参会' },
  { value: 'online', label: '线上参会' },
];

const note = { key: 'note', label: '备注', type: 'textarea', max: 500 };
const trimmed = (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const int = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));

const FORMS = {
  accept: {
    title: '通过审核，公开听取意见',
    submitText: '通过审核并公开',
    fields: [
      { key: 'announcementEndsOn', label: '公开听取意见到', type: 'date', required: true, hint: '这段时间里居民可以发表意见、表示支持。' },
      {
        key: 'categoryId', label: '问题类别', type: 'choice', source: 'categories',
        hint: '居民没选类别时，已按本议事室最常见的类别（或“其他”）填好；不对就改一下。',
      },
      note,
    ],
    body: (v) => ({ announcementEndsOn: v.announcementEndsOn, categoryId: int(v.categoryId), note: trimmed(v.note) }),
  },
  reject: {
    title: '不通过审核',
    fields: [
      { key: 'criterionId', label: '审题标准（五议五不议）', type: 'choice', required: true, source: 'criteria' },
      { key: 'reason', label: '不通过的理由', type: 'textarea', required: true, max: 500, hint: '提出人可以看到这段理由。' },
    ],
    body: (v) => ({ criterionId: int(v.criterionId) || 0, reason: v.reason || '' }),
  },
  refer: {
    title: '转交有关部门办理',
    fields: [
      { key: 'target', label: '转交给哪个部门或渠道', type: 'text', required: true, max: 100, hint: '例如：12345 热线、区住建局。' },
      { key: 'reference', label: '工单编号', type: 'text', max: 64 },
      note,
    ],
    body: (v) => ({ target: v.target || '', reference: trimmed(v.reference), note: trimmed(v.note) }),
  },
  merge: {
    title: '合并办理',
    fields: [
      { key: 'intoTopicId', label: '和哪个问题一起办', type: 'choice', required: true, source: 'mergeTargets', hint: '同一议事室已通过审核的问题。' },
      note,
    ],
    body: (v) => ({ intoTopicId: int(v.intoTopicId) || 0, note: trimmed(v.note) }),
  },
  classify: {
    title: '分类',
    fields: [
      {
        key: 'class', label: '分类', type: 'choice', required: true,
        options: [
          { value: 'A', label: 'A类：已解决' },
          { value: 'B', label: 'B类：持续跟踪（须填下次跟踪日期）' },
          { value: 'C', label: 'C类：不予办理（须说明原因）' },
        ],
      },
      { key: 'nextReviewOn', label: '下次跟踪日期（B类必填）', type: 'date' },
      { key: 'note', label: '说明（C类必填，提出人可以看到）', type: 'textarea', max: 500 },
    ],
    body: (v) => ({ class: v.class || '', note: trimmed(v.note), nextReviewOn: v.class === 'B' ? v.nextReviewOn : undefined }),
  },
  start_research: { title: '开始调查了解', fields: [note], body: (v) => ({ note: trimmed(v.note) }) },
  add_report: {
    title: '提交调查报告',
    fields: [
      { key: 'title', label: '报告标题', type: 'text', required: true, max: 100 },
      { key: 'body', label: '报告正文', type: 'textarea', required: true, max: 10000 },
      { key: 'authorUnit', label: '撰写单位', type: 'text', required: true, max: 100 },
    ],
    body: (v) => ({ title: v.title || '', body: v.body || '', authorUnit: v.authorUnit || '' }),
  },
  schedule_meeting: {
    title: '安排协商会议',
    fields: [
      {
        key: 'mode', label: '会议形式', type: 'choice', required: true,
        options: [
          { value: 'offline', label: '线下' },
          { value: 'online', label: '线上' },
          { value: 'hybrid', label: '线上线下结合' },
        ],
      },
      { key: 'startsDate', label: '会议日期', type: 'date', required: true, errorKeys: ['startsAt'] },
      { key: 'startsTime', label: '开始时间', type: 'time', required: true },
      { key: 'place', label: '会议地点（线下须填）', type: 'text', max: 200 },
      { key: 'onlineLink', label: '会议链接（线上须填，https:// 开头）', type: 'text', max: 300 },
      { key: 'convener', label: '主持人（召集人）', type: 'text', required: true, max: 50 },
      { key: 'capacity', label: '居民报名名额', type: 'number', required: true },
      { key: 'participants', label: '邀请的参会人（一码联八方）', type: 'participants' },
      note,
    ],
    body: (v) => ({
      mode: v.mode || '',
      startsAt: v.startsDate && v.startsTime ? `${v.startsDate}T${v.startsTime}:00+08:00` : undefined,
      place: v.mode === 'online' ? undefined : trimmed(v.place),
      onlineLink: v.mode === 'offline' ? undefined : trimmed(v.onlineLink),
      convener: v.convener || '',
      capacity: int(v.capacity) || 0,
      participants: (v.participants || []).map((p) => ({ name: p.name || '', party: p.party || '', attendMode: p.attendMode || '' })),
      note: trimmed(v.note),
    }),
  },
  record_minutes: {
    title: '记录会议纪要',
    fields: [
      { key: 'meetingId', label: '会议', type: 'choice', required: true, source: 'meetings' },
      { key: 'minutes', label: '会议纪要', type: 'textarea', required: true, max: 10000 },
    ],
    ids: (v) => ({ meetingId: v.meetingId }),
    body: (v) => ({ minutes: v.minutes || '' }),
  },
  publish_resolution: {
    title: '公开协商结果',
    fields: [
      { key: 'text', label: '协商结果（决议内容）', type: 'textarea', required: true, max: 5000 },
      { key: 'deadline', label: '要求办完的日期（落实期限）', type: 'date', required: true },
    ],
    body: (v) => ({ text: v.text || '', deadline: v.deadline }),
  },
  add_task: {
    title: '布置落实任务',
    fields: [
      { key: 'title', label: '任务内容', type: 'text', required: true, max: 100 },
      { key: 'leadPerson', label: '牵头人姓名', type: 'text', required: true, max: 50 },
      { key: 'unit', label: '责任单位', type: 'text', required: true, max: 100 },
      { key: 'dueOn', label: '完成期限', type: 'date', required: true },
      { key: 'milestones', label: '节点', type: 'milestones' },
    ],
    body: (v) => ({
      title: v.title || '', leadPerson: v.leadPerson || '', unit: v.unit || '', dueOn: v.dueOn,
      milestones: (v.milestones || []).map((m) => ({ title: m.title || '', dueOn: m.dueOn })),
    }),
  },
  update_progress: {
    title: '报告进度',
    fields: [
      { key: 'progress', label: '完成进度（0–100，%）', type: 'number', required: true },
      { key: 'note', label: '进展说明', type: 'textarea', required: true, max: 1000 },
      { key: 'milestonesDone', label: '这次完成的节点', type: 'multi', source: 'taskMilestones' },
    ],
    needs: 'taskId',
    ids: (v, query) => ({ taskId: query.taskId }),
    body: (v) => ({ progress: int(v.progress), note: v.note || '', milestonesDone: (v.milestonesDone || []).map(Number) }),
  },
  complete: {
    title: '公布办理结果',
    fields: [{ key: 'result', label: '办理结果', type: 'textarea', required: true, max: 2000, hint: '居民可以看到，并据此评价。' }],
    body: (v) => ({ result: v.result || '' }),
  },
  close: { title: '确认办完', fields: [note], body: (v) => ({ note: trimmed(v.note) }) },
  reopen: {
    title: '重新协商',
    fields: [{ key: 'reason', label: '重新协商的原因', type: 'textarea', required: true, max: 500 }],
    body: (v) => ({ reason: v.reason || '' }),
  },
  escalate: {
    title: '报送上级',
    fields: [
      {
        key: 'kind', label: '转为', type: 'choice', required: true,
        options: [
          { value: 'npc_proposal', label: '人大建议' },
          { value: 'cppcc_proposal', label: '政协提案' },
          { value: 'public_opinion', label: '社情民意' },
        ],
      },
      { key: 'target', label: '报送对象', type: 'text', required: true, max: 100, hint: '例如：区人大常委会。' },
      { key: 'reference', label: '编号', type: 'text', max: 64 },
    ],
    body: (v) => ({ kind: v.kind || '', target: v.target || '', reference: trimmed(v.reference) }),
  },
  hide_comment: {
    title: '屏蔽意见',
    fields: [{ key: 'reason', label: '屏蔽理由', type: 'textarea', required: true, max: 200, hint: '所有人都能看到这段理由。' }],
    needs: 'commentId',
    ids: (v, query) => ({ commentId: query.commentId }),
    body: (v) => ({ reason: v.reason || '' }),
  },
  approve_comment: {
    title: '公开意见',
    intro: '这条意见将对所有人公开。',
    fields: [],
    needs: 'commentId',
    ids: (v, query) => ({ commentId: query.commentId }),
    body: () => ({}),
  },
};

/** The form of an action, or null for an action that is not a staff form. */
function formFor(action) {
  return Object.prototype.hasOwnProperty.call(FORMS, action) ? FORMS[action] : null;
}

module.exports = { formFor, FORMS, PARTIES, ATTEND_MODES };
