// Prints raw and gzip -9 sizes of the widget surface built three ways and of each widget
// function alone. Peers' sizes are the published figures quoted in issue #6 (not
// measurable offline); everything else is measured in this run.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from '../../tests/wasm/sizes.mjs';

const build = process.argv[2];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

function total(files) {
  const sizes = files.map((f) => measure(f));
  return { raw: sizes.reduce((n, s) => n + s.raw, 0), gzip: sizes.reduce((n, s) => n + s.gzip, 0) };
}

function row(label, files) {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} (build the wasm preset first)`);
  const t = total(files);
  console.log(`${label.padEnd(46)} raw ${kb(t.raw)}   gzip ${kb(t.gzip)}`);
  return t;
}

const size_dir = join(build, 'bench/wasm-size');
console.log('Widget surface (wa_link, phone, language, hours), wasm + JS needed to call it:');
const shipped = row('extern "C" + hand-written loader (shipped)', [join(build, 'wasm-widget/cartbell.wasm'), 'wasm-widget/js/core.mjs']);
const glue = row('extern "C" + Emscripten default glue', [join(size_dir, 'cartbell_size_extern_c_glue.wasm'), join(size_dir, 'cartbell_size_extern_c_glue.js')]);
const embind = row('embind + its glue', [join(size_dir, 'cartbell_size_embind.wasm'), join(size_dir, 'cartbell_size_embind.js')]);
console.log(`  embind costs ${kb(embind.gzip - shipped.gzip)} gzip more than the shipped binding; default glue ${kb(glue.gzip - shipped.gzip)} more`);

console.log('\nEach widget function alone (extern "C", wasm only):');
for (const fn of ['wa_link', 'phone', 'language', 'hours']) row(`  ${fn}`, [join(size_dir, `cartbell_size_only_${fn}.wasm`)]);
row('  loader wasm-widget/js/core.mjs', ['wasm-widget/js/core.mjs']);

console.log('\nPeers (published gzip sizes, issue #6): smallest plain-JS WhatsApp widget on npm 4.0 KB,');
console.log('Joinchat lite button 4.2 KB, Joinchat full chat window 9.6 KB, React-based widgets 47-278 KB.');
