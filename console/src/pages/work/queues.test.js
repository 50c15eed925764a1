import WORKFLOW from '../../../../tests/fixtures/workflow.json';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/work';
import ReviewQueue from './review-queue.vue';
import Moderation from './moderation.vue';
import Due from './due.vue';
import { $, cleanup, click, mountPage, type } from '@/test/helpers';

// The workflow is the snapshot a backend test keeps equal to GET /api/workflow.
vi.mock('@/api/work', async () => ({ workflow: vi.fn(async () => WORKFLOW), categories: vi.fn(async () => []), reviewQueue: vi.fn(), moderationQueue: vi.fn(), dueList: vi.fn(), perform: vi.fn(), reviewCriteria: vi.fn(), roomTopics: vi.fn() }));

let wrapper;
afterEach(() => cleanup(wrapper));

describe('the review queue', () => {
  it('lists submitted topics, each a link to its topic page', async () => {
    api.reviewQueue.mockResolvedValue({
      items: [{ id: 12, receiptNo: '2026-UAPPT7VF-0001', title: '小区路灯不亮', roomName: '柳树湾议事室', categoryName: '基础设施', submittedAt: '2026-12-01T02:00:00Z', heldForModeration: true }],
      nextAfter: null,
    });
    let router;
    ({ wrapper, router } = await mountPage(ReviewQueue));
    const link = $('[data-test="topic-link-12"]');
    expect(link.tagName).toBe('A');
    expect(link.textContent).toBe('小区路灯不亮');
    expect($('[data-test="review-table"]').textContent).toContain('内容待核');
    expect($('[data-test="review-table"]').textContent).toContain('2026-12-01 10:00');
    await click(link);
    expect(router.currentRoute.value.fullPath).toBe('/work/topics/12');
  });

  it('says when nothing waits for review', async () => {
    api.reviewQueue.mockResolvedValue({ items: [], nextAfter: null });
    ({ wrapper } = await mountPage(ReviewQueue));
    expect($('[data-test="review-table"]').textContent).toContain('没有待审的议题');
  });

  it('shows the API refusal for someone who is not a reviewer', async () => {
    api.reviewQueue.mockRejectedValue(Object.assign(new Error('只有审题人可以查看待审议题。'), { status: 403 }));
    ({ wrapper } = await mountPage(ReviewQueue));
    expect($('[data-test="list-error"]').textContent).toContain('只有审题人可以查看待审议题。');
  });
});

describe('the review queue: similar topics', () => {
  const item = () => ({
    id: 12, receiptNo: '2026-UAPPT7VF-0002', title: '门口路灯坏了', roomName: '柳树湾议事室', categoryName: '基础设施', submittedAt: '2026-12-01T02:00:00Z',
    heldForModeration: false, possibleDuplicateOf: 31,
    similar: [
      { id: 31, title: '小区门口路灯不亮', status: 'announced', statusName: '听取意见中', roomId: 4, roomName: '柳树湾议事室', supportCount: 6, score: 0.5, sameRoom: true, canMergeInto: true },
      { id: 32, title: '门口路灯不亮', status: 'implementing', statusName: '正在办理', roomId: 5, roomName: '东长街议事室', supportCount: 1, score: 0.3, sameRoom: false, canMergeInto: false },
    ],
  });

  it('shows each item\'s like topics, the likely duplicate flagged, and 合并到此 only where the merge is allowed', async () => {
    api.reviewQueue.mockResolvedValue({ items: [item()], nextAfter: null });
    ({ wrapper } = await mountPage(ReviewQueue));
    expect($('[data-test="duplicate-12"]').textContent).toContain('可能重复');
    expect($('[data-test="like-12-31"]').textContent).toContain('小区门口路灯不亮');
    expect($('[data-test="like-12-31"]').textContent).toContain('听取意见中 · 6 人支持');
    expect($('[data-test="like-12-31"]').textContent).toContain('很像');
    expect($('[data-test="merge-12-31"]')).toBeTruthy();
    expect($('[data-test="merge-12-32"]')).toBeNull();
  });

  it('合并到此 asks to confirm, then merges through the workflow\'s merge form and reloads the queue', async () => {
    api.reviewQueue.mockResolvedValueOnce({ items: [item()], nextAfter: null }).mockResolvedValueOnce({ items: [], nextAfter: null });
    api.perform.mockResolvedValue({ id: 12, status: 'merged' });
    ({ wrapper } = await mountPage(ReviewQueue));
    await click($('[data-test="merge-12-31"]'));
    expect(api.perform).not.toHaveBeenCalled();
    await click($('[data-test="confirm-merge-12-31"]'));
    await new Promise((r) => setTimeout(r, 0));
    expect(api.perform).toHaveBeenCalledWith('merge', { id: 12 }, { intoTopicId: 31 });
    expect($('[data-test="review-table"]').textContent).toContain('没有待审的议题');
  });

  it('a refused merge shows the API message', async () => {
    api.reviewQueue.mockResolvedValue({ items: [item()], nextAfter: null });
    api.perform.mockRejectedValue(Object.assign(new Error('只能合并到同一议事室的议题。'), { status: 422 }));
    ({ wrapper } = await mountPage(ReviewQueue));
    await click($('[data-test="merge-12-31"]'));
    await click($('[data-test="confirm-merge-12-31"]'));
    await new Promise((r) => setTimeout(r, 0));
    expect($('[data-test="merge-error"]').textContent).toContain('只能合并到同一议事室的议题。');
  });
});

describe('the moderation queue', () => {
  it('hides a reported comment with a public reason', async () => {
    api.moderationQueue.mockResolvedValue({
      items: [{ commentId: 7, topicId: 12, topicTitle: '小区路灯不亮', roomName: '柳树湾议事室', stance: 'doubt', body: '这不对', state: 'reported', reportCount: 3, createdAt: '2026-12-01T02:00:00Z' }],
      nextAfter: null,
    });
    api.perform.mockResolvedValue({ id: 12 });
    ({ wrapper } = await mountPage(Moderation));
    expect($('[data-test="moderation-table"]').textContent).toContain('被举报 3 次');
    expect($('[data-test="moderation-table"]').textContent).toContain('质疑');

    await click('[data-test="comment-hide-7"]');
    await type('reason', '含人身攻击');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
    expect(api.perform).toHaveBeenCalledWith('hide_comment', { id: 12, commentId: 7 }, { reason: '含人身攻击' });
    expect(api.moderationQueue).toHaveBeenCalledTimes(2);
  });

  // A held comment is approved (通过); a reported one is kept public with its reports dismissed (保留): the same action.
  it.each([
    ['approves a held comment', 'held', 0, '待审核', '通过'],
    ['keeps a reported comment public, dismissing its reports', 'reported', 2, '被举报 2 次', '保留'],
  ])('%s', async (_, state, reportCount, tag, button) => {
    api.moderationQueue.mockResolvedValue({ items: [{ commentId: 8, topicId: 12, topicTitle: 't', roomName: 'r', stance: 'doubt', body: '不同意', state, reportCount, createdAt: '2026-12-01T02:00:00Z' }], nextAfter: null });
    api.perform.mockResolvedValue({ id: 12 });
    ({ wrapper } = await mountPage(Moderation));
    expect($('[data-test="moderation-table"]').textContent).toContain(tag);
    expect($('[data-test="comment-approve-8"]').textContent).toContain(button);
    await click('[data-test="comment-approve-8"]');
    await click('[data-test="action-dialog"] [data-test="dialog-submit"]');
    expect(api.perform).toHaveBeenCalledWith('approve_comment', { id: 12, commentId: 8 }, {});
    expect(api.moderationQueue).toHaveBeenCalledTimes(2);
  });
});

describe('the due list', () => {
  it('lists B-class reviews and overdue tasks with their reasons, paging by the cursor given', async () => {
    api.dueList
      .mockResolvedValueOnce({ items: [{ kind: 'review', reason: 'B 类持续跟踪议题已到跟踪日期', dueOn: '2026-12-01', topicId: 12, receiptNo: 'r1', topicTitle: '路灯', roomName: '柳树湾', status: 'closed', statusName: '已办结', taskId: null }], nextAfter: '2026-12-01:0:12' })
      .mockResolvedValueOnce({ items: [{ kind: 'task_overdue', reason: '落实任务“修路”已逾期', dueOn: '2026-12-02', topicId: 13, receiptNo: 'r2', topicTitle: '道路', roomName: '柳树湾', status: 'implementing', statusName: '落实中', taskId: 4 }], nextAfter: null });
    ({ wrapper } = await mountPage(Due));
    expect($('[data-test="due-table"]').textContent).toContain('B类跟踪');
    await click('[data-test="load-more"]');
    expect(api.dueList).toHaveBeenLastCalledWith({ after: '2026-12-01:0:12' });
    expect($('[data-test="due-table"]').textContent).toContain('任务逾期');
    expect($('[data-test="topic-link-13"]')).not.toBeNull();
  });
});
