// components/photo-picker and components/photo-grid under miniprogram-simulate.
const path = require('path');
const { simulate, settle, text, tap } = require('./page');

const ROOT = path.resolve(__dirname, '..');
const PHOTO = (id) => ({ id, status: 'checking', thumbUrl: `https://api/t/${id}.jpg`, url: `https://api/d/${id}.jpg`, width: 10, height: 10 });

function render(name, props = {}) {
  let id;
  jest.isolateModules(() => {
    id = simulate.load(path.join(ROOT, `components/${name}/index`), { rootPath: ROOT });
  });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

function picker(props) {
  const comp = render('photo-picker', props);
  const events = [];
  comp.addEventListener('change', (e) => events.push(e.detail));
  comp.events = events;
  comp.last = () => events[events.length - 1];
  return comp;
}

const choose = (...paths) => { wx.__chosen = paths.map((p) => ({ tempFilePath: p, size: 100, fileType: 'image' })); };

beforeEach(() => {
  require('../services/photos').retry.delaysMs = [0, 0, 0];
});

describe('photo-picker', () => {
  test('chooses compressed images from camera or album and uploads each at once with its progress shown', async () => {
    const comp = picker({ max: 6 });
    choose('wxfile://a.jpg', 'wxfile://b.jpg');
    await tap(comp, '#add-photo');

    expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 6, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] }));
    expect(wx.uploadFile.mock.calls.map((c) => c[0].filePath)).toEqual(['wxfile://a.jpg', 'wxfile://b.jpg']);
    expect(comp.last()).toMatchObject({ uploading: 2, failed: 0, ids: [] });

    wx.__uploads[0].progress(40);
    await settle();
    expect(text(comp, '#progress-0')).toBe('上传中 40%');

    wx.__uploads[0].finish({ statusCode: 201, data: PHOTO(71) });
    wx.__uploads[1].finish({ statusCode: 201, data: PHOTO(72) });
    await settle();
    expect(comp.querySelector('#progress-0')).toBeFalsy();
    expect(comp.last()).toMatchObject({ ids: [71, 72], uploading: 0, failed: 0 });
    expect(comp.last().photos).toEqual([
      { localPath: 'wxfile://a.jpg', id: 71, thumbUrl: 'https://api/t/71.jpg' },
      { localPath: 'wxfile://b.jpg', id: 72, thumbUrl: 'https://api/t/72.jpg' },
    ]);
  });

  test('asks for no more than the photos still allowed and hides 添加 at the maximum', async () => {
    const comp = picker({ max: 2, initial: [{ id: 5, thumbUrl: 't5', localPath: 'wxfile://x.jpg' }] });
    await settle();
    choose('wxfile://a.jpg', 'wxfile://b.jpg');
    await tap(comp, '#add-photo');

    expect(wx.chooseMedia.mock.calls[0][0].count).toBe(1);
    expect(wx.uploadFile).toHaveBeenCalledTimes(1);
    expect(comp.querySelector('#add-photo')).toBeFalsy();
  });

  test('× takes a photo out without asking and takes back its upload from the server', async () => {
    const comp = picker({ max: 6, initial: [{ id: 5, thumbUrl: 't5', localPath: 'a' }, { id: 6, thumbUrl: 't6', localPath: 'b' }] });
    await settle();
    wx.__respond({ statusCode: 204, data: '' });
    await tap(comp, '#remove-0');

    expect(wx.showModal).not.toHaveBeenCalled();
    expect(comp.last()).toMatchObject({ ids: [6] });
    expect(wx.request.mock.calls[0][0]).toMatchObject({ method: 'DELETE', url: 'http://localhost:5080/api/photos/5' });
  });

  test('a refused upload shows the API\'s words and is tried again by a tap', async () => {
    const comp = picker({ max: 6 });
    choose('wxfile://a.jpg');
    wx.__respondUpload({ statusCode: 413, data: { status: 413, code: 'photo_too_large', detail: '照片太大了，每张不能超过 10 MB。' } });
    await tap(comp, '#add-photo');

    expect(text(comp, '#failed-0')).toBe('没传上去，点击重试');
    expect(text(comp, '#photo-error')).toBe('⚠ 照片太大了，每张不能超过 10 MB。');
    expect(comp.last()).toMatchObject({ failed: 1, ids: [] });

    wx.__respondUpload({ statusCode: 201, data: PHOTO(80) });
    await tap(comp, '#photo-0');
    expect(wx.uploadFile).toHaveBeenCalledTimes(2);
    expect(comp.last()).toMatchObject({ failed: 0, uploading: 0, ids: [80] });
    expect(comp.querySelector('#photo-error')).toBeFalsy();
  });

  test('photos brought back from a draft without an id are uploaded again', async () => {
    const comp = picker({ max: 6, initial: [{ id: 5, thumbUrl: 't5', localPath: 'a' }, { id: null, localPath: 'wxfile://b.jpg' }] });
    await settle();
    expect(wx.uploadFile.mock.calls.map((c) => c[0].filePath)).toEqual(['wxfile://b.jpg']);
    wx.__uploads[0].finish({ statusCode: 201, data: PHOTO(9) });
    await settle();
    expect(comp.last()).toMatchObject({ ids: [5, 9], uploading: 0 });
  });

  test('a cancelled choice says nothing', async () => {
    const comp = picker({ max: 1 });
    wx.__chosen = { fail: 'chooseMedia:fail cancel' };
    await tap(comp, '#add-photo');
    expect(comp.querySelector('#pick-error')).toBeFalsy();
    expect(text(comp, '#add-photo')).toContain('加一张照片');
  });
});

describe('photo-grid', () => {
  test('shows thumbnails, marks the ones being checked 审核中, and opens all full size from the tapped one', async () => {
    const photos = [{ ...PHOTO(1), status: 'pass' }, PHOTO(2), { ...PHOTO(3), status: 'review' }];
    const comp = render('photo-grid', { photos, label: '办理前' });
    await settle();

    expect(comp.querySelectorAll('.cell')).toHaveLength(3);
    expect(comp.querySelector('#checking-0')).toBeFalsy();
    expect(text(comp, '#checking-1')).toBe('审核中');
    expect(text(comp, '#checking-2')).toBe('审核中');
    expect(text(comp, '.grid-label')).toBe('办理前');

    await tap(comp, '#grid-photo-1');
    expect(wx.previewImage).toHaveBeenCalledWith(expect.objectContaining({
      current: 'https://api/d/2.jpg', urls: ['https://api/d/1.jpg', 'https://api/d/2.jpg', 'https://api/d/3.jpg'],
    }));
  });

  test('draws nothing without photos', async () => {
    const comp = render('photo-grid', { photos: [] });
    await settle();
    expect(comp.querySelector('.photo-grid')).toBeFalsy();
  });
});
