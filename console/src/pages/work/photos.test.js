import WORKFLOW from '../../../../tests/fixtures/workflow.json';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '@/api/work';
import * as photoApi from '@/api/photos';
import TopicPage from './topic/index.vue';
import Moderation from './moderation.vue';
import { $, $$, cleanup, click, flushPromises, mountPage } from '@/test/helpers';

// Issue 16: a topic's photos on the console's topic page (before and after, full size on a click) and the photos the
// content check left for a person in the moderation queue (通过 / 隐藏).
vi.mock('@/api/work', async () => ({ workflow: vi.fn(async () => WORKFLOW), categories: vi.fn(async () => []), topic: vi.fn(), perform: vi.fn(), reviewCriteria: vi.fn(), roomTopics: vi.fn(), moderationQueue: vi.fn() }));
vi.mock('@/api/photos', async () => ({ approvePhoto: vi.fn(async () => ({})), hidePhoto: vi.fn(async () => ({})) }));

const photo = (id, status = 'pass') => ({ id, thumbUrl: `/api/photos/k${id}/thumb.jpg`, url: `/api/photos/k${id}/display.jpg`, status, mine: false });

const TOPIC = {
  id: 12, receiptNo: '2026-UAPPT7VF-0001', roomId: 3, roomName: '柳树湾议事室', title: '小区路灯不亮', description: '三号楼前路灯坏了两个月。',
  category: { id: 1, name: '基础设施' }, status: 'completed', statusName: '待评价', stage: 5, stageName: '办结', round: 1, version: 9,
  heldForModeration: false, proposer: { display: '居民', isMine: false }, proxyContact: null, classification: null, supportCount: 0, commentCount: 0,
  submittedAt: '2026-12-01T02:00:00Z', updatedAt: '2026-12-01T02:00:00Z', timeline: [], reports: [], meetings: [], evaluations: null, allowedActions: [],
  photos: [photo(1), photo(2, 'checking')],
  tasks: [{ id: 9, round: 1, title: '修路灯', leadPerson: '张工', unit: '住建局', dueOn: '2026-12-31', progress: 100, isOverdue: false, milestones: [],
    updates: [{ progress: 50, note: '已进场', at: '2026-12-05T02:00:00Z', photos: [photo(3)] }] }],
  result: '已换新灯。',
  resultPhotos: [photo(4), photo(5)],
};

let wrapper;
afterEach(() => cleanup(wrapper));

describe('photos on the console\'s topic page', () => {
  it('shows the topic\'s photos before, the progress and result photos after, the unchecked ones marked 审核中', async () => {
    api.topic.mockResolvedValue(TOPIC);
    ({ wrapper } = await mountPage(TopicPage, { props: { id: '12' } }));

    expect($('[data-test="topic-photos"]').textContent).toContain('办理前');
    expect($$('[data-test="topic-photos"] .photo-thumb img').map((i) => i.getAttribute('src'))).toEqual(['/api/photos/k1/thumb.jpg', '/api/photos/k2/thumb.jpg']);
    expect($('[data-test="photo-checking-2"]').textContent).toBe('审核中');
    expect($('[data-test="photo-checking-1"]')).toBeNull();
    expect($('[data-test="task-photos-9-0"]').textContent).toContain('进展照片（50%）');
    expect($('[data-test="result-photos"]').textContent).toContain('办理后');
    expect($$('[data-test="result-photos"] .photo-thumb img')).toHaveLength(2);
    expect($('[data-test="topic-decisions"]').textContent).toContain('已换新灯。');
  });

  it('opens the clicked photo full size in the image viewer', async () => {
    api.topic.mockResolvedValue(TOPIC);
    ({ wrapper } = await mountPage(TopicPage, { props: { id: '12' } }));
    await click('[data-test="photo-thumb-5"]');
    await flushPromises();
    const shown = $$('.t-image-viewer img').map((i) => i.getAttribute('src'));
    expect(shown).toContain('/api/photos/k5/display.jpg');
    expect(shown).not.toContain('/api/photos/k1/display.jpg');
  });

  it('a topic without photos shows none and calls its photos nothing', async () => {
    api.topic.mockResolvedValue({ ...TOPIC, photos: [], tasks: [], resultPhotos: [] });
    ({ wrapper } = await mountPage(TopicPage, { props: { id: '12' } }));
    expect($('[data-test="topic-photos"]')).toBeNull();
    expect($('[data-test="result-photos"]')).toBeNull();
    expect(document.body.textContent).not.toContain('办理前');
  });
});

describe('photos in the moderation queue', () => {
  const PHOTO_ROW = { kind: 'photo', photoId: 31, topicId: 12, topicTitle: '小区路灯不亮', roomName: '柳树湾议事室', thumbUrl: '/api/photos/k31/thumb.jpg?exp=1&sig=s', url: '/api/photos/k31/display.jpg?exp=1&sig=s', status: 'review', createdAt: '2026-12-01T02:00:00Z' };
  const COMMENT_ROW = { commentId: 7, topicId: 12, topicTitle: '小区路灯不亮', roomName: '柳树湾议事室', stance: 'doubt', body: '这不对', state: 'reported', reportCount: 3, createdAt: '2026-12-01T02:00:00Z' };

  it('lists a photo beside the comments with why it waits, and approves it', async () => {
    api.moderationQueue.mockResolvedValue({ items: [COMMENT_ROW, PHOTO_ROW, { ...PHOTO_ROW, photoId: 32, status: 'checking' }], nextAfter: null });
    ({ wrapper } = await mountPage(Moderation));
    const table = $('[data-test="moderation-table"]');
    expect(table.textContent).toContain('被举报 3 次');
    expect(table.textContent).toContain('内容安全检查要求人工审核');
    expect(table.textContent).toContain('内容安全检查超时未出结果');
    expect($('[data-test="photo-row-31"] .photo-thumb img').getAttribute('src')).toBe('/api/photos/k31/thumb.jpg?exp=1&sig=s');

    await click('[data-test="photo-approve-31"]');
    expect(photoApi.approvePhoto).toHaveBeenCalledWith(31);
    expect(api.moderationQueue).toHaveBeenCalledTimes(2);
  });

  it('hides a photo after asking', async () => {
    api.moderationQueue.mockResolvedValue({ items: [PHOTO_ROW], nextAfter: null });
    ({ wrapper } = await mountPage(Moderation));
    await click('[data-test="photo-hide-31"]');
    expect(photoApi.hidePhoto).not.toHaveBeenCalled();
    expect($('[data-test="confirm-dialog"]').textContent).toContain('确定隐藏吗');
    await click('[data-test="confirm-ok"]');
    expect(photoApi.hidePhoto).toHaveBeenCalledWith(31);
    expect(api.moderationQueue).toHaveBeenCalledTimes(2);
  });
});
