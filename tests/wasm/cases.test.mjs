// Runs tests/data/*.json through the wasm build and compares every answer with the
// expected one and with the native build's answer (written by cartbell_core_tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load_core } from '../../wasm-widget/js/core.mjs';

const data_dir = process.env.CARTBELL_TEST_DATA_DIR;
const wasm_dir = process.env.CARTBELL_WASM_DIR;
const native_dir = process.env.CARTBELL_NATIVE_PARITY_DIR;

const core = await load_core(readFileSync(join(wasm_dir, 'tests/wasm/cartbell_cases.wasm')));

// "hex:" arguments stay as they are: the C++ runner decodes them in both builds.
const modules = readdirSync(data_dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

test('conformance data is present', () => {
  assert.ok(modules.length >= 7, `modules: ${modules}`);
});

for (const module of modules) {
  test(`wasm answers match expected and native answers: ${module}`, () => {
    const doc = JSON.parse(readFileSync(join(data_dir, `${module}.json`), 'utf8'));
    const native_file = join(native_dir ?? '', `${module}.json`);
    assert.ok(native_dir && existsSync(native_file),
      `native answers missing (${native_file}): run the native tests first (./cartbell test does)`);
    const native = JSON.parse(readFileSync(native_file, 'utf8'));
    const wrong = [];
    const disagree = [];
    for (const c of doc.cases) {
      const answer = core.call_raw('cb_run_case', [c.op, ...c.args]);
      if (answer !== c.expect) wrong.push(`${c.name}: expected ${JSON.stringify(c.expect)}, wasm ${JSON.stringify(answer)}`);
      if (answer !== native[c.name]) disagree.push(`${c.name}: native ${JSON.stringify(native[c.name])}, wasm ${JSON.stringify(answer)}`);
    }
    assert.deepEqual(disagree, [], 'native and wasm disagree');
    assert.deepEqual(wrong, [], 'wasm answers differ from the expected ones');
  });
}

test('a malformed argument buffer is an error, not a crash', () => {
  const { exports } = core;
  const p = exports.cb_alloc(3);
  new Uint8Array(exports.memory.buffer, p, 3).set([9, 0, 0]);
  const answer_pointer = exports.cb_run_case(p, 3);
  exports.cb_free(p);
  const answer = new TextDecoder().decode(new Uint8Array(exports.memory.buffer, answer_pointer, exports.cb_answer_length()));
  assert.equal(answer, 'err:bad_input');
});
