// 工作台: what the user's role grants allow (GET /api/me). Each list is offered only to the roles the
// API serves it to; the actions themselves appear on topic pages from allowedActions. An entry's
// title is the title of the page it opens. Below, the staff messages the user's roles receive, with how
// many each can still carry and a button (a tap each: WeChat asks only from a tap) to subscribe again.
const { me } = require('../../../services/me');
const subscriptions = require('../../../services/subscriptions');
const fontScale = require('../../../utils/font-scale');
const { SEE_EVERY_TOPIC } = require('../../services/staff');

const ENTRIES = [
  { key: 'review', roles: ['reviewer'], title: '待审议题', description: '审题：按“五议五不议”受理或不予受理', url: '/packageStaff/pages/review-queue/index' },
  { key: 'due', roles: ['room_admin'], title: '待办事项', description: 'B 类跟踪到期和逾期的落实任务', url: '/packageStaff/pages/due/index' },
  { key: 'tasks', roles: ['implementer'], title: '我的任务', description: '本单位承办的落实任务，报告进度', url: '/packageStaff/pages/my-tasks/index' },
  { key: 'region-topics', roles: SEE_EVERY_TOPIC, title: '辖区议题', description: '辖区内的全部议题，包括审核中和未通过审核的', url: '/packageStaff/pages/region-topics/index' },
];

const SUBSCRIBE_FAILED = '订阅未成功。如果没有弹出订阅窗口，请点右上角“···”→“设置”，打开“订阅消息”后再试。';

// The staff templates in groups one wx.requestSubscribeMessage call takes (at most 3), each a button.
function reminderGroups(templates) {
  const staff = (templates || []).filter((t) => t.audience === 'staff');
  return subscriptions.groups(staff).map((group) => group.map((t) => ({ key: t.key, templateId: t.templateId, title: t.title, remaining: t.remaining })));
}

Page({
  data: { state: 'loading', errorMessage: '', grants: [], entries: [], remindersState: 'loading', reminderGroups: [], subscribing: false },

  onLoad() {
    fontScale.apply(this);
    this.load();
  },

  load() {
    this.setData({ state: 'loading', errorMessage: '' });
    const user = me();
    const credits = subscriptions.mine().then((list) => ({ list }), (err) => ({ err }));
    return Promise.all([user, credits]).then(
      ([user, answer]) => {
        const roles = user.grants.map((g) => g.role);
        this.setData({
          state: 'ready',
          // A role the API names in Chinese; one it sends without a name reads as 工作人员, never as its code.
          grants: user.grants.map((g) => ({ id: g.id, text: `${/[\u4e00-\u9fff]/.test(g.roleName || '') ? g.roleName : '工作人员'} · ${g.regionName}${g.unit ? ` · ${g.unit}` : ''}` })),
          entries: ENTRIES.filter((e) => e.roles.some((role) => roles.includes(role))),
        });
        this.showReminders(answer);
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  showReminders({ list, err }) {
    if (err) {
      this.setData({ remindersState: 'error', remindersError: `提醒次数暂时读不到：${err.message}` });
      return;
    }
    const groups = reminderGroups(list);
    this.setData({ remindersState: groups.length ? 'ready' : 'none', reminderGroups: groups });
  },

  onRetry() {
    this.load();
  },

  onEntry(e) {
    const entry = ENTRIES.find((x) => x.key === e.currentTarget.dataset.key);
    if (entry) wx.navigateTo({ url: entry.url });
  },

  // Must stay a direct tap handler: WeChat asks for subscriptions only from a tap, at most 3 templates a call.
  onSubscribe(e) {
    const group = this.data.reminderGroups[Number(e.currentTarget.dataset.group)];
    if (!group || this.data.subscribing) return null;
    this.setData({ subscribing: true });
    return subscriptions.subscribe(group.map((t) => t.templateId)).then(
      (credits) => {
        const left = {};
        credits.forEach((c) => { left[c.templateId] = c.remaining; });
        const groups = this.data.reminderGroups.map((g) => g.map((t) => (t.templateId in left ? { ...t, remaining: left[t.templateId] } : t)));
        this.setData({ subscribing: false, reminderGroups: groups });
        wx.showToast({ title: credits.length ? `已订阅 ${credits.length} 项提醒` : '未订阅：您没有选择允许', icon: 'none' });
      },
      () => {
        this.setData({ subscribing: false });
        wx.showModal({ title: '订阅未成功', content: SUBSCRIBE_FAILED, showCancel: false, confirmText: '知道了' });
      },
    );
  },
});
