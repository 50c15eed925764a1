import WORKFLOW from '../../../../tests/fixtures/workflow.json';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import * as api from '@/api/work';
import Topics from './topics.vue';
import Tasks from './tasks.vue';
import NotFound from '../not-found.vue';
import { $, cleanup, click, flushPromises, mountPage } from '@/test/helpers';
import { clearSession } from '@/store/session';
import { loginAs } from '@/test/session';

vi.mock('@/api/work', async () => ({ workflow: vi.fn(async () => WORKFLOW), regionTopics: vi.fn(), allRegionTopics: vi.fn(), topicByReceipt: vi.fn(), myTasks: vi.fn() }));

const Blank = { template: '<div />' };

/** A router with the pages these tests move between; the list page keyed by its address, as the layout does. */
function router(path = '/work/topics') {
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/work/topics', name: 'topics', component: Blank },
      { path: '/work/tasks', name: 'tasks', component: Blank },
      { path: '/work/topics/:id', name: 'topic', component: Blank },
      { path: '/statistics', name: 'statistics', component: Blank },
    ],
  });
  r.push(path);
  return r;
}

const TOPIC = {
  id: 7, receiptNo: '2026-VC7STVM3-0007', roomId: 4, roomName: '柳树湾社区协商议事室', title: '建议增设电动车充电桩', categoryName: '基础设施',
  status: 'implementing', statusName: '正在办理', stage: 4, classification: null, submittedAt: '2026-12-07T02:00:00Z', updatedAt: '2026-12-07T03:00:00Z',
};

let wrapper;
afterEach(() => {
  cleanup(wrapper);
  clearSession();
  vi.clearAllMocks();
});

describe('the topic list (议题)', () => {
  it('lists every topic of the room admin\'s region, held ones flagged, each opening its topic page', async () => {
    loginAs([{ role: 'room_admin', regionId: 5, regionName: '长西街道' }]);
    api.allRegionTopics.mockResolvedValue({ items: [TOPIC, { ...TOPIC, id: 8, status: 'submitted', statusName: '审核中', stage: 1, heldForModeration: true }], nextAfter: null });
    let r;
    ({ wrapper, router: r } = await mountPage(Topics, { router: router() }));
    expect(api.allRegionTopics).toHaveBeenCalledWith(5, { status: '', after: undefined });
    expect(api.regionTopics).not.toHaveBeenCalled();
    expect($('[data-test="topics-scope"]').textContent).toContain('包括审核中、未通过审核和已合并的');
    expect($('[data-test="held-8"]').textContent).toContain('内容待审核');
    expect($('[data-test="held-7"]')).toBeNull();
    const table = $('[data-test="topics-table"]');
    expect(table.textContent).toContain('2026-VC7STVM3-0007');
    expect(table.textContent).toContain('正在办理');
    expect(table.textContent).toContain('柳树湾社区协商议事室');
    expect(table.textContent).toContain('2026-12-07 10:00');
    expect(wrapper.text()).toContain('长西街道');
    await click('[data-test="topic-link-7"]');
    expect(r.currentRoute.value.fullPath).toBe('/work/topics/7');
  });

  it('asks for the status and region the address names, and pages on with 加载更多', async () => {
    loginAs([{ role: 'region_admin', regionId: 1, regionName: '淮安市' }, { role: 'reviewer', regionId: 5, regionName: '长西街道' }]);
    api.allRegionTopics.mockResolvedValueOnce({ items: [TOPIC], nextAfter: 7 }).mockResolvedValueOnce({ items: [{ ...TOPIC, id: 3, receiptNo: '2026-VC7STVM3-0003' }], nextAfter: null });
    ({ wrapper } = await mountPage(Topics, { router: router('/work/topics?region=5&status=implementing') }));
    expect(api.allRegionTopics).toHaveBeenCalledWith(5, { status: 'implementing', after: undefined });
    expect($('[data-test="topics-region"]')).not.toBeNull();
    await click('[data-test="load-more"]');
    expect(api.allRegionTopics).toHaveBeenLastCalledWith(5, { status: 'implementing', after: 7 });
    expect($('[data-test="topics-table"]').textContent).toContain('2026-VC7STVM3-0003');
  });

  it('lists only the public topics for an implementer, who may filter by a public status alone', async () => {
    loginAs([{ role: 'implementer', regionId: 2, regionName: '清江浦区', unit: '清江浦区住建局' }]);
    api.regionTopics.mockResolvedValue({ items: [TOPIC], nextAfter: null });
    ({ wrapper } = await mountPage(Topics, { router: router() }));
    expect(api.regionTopics).toHaveBeenCalledWith(2, { status: '', after: undefined });
    expect(api.allRegionTopics).not.toHaveBeenCalled();
    expect($('[data-test="topics-scope"]').textContent).toContain('审核中、未通过审核或已合并的议题不在列表中');
  });

  it('shows the API\'s refusal of a filter it does not list by', async () => {
    loginAs([{ role: 'implementer', regionId: 5 }]);
    api.regionTopics.mockRejectedValue(Object.assign(new Error('不认识的问题状态。'), { status: 400 }));
    ({ wrapper } = await mountPage(Topics, { router: router('/work/topics?status=submitted') }));
    expect($('[data-test="list-error"]').textContent).toContain('不认识的问题状态。');
  });

  it('opens the topic a receipt number names', async () => {
    loginAs([{ role: 'room_admin', regionId: 5 }]);
    api.allRegionTopics.mockResolvedValue({ items: [], nextAfter: null });
    api.topicByReceipt.mockResolvedValue({ topic: { id: 8 }, status: null });
    let r;
    ({ wrapper, router: r } = await mountPage(Topics, { router: router() }));
    const input = $('[data-test="receipt-input"] input');
    input.value = ' 2026-vc7stvm3-0008 ';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await flushPromises();
    await click('[data-test="receipt-submit"]');
    expect(api.topicByReceipt).toHaveBeenCalledWith('2026-vc7stvm3-0008');
    expect(r.currentRoute.value.fullPath).toBe('/work/topics/8');
  });

  it('says so when the receipt number is unknown, or the topic lies outside the scope', async () => {
    loginAs([{ role: 'room_admin', regionId: 5 }]);
    api.allRegionTopics.mockResolvedValue({ items: [], nextAfter: null });
    let r;
    ({ wrapper, router: r } = await mountPage(Topics, { router: router() }));
    await click('[data-test="receipt-submit"]');
    expect($('[data-test="receipt-message"]').textContent).toContain('请输入受理编号');
    expect(api.topicByReceipt).not.toHaveBeenCalled();

    const input = $('[data-test="receipt-input"] input');
    input.value = '2026-XXXX';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    api.topicByReceipt.mockRejectedValueOnce(Object.assign(new Error('没有找到这个查询号。'), { status: 404 }));
    await click('[data-test="receipt-submit"]');
    expect($('[data-test="receipt-message"]').textContent).toContain('没有找到这个查询号。');

    api.topicByReceipt.mockResolvedValueOnce({ topic: null, status: { receiptNo: '2026-VC7STVM3-0009', statusName: '审核中' } });
    await click('[data-test="receipt-submit"]');
    expect($('[data-test="receipt-message"]').textContent).toContain('不在您的管辖范围内');
    expect(r.currentRoute.value.fullPath).toBe('/work/topics');
  });
});

describe('my tasks (我的任务)', () => {
  it('lists each task with its topic, due date, progress and overdue flag, opening the topic', async () => {
    loginAs([{ role: 'implementer', regionId: 2, unit: '清江浦区住建局' }]);
    api.myTasks.mockResolvedValue({
      items: [
        { id: 1, title: '建设集中充电桩', leadPerson: '张建国', unit: '清江浦区住建局', dueOn: '2026-11-20', progress: 30, isOverdue: true, topicId: 7, receiptNo: '2026-VC7STVM3-0007', topicTitle: '建议增设电动车充电桩', roomName: '柳树湾社区协商议事室' },
        { id: 2, title: '修路灯', leadPerson: '李四', unit: '清江浦区住建局', dueOn: '2027-01-20', progress: 0, isOverdue: false, topicId: 9, receiptNo: '2026-VC7STVM3-0009', topicTitle: '路灯坏了', roomName: '柳树湾社区协商议事室' },
      ],
      nextAfter: null,
    });
    let r;
    ({ wrapper, router: r } = await mountPage(Tasks, { router: router('/work/tasks') }));
    const table = $('[data-test="tasks-table"]');
    expect(table.textContent).toContain('建设集中充电桩');
    expect(table.textContent).toContain('牵头人 张建国');
    expect(table.textContent).toContain('2026-11-20');
    expect(table.textContent).toContain('2026-VC7STVM3-0007 · 柳树湾社区协商议事室');
    expect($('[data-test="my-task-overdue-1"]').textContent).toContain('已逾期');
    expect($('[data-test="my-task-overdue-2"]')).toBeNull();
    expect($('[data-test="my-task-progress-1"]').textContent).toContain('30%');
    await click('[data-test="topic-link-7"]');
    expect(r.currentRoute.value.fullPath).toBe('/work/topics/7');
  });

  it('says when there is nothing to do', async () => {
    api.myTasks.mockResolvedValue({ items: [], nextAfter: null });
    ({ wrapper } = await mountPage(Tasks, { router: router('/work/tasks') }));
    expect($('[data-test="tasks-table"]').textContent).toContain('没有待办的落实任务');
  });
});

describe('an address with no page', () => {
  it('says the page does not exist and leads back to the user\'s first page', async () => {
    loginAs([{ role: 'implementer', regionId: 2, unit: '清江浦区住建局' }]);
    let r;
    ({ wrapper, router: r } = await mountPage(NotFound, { router: router('/statistics') }));
    expect($('[data-test="not-found"]').textContent).toContain('页面不存在');
    const back = $('[data-test="not-found-home"]');
    expect(back.textContent).toContain('返回我的任务');
    await click(back);
    expect(r.currentRoute.value.name).toBe('tasks');
  });
});
