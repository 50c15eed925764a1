// Places the API's field errors next to the field they are about. A key like "participants[0].name"
// belongs to the field "participants" (row 1); keys matching no field are general messages.

/** (fieldErrors {key: message}, fields) → {byField: {fieldKey: message}, general: [message]} */
export function placeErrors(fieldErrors, fields) {
  const byField = {};
  const general = [];
  Object.entries(fieldErrors || {}).forEach(([key, message]) => {
    const match = /^([A-Za-z]+)(?:\[(\d+)\])?/.exec(key) || [];
    const name = (match[1] || '').toLowerCase();
    const field = fields.find((f) => f.key.toLowerCase() === name || (f.errorKeys || []).some((k) => k.toLowerCase() === name));
    if (!field) {
      general.push(message);
      return;
    }
    const text = match[2] !== undefined ? `第 ${Number(match[2]) + 1} 项：${message}` : message;
    byField[field.key] = byField[field.key] ? `${byField[field.key]} ${text}` : text;
  });
  return { byField, general };
}
