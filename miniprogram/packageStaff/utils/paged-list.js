// The behaviour the staff lists share: first page on load, the next page at the bottom (keyset
// paging with the API's nextAfter), pull to refresh, and the API's message on errors.
const TOPIC_PAGE = '/pages/topic/index';

function pagedList({ fetch, toView }) {
  return {
    data: { state: 'loading', items: [], errorMessage: '', hasMore: false, loadingMore: false },

    onLoad() {
      this.load();
    },

    onShow() {
      // Back from a topic or a form: what was done may have left the list.
      if (this.loadedOnce) this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (this.next && !this.data.loadingMore) this.loadMore();
    },

    load() {
      this.setData({ state: 'loading', errorMessage: '' });
      return fetch({}).then(
        (page) => {
          this.loadedOnce = true;
          this.next = page.nextAfter;
          this.setData({ state: 'ready', items: page.items.map(toView), hasMore: !!page.nextAfter });
        },
        (err) => this.setData({ state: 'error', errorMessage: err.message }),
      );
    },

    loadMore() {
      this.setData({ loadingMore: true });
      return fetch({ after: this.next }).then(
        (page) => {
          this.next = page.nextAfter;
          this.setData({ loadingMore: false, items: this.data.items.concat(page.items.map(toView)), hasMore: !!page.nextAfter });
        },
        (err) => {
          this.setData({ loadingMore: false });
          wx.showToast({ title: err.message, icon: 'none' });
        },
      );
    },

    onRetry() {
      this.load();
    },

    onOpenTopic(e) {
      wx.navigateTo({ url: `${TOPIC_PAGE}?id=${e.currentTarget.dataset.topicId}` });
    },
  };
}

module.exports = { pagedList, TOPIC_PAGE };
