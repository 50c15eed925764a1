import { describe, expect, it } from 'vitest';
// The workflow as the API publishes it: a backend test (WorkflowTests) keeps this snapshot equal to GET /api/workflow.
import WORKFLOW from '../../../../tests/fixtures/workflow.json';
import { formFor, initialValues, nothingToChoose, sourcesFor, topicActions } from './action-forms';

const FORMS = Object.fromEntries(WORKFLOW.actions.filter((a) => a.form).map((a) => [a.name, formFor(WORKFLOW, a.name)]));

const topic = {
  id: 1, round: 1,
  meetings: [
    { id: 5, round: 1, startsAt: '2026-09-01T01:00:00Z', place: '社区会议室', minutes: null },
    { id: 6, round: 1, startsAt: '2099-01-01T01:00:00Z', place: '以后', minutes: null },
    { id: 7, round: 1, startsAt: '2026-08-01T01:00:00Z', place: '已记', minutes: '已有纪要' },
  ],
  tasks: [{ id: 9, title: '修路灯', unit: '住建局', progress: 40, milestones: [{ id: 1, title: '采购', dueOn: '2026-10-01', doneAt: null }, { id: 2, title: '勘察', dueOn: '2026-09-01', doneAt: '2026-09-01T00:00:00Z' }] }],
};

describe('the staff action forms', () => {
  it('offer topic buttons only for allowed staff actions that need no task or comment', () => {
    expect(topicActions(WORKFLOW, ['accept', 'reject', 'comment', 'support', 'update_progress', 'hide_comment', 'classify']))
      .toEqual(['accept', 'reject', 'classify']);
  });

  it('offer a rejection the 五不议 criteria only: a 五议 one is a reason to accept', () => {
    const reviewCriteria = [
      { id: 1, kind: 'deliberate', kindName: '五议', title: '矛盾纠纷和利益协调', isActive: true },
      { id: 6, kind: 'not_deliberate', kindName: '五不议', title: '违反法律法规和政策', isActive: true },
      { id: 7, kind: 'not_deliberate', kindName: '五不议', title: '已停用', isActive: false },
    ];
    expect(sourcesFor({ topic, reviewCriteria }).reviewCriteria).toEqual([{ value: '6', label: '五不议 · 违反法律法规和政策' }]);
  });

  it('leave out a published photos field (photos are added in the mini program)', () => {
    const workflow = { actions: [{ name: 'complete', chineseName: '公布办理结果', route: '/api/topics/{id}/complete', form: { fields: [{ key: 'result', kind: 'textarea', label: '办理结果', required: true }, { key: 'photoIds', kind: 'photos', label: '现场照片', max: 6 }] } }] };
    const form = formFor(workflow, 'complete');
    expect(form.fields.map((f) => f.key)).toEqual(['result']);
    expect(form.body({ result: '已修好' })).toEqual({ result: '已修好' });
  });

  it('know no form for resident actions', () => {
    expect(formFor(WORKFLOW, 'evaluate')).toBeNull();
    expect(formFor(WORKFLOW, 'toString')).toBeNull();
    expect(formFor(null, 'accept')).toBeNull();
  });

  it('build a meeting body in Beijing time with its participants', () => {
    const body = FORMS.schedule_meeting.body({
      mode: 'offline', startsAtDate: '2026-10-01', startsAtTime: '09:30', place: ' 社区会议室 ', onlineLink: 'https://x', convener: '王书记', capacity: 30,
      participants: [{ name: '李委员', party: 'cppcc_member', attendMode: 'offline' }],
    });
    expect(body).toEqual({
      mode: 'offline', startsAt: '2026-10-01T09:30:00+08:00', place: '社区会议室', convener: '王书记', capacity: 30,
      participants: [{ name: '李委员', party: 'cppcc_member', attendMode: 'offline' }], note: undefined,
    });
  });

  it('send a B-class review date only with class B', () => {
    expect(FORMS.classify.body({ class: 'A', nextReviewOn: '2026-12-01' }).nextReviewOn).toBeUndefined();
    expect(FORMS.classify.body({ class: 'B', nextReviewOn: '2026-12-01' }).nextReviewOn).toBe('2026-12-01');
  });

  it('offer minutes only for this round\'s started meetings without minutes, and pick the only one', () => {
    const ctx = { topic };
    expect(sourcesFor(ctx).meetings.map((m) => m.value)).toEqual(['5']);
    expect(initialValues(FORMS.record_minutes, ctx).meetingId).toBe('5');
  });

  it('say why minutes cannot be taken before a meeting has started, and wait for choices still loading', () => {
    const upcoming = { ...topic, meetings: [topic.meetings[1], topic.meetings[2]] };
    expect(nothingToChoose(FORMS.record_minutes, sourcesFor({ topic: upcoming }))).toEqual({ meetingId: '会议开始后才能记录纪要：本轮还没有已经开始、尚未记录纪要的会议。' });
    expect(nothingToChoose(FORMS.record_minutes, sourcesFor({ topic }))).toEqual({});
    expect(nothingToChoose(FORMS.merge, sourcesFor({ topic, roomTopics: [] }), () => false)).toEqual({});
    expect(nothingToChoose(FORMS.merge, sourcesFor({ topic, roomTopics: [] }))).toEqual({ intoTopicId: '本议事室没有可以合并到的其他议题。' });
    expect(nothingToChoose(FORMS.accept, sourcesFor({ topic, categories: [] }))).toEqual({});
  });

  it('offer a task\'s open milestones and start progress where the task stands', () => {
    const ctx = { topic, taskId: 9 };
    expect(sourcesFor(ctx).taskMilestones).toEqual([{ value: '1', label: '采购（2026-10-01）' }]);
    expect(initialValues(FORMS.update_progress, ctx).progress).toBe(40);
    expect(FORMS.update_progress.ids({}, ctx)).toEqual({ taskId: 9 });
    expect(FORMS.update_progress.body({ progress: 60, note: '完成一半', milestonesDone: ['1'] })).toEqual({ progress: 60, note: '完成一半', milestonesDone: [1] });
  });

  it('leave out the topic itself from the merge targets', () => {
    const ctx = { topic, roomTopics: [{ id: 1, title: '本议题', receiptNo: 'a', statusName: '公示中' }, { id: 2, title: '另一个', receiptNo: 'b', statusName: '公示中' }] };
    expect(sourcesFor(ctx).roomTopics.map((t) => t.value)).toEqual(['2']);
  });
});
