// The loader's pure parts (no DOM, no network), bundled into cartbell.js and unit-tested
// in Node (tests/wasm/loader.test.mjs). Every byte here is in the first paint.

/** The languages the widget's own strings are written in (web/widget/strings/<lang>.json). */
export const ui_languages = ['en', 'tr', 'ja', 'zh', 'de', 'fr', 'es', 'ar'];

/** The bubble's accessible name per UI language: the one string the first paint needs. */
export const bubble_labels = {
  en: 'Chat with us on WhatsApp',
  tr: 'WhatsApp’tan bize yazın',
  ja: 'WhatsAppでチャットする',
  zh: '通过 WhatsApp 联系我们',
  de: 'Mit uns auf WhatsApp chatten',
  fr: 'Discuter avec nous sur WhatsApp',
  es: 'Chatea con nosotros por WhatsApp',
  ar: 'راسلنا على واتساب',
};

/** The UI language for a language tag: its primary subtag when the widget has strings for it, else English. */
export function ui_language(tag) {
  const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
  return ui_languages.includes(primary) ? primary : 'en';
}

/**
 * The script tag's options from its dataset: shop (required), prefill (template for this
 * page), hide (comma-separated path patterns, '*' matching any run of characters),
 * agents ("Name|+number;Name|+number"), offline (message while closed).
 */
export function read_options(data) {
  const list = (text, separator) => (text || '').split(separator).map((s) => s.trim()).filter(Boolean);
  return {
    shop: data.shop || '',
    prefill: data.prefill || '',
    hide: list(data.hide, ','),
    agents: list(data.agents, ';').map((a) => {
      const bar = a.lastIndexOf('|');
      return { name: a.slice(0, Math.max(bar, 0)).trim(), number: bar < 0 ? '' : a.slice(bar + 1).trim() };
    }).filter((a) => a.name && a.number),
    offline: data.offline || '',
  };
}

/** True when a page path matches one of the patterns ("/checkout*", "*\/account/*"). */
export function path_hidden(path, patterns) {
  return patterns.some((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(path));
}

/** The campaign ref of a landing URL's query (?cb_ref=...), or '' (the core checks its form). */
export function campaign_ref(search) {
  return new URLSearchParams(search).get('cb_ref') || '';
}

/** The bubble's styles; the host is protected with !important, which wins from inside a shadow root. */
export const bubble_css = `
:host{all:initial!important;position:fixed!important;z-index:2147483000!important;bottom:20px!important;right:20px!important;left:auto!important;top:auto!important;display:block!important;width:auto!important;height:auto!important;margin:0!important;transform:none!important;opacity:1!important;visibility:visible!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important}
:host([data-left]){right:auto!important;left:20px!important}
*{box-sizing:border-box}
.b{display:grid;place-items:center;width:60px;height:60px;border:0;border-radius:50%;padding:0;margin:0;background:var(--c,#25d366);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}
.b:focus-visible{outline:3px solid #1a73e8;outline-offset:3px}
.b svg{width:30px;height:30px;fill:currentColor}.b circle{fill:var(--c,#25d366)}
[hidden]{display:none!important}
@media (max-width:480px){:host{bottom:12px!important;right:12px!important}:host([data-left]){left:12px!important}.b{width:54px;height:54px}}
@media (prefers-reduced-motion:no-preference){.b{transition:transform .15s}.b:hover{transform:scale(1.06)}}`;

/** The bubble's icon, a speech bubble with three dots on a 24x24 grid (plain geometry; the dots take the bubble colour). */
export const chat_icon = {
  bubble: 'M5 3h14a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3h-8l-6 4v-4a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3z',
  dots: [7.5, 12, 16.5],
};
