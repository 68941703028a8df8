// Template sends: the template must exist in that language and be approved, and every
// component must carry exactly the parameters the approved template has (132000 when the
// counts differ). The result is rendered as the shopper's phone shows it.

#include <array>
#include <vector>

#include "sandbox/request_json.hpp"

namespace cartbell::sandbox::detail {

namespace {

struct send_component {
  const json* parameters = nullptr;  ///< array, or nullptr for none
  std::string sub_type;              ///< buttons
  std::string path;
  std::size_t count() const { return parameters == nullptr ? 0 : parameters->size(); }
};

struct send_components {
  std::optional<send_component> header;
  std::optional<send_component> body;
  std::array<std::optional<send_component>, 10> buttons;
};

api_error count_mismatch(const std::string& what, std::size_t expected, std::size_t got) {
  return {api_code::template_params,
          what + ": expected " + std::to_string(expected) + " parameter(s), received " + std::to_string(got), 0};
}

std::optional<api_error> read_index(const json& c, const std::string& path, std::size_t& index) {
  const json* v = member(c, "index");
  if (v == nullptr) return missing(path + ".index");
  std::string text;
  if (v->is_string()) text = v->get<std::string>();
  else if (v->is_number_unsigned()) text = std::to_string(v->get<std::uint64_t>());
  else return malformed(path + ".index", "must be \"0\"..\"9\"");
  if (text.size() != 1 || text[0] < '0' || text[0] > '9') return invalid(path + ".index", "must be \"0\"..\"9\"");
  index = static_cast<std::size_t>(text[0] - '0');
  return std::nullopt;
}

std::optional<api_error> collect(const json& tmpl, send_components& out) {
  const json* components = member(tmpl, "components");
  if (components == nullptr) return std::nullopt;
  if (!components->is_array()) return malformed("template.components", "must be an array");
  for (std::size_t i = 0; i < components->size(); ++i) {
    std::string path = "template.components[" + std::to_string(i) + "]";
    const json& c = (*components)[i];
    if (!c.is_object()) return malformed(path, "must be an object");
    send_component sc;
    sc.path = path;
    std::string type;
    if (auto e = read_string(c, "type", path, type, true)) return e;
    for (char& ch : type) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (const json* p = member(c, "parameters")) {
      if (!p->is_array()) return malformed(path + ".parameters", "must be an array");
      sc.parameters = p;
    }
    if (type == "header" || type == "body") {
      auto& slot = type == "header" ? out.header : out.body;
      if (slot) return malformed(path, "a second " + type + " component");
      slot = sc;
    } else if (type == "button") {
      if (auto e = read_string(c, "sub_type", path, sc.sub_type, true)) return e;
      std::size_t index = 0;
      if (auto e = read_index(c, path, index)) return e;
      if (out.buttons[index]) return malformed(path, "a second component for button " + std::to_string(index));
      out.buttons[index] = sc;
    } else {
      return malformed(path + ".type", "must be header, body or button");
    }
  }
  return std::nullopt;
}

/// A text-like parameter's value (text, currency and date_time carry one).
std::optional<api_error> text_value(const json& p, const std::string& path, std::string& value) {
  if (!p.is_object()) return malformed(path, "must be an object");
  std::string type;
  if (auto e = read_string(p, "type", path, type, true)) return e;
  if (type == "text") return read_string(p, "text", path, value, true);
  const json* inner = nullptr;
  if (type == "currency" || type == "date_time") {
    if (auto e = read_object(p, type, path, inner, true)) return e;
    return read_string(*inner, "fallback_value", path + "." + type, value, true);
  }
  return invalid(path + ".type", "\"" + type + "\" is not a text, currency or date_time parameter");
}

api_error render_error(const text::text_failure& f, const std::string& path) {
  if (f.code == text::text_error::too_long) return {api_code::template_too_long, path + ": the filled-in text is too long", 0};
  return invalid(path, std::string(text::to_string(f.code)) + (f.parameter.empty() ? "" : " ({{" + f.parameter + "}})"));
}

std::optional<api_error> fill(const text::parsed_text& parsed, text::component kind, const send_component* sc,
                              const std::string& what, std::string& rendered) {
  std::size_t got = sc == nullptr ? 0 : sc->count();
  if (got != parsed.parameters.size()) return count_mismatch(what, parsed.parameters.size(), got);
  std::vector<std::string> values(got);
  std::vector<std::string> names(got);
  for (std::size_t i = 0; i < got; ++i) {
    std::string path = sc->path + ".parameters[" + std::to_string(i) + "]";
    const json& p = (*sc->parameters)[i];
    if (auto e = text_value(p, path, values[i])) return e;
    auto value_ok = text::check_value(kind, values[i]);
    if (!value_ok) return render_error(value_ok.error(), path);
    if (parsed.style == text::parameter_style::named) {
      if (auto e = read_string(p, "parameter_name", path, names[i], true)) return e;
    }
  }
  auto r = [&]() {
    if (parsed.style == text::parameter_style::named) {
      std::vector<text::named_value> named;
      for (std::size_t i = 0; i < got; ++i) named.push_back({names[i], values[i]});
      return text::render_named(parsed, named);
    }
    std::vector<std::string_view> views(values.begin(), values.end());
    return text::render(parsed, views);
  }();
  if (!r) return render_error(r.error(), sc == nullptr ? "template" : sc->path);
  rendered = std::move(r).value();
  return std::nullopt;
}

std::optional<api_error> fill_header(const message_template& t, const send_components& sc, outbound_message& out) {
  const send_component* h = sc.header ? &*sc.header : nullptr;
  if (t.header == header_format::text) {
    return fill(*t.header_text, text::component::header, h, "header", out.header_text);
  }
  if (t.header == header_format::none) {
    if (h != nullptr && h->count() != 0) return count_mismatch("header", 0, h->count());
    return std::nullopt;
  }
  if (h == nullptr || h->count() != 1) return count_mismatch("header", 1, h == nullptr ? 0 : h->count());
  const json& p = (*h->parameters)[0];
  std::string path = h->path + ".parameters[0]";
  std::string type;
  if (!p.is_object()) return malformed(path, "must be an object");
  if (auto e = read_string(p, "type", path, type, true)) return e;
  if (type != to_string(t.header)) return invalid(path + ".type", "the template's header is " + std::string(to_string(t.header)));
  const json* media = nullptr;
  if (auto e = read_object(p, type, path, media, true)) return e;
  out.header_media = t.header;
  return read_media(*media, path + "." + type, out.header_link);
}

std::optional<api_error> fill_buttons(const message_template& t, const send_components& sc, outbound_message& out) {
  for (std::size_t i = 0; i < sc.buttons.size(); ++i) {
    if (sc.buttons[i] && i >= t.buttons.size()) {
      return count_mismatch("button " + std::to_string(i) + " (the template has " + std::to_string(t.buttons.size()) +
                                " buttons)",
                            0, sc.buttons[i]->count());
    }
  }
  for (std::size_t i = 0; i < t.buttons.size(); ++i) {
    const template_button& b = t.buttons[i];
    const send_component* c = sc.buttons[i] ? &*sc.buttons[i] : nullptr;
    std::string what = "button " + std::to_string(i);
    if (c != nullptr && c->sub_type != to_string(b.type)) {
      return invalid(c->path + ".sub_type", "button " + std::to_string(i) + " is " + std::string(to_string(b.type)));
    }
    sent_button sent{b.type, b.text, {}, {}, {}};
    std::size_t got = c == nullptr ? 0 : c->count();
    if (b.type == template_button::kind::url) {
      if (auto e = fill(*b.url, text::component::interactive_body, c, what, sent.url)) return e;
    } else if (b.type == template_button::kind::quick_reply) {
      if (got > 1) return count_mismatch(what, 1, got);
      sent.payload = b.text;
      if (got == 1) {
        const json& p = (*c->parameters)[0];
        std::string path = c->path + ".parameters[0]";
        std::string type;
        if (!p.is_object()) return malformed(path, "must be an object");
        if (auto e = read_string(p, "type", path, type, true)) return e;
        if (type != "payload") return invalid(path + ".type", "quick reply buttons take a payload parameter");
        if (auto e = read_string(p, "payload", path, sent.payload, true)) return e;
        if (!within(sent.payload, 1000)) return invalid(path + ".payload", "longer than 1000 bytes");
      }
    } else if (b.type == template_button::kind::copy_code) {
      if (got != 1) return count_mismatch(what, 1, got);
      const json& p = (*c->parameters)[0];
      std::string path = c->path + ".parameters[0]";
      if (!p.is_object()) return malformed(path, "must be an object");
      if (auto e = read_string(p, "coupon_code", path, sent.code, true)) return e;
      if (!within(sent.code, 15)) return invalid(path + ".coupon_code", "longer than 15 characters");
    } else if (got != 0) {
      return count_mismatch(what, 0, got);
    }
    out.template_buttons.push_back(std::move(sent));
  }
  return std::nullopt;
}

}  // namespace

std::optional<api_error> read_template_send(const json& tmpl, const template_store& templates, outbound_message& out) {
  if (auto e = read_string(tmpl, "name", "template", out.template_name, true)) return e;
  const json* language = nullptr;
  if (auto e = read_object(tmpl, "language", "template", language, true)) return e;
  if (auto e = read_string(*language, "code", "template.language", out.template_language, true)) return e;
  std::string policy = "deterministic";
  if (auto e = read_string(*language, "policy", "template.language", policy, false)) return e;
  if (policy != "deterministic") return malformed("template.language.policy", "must be \"deterministic\"");

  const message_template* t = templates.find(out.template_name, out.template_language);
  if (t == nullptr || t->status == template_status::pending || t->status == template_status::rejected) {
    return api_error{api_code::template_missing,
                     "template name (" + out.template_name + ") does not exist in " + out.template_language +
                         (t == nullptr ? "" : " (status " + std::string(to_string(t->status)) + ")"),
                     0};
  }
  if (t->status == template_status::paused) {
    return api_error{api_code::template_paused, "template " + t->name + " is paused after low quality ratings", 0};
  }
  if (t->status == template_status::disabled) {
    return api_error{api_code::template_disabled, "template " + t->name + " is disabled", 0};
  }
  out.category = t->category;

  send_components sc;
  if (auto e = collect(tmpl, sc)) return e;
  if (auto e = fill_header(*t, sc, out)) return e;
  if (auto e = fill(t->body, text::component::body, sc.body ? &*sc.body : nullptr, "body", out.body)) return e;
  if (t->footer) {
    auto r = text::render(*t->footer, {});
    if (r) out.footer = std::move(r).value();
  }
  return fill_buttons(*t, sc, out);
}

}  // namespace cartbell::sandbox::detail
