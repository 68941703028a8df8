// The sandbox phone page: what a shopper's WhatsApp shows, driven by the sandbox's JSON
// routes. Every text from the sandbox is inserted with textContent (never as HTML).
'use strict';

const state = { shopper: null, number: '', conversation: null, lastJson: '', list: null, listChoice: null };
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  };
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + res.status));
  return data;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// WhatsApp's inline formatting: *bold*, _italic_, ~strike~, ```mono```.
function formatted(text) {
  const frag = document.createDocumentFragment();
  const pattern = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~|```[^`]+```)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    const token = m[0];
    const tag = token[0] === '*' ? 'strong' : token[0] === '_' ? 'em' : token[0] === '~' ? 's' : 'code';
    const inner = token.startsWith('```') ? token.slice(3, -3) : token.slice(1, -1);
    frag.append(el(tag, '', inner));
    last = m.index + token.length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

function clock(ms) {
  const d = new Date(ms);
  return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
}

function initials(name) {
  const letters = (name || '?').replace(/[^\p{L}\p{N} ]/gu, '').trim().split(/\s+/).map((w) => w[0] || '');
  return (letters.slice(0, 2).join('') || '?').toUpperCase();
}

function shopperKey(s) { return s.wa_id || s.user_id; }

async function loadShoppers() {
  const data = await api('/sandbox/shoppers');
  if (!state.number && data.numbers.length) state.number = data.numbers[0].phone_number_id;
  const list = $('shopper-list');
  list.replaceChildren();
  for (const s of data.shoppers) {
    const li = el('li');
    const b = el('button');
    b.type = 'button';
    b.dataset.shopper = shopperKey(s);
    if (state.shopper === shopperKey(s)) b.setAttribute('aria-current', 'true');
    b.append(el('span', 'shopper-avatar', initials(s.name)));
    const text = el('span', 'shopper-text');
    const name = el('div', 'shopper-name', s.name);
    if (s.marketing_stopped) name.append(el('span', 'badge', 'marketing stopped'));
    text.append(name, el('div', 'shopper-meta', (s.wa_id ? '+' + s.wa_id : 'username only') +
      (s.hide_phone ? ' · hidden number' : '') + (s.read_receipts ? '' : ' · read receipts off')));
    b.append(text);
    b.addEventListener('click', () => select(shopperKey(s)));
    li.append(b);
    list.append(li);
  }
  if (!state.shopper) {
    const wanted = new URLSearchParams(location.search).get('wa_id');
    const first = data.shoppers.find((s) => shopperKey(s) === wanted) || data.shoppers[0];
    if (first) select(shopperKey(first));
  }
}

function select(key) {
  state.shopper = key;
  state.lastJson = '';
  const url = new URL(location.href);
  url.searchParams.set('wa_id', key);
  history.replaceState(null, '', url);
  for (const b of document.querySelectorAll('#shopper-list button')) {
    if (b.dataset.shopper === key) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  $('message-input').disabled = false;
  $('send-button').disabled = false;
  refresh();
}

async function refresh() {
  if (!state.shopper) return;
  let data;
  try {
    data = await api('/sandbox/conversations?wa_id=' + encodeURIComponent(state.shopper) +
      (state.number ? '&phone_number_id=' + encodeURIComponent(state.number) : ''));
  } catch (e) {
    $('chat').replaceChildren(el('p', 'empty', 'No conversation yet: ' + e.message));
    return;
  }
  const json = JSON.stringify(data);
  if (json === state.lastJson) return;
  state.lastJson = json;
  state.conversation = data;
  render(data);
}

function render(c) {
  $('business-name').textContent = c.business.name;
  $('business-avatar').textContent = initials(c.business.name);
  $('chat-sub').textContent = 'Business account · +' + c.business.number + ' · you are ' + c.shopper.name;
  const banner = $('window-banner');
  banner.className = 'window-banner' + (c.window.open ? ' open' : '');
  banner.textContent = c.window.open
    ? 'Service window open until ' + clock(c.window.closes_at_ms) + ': any message allowed'
    : 'Service window closed: templates only';
  const chat = $('chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  chat.replaceChildren();
  if (!c.messages.length) chat.append(el('p', 'empty', 'No messages yet.'));
  let day = '';
  const byId = new Map(c.messages.map((m) => [m.id, m]));
  for (const m of c.messages) {
    const d = new Date(m.at_ms).toDateString();
    if (d !== day) {
      day = d;
      const sep = el('div', 'day');
      sep.append(el('span', '', new Date(m.at_ms).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })));
      chat.append(sep);
    }
    chat.append(m.from === 'system' ? renderNotice(m) : renderMessage(m, byId));
  }
  if (atBottom || !chat.dataset.seen) chat.scrollTop = chat.scrollHeight;
  chat.dataset.seen = '1';
}

function renderNotice(m) {
  const n = el('div', 'notice');
  n.append(el('span', '', m.notice));
  return n;
}

function ticks(m) {
  if (m.from === 'business') {
    const s = m.status;
    if (s === 'failed') return el('span', 'tick failed', '\u26A0');
    if (s === 'read') return el('span', 'tick read', '\u2713\u2713');
    if (s === 'delivered') return el('span', 'tick', '\u2713\u2713');
    if (s === 'sent') return el('span', 'tick', '\u2713');
    return el('span', 'tick pending', '\u25F7');
  }
  if (m.callback === 'delivered') return el('span', 'tick read', '\u2713\u2713');
  if (m.callback === 'failed') return el('span', 'tick failed', '!');
  if (m.callback === 'retrying' || m.callback === 'none') return el('span', 'tick', '\u2713');
  return el('span', 'tick pending', '\u25F7');
}

function media(kind, link, caption) {
  const box = el('div', kind === 'document' ? 'doc' : 'media');
  if (kind === 'document') {
    box.append(el('span', '', caption || link));
    return box;
  }
  const ph = el('div', 'ph', kind + (link && !link.startsWith('media:') ? ' · ' + hostOf(link) : ''));
  if (link && /^https?:/.test(link)) {
    const img = document.createElement('img');
    img.alt = caption || kind;
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', () => img.replaceWith(ph));
    img.src = link;
    box.append(img);
  } else {
    box.append(ph);
  }
  return box;
}

function hostOf(link) {
  try { return new URL(link).host; } catch { return link; }
}

function renderMessage(m, byId) {
  const outgoing = m.from === 'shopper';
  const wrap = el('div', 'msg ' + (outgoing ? 'out' : 'in') + (m.status === 'failed' ? ' failed' : ''));
  wrap.dataset.id = m.id;
  wrap.dataset.from = m.from;
  if (m.status) wrap.dataset.status = m.status;
  if (m.callback) wrap.dataset.callback = m.callback;
  const bubble = el('div', 'bubble');
  const c = m.content || {};
  if (c.context_id && byId.has(c.context_id)) {
    const q = el('div', 'quote');
    const quoted = byId.get(c.context_id);
    q.append(el('b', '', quoted.from === 'business' ? state.conversation.business.name : 'You'));
    q.append(el('span', 'quoted', (quoted.content && (quoted.content.body || quoted.content.text)) || ''));
    bubble.append(q);
  }
  if (outgoing) renderShopperContent(bubble, c);
  else renderBusinessContent(bubble, c);
  const meta = el('span', 'meta', clock(m.at_ms));
  meta.append(ticks(m));
  bubble.append(meta);
  if (m.error) bubble.append(el('div', 'error-line', 'Not delivered: ' + m.error.code + ' ' + m.error.title));
  wrap.append(bubble);
  if (!outgoing) appendActions(wrap, m, c);
  return wrap;
}

function renderShopperContent(bubble, c) {
  if (c.kind === 'image') {
    bubble.append(media('image', c.link, c.caption));
    if (c.caption) bubble.append(el('div', 'body', c.caption));
  } else if (c.reply) {
    bubble.append(el('div', 'body', c.reply.title));
  } else {
    bubble.append(el('div', 'body', c.text || ''));
  }
}

function renderBusinessContent(bubble, c) {
  if (c.header && c.header.text) bubble.append(el('div', 'header-text', c.header.text));
  if (c.header && c.header.media) bubble.append(media(c.header.media, c.header.link));
  if (c.kind === 'image' || c.kind === 'document') bubble.append(media(c.kind, c.link, c.filename || c.body));
  if (c.body && !(c.kind === 'document' && !c.filename)) {
    const body = el('div', 'body');
    body.append(formatted(c.body));
    bubble.append(body);
  }
  if (c.footer) bubble.append(el('div', 'footer', c.footer));
}

function appendActions(wrap, m, c) {
  const actions = el('div', 'actions');
  const disabled = m.status === 'failed';
  for (const b of c.buttons || []) {
    actions.append(actionButton('\u21A9', b.title, disabled, () =>
      sendInbound({ type: 'button_reply', id: b.id, title: b.title, context: m.id })));
  }
  for (const b of c.template_buttons || []) {
    if (b.type === 'quick_reply') {
      actions.append(actionButton('\u21A9', b.text, disabled, () =>
        sendInbound({ type: 'button', payload: b.payload, text: b.text, context: m.id })));
    } else if (b.type === 'url') {
      const a = el('a');
      a.href = b.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.title = b.url;
      a.append(el('span', 'icon', '\u2197'), b.text);
      actions.append(a);
    } else if (b.type === 'copy_code') {
      actions.append(actionButton('\u2398', 'Copy code ' + b.code, disabled, () => navigator.clipboard && navigator.clipboard.writeText(b.code)));
    } else {
      actions.append(actionButton('\u260E', b.text, true, () => {}));
    }
  }
  if (c.list) {
    actions.append(actionButton('\u2630', c.list.button, disabled, () => openList(m, c.list)));
  }
  if (actions.childElementCount) wrap.append(actions);
}

function actionButton(icon, label, disabled, onClick) {
  const b = el('button');
  b.type = 'button';
  b.disabled = disabled;
  b.append(el('span', 'icon', icon), label);
  b.addEventListener('click', onClick);
  return b;
}

function openList(m, list) {
  state.list = m;
  state.listChoice = null;
  $('sheet-title').textContent = list.button;
  const body = $('sheet-body');
  body.replaceChildren();
  for (const section of list.sections) {
    if (section.title) body.append(el('div', 'section-title', section.title));
    for (const row of section.rows) {
      const label = el('label', 'row-option');
      const text = el('span', 'row-text');
      text.append(el('div', 'row-title', row.title));
      if (row.description) text.append(el('div', 'row-desc', row.description));
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'list-row';
      radio.value = row.id;
      radio.addEventListener('change', () => { state.listChoice = row; $('sheet-send').disabled = false; });
      label.append(text, radio);
      body.append(label);
    }
  }
  $('sheet-send').disabled = true;
  $('list-sheet').hidden = false;
}

function closeSheets() {
  $('list-sheet').hidden = true;
  $('photo-sheet').hidden = true;
}

async function sendInbound(message) {
  if (!state.shopper) return;
  const shopper = state.shopper;
  const body = Object.assign({}, message, { phone_number_id: state.number });
  if (/^[0-9]+$/.test(shopper)) body.from = shopper; else body.user_id = shopper;
  try {
    await api('/sandbox/inbound', body);
  } catch (e) {
    alert('The sandbox refused the message: ' + e.message);
  }
  state.lastJson = '';
  await refresh();
}

async function setPreference(value) {
  $('menu-items').hidden = true;
  $('menu-button').setAttribute('aria-expanded', 'false');
  if (!state.shopper) return;
  try {
    await api('/sandbox/preferences', { wa_id: state.shopper, phone_number_id: state.number, value });
  } catch (e) {
    alert(e.message);
  }
  state.lastJson = '';
  await Promise.all([refresh(), loadShoppers()]);
}

function wire() {
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('message-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    sendInbound({ type: 'text', text });
  });
  $('menu-button').addEventListener('click', () => {
    const items = $('menu-items');
    items.hidden = !items.hidden;
    $('menu-button').setAttribute('aria-expanded', String(!items.hidden));
  });
  $('stop-marketing').addEventListener('click', () => setPreference('stop'));
  $('resume-marketing').addEventListener('click', () => setPreference('resume'));
  $('sheet-close').addEventListener('click', closeSheets);
  $('sheet-send').addEventListener('click', () => {
    const row = state.listChoice;
    const m = state.list;
    closeSheets();
    if (row && m) sendInbound({ type: 'list_reply', id: row.id, title: row.title, description: row.description || '', context: m.id });
  });
  $('attach').addEventListener('click', () => { if (state.shopper) $('photo-sheet').hidden = false; });
  $('photo-close').addEventListener('click', closeSheets);
  $('photo-form').addEventListener('submit', (e) => {
    e.preventDefault();
    closeSheets();
    sendInbound({ type: 'image', link: $('photo-link').value, caption: $('photo-caption').value });
  });
  $('new-shopper').addEventListener('submit', async (e) => {
    e.preventDefault();
    const number = $('new-number').value.trim();
    if (!/^[0-9]{7,15}$/.test(number)) return;
    state.shopper = number;
    await sendInbound({ type: 'text', text: 'Hi' });
    $('new-number').value = '';
    await loadShoppers();
    select(number);
  });
}

wire();
loadShoppers().catch((e) => $('chat').replaceChildren(el('p', 'empty', 'Sandbox unreachable: ' + e.message)));
setInterval(refresh, 1000);
setInterval(() => loadShoppers().catch(() => {}), 5000);
