// The opt-in UI's styles (panel, dialog, checkout block), added to the bubble's shadow root
// and to each checkout block's own. Light and dark, LTR and RTL (logical properties), narrow
// screens.

export const ui_css = `
.p{position:absolute;bottom:76px;inset-inline-end:0;width:330px;max-width:calc(100vw - 24px);border-radius:16px;overflow:hidden;background:#fff;color:#1b1b1b;box-shadow:0 8px 30px rgba(0,0,0,.25)}
:host([data-left]) .p{inset-inline-end:auto;inset-inline-start:0}
.hd{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:14px 16px;background:var(--c,#25d366);color:#06301a}
h2{margin:0;font-size:17px;line-height:1.3;font-weight:650}
.bd{padding:6px 16px 16px}
p{margin:10px 0}
ul{list-style:none;margin:0;padding:0}
li{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:8px 0;border-top:1px solid rgba(127,127,127,.25)}
.st::before{content:"";display:inline-block;width:9px;height:9px;border-radius:50%;background:#999;margin-inline-end:8px}
.st.on::before{background:#1e9e4a}
.btn{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:0 18px;border:0;border-radius:22px;background:var(--c,#25d366);color:#06301a;font:inherit;font-weight:650;text-decoration:none;cursor:pointer}
.btn[disabled]{opacity:.5;cursor:not-allowed}
.ghost{background:transparent;color:inherit;border:1px solid currentColor}
.x{position:absolute;top:10px;inset-inline-end:10px;width:36px;height:36px;border:0;border-radius:50%;background:transparent;color:inherit;font-size:24px;line-height:1;cursor:pointer}
.hd .x{position:static}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.d{position:fixed;width:min(440px,calc(100vw - 24px));max-height:calc(100vh - 24px);overflow:auto;border:0;border-radius:16px;padding:22px 22px 18px;background:#fff;color:#1b1b1b;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.d h2{padding-inline-end:36px}
.d::backdrop{background:rgba(0,0,0,.45)}
.c{display:flex;gap:10px;align-items:flex-start;margin:14px 0;cursor:pointer}
.c input{flex:none;width:20px;height:20px;margin:1px 0 0}
.n,.s{font-size:13px;color:#555}
.q{border-inline-start:3px solid var(--c,#25d366);padding-inline-start:10px}
.s .btn{margin:4px 0}
.k{all:initial;display:block;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;border:1px solid #ccc;border-radius:12px;padding:16px;margin:12px 0}
.l{display:block}
.ph{display:flex;gap:8px;align-items:center;margin:6px 0 4px}
.ph input{flex:1;min-height:44px;padding:0 12px;font:inherit;border:1px solid #888;border-radius:8px;background:inherit;color:inherit}
.ph input[aria-invalid=true]{border-color:#c5221f}
.cc{min-width:2.5em;font-weight:650}
@media (prefers-color-scheme:dark){.p,.d,.k{background:#1f2428;color:#eee}.n,.s{color:#bbb}.k{border-color:#444}}
@media (max-width:480px){.p{position:fixed;bottom:76px;inset-inline:12px;width:auto;max-width:none}}`;
