// TopicDetail, comment and meeting answers in the exact shapes the backend returns.

function topic(overrides = {}) {
  return {
    id: 9,
    receiptNo: '2026-R8K2MQ-0001',
    roomId: 7,
    roomName: '河下街道萧湖社区议事室',
    title: '萧湖路北段路灯不亮',
    description: '晚上七点以后一片漆黑。',
    category: { id: 2, name: '道路交通' },
    locationText: '萧湖路北段',
    status: 'announced',
    statusName: '听取意见中',
    stage: 2,
    stageName: '听取意见',
    round: 1,
    version: 2,
    heldForModeration: false,
    proposer: { display: '居民', isMine: false },
    proxyContact: null,
    classification: null,
    announcementEndsOn: '2026-05-08',
    rejection: null,
    referral: null,
    mergedInto: null,
    escalation: null,
    resolution: null,
    result: null,
    supportCount: 3,
    commentCount: 1,
    supportedByMe: false,
    submittedAt: '2026-05-01T00:30:00',
    updatedAt: '2026-05-01T02:00:00',
    timeline: [
      { at: '2026-05-01T00:30:00', round: 1, action: 'submit', actionName: '提交问题', fromStatus: null, toStatus: 'submitted', toStatusName: '审核中', actorRole: '居民', actorUnit: null, note: null },
      { at: '2026-05-01T02:00:00', round: 1, action: 'accept', actionName: '通过审核，公开听取意见', fromStatus: 'submitted', toStatus: 'announced', toStatusName: '听取意见中', actorRole: '审核人员', actorUnit: '萧湖社区党委', note: '符合五议：民生实事' },
    ],
    reports: [],
    meetings: [],
    tasks: [],
    evaluations: null,
    allowedActions: ['comment', 'support'],
    ...overrides,
  };
}

function meeting(overrides = {}) {
  return {
    id: 3, round: 1, mode: 'hybrid', startsAt: '2099-06-01T06:30:00', place: '萧湖社区议事室', onlineLink: null, convener: '王主任',
    capacity: 30, signupCount: 5, minutes: null, minutesAt: null, participants: [], signedUpByMe: false, ...overrides,
  };
}

function comment(overrides = {}) {
  return {
    id: 21, author: '居民', isMine: false, stance: 'doubt', stanceName: '有疑问', body: '费用谁出？', held: false, hidden: false, hiddenReason: null,
    createdAt: '2026-05-02T01:00:00', reportedByMe: false, reportCount: null, ...overrides,
  };
}

// The workflow as the API publishes it: a backend test (WorkflowTests) keeps this snapshot equal to GET /api/workflow.
const WORKFLOW = require('../../tests/fixtures/workflow.json');

module.exports = { topic, meeting, comment, WORKFLOW };
