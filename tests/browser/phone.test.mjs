// The sandbox phone page in headless Chromium: a shopper taps a reply button, picks from a
// list, types STOP and taps a template's quick reply; a callback server (Meta's side of the demo: the
// shop's webhook endpoint) must receive each one, signed with the app secret. Saves
// build/screenshots/phone.png (and phone-list.png, the list open).
//
// Needs the cartbell-sandbox binary (CARTBELL_SANDBOX_BINARY, default
// build/native/backend/sandbox/cartbell-sandbox) and /usr/bin/chromium (CARTBELL_CHROMIUM).
// Run: node --test tests/browser/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.CARTBELL_SANDBOX_BINARY || join(root, 'build/native/backend/sandbox/cartbell-sandbox');
const chromiumPath = process.env.CARTBELL_CHROMIUM || '/usr/bin/chromium';
const secret = 'browser-test-app-secret-' + randomBytes(4).toString('hex');
const verifyToken = 'browser-test-verify-' + randomBytes(4).toString('hex');
const shopper = '905321234567';
const number = '106540352242922';

/// The shop's webhook endpoint: answers the handshake, keeps every POST whose signature verifies.
function startCallback() {
  const received = [];
  const rejected = [];
  let verified = false;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET') {
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
      verified ||= ok;
      res.writeHead(ok ? 200 : 403, { 'Content-Type': 'text/plain' });
      res.end(ok ? url.searchParams.get('hub.challenge') : 'forbidden');
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers['x-hub-signature-256'] || '';
      const expected = 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
      const good = header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
      (good ? received : rejected).push(JSON.parse(raw.toString('utf8')));
      res.writeHead(good ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, received, rejected, isVerified: () => verified })));
}

/// Starts cartbell-sandbox on a free port; resolves with its base URL once it listens.
function startSandbox(configPath) {
  const child = spawn(binary, ['--config', configPath], {
    env: { ...process.env, SBX_BROWSER_SECRET: secret, SBX_BROWSER_VERIFY: verifyToken },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('sandbox did not start:\n' + log)), 20000);
    child.stderr.on('data', (d) => {
      log += d.toString();
      const m = log.match(/"msg":"listening"[^\n]*"port":(\d+)/);
      if (m) {
        clearTimeout(timer);
        ok({ child, base: 'http://127.0.0.1:' + m[1] });
      }
    });
    child.on('exit', (code) => fail(new Error('sandbox exited with ' + code + ':\n' + log)));
  });
}

async function until(what, predicate, limitMs = 15000) {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const value = predicate();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('timed out waiting for ' + what);
}

const messagesOf = (received) => received.flatMap((b) => b.entry.flatMap((e) => e.changes.flatMap((c) => c.value.messages || [])));

test('a shopper taps a button, types STOP and taps Stop promotions; the callback receives each, signed', { timeout: 90000 }, async (t) => {
  assert.ok(existsSync(binary), 'build the sandbox first: ' + binary);
  assert.ok(existsSync(chromiumPath), 'Chromium missing: ' + chromiumPath);
  const work = mkdtempSync(join(tmpdir(), 'cartbell-phone-'));
  const callback = await startCallback();
  t.after(() => { callback.server.close(); rmSync(work, { recursive: true, force: true }); });

  const config = JSON.parse(readFileSync(join(root, 'backend/sandbox/example.json'), 'utf8'));
  config.listen.port = 0;
  config.templates_file = join(root, 'backend/sandbox/templates.json');
  config.phone_page_dir = join(root, 'web/phone');
  config.statuses = { sent_ms: 100, delivered_ms: 200, read_ms: 400, jitter_ms: 0 };
  config.webhooks.callback_url = 'http://127.0.0.1:' + callback.server.address().port + '/webhooks/whatsapp';
  config.webhooks.app_secret_env = 'SBX_BROWSER_SECRET';
  config.webhooks.verify_token_env = 'SBX_BROWSER_VERIFY';
  const configPath = join(work, 'sandbox.json');
  writeFileSync(configPath, JSON.stringify(config));
  const { child, base } = await startSandbox(configPath);
  t.after(() => child.kill('SIGTERM'));
  await until('the verification handshake', callback.isVerified);

  // The business side: the shopper wrote first, so the window is open for free-form messages.
  const post = async (path, body, auth) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: 'Bearer sandbox-dev-token' } : {}) },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    assert.equal(res.status, 200, JSON.stringify(json));
    return json;
  };
  await post('/sandbox/inbound', { from: shopper, type: 'text', text: 'Do you have the blue sneakers in 39?' });
  const send = (body) => post(`/v21.0/${number}/messages`, { messaging_product: 'whatsapp', to: shopper, ...body }, true);
  const question = await send({
    type: 'interactive',
    interactive: { type: 'button', body: { text: 'Yes! Shall we tell you when the sale starts?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'notify_yes', title: 'Yes please' } },
                          { type: 'reply', reply: { id: 'notify_no', title: 'No thanks' } }] } },
  });
  const sizes = await send({
    type: 'interactive',
    interactive: { type: 'list', header: { type: 'text', text: 'Size guide' }, body: { text: 'Which size do you usually wear?' },
      action: { button: 'Choose a size', sections: [{ title: 'EU sizes', rows: [
        { id: 'eu38', title: '38', description: 'Foot length 24 cm' },
        { id: 'eu39', title: '39', description: 'Foot length 24.6 cm' }] }] } },
  });
  const reminder = await send({
    type: 'template', biz_opaque_callback_data: 'j=cart;s=1',
    template: { name: 'cart_reminder_1', language: { code: 'en' }, components: [
      { type: 'body', parameters: [{ type: 'text', text: 'Ayşe' }, { type: 'text', text: 'Blue sneakers (39)' }, { type: 'text', text: 'Friday' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'c-8812' }] }] },
  });

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1000, height: 830 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + '/phone?wa_id=' + shopper);

  // The template is shown filled in, with its buttons.
  const reminderBubble = page.locator(`.msg[data-id="${reminder.messages[0].id}"]`);
  await reminderBubble.getByText('Hi Ayşe, you left Blue sneakers (39) in your cart.').waitFor();
  await reminderBubble.getByText('Still thinking it over?').waitFor();
  assert.equal(await reminderBubble.locator('a', { hasText: 'View cart' }).getAttribute('href'), 'https://shop.example/cart/c-8812');

  // 1. Tap a reply button.
  await page.locator(`.msg[data-id="${question.messages[0].id}"] button`, { hasText: 'Yes please' }).click();
  const tap = await until('the button reply', () => messagesOf(callback.received).find((m) => m.type === 'interactive'));
  assert.deepEqual(tap.interactive, { type: 'button_reply', button_reply: { id: 'notify_yes', title: 'Yes please' } });
  assert.equal(tap.context.id, question.messages[0].id);
  assert.equal(tap.from, shopper);

  // 2. Pick from a list.
  await page.locator(`.msg[data-id="${sizes.messages[0].id}"] button`, { hasText: 'Choose a size' }).click();
  await page.locator('#list-sheet .row-option', { hasText: 'Foot length 24.6 cm' }).click();
  mkdirSync(join(root, 'build/screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, 'build/screenshots/phone-list.png') });
  await page.locator('#sheet-send').click();
  const pick = await until('the list reply', () => messagesOf(callback.received).find((m) => m.interactive && m.interactive.type === 'list_reply'));
  assert.deepEqual(pick.interactive.list_reply, { id: 'eu39', title: '39', description: 'Foot length 24.6 cm' });
  assert.equal(pick.context.id, sizes.messages[0].id);

  // 3. Type STOP.
  await page.locator('#message-input').fill('STOP');
  await page.keyboard.press('Enter');
  const stop = await until('the typed STOP', () => messagesOf(callback.received).find((m) => m.type === 'text' && m.text.body === 'STOP'));
  assert.equal(stop.from, shopper);

  // 4. Tap the template's quick reply.
  await reminderBubble.locator('button', { hasText: 'Stop promotions' }).click();
  const promo = await until('the quick reply', () => messagesOf(callback.received).find((m) => m.type === 'button'));
  assert.deepEqual(promo.button, { payload: 'Stop promotions', text: 'Stop promotions' });
  assert.equal(promo.context.id, reminder.messages[0].id);

  // The phone shows the shopper's messages as delivered to the business, and the
  // business's messages with their ticks.
  await page.locator('.msg.out[data-callback="delivered"] .body', { hasText: /^STOP$/ }).waitFor();
  await page.locator(`.msg[data-id="${reminder.messages[0].id}"][data-status="read"]`).waitFor();
  assert.equal(callback.rejected.length, 0, 'every webhook verified');
  const statuses = callback.received.flatMap((b) => b.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses || [])));
  assert.ok(statuses.some((s) => s.id === reminder.messages[0].id && s.biz_opaque_callback_data === 'j=cart;s=1'));
  assert.deepEqual(pageErrors, []);

  await page.waitForFunction(() => document.querySelectorAll('.msg.out[data-callback="delivered"]').length === 5);
  await page.evaluate(() => { const c = document.getElementById('chat'); c.scrollTop = c.scrollHeight; });
  await page.screenshot({ path: join(root, 'build/screenshots/phone.png') });
});
