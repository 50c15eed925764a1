// Staff-side API answers in the exact shapes the backend returns (TopicModels.cs, DueEndpoints.cs,
// TaskEndpoints.cs, CatalogEndpoints.cs).

function topic(overrides = {}) {
  return {
    id: 12, receiptNo: '2026-8QMTXY5T-0012', roomId: 4, roomName: '柳树湾社区协商议事室',
    title: '小区门口乱停车', description: '早晚高峰车辆堵住消防通道。', category: { id: 1, name: '基础设施' },
    locationText: null, status: 'submitted', statusName: '审核中', stage: 1, stageName: '提出问题', round: 1, version: 1,
    heldForModeration: false, proposer: { display: '居民', isMine: false }, proxyContact: null, classification: null,
    announcementEndsOn: null, rejection: null, referral: null, mergedInto: null, escalation: null, resolution: null, result: null,
    supportCount: 0, commentCount: 0, supportedByMe: false, submittedAt: '2026-05-01T02:00:00Z', updatedAt: '2026-05-01T02:00:00Z',
    timeline: [], reports: [], meetings: [], tasks: [], evaluations: null,
    allowedActions: ['accept', 'reject', 'refer', 'merge'],
    ...overrides,
  };
}

function task(overrides = {}) {
  return {
    id: 31, round: 1, title: '施划停车位', leadPerson: '李明', unit: '区住建局', dueOn: '2026-07-01', progress: 20, isOverdue: false,
    milestones: [
      { id: 301, title: '现场勘查', dueOn: '2026-05-20', doneAt: '2026-05-18T02:00:00Z' },
      { id: 302, title: '施工', dueOn: '2026-06-20', doneAt: null },
    ],
    updates: [],
    ...overrides,
  };
}

function criteria() {
  return [
    { id: 1, kind: 'deliberate', title: '涉及群众切身利益的事项', description: '与群众生产生活密切相关', sortOrder: 10, isActive: true, cityId: null, kindName: '五议' },
    { id: 2, kind: 'deliberate', title: '公共事务和公益事业', description: '本区域公共事务', sortOrder: 20, isActive: true, cityId: null, kindName: '五议' },
    { id: 6, kind: 'not_deliberate', title: '违反法律法规的事项', description: '与法律法规相抵触', sortOrder: 60, isActive: true, cityId: null, kindName: '五不议' },
  ];
}

function listItem(overrides = {}) {
  return {
    id: 12, receiptNo: '2026-8QMTXY5T-0012', roomId: 4, roomName: '柳树湾社区协商议事室', title: '小区门口乱停车',
    categoryId: 1, categoryName: '基础设施', status: 'submitted', statusName: '待审题', stage: 1, classification: null,
    supportCount: 0, commentCount: 0, heldForModeration: false, submittedAt: '2026-05-01T02:00:00Z', updatedAt: '2026-05-01T02:00:00Z',
    ...overrides,
  };
}

function dueItem(overrides = {}) {
  return {
    kind: 'review', reason: 'B 类持续跟踪议题已到跟踪日期（2026-05-01），请跟进后重新分类。', dueOn: '2026-05-01',
    topicId: 12, receiptNo: '2026-8QMTXY5T-0012', topicTitle: '小区门口乱停车', roomName: '柳树湾社区协商议事室',
    status: 'announced', statusName: '公示中', taskId: null, taskTitle: null, unit: null, leadPerson: null, progress: null,
    ...overrides,
  };
}

function myTask(overrides = {}) {
  return {
    id: 31, title: '施划停车位', leadPerson: '李明', unit: '区住建局', dueOn: '2026-07-01', progress: 20, isOverdue: false,
    topicId: 12, receiptNo: '2026-8QMTXY5T-0012', topicTitle: '小区门口乱停车', roomName: '柳树湾社区协商议事室',
    ...overrides,
  };
}

function me(roles = []) {
  return {
    id: 2, displayName: null, createdAt: '2026-01-01T00:00:00Z',
    grants: roles.map((role, i) => ({
      id: i + 1, role, roleName: { reviewer: '审题人', room_admin: '议事室管理员', implementer: '承办单位', cppcc_member: '政协委员', volunteer: '志愿者/网格员', region_admin: '区域管理员' }[role] || role,
      regionId: 5, regionCode: '320812001', regionName: '长西街道', regionLevel: 3, unit: role === 'implementer' ? '区住建局' : null,
    })),
  };
}

module.exports = { topic, task, criteria, listItem, dueItem, myTask, me };
