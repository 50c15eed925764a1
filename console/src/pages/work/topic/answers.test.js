import WORKFLOW from '../../../../../tests/fixtures/workflow.json';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/work';
import { confirm } from '@/utils/confirm';
import { ApiError } from '@/api/request';
import TopicPage from './index.vue';
import Due from '../due.vue';
import { $, $$, cleanup, click, mountPage, type } from '@/test/helpers';

// 解疑释惑 at the desk: comments with their 官方答复, answering from a comment, the confirmation before a resolution or
// closing past unanswered doubts, and the due list's overdue doubts.
vi.mock('@/api/work', async () => ({
  workflow: vi.fn(async () => WORKFLOW), categories: vi.fn(async () => []), topic: vi.fn(), perform: vi.fn(), reviewCriteria: vi.fn(),
  roomTopics: vi.fn(), comments: vi.fn(), dueList: vi.fn(),
}));
vi.mock('@/utils/confirm', () => ({ confirm: vi.fn() }));

const TOPIC = {
  id: 12, receiptNo: '2026-UAPPT7VF-0001', roomId: 3, roomName: '柳树湾议事室', title: '小区路灯不亮', description: '三号楼前路灯坏了两个月。',
  category: { id: 1, name: '基础设施' }, status: 'announced', statusName: '听取意见中', stage: 2, stageName: '听取意见', round: 1, version: 3,
  heldForModeration: false, proposer: { display: '居民', isMine: false }, proxyContact: null, classification: null, supportCount: 0, commentCount: 2,
  submittedAt: '2026-12-01T02:00:00Z', updatedAt: '2026-12-01T02:00:00Z', timeline: [], reports: [], meetings: [], tasks: [], evaluations: null,
  allowedActions: ['hide_comment', 'answer_comment'], answeredDoubts: 1, unansweredDoubts: 1, confirmations: {},
};
const comment = (over) => ({
  id: 21, author: '居民', isMine: false, stance: 'doubt', stanceName: '有疑问', body: '电费谁出？', held: false, hidden: false, hiddenReason: null,
  createdAt: '2026-12-02T01:00:00Z', reportedByMe: false, reportCount: 0, photos: [], answer: null, ...over,
});
const ANSWER = { text: '由物业从公共收益中支出。', unit: '柳树湾议事室', at: '2026-12-03T02:00:00Z', corrected: true };

let wrapper;
beforeEach(() => {
  api.topic.mockResolvedValue(TOPIC);
  api.comments.mockResolvedValue({ items: [comment({ answer: ANSWER }), comment({ id: 22, body: '施工影响停车吗？' })], nextAfter: null, counts: {} });
  confirm.mockReset();
  api.perform.mockReset();
});
afterEach(() => cleanup(wrapper));

const mountTopic = async () => ({ wrapper } = await mountPage(TopicPage, { props: { id: '12' } }));

describe('comments on the topic page', () => {
  it('shows each comment with its 官方答复, unit and time, and the doubts count', async () => {
    await mountTopic();
    expect(api.comments).toHaveBeenCalledWith(12, { after: undefined });
    const official = $('[data-test="comment-official-21"]').textContent;
    expect(official).toContain('官方答复');
    expect(official).toContain('柳树湾议事室 · 2026-12-03 10:00 · 已更正');
    expect(official).toContain('由物业从公共收益中支出。');
    expect($('[data-test="comment-official-22"]')).toBeNull();
    expect($('[data-test="topic-doubts"]').textContent).toBe('疑问：已答复 1 条，待答复 1 条');
  });

  it('answers a comment from its button: the form names the comment and posts to its answer route', async () => {
    api.perform.mockResolvedValue({ ...TOPIC, version: 4, unansweredDoubts: 0, answeredDoubts: 2 });
    await mountTopic();
    expect($('[data-test="comment-answer-21"]').textContent.trim()).toBe('更正答复');
    await click('[data-test="comment-answer-22"]');
    expect($('[data-test="action-subject"]').textContent).toContain('施工影响停车吗？');
    await type('text', '施工期间临时停车位设在北门。');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');

    expect(api.perform).toHaveBeenCalledWith('answer_comment', { id: 12, commentId: 22 }, { text: '施工期间临时停车位设在北门。' });
    expect(api.comments).toHaveBeenCalledTimes(2);
    expect($('[data-test="topic-doubts"]').textContent).toBe('疑问：2 条都已答复');
  });

  it('offers no answer button to those who may not answer', async () => {
    api.topic.mockResolvedValue({ ...TOPIC, allowedActions: [] });
    await mountTopic();
    expect($$('[data-test^="comment-answer-"]')).toHaveLength(0);
  });
});

describe('publishing a resolution with doubts unanswered', () => {
  const deliberated = { ...TOPIC, status: 'deliberated', statusName: '已协商', allowedActions: ['publish_resolution'], unansweredDoubts: 2 };

  async function submitResolution() {
    await mountTopic();
    await click('[data-test="action-publish_resolution"]');
    await type('text', '两周内更换路灯。');
    await type('deadline', '2099-06-01');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
  }

  it('asks first and sends the confirmation once confirmed', async () => {
    api.topic.mockResolvedValue({ ...deliberated, confirmations: { publish_resolution: 'unanswered_doubts' } });
    confirm.mockResolvedValue(true);
    api.perform.mockResolvedValue({ ...deliberated, status: 'resolution_published' });
    await submitResolution();

    expect(confirm.mock.calls[0][0].body).toContain('还有 2 条居民的疑问没有答复');
    expect(api.perform).toHaveBeenCalledWith('publish_resolution', { id: 12 }, expect.objectContaining({ confirmUnansweredDoubts: true }));
  });

  it('sends nothing when declined, and says why in the form', async () => {
    api.topic.mockResolvedValue({ ...deliberated, confirmations: { publish_resolution: 'unanswered_doubts' } });
    confirm.mockResolvedValue(false);
    await submitResolution();

    expect(api.perform).not.toHaveBeenCalled();
    expect($('[data-test="form-error"]').textContent).toContain('先到“居民意见”里答复疑问');
  });

  it('asks with the API\'s words when a doubt came in since the topic was read, then sends again confirmed', async () => {
    api.topic.mockResolvedValue({ ...deliberated, unansweredDoubts: 0 });
    confirm.mockResolvedValue(true);
    api.perform
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'unanswered_doubts', message: '还有 1 条居民的疑问没有答复。' }))
      .mockResolvedValueOnce({ ...deliberated, status: 'resolution_published' });
    await submitResolution();

    expect(confirm.mock.calls[0][0].body).toBe('还有 1 条居民的疑问没有答复。');
    expect(api.perform.mock.calls.map((c) => c[2].confirmUnansweredDoubts)).toEqual([undefined, true]);
  });
});

describe('the due list', () => {
  it('names topics with doubts long unanswered', async () => {
    api.dueList.mockResolvedValue({
      items: [{ kind: 'doubts_unanswered', reason: '有 2 条居民疑问超过 3 天未答复，请在意见下作出官方答复。', dueOn: '2026-12-05', topicId: 12, receiptNo: 'R1',
        topicTitle: '小区路灯不亮', roomName: '柳树湾议事室', status: 'announced', statusName: '听取意见中', taskId: null, unansweredDoubts: 2 }],
      nextAfter: null,
    });
    ({ wrapper } = await mountPage(Due));
    expect($('[data-test="due-kind-doubts_unanswered-12"]').textContent).toBe('疑问待答复');
    expect($('[data-test="due-table"]').textContent).toContain('有 2 条居民疑问超过 3 天未答复');
  });
});
