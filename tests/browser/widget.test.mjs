// The storefront widget in headless Chromium against the real cartbell-server, the demo
// shop and test pages (tests/browser/widget/pages): links, back in stock end to end with
// the shopper's WhatsApp message played as a signed webhook, one-tap subscribe, withdraw,
// checkout phone field, keyboard only, no Meta request before a tap. Screenshots of each
// state go to build/screenshots/widget-*.png.
// Run: node --test tests/browser/   (needs the native and wasm presets built)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch_browser, meta_requests, new_context, screenshot, send_whatsapp, start_server, until, verify_receipt,
} from './widget/harness.mjs';

let server;
let chrome;
before(async () => {
  server = await start_server();
  chrome = await launch_browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* as they are; the core does not). */
const rfc3986 = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const bubble = (page) => page.locator('cartbell-widget .b');
const panel_link = (page) => page.locator('cartbell-widget .p a.btn').first();

async function open_page(path, options) {
  const { context, requests } = await new_context(chrome.browser, options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.base}${path}`);
  await bubble(page).waitFor({ state: 'attached' });
  return { context, page, requests, errors };
}

/** Opens the restock dialog, ticks the back-in-stock box, continues; resolves to the code shown. */
async function start_restock(page, button) {
  await page.click(button);
  const dialog = page.locator('cartbell-widget dialog');
  await dialog.waitFor();
  await dialog.locator('input[type=checkbox]').first().check();
  await dialog.locator('button[type=submit]').click();
  const text = await until('the opt-in code', async () => {
    const t = await dialog.textContent();
    return /code ([A-Z0-9-]+)\./.test(t) && t;
  });
  return { dialog, code: text.match(/code ([A-Z0-9-]+)\./)[1] };
}

test('the bubble links to wa.me with &, #, +, emoji and Turkish encoded exactly once, and the ad ref', async () => {
  const { context, page, requests, errors } = await open_page('/test/link-tr.html?cb_ref=ig-summer.26');
  await bubble(page).click();
  const href = await panel_link(page).getAttribute('href');
  const text = 'Merhaba! Çaydanlık Ş&Ğ #2 + 🍵 & #1 + soru? 🍵 İyi günler\n(ref: ig-summer.26)';
  assert.equal(href, `https://wa.me/12025550100?text=${rfc3986(text)}`);
  assert.equal(await page.locator('cartbell-widget .p').getAttribute('role'), 'dialog');
  await screenshot(page, 'widget-bubble-panel-tr');
  assert.deepEqual(meta_requests(requests), [], 'no Meta request before the shopper taps');
  const [tab] = await Promise.all([context.waitForEvent('page'), panel_link(page).click()]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), href, 'the tap opens exactly that link');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a Japanese prefill with the product and SKU', async () => {
  const { context, page } = await open_page('/test/link-ja.html');
  await bubble(page).click();
  const href = await panel_link(page).getAttribute('href');
  assert.equal(href, `https://wa.me/12025550100?text=${rfc3986('常滑焼の急須（KYUSU-7）は在庫がありますか？ #在庫 + 質問 & 🍵')}`);
  await context.close();
});

test('the demo home page paints only the bubble: no UI, no wasm, no Meta request until the first interaction', async () => {
  const { context, page, requests } = await open_page('/demo/index.html');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(requests.filter((u) => /cartbell-ui|\.wasm|strings\//.test(u)), []);
  assert.equal(await bubble(page).getAttribute('aria-label'), 'Chat with us on WhatsApp');
  assert.equal(await bubble(page).getAttribute('aria-expanded'), 'false');
  await screenshot(page, 'widget-first-paint');
  await bubble(page).hover();
  await until('the UI and the wasm after the first interaction', () =>
    requests.some((u) => u.includes('/widget/cartbell-ui.js?v=')) && requests.some((u) => u.includes('/widget/cartbell.wasm?v=')));
  assert.ok(!requests.some((u) => u.includes('cartbell-phone.wasm')), 'the phone module is only for the checkout');
  assert.deepEqual(meta_requests(requests), []);
  await context.close();
});

test('back in stock end to end: consent, code on WhatsApp, Subscribed, receipt verifies; then one tap; then withdraw', async () => {
  const { context, page, requests, errors } = await open_page('/demo/teapot.html');
  const button = '[data-cartbell-restock]';
  await page.click(button);
  const dialog = page.locator('cartbell-widget dialog');
  await dialog.waitFor();
  const boxes = dialog.locator('input[type=checkbox]');
  assert.equal(await boxes.count(), 2, 'back in stock and offers');
  for (let i = 0; i < 2; i++) assert.equal(await boxes.nth(i).isChecked(), false, 'never pre-ticked');
  assert.equal(await dialog.locator('label').first().textContent(), 'Tell me on WhatsApp when this product is back in stock.');
  assert.equal(await dialog.locator('button[type=submit]').isDisabled(), true);
  await screenshot(page, 'widget-restock-consent');
  await page.keyboard.press('Escape');

  const { code } = await start_restock(page, button);
  const wa = await dialog.locator('a.btn').getAttribute('href');
  assert.match(wa, /^https:\/\/wa\.me\/12025550100\?text=.*JOIN%20/);
  assert.ok(wa.includes(code));
  await screenshot(page, 'widget-restock-code');
  assert.deepEqual(meta_requests(requests), []);
  await send_whatsapp(server, `JOIN ${code}`).then((status) => assert.equal(status, 200));
  await until('Subscribed', async () => (await page.locator(button).textContent()).includes('Subscribed'));
  assert.match(await dialog.locator('h2').textContent(), /Subscribed/);
  await screenshot(page, 'widget-restock-subscribed');
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('cartbell:demo')));
  assert.deepEqual(Object.keys(kept), ['back_in_stock:TEAPOT-GREEN']);
  const claims = await verify_receipt(server, kept['back_in_stock:TEAPOT-GREEN']);
  assert.equal(claims.shop, 'demo');
  assert.deepEqual(claims.purposes, ['back_in_stock:TEAPOT-GREEN']);
  assert.equal(claims.evidence, 'wa_confirmed');
  assert.equal(claims.text_version, '2026-01');
  assert.equal(await page.evaluate(() => document.cookie), '', 'no cookies');

  // Another product: one tap with the stored receipt, no second code.
  await page.goto(`${server.base}/test/restock-more.html`);
  await bubble(page).waitFor({ state: 'attached' });
  const kettle = '[data-sku=KETTLE-RED]';
  await until('the restock button is wired', async () => (await page.locator(kettle).getAttribute('aria-haspopup')) === 'dialog');
  assert.equal(await page.locator('[data-sku="bad sku"]').getAttribute('aria-haspopup'), null, 'a malformed SKU is left alone');
  await page.click(kettle);
  await until('one-tap Subscribed', async () => (await page.locator(kettle).textContent()).includes('Subscribed'));
  const more = await page.evaluate(() => JSON.parse(localStorage.getItem('cartbell:demo')));
  const kettle_claims = await verify_receipt(server, more['back_in_stock:KETTLE-RED']);
  assert.deepEqual(kettle_claims.purposes, ['back_in_stock:KETTLE-RED']);
  assert.equal(kettle_claims.sub, claims.sub, 'the same shopper');
  await screenshot(page, 'widget-one-tap');

  // Withdraw from the same dialog.
  await page.locator('cartbell-widget dialog button.ghost').click();
  await until('withdrawn', async () => (await page.locator('cartbell-widget dialog').textContent()).includes('You will not get these messages'));
  await screenshot(page, 'widget-withdrawn');
  assert.equal(await page.locator(kettle).textContent(), 'Notify me on WhatsApp');
  const left = await page.evaluate(() => JSON.parse(localStorage.getItem('cartbell:demo')));
  assert.deepEqual(Object.keys(left), ['back_in_stock:TEAPOT-GREEN']);
  const reuse = await fetch(`${server.base}/v1/subscriptions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${more['back_in_stock:KETTLE-RED']}` },
    body: JSON.stringify({ sku: 'KETTLE-RED' }),
  });
  assert.equal(reuse.status, 403, 'the server holds the withdrawal');
  assert.deepEqual(errors, []);
  await context.close();
});

test('checkout: the phone field is formatted as typed by the lazily loaded phone module, then confirmed on WhatsApp', async () => {
  const { context, page, requests } = await open_page('/demo/checkout.html');
  assert.equal(await bubble(page).isHidden(), true, 'data-hide hides the bubble at checkout');
  const block = page.locator('[data-cartbell-checkout] .k');
  await block.waitFor();
  assert.ok(!requests.some((u) => u.includes('cartbell-phone.wasm')), 'not before the field is used');
  const input = block.locator('input[type=tel]');
  await input.click();
  await input.pressSequentially('+905321234567');
  await until('formatted', async () => (await input.inputValue()) === '+90 532 123 45 67');
  assert.equal(await block.locator('.cc').textContent(), 'TR');
  assert.ok(requests.some((u) => u.includes('/widget/cartbell-phone.wasm?v=')));
  const boxes = block.locator('input[type=checkbox]');
  assert.equal(await boxes.count(), 2, 'order updates and cart reminders');
  await boxes.first().check();
  await screenshot(page, 'widget-checkout');
  await block.locator('button.btn').click();
  const code = await until('the code', async () => (await block.textContent()).match(/code ([A-Z0-9-]+)\./)?.[1]);
  await send_whatsapp(server, `JOIN ${code}`, '905321234567');
  await until('Confirmed', async () => (await block.textContent()).includes('Confirmed on WhatsApp'));
  await screenshot(page, 'widget-checkout-confirmed');
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('cartbell:demo')));
  assert.deepEqual((await verify_receipt(server, kept.order_updates)).purposes, ['order_updates']);
  await context.close();
});

test('checkout refuses a number that is not one, without calling the server', async () => {
  const { context, page, requests } = await open_page('/demo/checkout.html');
  const block = page.locator('[data-cartbell-checkout] .k');
  await block.waitFor();
  await block.locator('input[type=tel]').fill('12');
  await block.locator('input[type=tel]').dispatchEvent('input');
  await block.locator('input[type=checkbox]').first().check();
  await until('aria-invalid', async () => (await block.locator('input[type=tel]').getAttribute('aria-invalid')) === 'true');
  const before_posts = requests.filter((u) => u.endsWith('/v1/optins')).length;
  await block.locator('button.btn').click();
  assert.match(await block.textContent(), /check the number/);
  assert.equal(requests.filter((u) => u.endsWith('/v1/optins')).length, before_posts);
  await context.close();
});

test('keyboard only: bubble, panel, Escape, restock dialog, consent box, submit', async () => {
  const { context, page } = await open_page('/demo/teapot.html');
  await until('the restock button is wired', async () => (await page.locator('[data-cartbell-restock]').getAttribute('aria-haspopup')) === 'dialog');
  // Tab from the top of the page until the bubble has focus (the page's own links come first).
  const focused_bubble = () => page.evaluate(() => document.activeElement?.tagName === 'CARTBELL-WIDGET'
    && document.activeElement.shadowRoot.activeElement?.classList.contains('b'));
  for (let i = 0; i < 20 && !(await focused_bubble()); i++) await page.keyboard.press('Tab');
  assert.ok(await focused_bubble(), 'the bubble is reachable with Tab');
  await page.keyboard.press('Enter');
  await until('the panel', async () => (await bubble(page).getAttribute('aria-expanded')) === 'true');
  const active = () => page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.textContent || document.activeElement.textContent);
  await until('focus in the panel', async () => (await active()) === 'Chat on WhatsApp');
  await screenshot(page, 'widget-keyboard-panel');
  await page.keyboard.press('Escape');
  assert.equal(await bubble(page).getAttribute('aria-expanded'), 'false');
  assert.ok(await focused_bubble(), 'focus returns to the bubble');
  await page.focus('[data-cartbell-restock]');
  await page.keyboard.press('Enter');
  const dialog = page.locator('cartbell-widget dialog');
  await dialog.waitFor();
  await page.keyboard.press('Space');
  assert.equal(await dialog.locator('input[type=checkbox]').first().isChecked(), true, 'the first box has focus and Space ticks it');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await until('the code', async () => /JOIN/.test(await dialog.locator('a.btn').getAttribute('href').catch(() => '')));
  await screenshot(page, 'widget-keyboard-code');
  await context.close();
});
