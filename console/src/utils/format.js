// How the console writes dates, times and rates. China has one time zone: Beijing, UTC+8, no DST.
const BEIJING_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** An API instant (UTC; some arrive without a zone suffix) as epoch milliseconds, or null. */
export function parseInstant(iso) {
  if (!iso) return null;
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** '2026-09-01T06:03:00Z' → '2026-09-01 14:03' (Beijing). */
export function dateTime(iso) {
  const ms = parseInstant(iso);
  if (ms === null) return '';
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A Beijing date, days from today, as yyyy-MM-dd. */
export function beijingDate(daysFromToday = 0, now = Date.now()) {
  return new Date(now + BEIJING_MS + daysFromToday * DAY_MS).toISOString().slice(0, 10);
}

/** 0.8125 → '81.3%'; null → '—'. */
export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The name a person gave, or the fallback the contract asks the console to show. */
export function personName(name) {
  return name && String(name).trim() ? name : '未填写姓名';
}
