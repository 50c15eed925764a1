// The behaviour the staff lists share: first page on load, the next page at the bottom (keyset
// paging with the API's nextAfter), pull to refresh, the list read again on return, and the API's message on errors.
const { loadFirst, loadNext, reloadShown } = require('../../utils/paging');
const fontScale = require('../../utils/font-scale');

const TOPIC_PAGE = '/pages/topic/index';

function pagedList({ fetch, toView }) {
  return {
    data: { state: 'loading', items: [], errorMessage: '', hasMore: false, loadingMore: false, moreError: '' },

    onLoad() {
      fontScale.apply(this);
      this.load();
    },

    onShow() {
      // Back from a topic or a form: what was done may have left the list. Read as far down as the person had
      // scrolled, so they keep their place in a long list.
      if (this.loadedOnce) this.reload();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      this.loadMore();
    },

    load() {
      return loadFirst(this, (after) => fetch({ after }), toView).then((result) => {
        if (result) this.loadedOnce = true;
      });
    },

    reload() {
      return reloadShown(this, (after) => fetch({ after }), toView);
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
