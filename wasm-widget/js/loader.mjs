// cartbell.js, the one script a shop adds:
//   <script src="https://<server>/widget/cartbell.js" data-shop="demo" async></script>
// It reads the tag's options, fetches the shop's widget config and paints the chat bubble
// in a Shadow DOM. Everything else (the core's wasm, the opt-in UI, the strings)
// loads on the first interaction with the bubble, or at once when the page has
// [data-cartbell-restock] or [data-cartbell-checkout] elements. No cookies, no storage, no
// request to any Meta host: the bubble is a button until the shopper uses it. The shadow
// root is open: closing it would not stop a page script (which can patch attachShadow)
// and would keep assistive and test tooling out.
// Bundled and minified by esbuild into an IIFE (wasm-widget/CMakeLists.txt).

import { bubble_css, bubble_labels, chat_icon, path_hidden, read_options, ui_language } from './loader_parts.mjs';

const script = document.currentScript;
// A second copy of the tag on the same page must not paint a second bubble.
if (script && !window.cartbell_widget) {
  window.cartbell_widget = 1;
  const options = read_options(script.dataset);
  const src = new URL(script.src);
  const base = new URL('.', src).href;
  // Set by package.mjs: the hash of everything loaded below, so those files cache for a year.
  const version = `?v=${CARTBELL_VERSION}`;
  fetch(`${src.origin}/v1/widget/config?shop=${encodeURIComponent(options.shop)}`, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    // Painted once the page is parsed: a config that arrives mid-parse (a slow script
    // further down holds the parser) would otherwise look for restock and checkout
    // elements the parser has not reached yet, and leave them unwired.
    .then((config) => (document.readyState === 'loading'
      ? addEventListener('DOMContentLoaded', () => paint(config))
      : paint(config)))
    .catch(() => {});

  function paint(config) {
    const host = document.createElement('cartbell-widget');
    const root = host.attachShadow({ mode: 'open' });
    // Constructed sheets are not inline styles, so a style-src CSP cannot block them.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(bubble_css);
    root.adoptedStyleSheets = [sheet];
    const bubble_settings = config.bubble || {};
    if (bubble_settings.position === 'bottom-left') host.setAttribute('data-left', '');
    host.style.setProperty('--c', bubble_settings.color || '#25d366');
    const lang = ui_language(config.locale);
    const wrap = root.appendChild(document.createElement('div'));
    let loading;
    // The rest of the widget, once: the UI module, the core's wasm and the strings are
    // requested together.
    const load = () => (loading ||= import(`${base}cartbell-ui.js${version}`).then((ui) => ui.start({
      config, options, root, host, wrap, bubble, base, version, api: src.origin, lang,
      wasm: fetch(`${base}cartbell.wasm${version}`),
      strings: fetch(`${base}strings/${lang}.json${version}`).then((r) => r.json()),
    })));
    const bubble = document.createElement('button');
    bubble.className = 'b';
    bubble.setAttribute('aria-label', bubble_labels[lang]);
    bubble.setAttribute('aria-haspopup', 'dialog');
    bubble.setAttribute('aria-expanded', 'false');
    bubble.hidden = bubble_settings.enabled === false || path_hidden(location.pathname, options.hide);
    const svg_ns = 'http://www.w3.org/2000/svg';
    const icon = bubble.appendChild(document.createElementNS(svg_ns, 'svg'));
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    icon.appendChild(document.createElementNS(svg_ns, 'path')).setAttribute('d', chat_icon.bubble);
    for (const x of chat_icon.dots) {
      const dot = icon.appendChild(document.createElementNS(svg_ns, 'circle'));
      dot.setAttribute('cx', x);
      dot.setAttribute('cy', 10.5);
      dot.setAttribute('r', 1.5);
    }
    // Pointing at or focusing the bubble starts the download; a click opens the panel.
    for (const type of ['pointerenter', 'focus', 'touchstart']) bubble.addEventListener(type, load, { passive: true, once: true });
    bubble.addEventListener('click', () => load().then((ui) => ui.toggle_panel()));
    wrap.appendChild(bubble);
    document.body.appendChild(host);
    if (document.querySelector('[data-cartbell-restock],[data-cartbell-checkout]')) load();
  }
}
