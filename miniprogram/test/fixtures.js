// API answers in the exact shapes the backend returns.

function landing(overrides = {}) {
  const isOpen = overrides.isOpen !== undefined ? overrides.isOpen : true;
  return {
    scene: 'r8K2mQ',
    room: { id: 7, name: '河下街道萧湖社区议事室', address: '萧湖路 12 号', contactName: '王主任', contactPhone: '0517-8390 1234' },
    regionPath: [
      { id: 1, code: '320800', name: '淮安市', level: 1, levelName: '市' },
      { id: 2, code: '320803', name: '淮安区', level: 2, levelName: '县区' },
      { id: 3, code: '320803001', name: '河下街道', level: 3, levelName: '镇街' },
      { id: 4, code: '320803001002', name: '萧湖社区', level: 4, levelName: '村社区' },
    ],
    isOpen,
    notice: isOpen ? null : '这个议事室已停用，不能再提问题和报名；以往的问题和办理结果仍可在“码上查情”查看。',
    functions: [
      { key: 'propose', name: '码上征题', description: '提出您关心的问题，可匿名', isOpen },
      { key: 'suggest', name: '码上建议', description: '对公开听取意见的问题发表意见、表示支持', isOpen },
      { key: 'deliberate', name: '码上协商', description: '查看协商会议，报名参加', isOpen },
      { key: 'inquire', name: '码上查情', description: '用查询号查看问题办到哪一步', isOpen: true },
    ],
    summary: { counts: { total: 12, underReview: 2, announced: 3, inDeliberation: 1, implementing: 4, closed: 2 }, latest: [] },
    ...overrides,
  };
}

function problem(status, code, detail, errors) {
  const body = { type: 'about:blank', title: '请求失败', status, detail, code };
  if (errors) body.errors = errors;
  return { statusCode: status, data: body };
}

function tokens(n = 1) {
  return { accessToken: `access-${n}`, expiresIn: 900, refreshToken: `refresh-${n}`, refreshExpiresIn: 2592000, userId: 42, isNewUser: n === 1 };
}

module.exports = { landing, problem, tokens };
