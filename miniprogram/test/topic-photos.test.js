// The topic page's photos: the topic's (办理前), each progress update's and the result's (办理后), each comment's; a
// tap opens them full size; the comment form takes one photo and sends its id.
const { renderPage, text, tap, settle } = require('./page');
const R = require('./resident-fixtures');
const T = require('./topic-fixtures');

const PHOTO = (id) => ({ id, status: 'checking', thumbUrl: `https://api/t/${id}.jpg`, url: `https://api/d/${id}.jpg`, width: 10, height: 10 });

async function open(topic, comments = R.comments()) {
  wx.__respond({ data: topic });
  wx.__respond({ data: { statuses: [], actions: [] } });
  wx.__respond({ data: comments });
  return renderPage('pages/topic/index', { id: '9' });
}

const grid = (page, id) => page.querySelector(`#${id}`);
const commentCalls = () => wx.request.mock.calls.map((c) => c[0]).filter((r) => r.method === 'POST' && r.url.endsWith('/comments'));

describe('topic page photos', () => {
  test('shows before and after: the topic\'s photos, the progress update\'s and the result\'s, each comment\'s', async () => {
    const page = await open(R.topicIn('completed'));

    expect(text(page, '#topic-photos')).toContain('办理前');
    expect(grid(page, 'topic-photos').querySelectorAll('.cell')).toHaveLength(2);
    expect(text(grid(page, 'topic-photos'), '#checking-1')).toBe('审核中');
    expect(grid(page, 'topic-photos').querySelector('#checking-0')).toBeFalsy();
    expect(text(page, '#result-photos')).toContain('办理后');
    expect(grid(page, 'result-photos').querySelectorAll('.cell')).toHaveLength(2);
    expect(grid(page, 'update-photos-4-0').querySelectorAll('.cell')).toHaveLength(1);
    expect(grid(page, 'comment-photos-22').querySelectorAll('.cell')).toHaveLength(1);
    expect(text(page, '#comment-photos-23')).toContain('审核中');
  });

  test('a tap opens the topic\'s photos full size, starting with the one tapped', async () => {
    const page = await open(R.topicIn('completed'));
    await tap(grid(page, 'topic-photos'), '#grid-photo-1');
    expect(wx.previewImage).toHaveBeenCalledWith(expect.objectContaining({
      current: 'https://api.example.cn/api/photos/k2/display.jpg',
      urls: ['https://api.example.cn/api/photos/k1/display.jpg', 'https://api.example.cn/api/photos/k2/display.jpg'],
    }));
  });

  test('a topic without photos shows no grid and no 办理前 label', async () => {
    const page = await open(T.topic({ photos: [] }), { items: [], nextAfter: null, counts: {} });
    expect(grid(page, 'topic-photos').querySelector('.photo-grid')).toBeFalsy();
    expect(page.dom.textContent).not.toContain('办理前');
  });

  test('a comment carries one photo: the picker asks for one and the comment sends its id', async () => {
    const page = await open(T.topic(), { items: [], nextAfter: null, counts: {} });
    const picker = page.querySelector('#comment-photo');
    wx.__chosen = [{ tempFilePath: 'wxfile://a.jpg' }, { tempFilePath: 'wxfile://b.jpg' }];
    wx.__respondUpload({ statusCode: 201, data: PHOTO(81) });
    await tap(picker, '#add-photo');
    expect(wx.chooseMedia.mock.calls[0][0].count).toBe(1);
    expect(picker.querySelector('#add-photo')).toBeFalsy();

    await tap(page, '#stance-support');
    page.querySelector('#comment-body').dispatchEvent('input', { detail: { value: '同意' } });
    wx.__respond({ statusCode: 201, data: T.comment({ id: 30, body: '同意', photos: [{ ...PHOTO(81), mine: true }] }) });
    await tap(page, '#post-comment');

    expect(commentCalls()[0].data).toEqual({ stance: 'support', body: '同意', photoIds: [81] });
    expect(grid(page, 'comment-photos-30').querySelectorAll('.cell')).toHaveLength(1);
    expect(picker.querySelectorAll('.tile')).toHaveLength(1); // emptied: only 添加 is left
  });

  test('a comment waits for its photo to finish uploading, and refuses while the photo failed', async () => {
    const page = await open(T.topic(), { items: [], nextAfter: null, counts: {} });
    const picker = page.querySelector('#comment-photo');
    wx.__chosen = [{ tempFilePath: 'wxfile://a.jpg' }];
    await tap(picker, '#add-photo');
    await tap(page, '#stance-doubt');
    page.querySelector('#comment-body').dispatchEvent('input', { detail: { value: '费用谁出？' } });
    await tap(page, '#post-comment');
    expect(commentCalls()).toHaveLength(0);
    expect(text(page, '#comment-waiting')).toBe('照片还在上传，传完会自动发表，请稍等。');

    wx.__uploads[0].finish({ statusCode: 413, data: { status: 413, code: 'photo_too_large', detail: '照片太大了。' } });
    await settle();
    await tap(page, '#post-comment');
    expect(commentCalls()).toHaveLength(0);
    expect(text(page, '#comment-error')).toBe('⚠ 照片没传上去：点照片重试，或点 × 去掉它，再点“发表”。');

    await tap(picker, '#remove-0');
    wx.__respond({ statusCode: 201, data: T.comment({ id: 31, body: '费用谁出？' }) });
    await tap(page, '#post-comment');
    expect(commentCalls()[0].data).toEqual({ stance: 'doubt', body: '费用谁出？' });
  });
});
