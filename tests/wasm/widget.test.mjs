// The widget's wasm build (build/wasm/wasm-widget/cartbell.wasm) through the loader the
// browser uses (wasm-widget/js/core.mjs): each export answers as surface.hpp says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load_core } from '../../wasm-widget/js/core.mjs';

const core = await load_core(readFileSync(join(process.env.CARTBELL_WASM_DIR, 'wasm-widget/cartbell.wasm')));
const invalid_utf8 = new Uint8Array([0x30, 0xc3, 0x28]);

const cases = [
  // [name, export, args, expected answer]
  ['link encodes reserved characters and emoji once', 'cb_wa_link', ['+905321234567', 'Hi {PRODUCT} & more #1 + ?', 'PRODUCT', 'Çay 🍵'],
    'ok:https://wa.me/905321234567?text=Hi%20%C3%87ay%20%F0%9F%8D%B5%20%26%20more%20%231%20%2B%20%3F'],
  ['link keeps a value that looks like a variable literal', 'cb_wa_link', ['905321234567', '在庫ありますか？ {PRODUCT}', 'PRODUCT', '{SKU}'],
    'ok:https://wa.me/905321234567?text=%E5%9C%A8%E5%BA%AB%E3%81%82%E3%82%8A%E3%81%BE%E3%81%99%E3%81%8B%EF%BC%9F%20%7BSKU%7D'],
  ['link without text has no query', 'cb_wa_link', ['+905321234567', ''], 'ok:https://wa.me/905321234567'],
  ['link refuses a misspelt variable', 'cb_wa_link', ['+905321234567', 'Hi {PRCE}'], 'err:unknown_variable'],
  ['link refuses a variable name it does not know', 'cb_wa_link', ['+905321234567', 'Hi', 'COLOUR', 'red'], 'err:unknown_variable'],
  ['link refuses a national number', 'cb_wa_link', ['05321234567', 'Hi'], 'err:leading_zero'],
  ['link refuses an odd argument list', 'cb_wa_link', ['+905321234567', 'Hi', 'SKU'], 'err:bad_arguments'],
  ['phone reads a Turkish national number', 'cb_phone', ['0532 123 45 67', 'TR'], 'ok:+905321234567|+90 532 123 45 67|TR'],
  ['phone reads 00 with another default region', 'cb_phone', ['0049 151 23456789', 'TR'], 'ok:+4915123456789|+49 1512 3456789|DE'],
  ['phone refuses letters', 'cb_phone', ['call me', 'TR'], 'err:invalid_character'],
  ['phone refuses invalid UTF-8', 'cb_phone', [invalid_utf8, 'TR'], 'err:invalid_utf8'],
  ['language falls back from pt-BR to the next request', 'cb_language', ['tr,en,ja', 'en', 'pt-BR', 'ja-JP'], 'ok:ja'],
  ['language uses the shop default when nothing matches', 'cb_language', ['tr,en', 'tr', 'fr-FR'], 'ok:tr'],
  ['language refuses a default the shop does not offer', 'cb_language', ['tr,en', 'de', 'fr'], 'err:default_not_available'],
  ['hours open on Monday morning in Istanbul', 'cb_hours', ['mon-fri=09:00-18:00', '180', '1795417200'], 'ok:open|1795446000'],
  ['hours closed on Saturday, opens Monday 09:00', 'cb_hours', ['mon-fri=09:00-18:00', '180', '1795262400'], 'ok:closed|1795413600'],
  ['hours never open', 'cb_hours', ['', '0', '1795262400'], 'ok:closed|'],
  ['hours refuse a malformed time', 'cb_hours', ['mon-fri=09:00-18:00', '180', 'noon'], 'err:bad_arguments'],
  ['hours refuse an absurd offset', 'cb_hours', ['mon=09:00-18:00', '100000', '1795262400'], 'err:offset_out_of_range'],
];

for (const [name, fn, args, expected] of cases) {
  test(name, () => assert.equal(core.call_raw(fn, args), expected));
}

test('a malformed argument buffer is an error, not a crash', () => {
  const { exports } = core;
  const p = exports.cb_alloc(6);
  new Uint8Array(exports.memory.buffer, p, 6).set([200, 0, 0, 0, 65, 66]);
  const answer = exports.cb_phone(p, 6);
  exports.cb_free(p);
  assert.equal(new TextDecoder().decode(new Uint8Array(exports.memory.buffer, answer, exports.cb_answer_length())), 'err:bad_input');
});

test('call() splits answers into ok/value and error', () => {
  assert.deepEqual(core.call('cb_language', 'tr,en', 'en', 'tr-TR'), { ok: true, value: 'tr' });
  assert.deepEqual(core.call('cb_phone', '', 'TR'), { ok: false, error: 'empty' });
});

test('ten thousand calls do not grow memory without bound', () => {
  const before = core.exports.memory.buffer.byteLength;
  for (let i = 0; i < 10000; i++) core.call_raw('cb_wa_link', ['+905321234567', `Hi {SKU} ${i}`, 'SKU', 'A-1']);
  assert.ok(core.exports.memory.buffer.byteLength <= before + 65536, 'memory grew');
});
