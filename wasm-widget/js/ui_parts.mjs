// The opt-in UI's pure parts (no DOM, no network), bundled into cartbell-ui.js and
// unit-tested in Node (tests/wasm/ui_parts.test.mjs).

/** Fills "{name}" placeholders of a UI string from `values` (unknown names stay as they are). */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

/** The "<key>|<locale>" answer of cb_consent_text as {key, locale}. */
export function split_choice(value) {
  const bar = value.indexOf('|');
  return { key: value.slice(0, bar), locale: value.slice(bar + 1) };
}

/** The arguments cb_consent_text takes after (purpose, default, requested): each config key and its locales. */
export function consent_catalogue(consent_texts) {
  return Object.entries(consent_texts || {}).flatMap(([key, by_locale]) => [key, Object.keys(by_locale).join(',')]);
}

/** cb_hours' answer ("open|1795446000", "closed|") as {open, change_at: Date or null}. */
export function read_hours(value) {
  const [state, at] = value.split('|');
  return { open: state === 'open', change_at: at ? new Date(Number(at) * 1000) : null };
}

/** cb_phone's answer ("+905321234567|+90 532 123 45 67|TR") as {e164, display, region}. */
export function read_phone(value) {
  const [e164, display, region] = value.split('|');
  return { e164, display, region };
}

/** The region part of a language tag ("tr-TR" -> "TR", "zh-Hant-TW" -> "TW"), or ''. */
export function region_of(tag) {
  const region = String(tag || '').split(/[-_]/).slice(1).find((s) => /^[A-Za-z]{2}$/.test(s));
  return region ? region.toUpperCase() : '';
}

/** The purposes with the same text version as the first, in order: one opt-in carries one version. */
export function same_version(choices) {
  return choices.filter((c) => c.version === choices[0].version);
}

/** Receipts kept by purpose ({"back_in_stock:SKU-1": "v4.public..."}) after confirmation. */
export function add_receipt(kept, purposes, receipt) {
  const next = { ...kept };
  for (const p of purposes) next[p] = receipt;
  return next;
}

/** The kept receipts without those for `purposes`. */
export function drop_receipts(kept, purposes) {
  const next = { ...kept };
  for (const p of purposes) delete next[p];
  return next;
}
