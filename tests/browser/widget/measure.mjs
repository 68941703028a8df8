// Main-thread time and layout shift of the widget in Chromium, shared by
// tests/browser/widget_pages.test.mjs (which records them) and bench/widget/run (which
// reports medians). Main-thread time comes from Chromium's own DevTools Performance
// metrics (thread CPU time), for a page with the widget minus the same page with the
// script tag removed: `work` is script + style + layout, `task` every main-thread task
// (it also counts the network and loading work a fetch and a script tag cause).
//
// Nothing of Playwright's runs in the page while it is measured: a locator (waitFor, hover,
// click) first injects Playwright's selector engine, a script whose compile and run cost
// about 100 ms of main-thread time (Chromium trace, bench/widget/trace.mjs), which the page
// without the widget never paid: that was the "+60-96 ms unexplained" of issue #6. So both
// loads run the same few-line CDP Runtime.evaluate probes, and the interaction uses raw
// input events (page.mouse, CDP Input) at the bubble's position.

const widget_tag = /<script src="\/widget\/cartbell\.js"[^>]*><\/script>/;

async function main_thread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name) => metrics.find((m) => m.name === name).value * 1000;
  return {
    work: value('ScriptDuration') + value('RecalcStyleDuration') + value('LayoutDuration'),
    task: value('TaskDuration'),
  };
}
const minus = (a, b) => ({ work: a.work - b.work, task: a.task - b.task });

// Sums of layout-shift scores without recent input before and from `split` (performance.now()
// time), read after the page settled (as an expression resolving to [before, from]).
const layout_shifts = (split) => `new Promise((ok) => {
  const sum = [0, 0];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) sum[e.startTime < ${split} ? 0 : 1] += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => ok(sum), 300);
})`;

// A context at the measured size whose requests off this machine fail.
async function offline_context(browser) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return context;
}

/**
 * The layout shift the widget causes on `url`, apart from the page's own. The widget's
 * config is held back until the page has loaded and rendered; everything the widget does
 * to the layout follows that answer. On a loaded machine Chromium paints a half-parsed
 * page and the rest of it then shifts (0.00006 on the demo's product page, with or without
 * the widget): that is `page`. `widget` counts the shifts after the config was let through,
 * once the widget's own requests are done. Resolves to {page, widget}.
 */
export async function widget_layout_shift(browser, url) {
  const context = await offline_context(browser);
  let release;
  const released = new Promise((ok) => { release = ok; });
  await context.route(/\/v1\/widget\/config\?/, async (route) => { await released; await route.continue(); });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // Two frames after load: every shift of the page's own rendering has been reported.
    const start = await page.evaluate(() => new Promise((ok) =>
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => ok(performance.now()), 50)))));
    release();
    await page.waitForFunction(() => document.querySelector('cartbell-widget'));
    await page.waitForLoadState('networkidle');
    const [before, after] = await page.evaluate(layout_shifts(start));
    return { page: before, widget: after };
  } finally {
    await context.close();
  }
}

// A small expression run through CDP (no Playwright script in the page); resolves to its value.
export async function probe(cdp, expression) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(`probe failed: ${exceptionDetails.text}`);
  return result.value;
}
// Polls (every 20 ms, at most `limit` ms) until `test` (an expression) is truthy; resolves to its last value.
export const poll = (test, limit) => `new Promise((ok) => { const end = performance.now() + ${limit};
  (function again() { const v = ${test}; if (v || performance.now() > end) ok(v); else setTimeout(again, 20); })(); })`;
export const bubble = "document.querySelector('cartbell-widget')?.shadowRoot?.querySelector('.b')";
export const panel_shown = "(document.querySelector('cartbell-widget')?.shadowRoot?.querySelector('.p:not([hidden])') ? 1 : 0)";
export const bubble_centre = `(() => { const r = ${bubble}?.getBoundingClientRect(); return r ? [r.x + r.width / 2, r.y + r.height / 2] : null; })()`;

/**
 * One load of `url` with and without the widget; resolves to {load: {work, task},
 * interaction: {work, task}, cls} in ms: the widget's extra main-thread time up to a
 * settled page, the main-thread time of the first interaction (hover + click until the
 * panel shows), and the page's cumulative layout shift with the widget (its own
 * shifts included: widget_layout_shift tells them apart).
 */
export async function measure_once(browser, url) {
  const run = async (with_widget) => {
    const context = await offline_context(browser);
    if (!with_widget) {
      await context.route(url, async (route) => {
        const response = await route.fetch();
        route.fulfill({ response, body: (await response.text()).replace(widget_tag, '') });
      });
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url, { waitUntil: 'networkidle' });
    // The same probe on both loads; without the widget it gives up at once.
    const painted = await probe(cdp, poll(`${bubble} ? 1 : 0`, with_widget ? 5000 : 0));
    if (with_widget && !painted) throw new Error(`no chat bubble on ${url}`);
    await page.waitForTimeout(200);
    const load = await main_thread(cdp);
    let interaction = { work: 0, task: 0 };
    let cls = 0;
    if (with_widget) {
      [cls] = await probe(cdp, layout_shifts(Infinity));
      const [x, y] = await probe(cdp, bubble_centre);
      const before = await main_thread(cdp);
      await page.mouse.move(x, y);
      await page.mouse.click(x, y);
      if (!await probe(cdp, poll(panel_shown, 5000))) throw new Error(`the panel did not open on ${url}`);
      await page.waitForTimeout(100);
      interaction = minus(await main_thread(cdp), before);
    }
    await context.close();
    return { load, interaction, cls };
  };
  const without = await run(false);
  const widget = await run(true);
  return { load: minus(widget.load, without.load), interaction: widget.interaction, cls: widget.cls };
}

/** Median of each figure over `runs` alternating loads. */
export async function measure(browser, url, runs = 5) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await measure_once(browser, url));
  const median = (pick) => all.map(pick).sort((a, b) => a - b)[Math.floor(runs / 2)];
  return {
    load: { work: median((m) => m.load.work), task: median((m) => m.load.task) },
    interaction: { work: median((m) => m.interaction.work), task: median((m) => m.interaction.task) },
    cls: Math.max(...all.map((m) => m.cls)),
    runs,
  };
}
