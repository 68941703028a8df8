// The widget's two wasm modules (build/wasm/wasm-widget/cartbell.wasm and
// cartbell-phone.wasm) through the loader the browser uses (wasm-widget/js/core.mjs): each
// export answers as surface.hpp says, and each module exports only its own functions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load_core } from '../../wasm-widget/js/core.mjs';

const wasm = (name) => readFileSync(join(process.env.CARTBELL_WASM_DIR, 'wasm-widget', name));
const core = await load_core(wasm('cartbell.wasm'));
const phone = await load_core(wasm('cartbell-phone.wasm'));
const invalid_utf8 = new Uint8Array([0x30, 0xc3, 0x28]);
const texts = ['back_in_stock', 'en,tr', 'offers', 'en,tr', 'order_updates', 'en'];

const cases = [
  // [name, module, export, args, expected answer]
  ['link encodes reserved characters and emoji once', core, 'cb_chat_link', ['+905321234567', 'Hi {PRODUCT} & more #1 + ?', '', 'PRODUCT', 'Çay 🍵'],
    'ok:https://wa.me/905321234567?text=Hi%20%C3%87ay%20%F0%9F%8D%B5%20%26%20more%20%231%20%2B%20%3F'],
  ['link keeps a value that looks like a variable literal', core, 'cb_chat_link', ['905321234567', '在庫ありますか？ {PRODUCT}', '', 'PRODUCT', '{SKU}'],
    'ok:https://wa.me/905321234567?text=%E5%9C%A8%E5%BA%AB%E3%81%82%E3%82%8A%E3%81%BE%E3%81%99%E3%81%8B%EF%BC%9F%20%7BSKU%7D'],
  ['link without text or ref has no query', core, 'cb_chat_link', ['+905321234567', '', ''], 'ok:https://wa.me/905321234567'],
  ['ref fills {REF} where the template has it', core, 'cb_chat_link', ['+905321234567', 'Hi [{REF}]', 'ig-summer_1'],
    'ok:https://wa.me/905321234567?text=Hi%20%5Big-summer_1%5D'],
  ['ref is appended on its own line when the template has no {REF}', core, 'cb_chat_link', ['+905321234567', 'Merhaba', 'ad.7'],
    'ok:https://wa.me/905321234567?text=Merhaba%0A%28ref%3A%20ad.7%29'],
  ['ref alone makes the whole text', core, 'cb_chat_link', ['+905321234567', '', 'ad7'],
    'ok:https://wa.me/905321234567?text=%28ref%3A%20ad7%29'],
  ['a ref with a space or a quote is left out, not an error', core, 'cb_chat_link', ['+905321234567', 'Hi', 'a b"'],
    'ok:https://wa.me/905321234567?text=Hi'],
  ['a ref longer than 64 characters is left out', core, 'cb_chat_link', ['+905321234567', 'Hi', 'r'.repeat(65)],
    'ok:https://wa.me/905321234567?text=Hi'],
  ['{REF} without a ref is a missing value', core, 'cb_chat_link', ['+905321234567', 'Hi {REF}', ''], 'err:missing_value'],
  ['REF cannot be passed as a page variable', core, 'cb_chat_link', ['+905321234567', 'Hi {REF}', '', 'REF', 'x'], 'err:unknown_variable'],
  ['link refuses a misspelt variable', core, 'cb_chat_link', ['+905321234567', 'Hi {PRCE}', ''], 'err:unknown_variable'],
  ['link refuses a national number', core, 'cb_chat_link', ['05321234567', 'Hi', ''], 'err:leading_zero'],
  ['link refuses an odd pair list', core, 'cb_chat_link', ['+905321234567', 'Hi', '', 'SKU'], 'err:bad_arguments'],
  ['link refuses invalid UTF-8 in a value', core, 'cb_chat_link', ['+905321234567', '{TITLE}', '', 'TITLE', invalid_utf8], 'err:invalid_utf8'],
  ['language falls back from pt-BR to the next request', core, 'cb_language', ['tr,en,ja', 'en', 'pt-BR', 'ja-JP'], 'ok:ja'],
  ['language uses the shop default when nothing matches', core, 'cb_language', ['tr,en', 'tr', 'fr-FR'], 'ok:tr'],
  ['language skips a malformed page tag instead of failing', core, 'cb_language', ['tr,en', 'en', 'english', 'tr-TR'], 'ok:tr'],
  ['language refuses a default the shop does not offer', core, 'cb_language', ['tr,en', 'de', 'fr'], 'err:default_not_available'],
  ['language: "*" stops at the shop default', core, 'cb_language', ['tr,en,ja', 'en', '*', 'ja'], 'ok:en'],
  ['language takes 64 shop languages', core, 'cb_language', [[...Array(63).fill('de'), 'ja'].join(), 'ja', 'ja-JP'], 'ok:ja'],
  ['language refuses 65 shop languages', core, 'cb_language', [[...Array(64).fill('de'), 'ja'].join(), 'ja', 'ja-JP'], 'err:too_many_tags'],
  ['language refuses an empty entry in the shop list', core, 'cb_language', ['tr,,en', 'en', 'tr'], 'err:invalid_available_tag'],
  ['hours open on Monday morning in Istanbul', core, 'cb_hours', ['mon-fri=09:00-18:00', '180', '1795417200'], 'ok:open|1795446000'],
  ['hours closed on Saturday, opens Monday 09:00', core, 'cb_hours', ['mon-fri=09:00-18:00', '180', '1795262400'], 'ok:closed|1795413600'],
  ['hours never open', core, 'cb_hours', ['', '0', '1795262400'], 'ok:closed|'],
  ['hours at a negative offset', core, 'cb_hours', ['mon-sun=00:00-12:00', '-300', '1795262400'], 'ok:open|1795280400'],
  ['hours refuse a malformed time', core, 'cb_hours', ['mon-fri=09:00-18:00', '180', 'noon'], 'err:bad_arguments'],
  ['hours refuse 19 digits instead of overflowing', core, 'cb_hours', ['mon=09:00-18:00', '0', '9'.repeat(19)], 'err:bad_arguments'],
  ['hours refuse an absurd offset', core, 'cb_hours', ['mon=09:00-18:00', '100000', '1795262400'], 'err:offset_out_of_range'],
  ['consent text for a SKU uses the back_in_stock text', core, 'cb_consent_text', ['back_in_stock:TEAPOT-GREEN', 'en', 'tr-TR,en', ...texts], 'ok:back_in_stock|tr'],
  ['consent text falls back to the shop default', core, 'cb_consent_text', ['offers', 'en', 'ja', ...texts], 'ok:offers|en'],
  ['consent text in the only language it exists in', core, 'cb_consent_text', ['order_updates', 'en', 'tr', ...texts], 'ok:order_updates|en'],
  ['consent text for a purpose the shop has no text for', core, 'cb_consent_text', ['cart_reminders', 'en', 'en', ...texts], 'err:no_text'],
  ['consent text refuses an unknown purpose', core, 'cb_consent_text', ['newsletter', 'en', 'en', ...texts], 'err:unknown_purpose'],
  ['consent text refuses a SKU with a space', core, 'cb_consent_text', ['back_in_stock:A B', 'en', 'en', ...texts], 'err:invalid_sku'],
  ['consent text refuses an empty SKU', core, 'cb_consent_text', ['back_in_stock:', 'en', 'en', ...texts], 'err:empty_sku'],
  ['consent text skips malformed requested tags', core, 'cb_consent_text', ['offers', 'en', 'english,,tr-TR', ...texts], 'ok:offers|tr'],
  ['phone reads a Turkish national number', phone, 'cb_phone', ['0532 123 45 67', 'TR'], 'ok:+905321234567|+90 532 123 45 67|TR'],
  ['phone reads 00 with another default region', phone, 'cb_phone', ['0049 151 23456789', 'TR'], 'ok:+4915123456789|+49 1512 3456789|DE'],
  ['phone refuses letters', phone, 'cb_phone', ['call me', 'TR'], 'err:invalid_character'],
  ['phone refuses invalid UTF-8', phone, 'cb_phone', [invalid_utf8, 'TR'], 'err:invalid_utf8'],
];

for (const [name, module, fn, args, expected] of cases) {
  test(name, () => assert.equal(module.call_raw(fn, args), expected));
}

test('each module exports only its own entry points', () => {
  const entry_points = (m) => Object.keys(m.exports).filter((n) => /^cb_(?!alloc|free|answer_length)/.test(n)).sort();
  assert.deepEqual(entry_points(core), ['cb_chat_link', 'cb_consent_text', 'cb_hours', 'cb_language']);
  assert.deepEqual(entry_points(phone), ['cb_phone']);
});

test('a malformed argument buffer is an error, not a crash', () => {
  const { exports } = phone;
  const p = exports.cb_alloc(6);
  new Uint8Array(exports.memory.buffer, p, 6).set([200, 0, 0, 0, 65, 66]);
  const answer = exports.cb_phone(p, 6);
  assert.equal(new TextDecoder().decode(new Uint8Array(exports.memory.buffer, answer, exports.cb_answer_length())), 'err:bad_input');
  exports.cb_free(p);
});

test('more than 40 arguments is an error, not a crash', () => {
  assert.equal(core.call_raw('cb_language', ['en', 'en', ...Array(39).fill('en')]), 'err:bad_input');
  assert.equal(core.call_raw('cb_language', ['en', 'en', ...Array(30).fill('en')]), 'ok:en');
});

test('call() splits answers into ok/value and error', () => {
  assert.deepEqual(core.call('cb_language', 'tr,en', 'en', 'tr-TR'), { ok: true, value: 'tr' });
  assert.deepEqual(phone.call('cb_phone', '', 'TR'), { ok: false, error: 'empty' });
});

test('ten thousand calls do not grow memory: each call reuses the arena', () => {
  const before = core.exports.memory.buffer.byteLength;
  for (let i = 0; i < 10000; i++) core.call_raw('cb_chat_link', ['+905321234567', `Hi {SKU} ${i}`, 'ad', 'SKU', 'A-1']);
  for (let i = 0; i < 2000; i++) phone.call_raw('cb_phone', [`0532 123 45 ${String(i % 100).padStart(2, '0')}`, 'TR']);
  assert.equal(core.exports.memory.buffer.byteLength, before);
});

test('a call larger than free memory grows it and still answers', () => {
  const text = 'ç'.repeat(1000);
  const huge = 'x'.repeat(3 * 1024 * 1024);
  const before = core.exports.memory.buffer.byteLength;
  const answer = core.call_raw('cb_chat_link', ['+905321234567', text, '', 'SKU', huge]);
  assert.equal(answer, `ok:https://wa.me/905321234567?text=${'%C3%A7'.repeat(1000)}`);
  assert.ok(core.exports.memory.buffer.byteLength > before, 'memory grew for the 3 MB argument');
  assert.equal(core.call_raw('cb_chat_link', ['+905321234567', '{SKU}', '', 'SKU', huge]), 'err:text_too_long');
});
