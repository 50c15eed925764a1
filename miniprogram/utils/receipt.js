// A 查询号 as people type it back — read aloud with spaces ("2026 - U A P P T 7 V F - 0001"), written down without
// dashes, in lower case, from a Chinese keyboard's full-width characters — made plain before it is looked up. The API
// accepts all of these too (it also splits a number typed without dashes); this keeps the address short and readable.
function normal(typed) {
  return String(typed || '')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[－—–‐﹣ー_]/g, '-')
    .replace(/\s+/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toUpperCase();
}

module.exports = { normal };
