// The wasm build's sizes are a tested property: each artifact must stay under its gzip
// budget, and must not drift from its recorded size by more than the tolerance either
// way, so growth is a deliberate re-baseline (node tests/wasm/sizes.mjs build/wasm --write).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { budget_file, measure, resolve } from './sizes.mjs';

const build_dir = process.env.CARTBELL_WASM_DIR;
const budget = JSON.parse(readFileSync(budget_file, 'utf8'));

for (const [name, a] of Object.entries(budget.artifacts)) {
  test(`${name} stays within its size budget`, () => {
    const m = measure(resolve(a.path, build_dir));
    assert.ok(m.gzip <= a.max_gzip, `${name}: ${m.gzip} B gzip is over the budget of ${a.max_gzip} B`);
    const tolerance = budget.tolerance_percent / 100;
    for (const kind of ['raw', 'gzip']) {
      const drift = Math.abs(m[kind] - a[kind]) / a[kind];
      assert.ok(drift <= tolerance,
        `${name}: ${kind} ${m[kind]} B drifted ${(drift * 100).toFixed(1)} % from the recorded ${a[kind]} B; ` +
        're-baseline deliberately with: node tests/wasm/sizes.mjs build/wasm --write');
    }
  });
}
