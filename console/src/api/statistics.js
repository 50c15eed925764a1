// Statistics (公开监督) for the charts, and the export links.
import { apiUrl, get } from './request';

/** The region's figures for the period with each child region's: see the README's Statistics. */
export const statistics = (regionId, { from, to } = {}) => get(`/api/regions/${regionId}/statistics`, { from, to });

/** {months: [{month, submitted, accepted, resolved, satisfied, evaluated}]} */
export const trend = (regionId, { from, to } = {}) => get(`/api/regions/${regionId}/statistics/trend`, { from, to });

/** {items: [{unit, overdue, open}]} (staff of that region). */
export const overdueByUnit = (regionId) => get(`/api/regions/${regionId}/statistics/overdue-by-unit`);

/** The CSV or xlsx export of the same figures. */
export const exportUrl = (regionId, format, { from, to } = {}) => apiUrl(`/api/regions/${regionId}/statistics.${format}`, { from, to });
