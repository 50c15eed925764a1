import { beforeEach, describe, expect, test, vi } from 'vitest';
// The workflow as the API publishes it: a backend test (WorkflowTests) keeps this snapshot equal to GET /api/workflow.
import WORKFLOW from '../../../tests/fixtures/workflow.json';

vi.mock('./request', () => ({ get: vi.fn(), post: vi.fn(), itemsOf: (x) => x.items || x }));

let api;
let request;

beforeEach(async () => {
  vi.resetModules();
  request = await import('./request');
  request.get.mockReset().mockResolvedValue(WORKFLOW);
  request.post.mockReset().mockResolvedValue({ id: 12 });
  api = await import('./work');
});

describe('staff actions post to the routes the workflow publishes', () => {
  test.each([
    ['accept', { id: 12 }, '/api/topics/12/accept'],
    ['start_research', { id: 12 }, '/api/topics/12/research'],
    ['record_minutes', { id: 12, meetingId: 5 }, '/api/topics/12/meetings/5/minutes'],
    ['update_progress', { id: 12, taskId: 31 }, '/api/topics/12/tasks/31/progress'],
    ['hide_comment', { id: 12, commentId: 8 }, '/api/topics/12/comments/8/hide'],
  ])('%s posts to %s', async (action, ids, path) => {
    await expect(api.perform(action, ids, { a: 1 })).resolves.toEqual({ id: 12 });
    expect(request.post).toHaveBeenCalledWith(path, { a: 1 });
  });

  test('the workflow is asked for once a session', async () => {
    await api.perform('close', { id: 12 }, {});
    await api.perform('reopen', { id: 12 }, { reason: '再议' });
    expect(request.get).toHaveBeenCalledTimes(1);
    expect(request.get).toHaveBeenCalledWith('/api/workflow');
  });

  test('an action with no staff form is refused without posting', async () => {
    await expect(api.perform('comment', { id: 12 }, {})).rejects.toThrow('不支持的操作');
    await expect(api.perform('sing', { id: 12 }, {})).rejects.toThrow('不支持的操作');
    expect(request.post).not.toHaveBeenCalled();
  });
});

describe('the lists that lead staff to their topics and tasks', () => {
  test('a region\'s topics by status, paged by the cursor given', async () => {
    request.get.mockResolvedValue({ items: [], nextAfter: null });
    await api.regionTopics(5, { status: 'announced', after: 7 });
    expect(request.get).toHaveBeenCalledWith('/api/regions/5/topics', { status: 'announced', after: 7, limit: 20 });
  });

  test('a receipt number goes into the path as typed, escaped', async () => {
    request.get.mockResolvedValue({ topic: { id: 8 } });
    await api.topicByReceipt('2026 VC7STVM3/0008');
    expect(request.get).toHaveBeenCalledWith('/api/topics/by-receipt/2026%20VC7STVM3%2F0008');
  });

  test('my tasks, paged by the cursor given', async () => {
    request.get.mockResolvedValue({ items: [], nextAfter: null });
    await api.myTasks({ after: '2027-01-20~1' });
    expect(request.get).toHaveBeenCalledWith('/api/me/tasks', { after: '2027-01-20~1', limit: 20 });
  });
});
