// Photos as thumbnails (issue 16): a tap opens them full size with wx.previewImage, the tapped one first and the rest
// a swipe away. The API shows a photo still being checked only to its uploader and to staff; it carries a 审核中 badge.
const CHECKING = ['checking', 'review'];

Component({
  options: { styleIsolation: 'apply-shared' },

  properties: {
    photos: { type: Array, value: [] },
    label: { type: String, value: '' },
  },

  data: { tiles: [] },

  observers: {
    photos(list) {
      this.setData({
        tiles: (list || []).map((p, i) => ({ key: p.id || i, thumbUrl: p.thumbUrl, checking: CHECKING.includes(p.status) })),
      });
    },
  },

  methods: {
    onOpen(e) {
      const urls = (this.data.photos || []).map((p) => p.url);
      const index = Number(e.currentTarget.dataset.index) || 0;
      wx.previewImage({ current: urls[index], urls, showmenu: true });
    },
  },
});
