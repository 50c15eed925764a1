// The 码上征题 form: the draft kept in storage until it is submitted (with its idempotency key, so a retry after a
// lost answer cannot make a second topic), the checks made before sending, the request body, the API's field errors
// mapped onto the form's fields, and a volunteer's choices carried over to the next resident.
// Only the description is needed: the API takes the title from its first words and the category from the room
// when they are left out, and a topic is anonymous unless the person chooses to leave a name.

const EMPTY = {
  description: '',
  title: '',
  categoryId: 0,
  locationText: '',
  leaveName: false,
  proposerName: '',
  onBehalf: false,
  residentName: '',
  residentPhone: '',
  // [{localPath, id, thumbUrl}] from components/photo-picker: kept in the draft so no photo is lost with the page.
  photos: [],
};

const MAX_PHOTOS = 6;

// The form's fields from the top of the page down: an error scrolls to the first of them that has one.
const FIELD_ORDER = ['residentName', 'residentPhone', 'description', 'photos', 'title', 'locationText', 'categoryId', 'proposerName'];

// API field (camelCase, lower-cased here) → the form field the message is shown next to.
const FIELD_OF = {
  title: 'title',
  description: 'description',
  categoryid: 'categoryId',
  locationtext: 'locationText',
  proposername: 'proposerName',
  'onbehalfof.name': 'residentName',
  'onbehalfof.phone': 'residentPhone',
  photoids: 'photos',
};

const CHOICES_KEY = 'proposeChoices';

function storageKey(roomId) {
  return `proposeDraft:${roomId}`;
}

function read(key) {
  try {
    return wx.getStorageSync(key) || null;
  } catch (e) {
    return null;
  }
}

function write(key, value) {
  try {
    wx.setStorageSync(key, value);
  } catch (e) {
    // Storage full: the form stays on screen; only reopening would lose it.
  }
}

function loadDraft(roomId) {
  const draft = read(storageKey(roomId));
  return draft && draft.form ? { form: { ...EMPTY, ...draft.form }, key: draft.key || null } : null;
}

function saveDraft(roomId, form, key) {
  write(storageKey(roomId), { form, key: key || null });
}

function clearDraft(roomId) {
  try {
    wx.removeStorageSync(storageKey(roomId));
  } catch (e) {
    // See write.
  }
}

/** A volunteer's choices (entering for a resident, the category), kept for the next resident's form. */
function loadChoices() {
  const saved = read(CHOICES_KEY);
  return saved ? { onBehalf: !!saved.onBehalf, categoryId: Number(saved.categoryId) || 0 } : null;
}

function saveChoices(form) {
  write(CHOICES_KEY, { onBehalf: !!form.onBehalf, categoryId: form.categoryId || 0 });
}

function isBlank(form) {
  return !form.title.trim() && !form.description.trim() && !form.locationText.trim() && !(form.photos || []).length;
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

// Characters as people count them: a character outside the basic plane is one, not two.
function length(value) {
  return Array.from(String(value || '').trim()).length;
}

/** The form's own errors before sending, as the API would give them (it checks again): {field: message}. */
function check(form) {
  const errors = {};
  const description = length(form.description);
  if (!description) errors.description = '请在这里说一说遇到了什么问题。';
  else if (description < 5) errors.description = '请多说几个字，让工作人员看得明白（至少 5 个字）。';
  else if (description > 2000) errors.description = '问题不超过 2000 个字，请删减一些。';
  if (length(form.title) > 100) errors.title = '标题不超过 100 个字，可以不填。';
  if (length(form.locationText) > 200) errors.locationText = '地点不超过 200 个字。';
  if (!form.onBehalf && form.leaveName) {
    if (!length(form.proposerName)) errors.proposerName = '请填写您的称呼，或者关掉“留下我的称呼”。';
    else if (length(form.proposerName) > 50) errors.proposerName = '称呼不超过 50 个字。';
  }
  if (form.onBehalf) {
    if (length(form.residentName) > 50) errors.residentName = '居民姓名不超过 50 个字。';
    const phone = normalPhone(form.residentPhone);
    if (phone && !PHONE.test(phone)) errors.residentPhone = PHONE_MESSAGE;
  }
  return errors;
}

/** Why the photos hold up a submission: one that failed must be tried again or taken out first. */
function photosError({ failed }) {
  return failed ? `有 ${failed} 张照片没传上去：点那张照片重试，或点 × 去掉它，再点“提交”。` : '';
}

/** The field an error message should bring into view: the highest on the page. */
function firstField(errors) {
  return FIELD_ORDER.find((field) => errors[field]) || null;
}

function trimmedOrNull(value) {
  const v = (value || '').trim();
  return v ? v : null;
}

/** The request body: only what was given (no title, no category: the API fills them in). */
function toBody(form) {
  const anonymous = form.onBehalf || !form.leaveName;
  const body = { description: form.description.trim() };
  const photoIds = (form.photos || []).map((p) => p.id).filter(Boolean);
  if (photoIds.length) body.photoIds = photoIds;
  if (trimmedOrNull(form.title)) body.title = form.title.trim();
  if (form.categoryId) body.categoryId = form.categoryId;
  body.locationText = trimmedOrNull(form.locationText);
  body.anonymous = anonymous;
  body.proposerName = anonymous ? null : trimmedOrNull(form.proposerName);
  body.onBehalfOf = form.onBehalf ? { name: trimmedOrNull(form.residentName), phone: trimmedOrNull(normalPhone(form.residentPhone)) } : null;
  return body;
}

/** {description: '…', ...} from an ApiError's fieldErrors; unknown fields are left out. */
function fieldErrors(errors) {
  const out = {};
  Object.entries(errors || {}).forEach(([field, messages]) => {
    const target = FIELD_OF[field.toLowerCase().replace(/\[\d+\]$/, '')];
    const message = Array.isArray(messages) ? messages[0] : messages;
    if (target && message && !out[target]) out[target] = message;
  });
  return out;
}

module.exports = {
  EMPTY, MAX_PHOTOS, photosError, loadDraft, saveDraft, clearDraft, loadChoices, saveChoices, isBlank, newKey, toBody, fieldErrors, check, firstField, normalPhone,
};
