// The widget on difficult pages, in headless Chromium against the real cartbell-server:
// Arabic (RTL), a hostile shop stylesheet, a strict CSP, a phone-sized dark-mode screen,
// a parser held by a slow script; and the widget's layout shift (asserted: none) and
// main-thread time (recorded; bench/widget/run reports it) on the demo shop.
// Screenshots go to build/screenshots/widget-*.png.
// Run: node --test tests/browser/   (needs the native and wasm presets built)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch_browser, new_context, screenshot, start_server, until } from './widget/harness.mjs';
import { measure, widget_layout_shift } from './widget/measure.mjs';

// The demo shop, also speaking Arabic (each consent text needs every shop language).
const arabic = {
  order_updates: 'أرسلوا لي تحديثات الطلب والشحن على واتساب.',
  back_in_stock: 'أبلغوني على واتساب عندما يتوفر هذا المنتج من جديد.',
  cart_reminders: 'ذكّروني على واتساب بالمنتجات المتبقية في سلتي.',
  offers: 'أرسلوا لي العروض والأخبار على واتساب. يمكنني الرد بكلمة توقف في أي وقت.',
};

let server;
let chrome;
before(async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { root } = await import('./widget/harness.mjs');
  const shop = JSON.parse(readFileSync(join(root, 'backend/config/example.json'), 'utf8')).shops[0];
  for (const [purpose, text] of Object.entries(arabic)) shop.consent_texts[purpose].ar = { version: '2026-01', text };
  server = await start_server({
    languages: ['en', 'tr', 'ar'],
    consent_texts: shop.consent_texts,
    bubble: { ...shop.bubble, greeting: { ...shop.bubble.greeting, ar: 'أسئلة؟ راسلنا على واتساب.' } },
  });
  chrome = await launch_browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function open_page(path, options = {}) {
  const { context, requests } = await new_context(chrome.browser, options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.base}${path}`);
  await page.locator('cartbell-widget .b').waitFor({ state: 'attached' });
  return { context, page, requests, errors };
}

test('Arabic: the panel and the consent dialog are right-to-left with Arabic strings and texts', async () => {
  const { context, page } = await open_page('/test/ar.html', { locale: 'ar-EG' });
  await until('the Arabic strings', async () => (await page.locator('cartbell-widget .b').getAttribute('aria-label')) === 'راسلنا على واتساب');
  await page.locator('cartbell-widget .b').click();
  await page.locator('cartbell-widget .p').waitFor();
  assert.equal(await page.locator('cartbell-widget .b').getAttribute('aria-label'), 'راسلنا على واتساب');
  assert.equal(await page.evaluate(() => document.querySelector('cartbell-widget').shadowRoot.querySelector('div').dir), 'rtl');
  assert.equal(await page.locator('cartbell-widget .p .bd p').first().textContent(), 'أسئلة؟ راسلنا على واتساب.');
  assert.equal(await page.locator('cartbell-widget .p').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await screenshot(page, 'widget-rtl-panel');
  await page.locator('cartbell-widget .p .x').click();
  await page.click('[data-cartbell-restock]');
  const dialog = page.locator('cartbell-widget dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('label span').first().textContent(), arabic.back_in_stock);
  assert.equal(await dialog.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  // The heading starts at the right edge in RTL.
  const box = await dialog.boundingBox();
  const heading = await dialog.locator('h2').boundingBox();
  assert.ok(box.x + box.width - (heading.x + heading.width) < 40, 'heading aligned right');
  await screenshot(page, 'widget-rtl-dialog');
  await context.close();
});

test('a hostile shop stylesheet changes nothing inside the widget', async () => {
  const look = async (path) => {
    const { context, page, errors } = await open_page(path);
    await page.locator('cartbell-widget .b').click();
    await page.locator('cartbell-widget .p').waitFor();
    // Away from the bubble, past its hover transition.
    await page.mouse.move(5, 5);
    await page.waitForTimeout(400);
    const styles = await page.evaluate(() => {
      const shadow = document.querySelector('cartbell-widget').shadowRoot;
      const pick = (el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return [s.display, s.position, s.fontFamily, s.fontSize, s.fontStyle, s.color, s.backgroundColor, s.letterSpacing,
          s.textTransform, s.transform, s.filter, s.opacity, s.visibility, Math.round(r.width), Math.round(r.height)].join(' | ');
      };
      return ['.b', '.b svg', '.p', '.hd h2', '.bd p', 'a.btn'].map((q) => `${q}: ${pick(shadow.querySelector(q))}`);
    });
    const host = await page.evaluate(() => {
      const r = document.querySelector('cartbell-widget').getBoundingClientRect();
      return [innerWidth - r.right, innerHeight - r.bottom].map(Math.round);
    });
    await screenshot(page, `widget-style-${path.includes('hostile') ? 'hostile' : 'plain'}`);
    await context.close();
    return { styles, host, errors };
  };
  const plain = await look('/test/plain.html');
  const hostile = await look('/test/hostile.html');
  assert.deepEqual(hostile.styles, plain.styles);
  assert.deepEqual(hostile.host, [20, 20], 'the bubble stays in its corner');
  assert.deepEqual(hostile.errors, []);
});

test('a strict CSP page (script-src self + wasm-unsafe-eval, style-src self) runs the widget without violations', async () => {
  const { context, page, errors } = await open_page('/test/csp.html');
  await page.evaluate(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.locator('cartbell-widget .b').click();
  const href = await page.locator('cartbell-widget .p a.btn').first().getAttribute('href');
  assert.match(href, /^https:\/\/wa\.me\/12025550100\?text=Hello%20Demo%20Shop%2C%20I%20have%20a%20question%20about%20CSP%20Teapot\.$/);
  await page.locator('cartbell-widget .p .x').click();
  await page.click('[data-cartbell-restock]');
  await page.locator('cartbell-widget dialog input[type=checkbox]').first().waitFor();
  await screenshot(page, 'widget-csp');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a phone-sized screen in dark mode: bubble, panel and dialog fit the screen', async () => {
  const { context, page } = await open_page('/demo/teapot.html', {
    viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true, colorScheme: 'dark',
  });
  const bubble = await page.locator('cartbell-widget .b').boundingBox();
  assert.equal(Math.round(bubble.width), 54);
  await page.locator('cartbell-widget .b').tap();
  const panel = await page.locator('cartbell-widget .p').boundingBox();
  assert.ok(panel.x >= 0 && panel.x + panel.width <= 375, `panel within the screen: ${JSON.stringify(panel)}`);
  assert.equal(await page.locator('cartbell-widget .p').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(31, 36, 40)');
  await screenshot(page, 'widget-mobile-dark-panel');
  await page.locator('cartbell-widget .p .x').tap();
  await page.locator('[data-cartbell-restock]').tap();
  const dialog = await page.locator('cartbell-widget dialog').boundingBox();
  assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= 375);
  await screenshot(page, 'widget-mobile-dark-dialog');
  await context.close();
});

test('a page whose parser waits on a slow script: the widget waits for the whole page and wires the button below', async () => {
  const { context } = await new_context(chrome.browser);
  const page = await context.newPage();
  // held.js is answered only after the widget's config, so the config arrives while the
  // parser waits above the restock button.
  const config = page.waitForResponse(/\/v1\/widget\/config\?/);
  await context.route(/\/test\/held\.js$/, async (route) => {
    await config;
    await new Promise((ok) => setTimeout(ok, 200));
    await route.continue();
  });
  await page.goto(`${server.base}/test/slow-parse.html`);
  const button = page.locator('[data-sku=KETTLE-BLUE]');
  await until('the restock button is wired', async () => (await button.getAttribute('aria-haspopup')) === 'dialog');
  await button.click();
  await page.locator('cartbell-widget dialog input[type=checkbox]').first().waitFor();
  assert.match(await page.locator('cartbell-widget dialog h2').textContent(), /Blue Kettle/);
  await context.close();
});

test('no layout shift, and the main-thread time is recorded', async (t) => {
  for (const path of ['/demo/index.html', '/demo/teapot.html', '/demo/checkout.html']) {
    const shift = await widget_layout_shift(chrome.browser, `${server.base}${path}`);
    assert.equal(shift.widget, 0, `the widget's layout shift on ${path}`);
    if (shift.page) t.diagnostic(`${path}: the page's own layout shift ${shift.page.toFixed(5)} (a half-parsed page painted on a busy machine)`);
  }
  const m = await measure(chrome.browser, `${server.base}/demo/teapot.html`, 3);
  const ms = (x) => `${x.work.toFixed(1)} ms script+style+layout (${x.task.toFixed(1)} ms all tasks)`;
  t.diagnostic(`main-thread time, median of ${m.runs}: page load ${ms(m.load)}; first interaction ${ms(m.interaction)}; issue budget 10 ms; page CLS with the widget ${m.cls.toFixed(5)}`);
});
