// Where the widget's main-thread time goes, from a Chromium performance trace: loads a demo
// page with and without the widget (same server, same browser, alternating), and sums the
// renderer main thread's top-level task time by what the task did (script by URL, wasm
// compile, style, layout, paint, network and loading). Answers "is it wasm compile, a font,
// Shadow DOM style, or the page itself" for bench/widget/run's +N ms.
//   node bench/widget/trace.mjs [wasm build dir] [page, default /demo/index.html] [runs, default 3] [--interaction]
// Writes the last trace of each kind to $CARTBELL_TRACE_DIR (default build/widget-trace).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch_browser, start_server, root } from '../../tests/browser/widget/harness.mjs';
import { bubble, bubble_centre, panel_shown, poll, probe } from '../../tests/browser/widget/measure.mjs';

const build = process.argv[2] || 'build/wasm';
const page_path = process.argv[3] || '/demo/index.html';
const runs = Number(process.argv[4] || 3);
// With --interaction, the widget's loads also hover and click the bubble (the without-widget loads only wait).
const interaction = process.argv.includes('--interaction');
process.env.CARTBELL_WIDGET_DIR ||= join(build, 'wasm-widget/widget');
const out_dir = process.env.CARTBELL_TRACE_DIR || join(root, 'build/widget-trace');
const widget_tag = /<script src="\/widget\/cartbell\.js"[^>]*><\/script>/;
// What DevTools' Performance panel records, plus wasm compile events; the v8 compile
// categories are left out, they multiply script time several-fold while tracing.
const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'toplevel', 'loading'].join(',');

// What a main-thread slice is, by its name (and the script URL for script slices).
function kind(e) {
  const n = e.name;
  const url = e.args?.data?.url || e.args?.data?.stackTrace?.[0]?.url || '';
  if (/wasm/i.test(n)) return `wasm: ${n}`;
  if (n === 'EvaluateScript' || n === 'v8.compile' || n === 'v8.compileModule' || n === 'v8.evaluateModule' ||
      n === 'FunctionCall' || n === 'TimerFire' || n === 'EventDispatch' || n === 'FireAnimationFrame' ||
      n === 'v8.run' || n === 'V8.ScriptCompiler' || n === 'RunMicrotasks' || n === 'v8.parseOnBackground') {
    const where = url ? url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, '') : '';
    return `script: ${n}${where ? ` ${where}` : ''}`;
  }
  if (n === 'UpdateLayoutTree' || n === 'RecalculateStyles' || n === 'ParseAuthorStyleSheet') return `style: ${n}`;
  if (n === 'Layout' || n === 'UpdateLayerTree' || n === 'PrePaint' || n === 'Paint' || n === 'Layerize' ||
      n === 'Commit' || n === 'CompositeLayers') return `render: ${n}`;
  if (n === 'ParseHTML') return 'html: ParseHTML';
  if (/Resource|Network|Loader|Navigation|CommitLoad|Document|Frame/.test(n)) return `loading: ${n}`;
  if (/GC|Heap|Sweep|Mark/.test(n)) return `gc: ${n}`;
  if (/Font/i.test(n)) return `font: ${n}`;
  return `other: ${n}`;
}

// Self time per kind for the slices on the main thread of the page's renderer.
function summarise(trace) {
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' &&
    events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'));
  if (!main) throw new Error('no renderer main thread in the trace');
  const slices = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const totals = new Map();
  let task_total = 0;
  // Self time: a slice's duration minus its children's (slices nest strictly on one thread).
  const stack = [];
  const add = (k, us) => totals.set(k, (totals.get(k) || 0) + us);
  for (const s of slices) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= s.ts) {
      const done = stack.pop();
      add(done.kind, done.self);
    }
    const parent = stack.at(-1);
    if (parent) parent.self -= s.dur;
    if (!parent && (s.name === 'RunTask' || s.name === 'ThreadControllerImpl::RunTask')) task_total += s.dur;
    stack.push({ ts: s.ts, dur: s.dur, self: s.dur, kind: kind(s) });
  }
  for (const done of stack) add(done.kind, done.self);
  return { task_total: task_total / 1000, totals: new Map([...totals].map(([k, v]) => [k, v / 1000])) };
}

// One load (and, with the widget, the first interaction: hover + click until the panel
// shows), traced; Playwright's own selector engine is kept out of the page (see measure.mjs).
async function traced_load(browser, url, with_widget) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  if (!with_widget) {
    await context.route(url, async (route) => {
      const response = await route.fetch();
      route.fulfill({ response, body: (await response.text()).replace(widget_tag, '') });
    });
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await browser.startTracing(page, { categories: categories.split(',') });
  await page.goto(url, { waitUntil: 'networkidle' });
  await probe(cdp, poll(`${bubble} ? 1 : 0`, with_widget ? 5000 : 0));
  await page.waitForTimeout(300);
  if (with_widget && interaction) {
    const [x, y] = await probe(cdp, bubble_centre);
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
    await probe(cdp, poll(panel_shown, 5000));
    await page.waitForTimeout(300);
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  await context.close();
  return trace;
}

const server = await start_server();
const chrome = await launch_browser();
const sums = { with: new Map(), without: new Map() };
const tasks = { with: [], without: [] };
try {
  mkdirSync(out_dir, { recursive: true });
  for (let i = 0; i < runs; i++) {
    for (const with_widget of [false, true]) {
      const which = with_widget ? 'with' : 'without';
      const trace = await traced_load(chrome.browser, `${server.base}${page_path}`, with_widget);
      writeFileSync(join(out_dir, `${which}.json`), JSON.stringify(trace));
      const s = summarise(trace);
      tasks[which].push(s.task_total);
      for (const [k, v] of s.totals) sums[which].set(k, (sums[which].get(k) || 0) + v / runs);
    }
  }
} finally {
  await chrome.close();
  await server.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${page_path}: renderer main thread, top-level task time, median of ${runs}: ` +
  `with widget ${median(tasks.with).toFixed(1)} ms, without ${median(tasks.without).toFixed(1)} ms`);
console.log('self time by kind (mean ms), with / without / difference, largest differences first:');
const keys = new Set([...sums.with.keys(), ...sums.without.keys()]);
const rows = [...keys].map((k) => [k, sums.with.get(k) || 0, sums.without.get(k) || 0])
  .map(([k, a, b]) => [k, a, b, a - b]).sort((x, y) => Math.abs(y[3]) - Math.abs(x[3]));
for (const [k, a, b, d] of rows.slice(0, 30)) {
  console.log(`  ${k.slice(0, 70).padEnd(70)} ${a.toFixed(2).padStart(7)} ${b.toFixed(2).padStart(7)} ${d >= 0 ? '+' : ''}${d.toFixed(2)}`);
}
console.log(`traces: ${out_dir}/{with,without}.json (open in chrome://tracing or Perfetto)`);
