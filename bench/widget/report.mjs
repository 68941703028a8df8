// Prints the widget's sizes (raw and gzip -9 per artifact, and the bundles a shopper
// downloads) next to the peers' published gzip sizes quoted in issue #6 (not measurable
// offline), the largest parts of the core wasm, and main-thread time and layout shift
// measured in headless Chromium against the real server (median of 5 alternating loads,
// with and without the widget). Usage: node bench/widget/report.mjs <wasm build dir>

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { budget_file, measure, measure_bundle, resolve } from '../../tests/wasm/sizes.mjs';
import { launch_browser, start_server } from '../../tests/browser/widget/harness.mjs';
import { measure as measure_page, widget_layout_shift } from '../../tests/browser/widget/measure.mjs';
import { anatomy } from './wasm_anatomy.mjs';

const build = process.argv[2] || 'build/wasm';
process.env.CARTBELL_WIDGET_DIR ||= join(build, 'wasm-widget/widget');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const budget = JSON.parse(readFileSync(budget_file, 'utf8'));

console.log('Widget artifacts (gzip -9):');
for (const [name, a] of Object.entries(budget.artifacts)) {
  const m = measure(resolve(a.path, build));
  console.log(`  ${name.padEnd(32)} raw ${kb(m.raw)}   gzip ${kb(m.gzip)}`);
}
console.log('\nWhat a shopper downloads:');
for (const [name, b] of Object.entries(budget.bundles)) {
  const m = measure_bundle(budget, b, build);
  const issue = b.issue_max_gzip ? `   issue #6 ceiling ${kb(b.issue_max_gzip)}: ${m.gzip <= b.issue_max_gzip ? 'within' : `${kb(m.gzip - b.issue_max_gzip).trim()} over`}` : '';
  console.log(`  ${name.padEnd(62)} gzip ${kb(m.gzip)}${issue}`);
}
console.log('\nPeers (published gzip sizes, issue #6): smallest plain-JS WhatsApp widget on npm 4.0 KB,');
console.log('Joinchat lite button 4.2 KB, Joinchat full chat window 9.6 KB (no consent, no back in stock),');
console.log('React-based widgets 47-278 KB.');

console.log('\nWhere cartbell.wasm\'s bytes go (sections):');
const wasm = readFileSync(join(build, 'wasm-widget/cartbell.wasm'));
for (const s of anatomy(wasm).sections) console.log(`  ${s.name.padEnd(24)} ${String(s.size).padStart(7)} B`);
console.log('  (names of the largest functions: link with --profiling-funcs and run node bench/widget/wasm_anatomy.mjs)');

const server = await start_server();
const chrome = await launch_browser();
try {
  for (const page of ['/demo/index.html', '/demo/teapot.html']) {
    const m = await measure_page(chrome.browser, `${server.base}${page}`, 5);
    const ms = (x) => `${x.work.toFixed(1).padStart(5)} ms script+style+layout, ${x.task.toFixed(1).padStart(5)} ms all tasks`;
    console.log(`\nChromium main thread, ${page} (median of ${m.runs}; issue budget 10 ms, no layout shift):`);
    console.log(`  page load, widget's share  ${ms(m.load)}`);
    console.log(`  first interaction (panel)  ${ms(m.interaction)}`);
    const shift = await widget_layout_shift(chrome.browser, `${server.base}${page}`);
    console.log(`  layout shift, the widget's ${shift.widget.toFixed(4)}   (the page's own ${shift.page.toFixed(4)}; page CLS with the widget, worst of ${m.runs}: ${m.cls.toFixed(4)})`);
  }
} finally {
  await chrome.close();
  await server.stop();
}
console.log('\nWhere main-thread time goes (Chromium trace, with and without the widget): node bench/widget/trace.mjs build/wasm /demo/index.html 3 --interaction');
console.log('Reproduce: bench/widget/run build/wasm   (headless Chromium on this machine; shared and noisy)');
