// 工作台: what the user's role grants allow (GET /api/me). Each list is offered only to the role the
// API serves it to; the actions themselves appear on topic pages from allowedActions. An entry's
// title is the title of the page it opens.
const { me } = require('../../../services/me');

const ENTRIES = [
  { key: 'review', role: 'reviewer', title: '待审议题', description: '审题：按“五议五不议”受理或不予受理', url: '/packageStaff/pages/review-queue/index' },
  { key: 'due', role: 'room_admin', title: '待办事项', description: 'B 类跟踪到期和逾期的落实任务', url: '/packageStaff/pages/due/index' },
  { key: 'tasks', role: 'implementer', title: '我的任务', description: '本单位承办的落实任务，报告进度', url: '/packageStaff/pages/my-tasks/index' },
];

Page({
  data: { state: 'loading', errorMessage: '', grants: [], entries: [] },

  onLoad() {
    this.load();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    return me().then(
      (user) => {
        const roles = user.grants.map((g) => g.role);
        this.setData({
          state: 'ready',
          grants: user.grants.map((g) => ({ id: g.id, text: `${g.roleName} · ${g.regionName}${g.unit ? ` · ${g.unit}` : ''}` })),
          entries: ENTRIES.filter((e) => roles.includes(e.role)),
        });
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  onRetry() {
    this.load();
  },

  onEntry(e) {
    const entry = ENTRIES.find((x) => x.key === e.currentTarget.dataset.key);
    if (entry) wx.navigateTo({ url: entry.url });
  },
});
