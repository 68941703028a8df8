// What the widget's browser tests share: the real cartbell-server on a free loopback port
// with a temporary copy of the example config and a temporary web root (the demo shop,
// the built widget and the test pages of tests/browser/widget/pages), headless Chromium
// through playwright-core, the shopper's WhatsApp message played as a signed Meta webhook,
// and a PASETO v4.public check of receipts against the server's published key.
//
// Environment (defaults in brackets):
//   CARTBELL_SERVER_BINARY [build/native/backend/server/cartbell-server]
//   CARTBELL_WIDGET_DIR    [build/wasm/wasm-widget/widget]  the packaged widget
//   CARTBELL_CHROMIUM      [/usr/bin/chromium]
// Screenshots go to build/screenshots/.

import { spawn } from 'node:child_process';
import { createHmac, createPublicKey, randomBytes, verify } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const screenshots = join(root, 'build/screenshots');
const server_binary = () => process.env.CARTBELL_SERVER_BINARY || join(root, 'build/native/backend/server/cartbell-server');
const widget_dir = () => process.env.CARTBELL_WIDGET_DIR || join(root, 'build/wasm/wasm-widget/widget');
const chromium_path = process.env.CARTBELL_CHROMIUM || '/usr/bin/chromium';
/** Meta's phone_number_id of the demo shop (backend/config/example.json). */
export const phone_number_id = '106540352242922';

function free_port() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** A web root holding the demo shop, the packaged widget and the test pages. */
function make_web_root(dir) {
  const widget = widget_dir();
  for (const needed of ['cartbell.js', 'cartbell-ui.js', 'cartbell.wasm', 'cartbell-phone.wasm']) {
    if (!existsSync(join(widget, needed))) {
      throw new Error(`${join(widget, needed)} is missing: build the wasm preset first (./cartbell test does)`);
    }
  }
  cpSync(join(root, 'web/demo'), join(dir, 'demo'), { recursive: true });
  cpSync(widget, join(dir, 'widget'), { recursive: true });
  cpSync(join(root, 'tests/browser/widget/pages'), join(dir, 'test'), { recursive: true });
}

/**
 * Starts cartbell-server with a copy of backend/config/example.json (own port, storage, keys
 * and web root; `shop_changes` merged into the demo shop). Resolves to
 * {base, port, secret, stop(), log()}.
 */
export async function start_server(shop_changes = {}) {
  const binary = server_binary();
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build the native preset first`);
  const dir = mkdtempSync(join(tmpdir(), 'cartbell-widget-'));
  const port = await free_port();
  const base = `http://127.0.0.1:${port}`;
  const config = JSON.parse(readFileSync(join(root, 'backend/config/example.json'), 'utf8'));
  config.listen = { ...config.listen, port, threads: 1 };
  config.log_level = 'info';  // the "listening" line is info
  config.storage = { data_dir: join(dir, 'var'), sqlite_path: join(dir, 'var/cartbell.sqlite') };
  config.keys = Object.fromEntries(Object.keys(config.keys).map((k) => [k, join(dir, 'keys', `${k}.key`)]));
  config.web_root = join(dir, 'web');
  // Generous limits: a test run makes more opt-ins a minute than a shopper would.
  config.rate_limits = { ...config.rate_limits, optins_per_ip_per_minute: 1000 };
  const shop = config.shops[0];
  shop.allowed_origins = [...shop.allowed_origins, base];
  Object.assign(shop, shop_changes);
  mkdirSync(join(dir, 'web'), { recursive: true });
  make_web_root(join(dir, 'web'));
  const config_path = join(dir, 'config.json');
  writeFileSync(config_path, JSON.stringify(config, null, 1));
  const secret = `widget-test-secret-${randomBytes(6).toString('hex')}`;
  const child = spawn(binary, ['--config', config_path, '--dev'], {
    env: { ...process.env, CARTBELL_APP_SECRET: secret },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d.toString(); });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`cartbell-server did not start:\n${log}`)), 20000);
    const check = () => {
      if (/"msg":"listening"/.test(log)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stderr.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`cartbell-server exited with ${code}:\n${log}`));
    });
  });
  return {
    base, port, secret, dir,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.on('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background traffic); playwright gives it a fresh profile. */
export async function launch_browser() {
  const browser = await chromium.launch({
    executablePath: chromium_path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** A context that records every request and never lets one leave the machine (wa.me is answered locally). */
export async function new_context(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, ...options });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>outside</title>' }));
  return { context, requests };
}

/** Requests to a Meta host (wa.me, whatsapp.com, facebook.com, ...). */
export function meta_requests(requests) {
  return requests.filter((u) => /^https?:\/\/([^/]*\.)?(wa\.me|whatsapp\.(com|net)|facebook\.(com|net)|fbcdn\.net|meta\.com)([:/]|$)/.test(u));
}

/** Plays the shopper sending `text` from WhatsApp: Meta's signed webhook to the server. Resolves to the HTTP status. */
export async function send_whatsapp(server, text, from = '905321234567') {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{
      id: '102290129340398',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '12025550100', phone_number_id },
          contacts: [{ profile: { name: 'Ayşe Yılmaz' }, wa_id: from }],
          messages: [{ from, id: `wamid.test-${randomBytes(8).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
        },
      }],
    }],
  });
  const signature = createHmac('sha256', server.secret).update(body).digest('hex');
  const r = await fetch(`${server.base}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': `sha256=${signature}` },
    body,
  });
  return r.status;
}

const b64url = (text) => Buffer.from(text, 'base64url');
const le64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
/** PASETO's pre-authentication encoding. */
function pae(...pieces) {
  return Buffer.concat([le64(pieces.length), ...pieces.flatMap((p) => [le64(p.length), p])]);
}

/**
 * Verifies a v4.public receipt against the server's published keys, with the implicit
 * assertion docs/receipts.md defines; resolves to its claims or throws.
 */
export async function verify_receipt(server, token) {
  const [version, purpose, body, footer_b64] = token.split('.');
  if (version !== 'v4' || purpose !== 'public' || !footer_b64) throw new Error(`not a v4.public token with a footer: ${token}`);
  const raw = b64url(body);
  const message = raw.subarray(0, raw.length - 64);
  const signature = raw.subarray(raw.length - 64);
  const footer = b64url(footer_b64);
  const { kid } = JSON.parse(footer.toString('utf8'));
  const keys = await (await fetch(`${server.base}/.well-known/cartbell/keys`)).json();
  const key = keys.keys.find((k) => k.kid === kid);
  if (!key) throw new Error(`no published key ${kid}`);
  const public_key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), b64url(key.paserk.replace(/^k4\.public\./, ''))]),
    format: 'der', type: 'spki',
  });
  const claims = JSON.parse(message.toString('utf8'));
  const assertion = Buffer.from(`cartbell.receipt.v1\n${claims.shop}\n${[...claims.purposes].sort().join(',')}`);
  const signed = pae(Buffer.from('v4.public.'), message, footer, assertion);
  if (!verify(null, signed, public_key, signature)) throw new Error('receipt signature does not verify');
  return claims;
}

/** Waits until `predicate()` is truthy (polls every 100 ms), or throws after `limit_ms`. */
export async function until(what, predicate, limit_ms = 15000) {
  const end = Date.now() + limit_ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Saves a screenshot as build/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
