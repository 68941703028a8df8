// The demo shop's consent checkbox: asks the server for an opt-in, shows the wa.me link
// and the code, then polls the opt-in until it is confirmed or expires. Plain JS, same origin.
"use strict";
(function () {
  var shop = "demo", sku = "TEAPOT-GREEN", locale = "en", version = null;

  function show(id, text) { var el = document.getElementById(id); el.textContent = text; el.hidden = false; }

  fetch("/v1/widget/config?shop=" + shop).then(function (r) { return r.json(); }).then(function (cfg) {
    var t = cfg.consent_texts && cfg.consent_texts.back_in_stock && cfg.consent_texts.back_in_stock[locale];
    if (t) { version = t.version; document.getElementById("consent-text").textContent = t.text; }
  }).catch(function () { show("error", "The demo server is not answering."); });

  function poll(id) {
    fetch("/v1/optins/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (o) {
      document.getElementById("status").textContent = o.status;
      if (o.status === "confirmed") { show("receipt", "Receipt (PASETO v4.public):\n" + o.receipt); return; }
      if (o.status === "pending") setTimeout(function () { poll(id); }, 2000);
    }).catch(function () { setTimeout(function () { poll(id); }, 5000); });
  }

  document.getElementById("optin-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    document.getElementById("error").hidden = true;
    fetch("/v1/optins", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: shop, purposes: ["back_in_stock"], sku: sku, locale: locale,
                             text_version: version || "", page_url: location.href })
    }).then(function (r) { return r.json(); }).then(function (o) {
      if (o.error) { show("error", o.error.message); return; }
      var a = document.getElementById("wa-link"); a.href = o.wa_link;
      document.getElementById("code").textContent = o.code;
      document.getElementById("expires").textContent = o.expires_at;
      document.getElementById("optin-result").hidden = false;
      poll(o.optin_id);
    }).catch(function () { show("error", "The opt-in request failed."); });
  });
})();
