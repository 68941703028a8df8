// Main-thread time and layout shift of the widget in Chromium, shared by
// tests/browser/widget_pages.test.mjs (which records them) and bench/widget/run (which
// reports medians). Main-thread time comes from Chromium's own DevTools Performance
// metrics (thread CPU time), for a page with the widget minus the same page with the
// script tag removed: `work` is script + style + layout, `task` every main-thread task
// (it also counts the network and loading work a fetch and a script tag cause).

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

/** Sum of layout-shift scores without recent input, read after the page settled. */
export function layout_shift(page) {
  return page.evaluate(() => new Promise((ok) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => ok(total), 300);
  }));
}

/**
 * One load of `url` with and without the widget; resolves to {load: {work, task},
 * interaction: {work, task}, cls} in ms: the widget's extra main-thread time up to a
 * settled page, the main-thread time of the first interaction (hover + click until the
 * panel shows), and the page's layout shift with the widget.
 */
export async function measure_once(browser, url) {
  const run = async (with_widget) => {
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
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url, { waitUntil: 'networkidle' });
    if (with_widget) await page.locator('cartbell-widget .b').waitFor();
    await page.waitForTimeout(200);
    const load = await main_thread(cdp);
    let interaction = { work: 0, task: 0 };
    let cls = 0;
    if (with_widget) {
      cls = await layout_shift(page);
      const before = await main_thread(cdp);
      await page.locator('cartbell-widget .b').hover();
      await page.locator('cartbell-widget .b').click();
      await page.locator('cartbell-widget .p').waitFor();
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
