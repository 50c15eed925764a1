// Photos for a form (issue 16): camera or album (wx.chooseMedia), thumbnails, × to take one out, and each photo
// uploaded at once in the background with its progress on it, so the person goes on typing. A failed upload says
// why (the API's words) and is tried again by a tap. `initial` brings photos back from a draft (those without an id
// are uploaded again: the API gives the same photo for the same bytes); setting it again resets the picker.
// Emits `change` with {photos: [{localPath, id, thumbUrl}], ids, uploading, failed} after every change.
const photos = require('../../services/photos');
const privacy = require('../../utils/privacy');

let seq = 0;

function item(p) {
  seq += 1;
  return {
    key: `p${seq}`,
    localPath: p.localPath || '',
    id: p.id || null,
    thumbUrl: p.thumbUrl || '',
    state: p.id ? 'done' : 'uploading',
    progress: p.id ? 100 : 0,
    error: '',
  };
}

function tile(i) {
  return { key: i.key, src: i.thumbUrl || i.localPath, state: i.state, progress: i.progress };
}

Component({
  options: { styleIsolation: 'apply-shared' },

  properties: {
    max: { type: Number, value: 6 },
    initial: { type: Array, value: [] },
    label: { type: String, value: '' },
  },

  data: { tiles: [], count: 0, errorText: '', pickError: '' },

  observers: {
    // Set again by a re-render with the same photos, it changes nothing; with others (an empty list after
    // sending), the picker starts over from them.
    initial(list) {
      const sig = (l) => (l || []).map((p) => p.id || p.localPath).join('|');
      if (this.items && sig(list) === sig(this.items)) return;
      this.load(list || []);
    },
  },

  lifetimes: {
    attached() {
      if (!this.items) this.load(this.data.initial || []);
    },
  },

  methods: {
    load(list) {
      this.items = list.filter((p) => p && (p.id || p.localPath)).slice(0, this.data.max).map(item);
      // No change event here: the page gave this list; the uploads started below report their own.
      this.render();
      this.items.filter((i) => !i.id).forEach((i) => this.send(i.key));
    },

    find(key) {
      return (this.items || []).find((i) => i.key === key);
    },

    render() {
      const failed = this.items.find((i) => i.state === 'failed');
      this.setData({ tiles: this.items.map(tile), count: this.items.length, errorText: failed ? failed.error : '' });
    },

    emit() {
      const count = (state) => this.items.filter((i) => i.state === state).length;
      this.triggerEvent('change', {
        photos: this.items.map((i) => ({ localPath: i.localPath, id: i.id, thumbUrl: i.thumbUrl })),
        ids: this.items.filter((i) => i.state === 'done').map((i) => i.id),
        uploading: count('uploading'),
        failed: count('failed'),
      });
    },

    patch(key, changes, quiet) {
      const found = this.find(key);
      if (!found) return;
      Object.assign(found, changes);
      this.render();
      if (!quiet) this.emit();
    },

    send(key) {
      const found = this.find(key);
      if (!found) return;
      this.patch(key, { state: 'uploading', progress: 0, error: '' });
      photos.upload(found.localPath, { onProgress: (p) => this.patch(key, { progress: Math.round(p) || 0 }, true) }).then(
        (photo) => {
          // Taken out while it was on its way: take it back from the server too.
          if (!this.find(key)) photos.remove(photo.id).catch(() => null);
          else this.patch(key, { state: 'done', id: photo.id, thumbUrl: photo.thumbUrl || '', progress: 100 });
        },
        (err) => this.patch(key, { state: 'failed', error: err.message || '照片没传上去。' }),
      );
    },

    onAdd() {
      const room = this.data.max - this.items.length;
      if (room <= 0) return;
      this.setData({ pickError: '' });
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
        success: (res) => {
          const added = (res.tempFiles || []).slice(0, this.data.max - this.items.length).map((f) => item({ localPath: f.tempFilePath }));
          this.items = this.items.concat(added);
          this.render();
          this.emit();
          added.forEach((a) => this.send(a.key));
        },
        fail: (err) => {
          if (/cancel/i.test((err && err.errMsg) || '')) return;
          this.setData({
            pickError: privacy.isNotAgreed(err) || privacy.isNotDeclared(err)
              ? '要先同意隐私保护指引，才能选择照片。不加照片也可以提交。'
              : '没能打开相册或相机，请再点一次“添加照片”。',
          });
        },
      });
    },

    // A failed photo is tried again by tapping it.
    onTapPhoto(e) {
      const found = this.find(e.currentTarget.dataset.key);
      if (found && found.state === 'failed') this.send(found.key);
    },

    // No question asked: the photo can be added again at once.
    onRemove(e) {
      const found = this.find(e.currentTarget.dataset.key);
      if (!found) return;
      this.items = this.items.filter((i) => i !== found);
      if (found.id) photos.remove(found.id).catch(() => null);
      this.render();
      this.emit();
    },
  },
});
