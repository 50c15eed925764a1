// The moderation queue's rows (GET /api/moderation/queue): comments (held or reported) and, since issue 16, photos the
// content check left for a person (review) or gave no verdict on in time (checking for more than 30 minutes). A photo
// row is {kind: 'photo', photoId, topicId, topicTitle, roomName, thumbUrl, url, status, createdAt} (a nested `photo`
// object or `id` is read too).
export function toRow(item) {
  const isPhoto = item.kind === 'photo' || item.photoId != null || (!!item.photo && item.commentId == null);
  if (!isPhoto) return { ...item, isPhoto: false, rowKey: `comment-${item.commentId}` };
  const p = item.photo || item;
  const photoId = item.photoId != null ? item.photoId : p.id;
  const status = p.status || item.status;
  return {
    ...item,
    isPhoto: true,
    photoId,
    rowKey: `photo-${photoId}`,
    photos: [{ id: photoId, thumbUrl: p.thumbUrl, url: p.url, status }],
    reason: status === 'review' ? '内容安全检查要求人工审核' : '内容安全检查超时未出结果',
  };
}

/** A page of the queue with its rows shaped for the table. */
export async function rowsOf(pagePromise) {
  const page = await pagePromise;
  return { ...page, items: (page.items || []).map(toRow) };
}
