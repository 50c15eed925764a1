// The behaviour the staff lists share: first page on load, the next page at the bottom (keyset
// paging with the API's nextAfter), pull to refresh, and the API's message on errors.
const { loadFirst, loadNext } = require('../../utils/paging');
const fontScale = require('../../utils/font-scale');

const TOPIC_PAGE = '/pages/topic/index';

function pagedList({ fetch, toView }) {
  return {
    data: { state: 'loading', items: [], errorMessage: '', hasMore: false, loadingMore: false },

    onLoad() {
      fontScale.apply(this);
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
      this.loadMore();
    },

    load() {
      return loadFirst(this, (after) => fetch({ after }), toView, { keepItems: true }).then((result) => {
        if (result) this.loadedOnce = true;
      });
    },

    loadMore() {
      return loadNext(this, (after) => fetch({ after }), toView);
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
