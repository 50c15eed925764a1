// The 码上征题 form: the draft kept in storage until it is submitted (with its idempotency key,
// so a retry after a lost answer cannot make a second topic), the request body, and the API's
// field errors mapped onto the form's fields.

const EMPTY = {
  title: '',
  description: '',
  categoryId: 0,
  locationText: '',
  anonymous: false,
  proposerName: '',
  onBehalf: false,
  residentName: '',
  residentPhone: '',
};

// API field (camelCase, lower-cased here) → the form field the message is shown next to.
const FIELD_OF = {
  title: 'title',
  description: 'description',
  categoryid: 'categoryId',
  locationtext: 'locationText',
  proposername: 'proposerName',
  'onbehalfof.name': 'residentName',
  'onbehalfof.phone': 'residentPhone',
};

function storageKey(roomId) {
  return `proposeDraft:${roomId}`;
}

function loadDraft(roomId) {
  try {
    const draft = wx.getStorageSync(storageKey(roomId));
    return draft && draft.form ? { form: { ...EMPTY, ...draft.form }, key: draft.key || null } : null;
  } catch (e) {
    return null;
  }
}

function saveDraft(roomId, form, key) {
  try {
    wx.setStorageSync(storageKey(roomId), { form, key: key || null });
  } catch (e) {
    // Storage full: the form stays on screen; only reopening would lose it.
  }
}

function clearDraft(roomId) {
  try {
    wx.removeStorageSync(storageKey(roomId));
  } catch (e) {
    // See saveDraft.
  }
}

function isBlank(form) {
  return !form.title.trim() && !form.description.trim() && !form.locationText.trim();
}

function newKey() {
  return `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

// The resident's contact, as the API takes it: a mobile number or a landline with its area code (0517-83661234).
const PHONE = /^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$/;
const PHONE_MESSAGE = '请填写正确的手机号（11 位）或座机号（区号-号码，如 0517-83661234）。';

/** Full-width digits and any dash as typed on a phone's keyboard become 0-9 and "-"; spaces go. */
function normalPhone(value) {
  return String(value || '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–‐﹣ー]/g, '-')
    .replace(/\s+/g, '');
}

/** The form's own errors before sending (the API checks again): {residentPhone: message} or {}. */
function check(form) {
  const phone = normalPhone(form.residentPhone);
  return form.onBehalf && phone && !PHONE.test(phone) ? { residentPhone: PHONE_MESSAGE } : {};
}

function trimmedOrNull(value) {
  const v = (value || '').trim();
  return v ? v : null;
}

function toBody(form) {
  const anonymous = form.onBehalf ? true : !!form.anonymous;
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    categoryId: form.categoryId || 0,
    locationText: trimmedOrNull(form.locationText),
    anonymous,
    proposerName: anonymous ? null : trimmedOrNull(form.proposerName),
    onBehalfOf: form.onBehalf ? { name: trimmedOrNull(form.residentName), phone: trimmedOrNull(normalPhone(form.residentPhone)) } : null,
  };
}

/** {title: '请填写标题。', ...} from an ApiError's fieldErrors; unknown fields are left out. */
function fieldErrors(errors) {
  const out = {};
  Object.entries(errors || {}).forEach(([field, messages]) => {
    const target = FIELD_OF[field.toLowerCase()];
    const message = Array.isArray(messages) ? messages[0] : messages;
    if (target && message && !out[target]) out[target] = message;
  });
  return out;
}

module.exports = { EMPTY, loadDraft, saveDraft, clearDraft, isBlank, newKey, toBody, fieldErrors, check, normalPhone };
