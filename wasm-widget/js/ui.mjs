// cartbell-ui.js: everything after the first interaction, loaded by cartbell.js. DOM glue
// around the core's wasm (cartbell.wasm: chat link, languages, business hours, consent
// text choice; cartbell-phone.wasm for a checkout phone field, loaded when it is used).
//   - the bubble's panel: greeting, open/away status, one link per agent
//   - [data-cartbell-restock data-sku data-product]: back-in-stock opt-in in a dialog
//   - [data-cartbell-checkout]: optional phone field and order update / cart reminder boxes
// Storage: only receipts, in localStorage, after the shopper confirmed on WhatsApp.

import { load_core } from './core.mjs';
import { campaign_ref, ui_languages } from './loader_parts.mjs';
import { ui_css } from './ui_css.mjs';
import { add_receipt, consent_catalogue, drop_receipts, fill, read_hours, read_phone, region_of, same_version, split_choice } from './ui_parts.mjs';

const poll_ms = 2000;

/** Starts the UI for a painted bubble (see loader.mjs for ctx); returns {toggle_panel}. */
export async function start(ctx) {
  const { config, options, root, wrap, bubble, base, version, api } = ctx;
  const core = await load_core(ctx.wasm);
  const value = (answer, fallback) => (answer.ok ? answer.value : fallback);
  const requested = [document.documentElement.lang, ...navigator.languages].filter(Boolean);
  // The shop's language for its own texts (greeting, consent), chosen by the core among
  // the shop's languages; the widget's strings follow it where they exist.
  const shop_lang = value(core.call('cb_language', config.languages.join(), config.default_language, ...requested),
    config.default_language);
  const lang = value(core.call('cb_language', ui_languages.join(), 'en', shop_lang, ...requested), 'en');
  const t = lang === ctx.lang ? await ctx.strings
    : await fetch(`${base}strings/${lang}.json${version}`).then((r) => r.json());
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const shop_key = `cartbell:${config.shop}`;

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(ui_css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  Object.assign(wrap, { dir, lang });
  bubble.setAttribute('aria-label', t.bubble);

  // ---- small DOM and network helpers ----------------------------------------------------
  function h(tag, props, ...children) {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children.filter((c) => c != null));
    return el;
  }
  const post = (path, body, receipt) => fetch(api + path, {
    method: 'POST', credentials: 'omit', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(receipt && { Authorization: `Bearer ${receipt}` }) },
  }).then((r) => r.json().then((json) => ({ status: r.status, json })));
  const kept = () => {
    try { return JSON.parse(localStorage.getItem(shop_key)) || {}; } catch { return {}; }
  };
  const keep = (receipts) => {
    try { localStorage.setItem(shop_key, JSON.stringify(receipts)); } catch { /* storage off: nothing kept */ }
  };
  // The consent text the core picks for a purpose: {purpose, key, locale, version, text}, or null.
  const catalogue = consent_catalogue(config.consent_texts);
  function consent(purpose) {
    const answer = core.call('cb_consent_text', purpose, config.default_language, [shop_lang, ...requested].join(), ...catalogue);
    if (!answer.ok) return null;
    const { key, locale } = split_choice(answer.value);
    return { purpose, locale, ...config.consent_texts[key][locale] };
  }
  const checkbox = (choice) => {
    const box = h('input', { type: 'checkbox' });
    return [box, h('label', { className: 'c' }, box, h('span', { lang: choice.locale, textContent: choice.text }))];
  };
  const link_button = (href, text) => h('a', { className: 'btn', href, target: '_blank', rel: 'noopener', textContent: text });

  // Asks for an opt-in, shows the link with the code, polls until confirmed or expired.
  async function opt_in(choices, status, extra, on_confirmed) {
    status.textContent = '';
    const { status: code, json } = await post('/v1/optins', {
      shop: config.shop, purposes: choices.map((c) => c.purpose), locale: choices[0].locale,
      text_version: choices[0].version, page_url: location.href.slice(0, 2000), ...extra,
    }).catch(() => ({}));
    if (code !== 202) {
      status.textContent = t.error;
      return;
    }
    const waiting = h('p', { textContent: t.waiting });
    status.append(h('p', { textContent: fill(t.send_code, { code: json.code }) }), link_button(json.wa_link, t.open_whatsapp), waiting);
    const until = Date.parse(json.expires_at);
    const tick = () => fetch(`${api}/v1/optins/${encodeURIComponent(json.optin_id)}`, { credentials: 'omit' })
      .then((r) => r.json())
      .then((o) => {
        if (o.status === 'confirmed' && o.receipt) {
          keep(add_receipt(kept(), choices.map((c) => c.purpose), o.receipt));
          on_confirmed();
        } else if (o.status === 'pending' && Date.now() < until) setTimeout(tick, poll_ms);
        else waiting.textContent = t.expired;
      }, () => setTimeout(tick, 2 * poll_ms));
    setTimeout(tick, poll_ms);
  }

  // ---- the bubble's panel --------------------------------------------------------------
  let panel;
  function chat_link(number) {
    // The product the page is about: [data-cartbell-product="Name" data-sku] or a restock button.
    const el = document.querySelector('[data-cartbell-product],[data-cartbell-restock][data-product]');
    const product = el ? el.dataset.cartbellProduct || el.dataset.product : '';
    const variables = ['SITE', config.name, 'TITLE', document.title, 'URL', location.origin + location.pathname];
    if (product) variables.push('PRODUCT', product);
    if (el && el.dataset.sku) variables.push('SKU', el.dataset.sku);
    const shop_prefill = (config.bubble.prefill || {})[shop_lang];
    const ref = campaign_ref(location.search);
    // The page's own template first; one the page cannot fill falls back to ours, then to none.
    const templates = [options.prefill, shop_prefill, product && t.prefill_product, t.prefill].filter(Boolean);
    for (const template of [...templates, '']) {
      const answer = core.call('cb_chat_link', number, template, ref, ...variables);
      if (answer.ok) return answer.value;
    }
    return `https://wa.me/${number.replace(/\D/g, '')}`;
  }
  function status_line() {
    if (!config.business_hours) return null;
    const answer = core.call('cb_hours', config.business_hours, String(config.utc_offset_minutes || 0), String(Math.floor(Date.now() / 1000)));
    if (!answer.ok) return null;
    const hours = read_hours(answer.value);
    // Only a closed shop without its own offline text shows the time. The first
    // Intl.DateTimeFormat of a page loads ICU's date data: the largest part of the first
    // click's main-thread time in a Chromium profile (bench/widget/trace.mjs), so an open
    // shop must not pay it.
    const away = () => (hours.change_at
      ? fill(t.away_until, { time: new Intl.DateTimeFormat(lang, { weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(hours.change_at) })
      : t.away);
    const text = hours.open ? t.online : options.offline || away();
    return h('p', { className: hours.open ? 'st on' : 'st', textContent: text });
  }
  function build_panel() {
    const agents = options.agents.length ? options.agents : config.bubble.agents || [{ name: config.name, number: config.whatsapp_number }];
    const title_id = 'cb-title';
    const close = h('button', { className: 'x', type: 'button', textContent: '×', ariaLabel: t.close, onclick: () => toggle_panel(false) });
    const greeting = (config.bubble.greeting || {})[shop_lang] || t.greeting;
    const list = agents.map((a) => h('li', {}, h('span', { textContent: a.name }), link_button(chat_link(a.number), t.chat)));
    const p = h('div', { className: 'p', role: 'dialog', hidden: true },
      h('div', { className: 'hd' }, h('h2', { id: title_id, textContent: config.name }), close),
      h('div', { className: 'bd' }, h('p', { lang: shop_lang, textContent: greeting }), status_line(), h('ul', {}, ...list)));
    p.setAttribute('aria-labelledby', title_id);
    p.addEventListener('keydown', (e) => e.key === 'Escape' && toggle_panel(false));
    wrap.prepend(p);
    return p;
  }
  function toggle_panel(open) {
    panel ||= build_panel();
    open = typeof open === 'boolean' ? open : panel.hidden;
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    (open ? panel.querySelector('a') : bubble).focus();
  }

  // ---- back in stock ---------------------------------------------------------------------
  const dialog = h('dialog', { className: 'd' });
  dialog.setAttribute('aria-labelledby', 'cb-d');
  wrap.append(dialog);
  function show_dialog(title, ...content) {
    dialog.replaceChildren(h('h2', { id: 'cb-d', textContent: title }), ...content,
      h('button', { className: 'x', type: 'button', textContent: '×', ariaLabel: t.close, onclick: () => dialog.close() }));
    if (!dialog.open) dialog.showModal();
  }
  function mark(button, subscribed) {
    button.textContent = subscribed ? `✓ ${t.subscribed}` : button.dataset.cartbellLabel;
    button.toggleAttribute('data-cartbell-subscribed', subscribed);
  }
  function withdraw_button(receipt, purposes, status, done) {
    return h('button', {
      className: 'btn ghost', type: 'button', textContent: t.withdraw,
      onclick: async () => {
        const { status: code } = await post('/v1/consents/withdraw', { purposes }, receipt).catch(() => ({}));
        // 403: already withdrawn elsewhere (STOP on WhatsApp); the receipt is of no use either way.
        if (code === 200 || code === 401 || code === 403) {
          keep(drop_receipts(kept(), purposes));
          status.textContent = t.withdrawn;
          done();
        } else status.textContent = t.error;
      },
    });
  }
  function subscribed_view(button, choice, receipt) {
    const status = h('p', { className: 's', role: 'status', textContent: t.subscribed_note });
    show_dialog(`✓ ${t.subscribed}`, h('p', { lang: choice.locale, className: 'q', textContent: choice.text }), status,
      withdraw_button(receipt, [choice.purpose], status, () => mark(button, false)));
  }
  async function restock(button) {
    const sku = button.dataset.sku || '';
    const product = button.dataset.product || '';
    const choice = consent(`back_in_stock:${sku}`);
    const receipts = kept();
    if (receipts[choice.purpose]) return subscribed_view(button, choice, receipts[choice.purpose]);
    const any_receipt = Object.values(receipts)[0];
    if (any_receipt) {
      // A shopper who proved their number already: one tap, same text, same evidence.
      const { status: code, json } = await post('/v1/subscriptions', { sku, locale: choice.locale, text_version: choice.version }, any_receipt).catch(() => ({}));
      if (code === 200 || code === 201) {
        keep(add_receipt(receipts, [json.purpose], json.receipt));
        mark(button, true);
        return subscribed_view(button, choice, json.receipt);
      }
      // The receipt no longer backs a consent (withdrawn, STOP, erased): ask afresh.
      if (code === 401 || code === 403) keep({});
    }
    const offers = consent('offers');
    const choices = same_version([choice, ...(offers ? [offers] : [])]);
    const boxes = choices.map(checkbox);
    const status = h('div', { className: 's', role: 'status' });
    const go = h('button', { className: 'btn', type: 'submit', textContent: t.continue, disabled: true });
    const form = h('form', { onsubmit: (e) => {
      e.preventDefault();
      go.disabled = true;
      const chosen = choices.filter((c, i) => boxes[i][0].checked);
      opt_in(chosen, status, {}, () => {
        mark(button, true);
        subscribed_view(button, choice, kept()[choice.purpose]);
      });
    } }, ...boxes.map((b) => b[1]), h('p', { className: 'n', textContent: t.consent_hint }), go, status);
    // The back-in-stock box is what this button is for; the others are extra.
    boxes[0][0].onchange = () => { go.disabled = !boxes[0][0].checked; };
    show_dialog(fill(t.notify_title, { product: product || config.name }), form);
  }
  for (const button of document.querySelectorAll('[data-cartbell-restock]')) {
    if (!consent(`back_in_stock:${button.dataset.sku}`)) {
      console.warn('cartbell: data-sku must be 1-64 of A-Z a-z 0-9 . _ -', button);
      continue;
    }
    button.dataset.cartbellLabel = button.textContent.trim() || t.notify;
    // Filled only when empty: a label the shop wrote keeps its width (no layout shift).
    if (!button.textContent.trim()) button.textContent = t.notify;
    if (kept()[`back_in_stock:${button.dataset.sku}`]) mark(button, true);
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', (e) => {
      e.preventDefault();
      restock(button);
    });
  }

  // ---- checkout opt-in -------------------------------------------------------------------
  let phone_core;
  const phone = () => (phone_core ||= load_core(fetch(`${base}cartbell-phone.wasm${version}`)));
  const default_region = region_of(requested.find(region_of) || '');
  // A checkout block flows in the shop's form; only the bubble's host is fixed.
  const block_sheet = new CSSStyleSheet();
  block_sheet.replaceSync(':host{all:initial!important;display:block!important}');
  for (const place of document.querySelectorAll('[data-cartbell-checkout]')) {
    const inner = place.appendChild(h('div')).attachShadow({ mode: 'open' });
    inner.adoptedStyleSheets = [block_sheet, sheet];
    const choices = ['order_updates', 'cart_reminders'].map(consent).filter(Boolean);
    if (!choices.length) continue;
    const input = h('input', { type: 'tel', autocomplete: 'tel', inputMode: 'tel', id: 'cb-phone' });
    const country = h('span', { className: 'cc' });
    let e164 = '';
    input.addEventListener('focus', phone, { once: true });
    input.addEventListener('input', async () => {
      const answer = (await phone()).call('cb_phone', input.value, default_region);
      e164 = answer.ok ? read_phone(answer.value).e164 : '';
      country.textContent = answer.ok ? read_phone(answer.value).region : '';
      // Reformatted as typed once the number is complete, with the caret at the end.
      if (answer.ok && input.selectionStart === input.value.length) input.value = read_phone(answer.value).display;
      input.setAttribute('aria-invalid', String(!answer.ok && input.value.trim() !== ''));
    });
    const boxes = choices.map(checkbox);
    const status = h('div', { className: 's', role: 'status' });
    const go = h('button', { className: 'btn', type: 'button', textContent: t.save, disabled: true });
    for (const [box] of boxes) box.addEventListener('change', () => { go.disabled = !boxes.some((b) => b[0].checked); });
    go.onclick = () => {
      const typed = input.value.trim();
      if (typed && !e164) {
        status.textContent = t.phone_invalid;
        return;
      }
      go.disabled = true;
      const chosen = choices.filter((c, i) => boxes[i][0].checked);
      opt_in(same_version(chosen), status, e164 ? { phone: e164 } : {}, () => {
        status.replaceChildren(h('p', { textContent: `✓ ${t.confirmed}` }));
      });
    };
    const label = h('label', { className: 'l', htmlFor: 'cb-phone', textContent: t.phone });
    inner.append(h('div', { className: 'k', dir, lang }, label, h('div', { className: 'ph' }, input, country),
      ...boxes.map((b) => b[1]), go, status));
  }

  return { toggle_panel };
}
