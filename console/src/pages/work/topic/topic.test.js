import WORKFLOW from '../../../../../tests/fixtures/workflow.json';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/work';
import { ApiError } from '@/api/request';
import TopicPage from './index.vue';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';

// The workflow is the snapshot a backend test keeps equal to GET /api/workflow.
vi.mock('@/api/work', async () => ({ workflow: vi.fn(async () => WORKFLOW), categories: vi.fn(async () => []), topic: vi.fn(), perform: vi.fn(), reviewCriteria: vi.fn(), roomTopics: vi.fn(), comments: vi.fn(async () => ({ items: [], nextAfter: null, counts: {} })) }));

const TOPIC = {
  id: 12, receiptNo: '2026-UAPPT7VF-0001', roomId: 3, roomName: '柳树湾议事室', title: '小区路灯不亮', description: '三号楼前路灯坏了两个月。',
  category: { id: 1, name: '基础设施' }, status: 'submitted', statusName: '待审核', stage: 1, stageName: '征题', round: 1, version: 1,
  heldForModeration: false, proposer: { display: '居民', isMine: false }, proxyContact: null, classification: null, supportCount: 0, commentCount: 0,
  submittedAt: '2026-12-01T02:00:00Z', updatedAt: '2026-12-01T02:00:00Z', timeline: [{ at: '2026-12-01T02:00:00Z', round: 1, action: 'submit', actionName: '提交', toStatus: 'submitted', toStatusName: '待审核', actorRole: '居民' }],
  reports: [], meetings: [], tasks: [], evaluations: null, allowedActions: ['accept', 'reject', 'refer', 'merge', 'comment'],
};

let wrapper;
beforeEach(() => {
  api.topic.mockResolvedValue(TOPIC);
  api.reviewCriteria.mockResolvedValue([{ id: 4, kind: 'not_deliberate', kindName: '五不议', title: '违反法律法规的', isActive: true }]);
  api.roomTopics.mockResolvedValue([]);
});
afterEach(() => cleanup(wrapper));

const mountTopic = async () => ({ wrapper } = await mountPage(TopicPage, { props: { id: '12' } }));

describe('the topic page', () => {
  it('renders the topic and one button per allowed staff action', async () => {
    await mountTopic();
    expect(api.topic).toHaveBeenCalledWith('12');
    expect($('[data-test="topic-title"]').textContent).toBe('小区路灯不亮');
    expect($('[data-test="topic-header"]').textContent).toContain('2026-UAPPT7VF-0001');
    expect($$('[data-test="topic-actions"] button').map((b) => b.textContent.trim())).toEqual(['通过审核，公开听取意见', '不通过审核', '转交有关部门办理', '合并办理']);
    expect($('[data-test="topic-timeline"]').textContent).toContain('提交');
  });

  it('says so when the caller may do nothing now', async () => {
    api.topic.mockResolvedValue({ ...TOPIC, status: 'announced', statusName: '公示中', allowedActions: ['comment', 'support'] });
    await mountTopic();
    expect($('[data-test="topic-no-actions"]').textContent).toContain('公示中');
  });

  it('accepts a topic with the announcement date and shows the topic the API answers', async () => {
    api.perform.mockResolvedValue({ ...TOPIC, status: 'announced', statusName: '公示中', allowedActions: ['classify'] });
    await mountTopic();
    await click('[data-test="action-accept"]');
    expect($('[data-test="field-announcementEndsOn"] input').value).toMatch(/^\d{4}-\d\d-\d\d$/);
    await type('note', '符合五议');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');

    expect(api.perform).toHaveBeenCalledWith('accept', { id: 12 }, { announcementEndsOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), categoryId: 1, note: '符合五议' });
    expect($('[data-test="topic-status"]').textContent).toBe('公示中');
    expect($$('[data-test="topic-actions"] button').map((b) => b.textContent.trim())).toEqual(['分类']);
  });

  it('says minutes wait for the meeting to start, and sends nothing, while the meeting is still to come', async () => {
    api.topic.mockResolvedValue({
      ...TOPIC, status: 'meeting_scheduled', statusName: '待协商', allowedActions: ['schedule_meeting', 'record_minutes'],
      meetings: [{ id: 5, round: 1, mode: 'offline', startsAt: '2099-06-01T01:00:00Z', place: '社区议事室', convener: '书记', capacity: 30, signupCount: 0, minutes: null }],
    });
    await mountTopic();
    await click('[data-test="action-record_minutes"]');
    expect($('[data-test="field-meetingId"]').textContent).toContain('会议开始后才能记录纪要');
    await type('minutes', '同意');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');

    expect(api.perform).not.toHaveBeenCalled();
    expect($('[data-test="field-error-meetingId"]').textContent).toBe('会议开始后才能记录纪要：本轮还没有已经开始、尚未记录纪要的会议。');
    expect($('[data-test="field-meetingId"]').textContent.split('会议开始后才能记录纪要')).toHaveLength(2); // said once
  });

  it('shows the API field errors of a rejection beside its fields', async () => {
    api.perform.mockRejectedValue(new ApiError({ status: 400, code: 'validation_failed', message: '提交的内容有误，请按提示修改。', fieldErrors: { criterionId: '请选择审题标准。', reason: '请填写理由。' } }));
    await mountTopic();
    await click('[data-test="action-reject"]');
    expect(api.reviewCriteria, 'the criteria of the topic\'s city, by its room').toHaveBeenCalledWith(TOPIC.roomId);
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
    expect($('[data-test="field-error-criterionId"]').textContent).toBe('请选择审题标准。');
    expect($('[data-test="field-error-reason"]').textContent).toBe('请填写理由。');
  });

  it('loads the topic again when someone else acted first', async () => {
    api.perform.mockRejectedValue(new ApiError({ status: 409, code: 'topic_changed', message: '议题刚刚被其他人处理过。' }));
    await mountTopic();
    await click('[data-test="action-refer"]');
    await type('target', '12345 热线');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
    expect($('[data-test="form-error"]').textContent).toContain('议题刚刚被其他人处理过');
    expect(api.topic).toHaveBeenCalledTimes(2);
  });

  it('reports progress on the task whose button was used', async () => {
    const task = { id: 9, round: 1, title: '修路灯', leadPerson: '张工', unit: '住建局', dueOn: '2026-12-31', progress: 20, isOverdue: false, milestones: [], updates: [] };
    api.topic.mockResolvedValue({ ...TOPIC, status: 'implementing', statusName: '落实中', tasks: [task], allowedActions: ['update_progress'] });
    api.perform.mockResolvedValue({ ...TOPIC, tasks: [{ ...task, progress: 50 }], allowedActions: [] });
    await mountTopic();
    expect($$('[data-test="topic-actions"] button')).toHaveLength(0);
    await click('[data-test="task-progress-9"]');
    expect($('[data-test="action-subject"]').textContent).toContain('修路灯');
    await type('note', '已完成一半');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
    expect(api.perform).toHaveBeenCalledWith('update_progress', { id: 12, taskId: 9 }, { progress: 20, note: '已完成一半', milestonesDone: [] });
  });

  it('shows a clear message for a topic the caller may not see', async () => {
    api.topic.mockRejectedValue(new ApiError({ status: 404, code: 'topic_not_found', message: '议题不存在。' }));
    await mountTopic();
    expect($('[data-test="topic-error"]').textContent).toContain('议题不存在。');
  });
});
