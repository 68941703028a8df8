// Which JavaScript and wasm functions the widget spends main-thread time in: a V8 CPU
// profile (100 us sampling) of a page load plus the first interaction (hover + click until
// the panel shows), self time per function averaged over the runs. The trace
// (trace.mjs) says which kind of work a task was; this says which function did it (it is
// how the first Intl.DateTimeFormat was found in the first click's time, issue #6).
// Function names are esbuild's minified ones: look them up in the packaged cartbell*.js at
// the printed line:column.
//   node bench/widget/profile.mjs [wasm build dir] [page, default /demo/index.html] [runs, default 3]

import { join } from 'node:path';
import { launch_browser, start_server } from '../../tests/browser/widget/harness.mjs';
import { bubble, bubble_centre, panel_shown, poll, probe } from '../../tests/browser/widget/measure.mjs';

const build = process.argv[2] || 'build/wasm';
const page_path = process.argv[3] || '/demo/index.html';
const runs = Number(process.argv[4] || 3);
process.env.CARTBELL_WIDGET_DIR ||= join(build, 'wasm-widget/widget');

const server = await start_server();
const chrome = await launch_browser();
const self_ms = new Map();
try {
  for (let i = 0; i < runs; i++) {
    const context = await chrome.browser.newContext({ viewport: { width: 1000, height: 760 } });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(`${server.base}${page_path}`, { waitUntil: 'networkidle' });
    if (!await probe(cdp, poll(`${bubble} ? 1 : 0`, 5000))) throw new Error(`no chat bubble on ${page_path}`);
    const [x, y] = await probe(cdp, bubble_centre);
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
    if (!await probe(cdp, poll(panel_shown, 5000))) throw new Error(`the panel did not open on ${page_path}`);
    await page.waitForTimeout(200);
    const { profile } = await cdp.send('Profiler.stop');
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, k) => {
      const f = nodes.get(id).callFrame;
      const where = f.url ? ` ${f.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
      const key = `${f.functionName || '(anonymous)'}${where}`;
      self_ms.set(key, (self_ms.get(key) || 0) + profile.timeDeltas[k] / 1000 / runs);
    });
    await context.close();
  }
} finally {
  await chrome.close();
  await server.stop();
}
const idle = (k) => /^\((idle|program)\)/.test(k);
console.log(`${page_path}: load + first interaction, self time per function (mean of ${runs} runs, ms; ` +
  `${[...self_ms].filter(([k]) => idle(k)).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')})`);
for (const [k, v] of [...self_ms].filter(([k]) => !idle(k)).sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`  ${v.toFixed(2).padStart(7)}  ${k.slice(0, 110)}`);
}
