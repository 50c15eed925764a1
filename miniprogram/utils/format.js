// Dates and times as residents read them: Beijing time (the API stores UTC), no seconds.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n) {
  return n < 10 ? `0${n}` : `${n}`;
}

// The API's DateTimes are UTC; some come without a zone designator.
function parseUtc(value) {
  if (!value) return null;
  const text = String(value);
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const ms = Date.parse(text.includes('T') ? withZone : `${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** "2026-05-01 16:30" in Beijing time. */
function dateTime(value) {
  const ms = parseUtc(value);
  if (ms === null) return '';
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A date-only value ("2026-06-30") as it is; a DateTime as its Beijing date. */
function date(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return dateTime(value).slice(0, 10);
}

/** A receipt number spelled out for reading aloud: "2026 - R 8 K 2 - 0001" → every letter apart. */
function spelled(receiptNo) {
  return String(receiptNo || '')
    .split('-')
    .map((part) => (/^\d+$/.test(part) ? part : part.split('').join(' ')))
    .join(' - ');
}

function isFuture(value, now = Date.now()) {
  const ms = parseUtc(value);
  return ms !== null && ms > now;
}

module.exports = { dateTime, date, spelled, isFuture, parseUtc };
