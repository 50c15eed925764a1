// Where a topic's photos are in the API's TopicDetail (issue 16): the topic's own `photos` (before), each progress
// update's and the result's (after). The result is its text, with its photos beside it (`resultPhotos`) or, if the API
// gives the result as an object, in it.
export function resultText(t) {
  if (t.result && typeof t.result === 'object') return t.result.text || '';
  return t.result || '';
}

export function resultPhotos(t) {
  if (t.result && typeof t.result === 'object' && t.result.photos) return t.result.photos;
  return t.resultPhotos || [];
}

export function hasAfterPhotos(t) {
  return resultPhotos(t).length > 0 || (t.tasks || []).some((task) => (task.updates || []).some((u) => u.photos && u.photos.length));
}
