// The widget loader's pure parts (wasm-widget/js/loader_parts.mjs) and the opt-in UI's
// (ui_parts.mjs), table-style, in Node; the DOM parts run in tests/browser/widget*.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bubble_labels, campaign_ref, path_hidden, read_options, ui_language, ui_languages } from '../../wasm-widget/js/loader_parts.mjs';
import {
  add_receipt, consent_catalogue, drop_receipts, fill, read_hours, read_phone, region_of, same_version, split_choice,
} from '../../wasm-widget/js/ui_parts.mjs';

const strings_dir = new URL('../../wasm-widget/js/strings/', import.meta.url).pathname;

const ui_language_cases = [
  // [tag, UI language]
  ['tr', 'tr'], ['tr-TR', 'tr'], ['zh-Hant-TW', 'zh'], ['ZH_cn', 'zh'], ['ar-EG', 'ar'], ['pt-BR', 'en'],
  ['', 'en'], [undefined, 'en'], ['x-klingon', 'en'], ['de', 'de'],
];
for (const [tag, expected] of ui_language_cases) {
  test(`ui_language(${JSON.stringify(tag)}) is ${expected}`, () => assert.equal(ui_language(tag), expected));
}

const hidden_cases = [
  // [path, patterns, hidden]
  ['/checkout', ['/checkout*'], true],
  ['/checkout/step-2', ['/checkout*'], true],
  ['/check', ['/checkout*'], false],
  ['/shop/account/orders', ['*/account/*'], true],
  ['/account', ['*/account/*'], false],
  ['/a.b', ['/a.b'], true],
  ['/axb', ['/a.b'], false, 'a dot is literal, not a regex wildcard'],
  ['/(x)+[y]', ['/(x)+[y]'], true, 'regex characters are literal'],
  ['/anything', [], false],
  ['/p', ['*'], true],
];
for (const [path, patterns, expected, why] of hidden_cases) {
  test(`path_hidden(${path}, ${JSON.stringify(patterns)}) is ${expected}${why ? ` (${why})` : ''}`, () =>
    assert.equal(path_hidden(path, patterns), expected));
}

test('read_options reads every data attribute and trims lists', () => {
  assert.deepEqual(read_options({ shop: 'demo', prefill: 'Hi {PRODUCT}', hide: ' /checkout* , ,/cart ', agents: 'Ayşe | +905321234567; Bad;Sales|+12025550100', offline: 'Back soon' }), {
    shop: 'demo', prefill: 'Hi {PRODUCT}', hide: ['/checkout*', '/cart'],
    agents: [{ name: 'Ayşe', number: '+905321234567' }, { name: 'Sales', number: '+12025550100' }], offline: 'Back soon',
  });
});

test('read_options with nothing set', () => {
  assert.deepEqual(read_options({}), { shop: '', prefill: '', hide: [], agents: [], offline: '' });
});

const ref_cases = [
  ['?cb_ref=ig-summer', 'ig-summer'], ['?a=1&cb_ref=fb%2B1', 'fb+1'], ['', ''], ['?cb_ref=', ''], ['?ref=x', ''],
];
for (const [search, expected] of ref_cases) {
  test(`campaign_ref(${JSON.stringify(search)}) is ${JSON.stringify(expected)}`, () => assert.equal(campaign_ref(search), expected));
}

test('the built-in strings exist for every UI language, with the same keys and placeholders as English', () => {
  const en = JSON.parse(readFileSync(join(strings_dir, 'en.json'), 'utf8'));
  const placeholders = (text) => (text.match(/\{\w+\}/g) || []).sort().join();
  for (const lang of ui_languages) {
    const t = JSON.parse(readFileSync(join(strings_dir, `${lang}.json`), 'utf8'));
    assert.deepEqual(Object.keys(t).sort(), Object.keys(en).sort(), lang);
    for (const key of Object.keys(en)) {
      assert.ok(t[key].trim(), `${lang}.${key} is empty`);
      assert.equal(placeholders(t[key]), placeholders(en[key]), `${lang}.${key} placeholders`);
    }
    assert.equal(t.bubble, bubble_labels[lang], `${lang}: the loader's bubble label matches the strings`);
  }
});

test('fill replaces known placeholders only', () => {
  assert.equal(fill('Code {code}, {code}; {other} {SITE}', { code: 'AB12' }), 'Code AB12, AB12; {other} {SITE}');
  assert.equal(fill('{n}', { n: 0 }), '0');
});

test('split_choice, read_hours and read_phone read the core answers', () => {
  assert.deepEqual(split_choice('back_in_stock|pt-BR'), { key: 'back_in_stock', locale: 'pt-BR' });
  assert.deepEqual(read_hours('open|1795446000'), { open: true, change_at: new Date(1795446000 * 1000) });
  assert.deepEqual(read_hours('closed|'), { open: false, change_at: null });
  assert.deepEqual(read_phone('+905321234567|+90 532 123 45 67|TR'), { e164: '+905321234567', display: '+90 532 123 45 67', region: 'TR' });
  assert.deepEqual(read_phone('+80012345678|+800 1234 5678|'), { e164: '+80012345678', display: '+800 1234 5678', region: '' });
});

test('consent_catalogue lists each key with its locales, as cb_consent_text takes them', () => {
  assert.deepEqual(consent_catalogue({ offers: { en: {}, tr: {} }, order_updates: { en: {} } }), ['offers', 'en,tr', 'order_updates', 'en']);
  assert.deepEqual(consent_catalogue(undefined), []);
});

const region_cases = [['tr-TR', 'TR'], ['zh-Hant-TW', 'TW'], ['en', ''], ['es-419', ''], ['de_at', 'AT'], ['', '']];
for (const [tag, expected] of region_cases) {
  test(`region_of(${JSON.stringify(tag)}) is ${JSON.stringify(expected)}`, () => assert.equal(region_of(tag), expected));
}

test('same_version keeps the purposes whose text version matches the first', () => {
  const a = { purpose: 'back_in_stock:X', version: '2026-01' };
  const b = { purpose: 'offers', version: '2026-02' };
  const c = { purpose: 'order_updates', version: '2026-01' };
  assert.deepEqual(same_version([a, b, c]), [a, c]);
});

test('receipts are kept by purpose and dropped by purpose, without touching the input', () => {
  const kept = { 'back_in_stock:A': 'r1' };
  const more = add_receipt(kept, ['back_in_stock:B', 'offers'], 'r2');
  assert.deepEqual(more, { 'back_in_stock:A': 'r1', 'back_in_stock:B': 'r2', offers: 'r2' });
  assert.deepEqual(kept, { 'back_in_stock:A': 'r1' });
  assert.deepEqual(drop_receipts(more, ['offers', 'missing']), { 'back_in_stock:A': 'r1', 'back_in_stock:B': 'r2' });
});
