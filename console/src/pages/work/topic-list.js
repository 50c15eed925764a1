// What the topic list (议题) asks the API for, read from the page's address so that going back from a topic returns
// to the same region and status.

/**
 * The status choice, grouped by stage, after 全部状态: every status when the list is the staff's whole one
 * (`everyStatus`), else the statuses the public lists may be filtered by.
 */
export function statusOptions(workflow, everyStatus = false) {
  const groups = [];
  (workflow?.statuses || []).filter((s) => everyStatus || s.isPublic).forEach((s) => {
    let group = groups.find((g) => g.group === s.stageName);
    if (!group) groups.push((group = { group: s.stageName, children: [] }));
    group.children.push({ label: s.name, value: s.status });
  });
  return [{ label: '全部状态', value: '' }, ...groups];
}

/**
 * {regionId, status} for the address's query: the region one of the user's own (a region typed into the address that
 * is not theirs falls back to their first), the status as given (the API refuses one it does not list by).
 */
export function listQuery(query, regions) {
  const wanted = Number(query?.region);
  const region = regions.find((r) => r.id === wanted) || regions[0] || null;
  const status = typeof query?.status === 'string' ? query.status : '';
  return { regionId: region ? region.id : null, status };
}

/** The address's query for a region and status, the defaults left out. */
export function queryFor({ regionId, status }, regions) {
  const query = {};
  if (regionId && regions.length > 0 && regionId !== regions[0].id) query.region = String(regionId);
  if (status) query.status = status;
  return query;
}

/**
 * What a receipt lookup leads to: the topic's page when the caller may see it ({topicId}); else where it stands, as the
 * API tells anyone with the slip of paper ({message}).
 */
export function receiptOutcome(answer) {
  if (answer?.topic) return { topicId: answer.topic.id };
  if (answer?.status) {
    return { message: `受理编号 ${answer.status.receiptNo} 的议题当前“${answer.status.statusName}”，不在您的管辖范围内，无法查看详情。` };
  }
  return { message: '没有找到这个受理编号。' };
}

/** The status to keep when the list changes to one offering `options`: the same if offered, else 全部状态. */
export function keptStatus(status, options) {
  return options.some((o) => (o.children || [o]).some((c) => c.value === status)) ? status : '';
}
