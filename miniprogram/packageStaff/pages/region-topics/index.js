// 辖区议题: every topic of a region the user looks after as reviewer, room admin, region admin or CPPCC member, in any
// status (under review, not accepted and merged too), newest first, those held for moderation tagged. One region at a
// time, chosen among the user's grants of those roles (the first by default), a status filter, and the next keyset page
// at the bottom. Tapping a topic opens it, where the actions the API allows are offered; coming back reads the list
// again, as far down as it was. The API decides what is listed.
const staff = require('../../services/staff');
const { me } = require('../../../services/me');
const { loadFirst, loadNext, reloadShown } = require('../../../utils/paging');
const fontScale = require('../../../utils/font-scale');
const { STATUSES, statusName } = require('../../../utils/glossary');
const { formatTime } = require('../../utils/form-view');
const { TOPIC_PAGE } = require('../../utils/paged-list');

// The statuses staff most often look for: what waits for review, what was turned away or merged, what is open to
// residents and what is being done. Each is a status the API knows.
const FILTERS = ['', 'submitted', 'rejected', 'merged', 'announced', 'implementing'].map((key) => ({ key, name: key ? STATUSES[key] : '全部' }));

// What an answer for a region or status the person has since left turns into: a promise that never settles, so the
// old list never lands on the new choice.
const LEFT_BEHIND = new Promise(() => {});

/** The regions of the user's grants that see every topic, each once, in the order of the grants. */
function regionsOf(grants) {
  const regions = [];
  (grants || []).filter((g) => staff.SEE_EVERY_TOPIC.includes(g.role)).forEach((g) => {
    if (!regions.some((r) => r.id === g.regionId)) regions.push({ id: g.regionId, name: g.regionName });
  });
  return regions;
}

function item(t) {
  return {
    id: t.id, receiptNo: t.receiptNo, title: t.title, statusName: statusName(t.status, t.statusName),
    roomName: t.roomName, categoryName: t.categoryName, submittedAt: formatTime(t.submittedAt), held: !!t.heldForModeration,
  };
}

// A refused filter (400) names what was wrong in its field errors; the general "请按提示修改" means nothing on a list.
function listError(err) {
  const fields = err.fieldErrors || {};
  const first = Object.keys(fields).map((k) => fields[k]).find((messages) => messages && messages.length);
  if (first) err.message = first[0];
  return err;
}

Page({
  data: {
    regions: [], regionId: null, filters: FILTERS, status: '',
    state: 'loading', // loading | ready | error | none (no grant of those roles)
    errorMessage: '', items: [], hasMore: false, loadingMore: false, moreError: '',
  },

  onLoad() {
    fontScale.apply(this);
    this.start();
  },

  // Back from a topic: what was done there (accepted, rejected, merged) may have changed the list, so it is read again,
  // as the other staff lists are, as far down as the person had scrolled. The first showing follows onLoad, which
  // reads it already.
  onShow() {
    if (this.shownBefore && this.data.regions.length) this.reload();
    this.shownBefore = true;
  },

  // Who the user is (their regions come from the grants), then the first region's list.
  start() {
    this.setData({ state: 'loading', errorMessage: '' });
    return me().then(
      (user) => {
        const regions = regionsOf(user.grants);
        if (!regions.length) {
          this.setData({ state: 'none', regions });
          return null;
        }
        this.setData({ regions, regionId: regions[0].id });
        return this.load();
      },
      (err) => this.setData({ state: 'error', errorMessage: err.message }),
    );
  },

  fetch(after) {
    const choice = this.choice;
    return staff.regionTopics(this.data.regionId, { status: this.data.status, after }).then(
      (page) => (choice === this.choice ? page : LEFT_BEHIND),
      (err) => (choice === this.choice ? Promise.reject(listError(err)) : LEFT_BEHIND),
    );
  },

  // The first page of the current region and status; a page still on its way for an earlier choice is left behind.
  load() {
    this.choice = (this.choice || 0) + 1;
    this.setData({ loadingMore: false });
    return loadFirst(this, (after) => this.fetch(after), item).then((result) => {
      // Ends a pull-down refresh too, also one that a later choice took over.
      wx.stopPullDownRefresh();
      return result;
    });
  },

  // The current region and status again, without a new choice: an answer lands unless the person has since chosen
  // another region or status (fetch drops it then).
  reload() {
    return reloadShown(this, (after) => this.fetch(after), item);
  },

  loadMore() {
    return loadNext(this, (after) => this.fetch(after), item);
  },

  // Pull-down refresh and 重试: the list again, or everything again when who the user is could not be read.
  onPullDownRefresh() {
    if (this.data.regions.length) this.load();
    else this.start().then(() => wx.stopPullDownRefresh());
  },

  onRetry() {
    if (this.data.regions.length) this.load();
    else this.start();
  },

  onReachBottom() {
    this.loadMore();
  },

  onRegion(e) {
    const regionId = Number(e.currentTarget.dataset.regionId);
    if (regionId === this.data.regionId) return;
    this.setData({ regionId });
    this.load();
  },

  onFilter(e) {
    const status = e.currentTarget.dataset.status;
    if (status === this.data.status) return;
    this.setData({ status });
    this.load();
  },

  onOpenTopic(e) {
    wx.navigateTo({ url: `${TOPIC_PAGE}?id=${e.currentTarget.dataset.topicId}` });
  },
});
