// Shapes a TopicDetail for the topic page: everything as text a resident reads (status in words,
// Beijing times, staff by role and unit), and which actions to offer.
const { dateTime, date, isFuture } = require('./format');
const { attendModesFor } = require('../services/meetings');
const glossary = require('./glossary');


const ROLE_NAMES = {
  resident: '居民',
  proposer: '提出人',
  volunteer: '志愿者/网格员',
  reviewer: '审核人员',
  room_admin: '议事室管理员',
  cppcc_member: '政协委员',
  implementer: '承办单位',
  region_admin: '区域管理员',
  channel: '外部渠道',
  system: '系统',
};

const MODE_NAMES = { offline: '线下', online: '线上', hybrid: '线上线下结合' };

const CHINESE = /[\u4e00-\u9fff]/;

// The API names roles in Chinese already; a code it has no name for reads as 工作人员, never as the code.
function who(role, unit) {
  const name = ROLE_NAMES[role] || (CHINESE.test(role || '') ? role : '工作人员');
  return unit ? `${name} · ${unit}` : name;
}

// Photos as the API gives them to this caller ({id, thumbUrl, url, status, mine}): others' only once passed, the
// caller's own and, for staff, those being checked too (photo-grid marks them 审核中).
function photos(list) {
  return (list || []).filter((p) => p && p.url).map((p) => ({ id: p.id, thumbUrl: p.thumbUrl || p.url, url: p.url, status: p.status }));
}

// The published result: its text, and the photos of the work done (办理后).
function resultOf(result, resultPhotos) {
  if (result && typeof result === 'object') return { text: result.text || '', photos: photos(result.photos || resultPhotos) };
  return { text: result || '', photos: photos(resultPhotos) };
}

function timeline(events) {
  return (events || []).map((e, i) => ({
    key: i,
    at: dateTime(e.at),
    round: e.round,
    actionName: CHINESE.test(e.actionName || '') ? e.actionName : '办理',
    toStatusName: glossary.statusName(e.toStatus, e.toStatusName),
    who: who(e.actorRole, e.actorUnit),
    note: e.note || '',
  }));
}

// Minutes go on a meeting of the current round that has started and has none yet (as the API checks).
function meetings(list, canSignUp, canRecordMinutes, round) {
  return (list || []).map((m) => {
    const upcoming = isFuture(m.startsAt);
    return {
      id: m.id,
      round: m.round,
      modeName: MODE_NAMES[m.mode] || '协商',
      mode: m.mode,
      startsAt: dateTime(m.startsAt),
      place: m.place || '',
      onlineLink: m.onlineLink || '',
      convener: m.convener,
      places: `${m.signupCount}/${m.capacity}`,
      full: m.signupCount >= m.capacity,
      minutes: m.minutes || '',
      minutesAt: dateTime(m.minutesAt),
      participants: (m.participants || []).map((p) => `${p.name}（${p.partyName}）`).join('、'),
      signedUpByMe: !!m.signedUpByMe,
      upcoming,
      canSignUp: canSignUp && upcoming,
      canRecordMinutes: canRecordMinutes && m.round === round && !m.minutes && !upcoming,
      attendModes: attendModesFor(m.mode),
    };
  });
}

// Progress is reported on this round's unfinished tasks; the API decides whose unit's (403 otherwise).
function tasks(list, canReport, round) {
  return (list || []).map((t) => ({
    id: t.id,
    title: t.title,
    leadPerson: t.leadPerson,
    unit: t.unit,
    dueOn: date(t.dueOn),
    progress: t.progress,
    isOverdue: t.isOverdue,
    canReport: canReport && t.round === round && t.progress < 100,
    milestones: (t.milestones || []).map((m) => ({ id: m.id, title: m.title, dueOn: date(m.dueOn), done: !!m.doneAt })),
    updates: (t.updates || []).map((u, i) => ({ key: i, progress: u.progress, note: u.note, at: dateTime(u.at), photos: photos(u.photos) })),
  }));
}

function evaluations(e) {
  if (!e || !e.count) return null;
  return {
    count: e.count,
    solved: e.solved,
    satisfied: e.satisfied,
    satisfiedRate: Math.round((e.satisfied * 100) / e.count),
    mine: e.mine ? { solved: e.mine.solved, satisfied: e.mine.satisfied, comment: e.mine.comment || '' } : null,
  };
}

// The topic-level buttons: the allowed actions the published workflow gives a staff form whose route names
// only the topic. One whose route names a meeting, task or comment is offered on that item; the public ones
// (comment, support, sign_up, evaluate: no form) are inline. Without the workflow (it failed to load) none are
// offered, since their pages could not build the form either; pulling down loads it again.
function staffActions(allowed, workflow) {
  const byName = {};
  ((workflow && workflow.actions) || []).forEach((a) => { byName[a.name] = a; });
  return (allowed || []).filter((a) => byName[a] && byName[a].form && !/\{(?!id\})\w+\}/.test(byName[a].route))
    .map((a) => ({ action: a, name: byName[a].chineseName }));
}

function toView(t, workflow) {
  const allowed = t.allowedActions || [];
  const meetingList = meetings(t.meetings, allowed.includes('sign_up'), allowed.includes('record_minutes'), t.round);
  const taskList = tasks(t.tasks, allowed.includes('update_progress'), t.round);
  const result = resultOf(t.result, t.resultPhotos);
  const hasAfter = result.photos.length > 0 || taskList.some((task) => task.updates.some((u) => u.photos.length));
  return {
    id: t.id,
    receiptNo: t.receiptNo,
    roomName: t.roomName,
    title: t.title,
    description: t.description,
    photos: photos(t.photos),
    // Before and after side by side once the work has photos of its own.
    photosLabel: hasAfter ? '办理前' : '',
    categoryName: t.category ? t.category.name : '',
    locationText: t.locationText || '',
    status: t.status,
    statusName: glossary.statusName(t.status, t.statusName),
    // No stage or round numbers for residents: a topic deliberated again just says so.
    roundText: t.round > 1 ? `第 ${t.round} 次商量` : '',
    round: t.round,
    heldForModeration: t.heldForModeration,
    proposer: t.proposer ? `${t.proposer.display}${t.proposer.isMine ? '（我）' : ''}` : '',
    submittedAt: dateTime(t.submittedAt),
    announcementEndsOn: date(t.announcementEndsOn),
    classification: t.classification ? { ...t.classification, nextReviewOn: date(t.classification.nextReviewOn) } : null,
    rejection: t.rejection,
    referral: t.referral,
    mergedInto: t.mergedInto,
    escalation: t.escalation,
    resolution: t.resolution ? { text: t.resolution.text, deadline: date(t.resolution.deadline) } : null,
    result: result.text,
    resultPhotos: result.photos,
    supportCount: t.supportCount,
    commentCount: t.commentCount,
    supportedByMe: !!t.supportedByMe,
    timeline: timeline(t.timeline),
    reports: (t.reports || []).map((r) => ({ id: r.id, title: r.title, body: r.body, by: who(r.authorRole, r.authorUnit), at: dateTime(r.createdAt) })),
    meetings: meetingList,
    // 报名 near the top: the upcoming meetings a resident can still sign up for, or has signed up for (and may cancel).
    signups: meetingList.filter((m) => m.upcoming && (m.signedUpByMe || m.canSignUp)),
    tasks: taskList,
    // Comments load separately; the page offers these on each comment (see comment()).
    canHideComments: allowed.includes('hide_comment'),
    canApproveComments: allowed.includes('approve_comment'),
    canAnswerComments: allowed.includes('answer_comment'),
    // 解疑释惑: residents' doubts answered officially, and those still waiting.
    doubtsLine: doubtsLine(t.answeredDoubts || 0, t.unansweredDoubts || 0),
    evaluations: evaluations(t.evaluations),
    canComment: allowed.includes('comment'),
    // A support already given is spent (not in allowedActions) but may still be withdrawn while the topic is open.
    canSupport: allowed.includes('support') || (!!t.supportedByMe && allowed.includes('comment')),
    canEvaluate: allowed.includes('evaluate') && !(t.evaluations && t.evaluations.mine),
    staffActions: staffActions(allowed, workflow),
  };
}

function doubtsLine(answered, unanswered) {
  if (!answered && !unanswered) return '';
  return unanswered ? `居民疑问：已答复 ${answered} 条，待答复 ${unanswered} 条` : `居民疑问：${answered} 条都已答复`;
}

// 官方答复 under a comment: the unit (or the room) that answered and when, never a person.
function answerOf(a) {
  return a ? { text: a.text, by: a.unit, at: dateTime(a.at), corrected: !!a.corrected } : null;
}

function comment(c) {
  return {
    id: c.id,
    author: c.author,
    isMine: c.isMine,
    stanceName: glossary.STANCES[c.stance] || (CHINESE.test(c.stanceName || '') ? c.stanceName : '意见'),
    body: c.body,
    photos: photos(c.photos),
    held: c.held,
    hidden: c.hidden,
    hiddenReason: c.hiddenReason || '',
    at: dateTime(c.createdAt),
    reportedByMe: c.reportedByMe,
    canReport: !c.isMine && !c.hidden && !c.held && !c.reportedByMe,
    answer: c.hidden ? null : answerOf(c.answer),
    answerable: !c.hidden && !c.held,
  };
}

module.exports = { ROLE_NAMES, toView, comment, who, photos };
