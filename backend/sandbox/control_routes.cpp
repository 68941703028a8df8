// Simulated shoppers, fault injection and the log over HTTP. Bodies are JSON read with
// find()/type checks; a bad body is a 400 naming the field and changes nothing.

#include <nlohmann/json.hpp>

#include "cartbell/text/text.hpp"
#include "sandbox/routes.hpp"
#include "sandbox/sandbox.hpp"

namespace cartbell::sandbox {

namespace {

using json = nlohmann::json;

constexpr std::size_t k_control_body_limit = 64 * 1024;

server::http_response bad(const std::string& field, const std::string& why) {
  return server::json_error(400, "invalid_request", field + ": " + why);
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// Reads an optional string member no longer than `max` bytes; false (with `error`) when wrong.
bool text_field(const json& doc, const char* key, std::string& out, std::size_t max, std::string& error) {
  auto it = doc.find(key);
  if (it == doc.end()) return true;
  if (!it->is_string() || it->get_ref<const std::string&>().size() > max) {
    error = std::string(key) + ": must be a string of at most " + std::to_string(max) + " bytes";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

std::optional<server::http_response> read_inbound(const json& doc, inbound_request& req) {
  std::string error, type = "text";
  bool ok = text_field(doc, "from", req.wa_id, 16, error) && text_field(doc, "user_id", req.user_id, 128, error) &&
            text_field(doc, "name", req.name, 128, error) &&
            text_field(doc, "phone_number_id", req.phone_number_id, 32, error) &&
            text_field(doc, "type", type, 32, error) && text_field(doc, "context", req.message.context_id, 256, error);
  inbound_message& m = req.message;
  ok = ok && text_field(doc, "text", m.text, 16384, error) && text_field(doc, "id", m.reply_id, 256, error) &&
       text_field(doc, "title", m.reply_title, 256, error) &&
       text_field(doc, "description", m.reply_description, 256, error) &&
       text_field(doc, "payload", m.payload, 1000, error) && text_field(doc, "link", m.link, 2048, error) &&
       text_field(doc, "caption", m.caption, 4096, error) && text_field(doc, "mime_type", m.mime_type, 64, error);
  if (!ok) return bad("body", error);
  if (!req.wa_id.empty() && (req.wa_id.size() < 7 || req.wa_id.find_first_not_of("0123456789") != std::string::npos)) {
    return bad("from", "must be the shopper's number: 7 to 15 digits without '+'");
  }
  if (auto it = doc.find("hide_phone"); it != doc.end()) {
    if (!it->is_boolean()) return bad("hide_phone", "must be true or false");
    req.hide_phone = it->get<bool>();
  }
  if (type == "text") {
    m.kind = inbound_kind::text;
    if (m.text.empty()) return bad("text", "required for a text message");
    if (!text::check_plain(text::component::text_message, m.text)) return bad("text", "must be valid UTF-8 of at most 4096 characters");
  } else if (type == "button_reply" || type == "list_reply") {
    m.kind = type == "button_reply" ? inbound_kind::button_reply : inbound_kind::list_reply;
    if (m.reply_id.empty() || m.reply_title.empty()) return bad("id", "a reply needs the id and title it answers with");
  } else if (type == "button") {
    m.kind = inbound_kind::template_button;
    if (m.payload.empty() || m.text.empty()) return bad("payload", "a template button reply needs payload and text");
  } else if (type == "image") {
    m.kind = inbound_kind::image;
    if (m.link.empty()) return bad("link", "an image needs a link the phone page can show");
  } else {
    return bad("type", "must be text, button_reply, list_reply, button or image");
  }
  return std::nullopt;
}

json fault_json(const fault_state& f) {
  return {{"outage", f.outage},
          {"timeout_probability", f.timeout_probability},
          {"error_500_probability", f.error_500_probability},
          {"drop_probability", f.drop_probability},
          {"timeout_hold_ms", f.timeout_hold_ms},
          {"forced_timeouts", f.forced_timeouts},
          {"forced_500s", f.forced_500s},
          {"forced_drops", f.forced_drops}};
}

std::optional<server::http_response> read_faults(const json& doc, fault_state& f) {
  for (const auto& [key, value] : doc.items()) {
    if (key == "outage") {
      if (!value.is_boolean()) return bad(key, "must be true or false");
      f.outage = value.get<bool>();
    } else if (double* p = key == "timeout_probability"     ? &f.timeout_probability
                           : key == "error_500_probability" ? &f.error_500_probability
                           : key == "drop_probability"      ? &f.drop_probability
                                                            : nullptr) {
      if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 1) return bad(key, "must be 0..1");
      *p = value.get<double>();
    } else if (std::uint32_t* n = key == "timeout_hold_ms" ? &f.timeout_hold_ms
                                  : key == "forced_timeouts" ? &f.forced_timeouts
                                  : key == "forced_500s"     ? &f.forced_500s
                                  : key == "forced_drops"    ? &f.forced_drops
                                                             : nullptr) {
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 600'000) return bad(key, "must be 0..600000");
      *n = static_cast<std::uint32_t>(value.get<std::uint64_t>());
    } else {
      return bad(key, "unknown fault setting");
    }
  }
  if (f.timeout_probability + f.error_500_probability + f.drop_probability > 1) {
    return bad("drop_probability", "the probabilities add up to more than 1");
  }
  return std::nullopt;
}

json log_json(const log_page& page) {
  json entries = json::array();
  for (const auto& e : page.entries) {
    json j = {{"seq", e.seq}, {"at_ms", e.at / k_millisecond}, {"event", e.event}};
    if (!e.phone_number_id.empty()) j["phone_number_id"] = e.phone_number_id;
    if (!e.wa_id.empty()) j["wa_id"] = e.wa_id;
    if (!e.message_id.empty()) j["message_id"] = e.message_id;
    if (!e.detail.empty()) j["detail"] = e.detail;
    if (e.code != 0) j["code"] = e.code;
    if (e.http_status != 0) j["http_status"] = e.http_status;
    if (!e.callback_data.empty()) j["biz_opaque_callback_data"] = e.callback_data;
    entries.push_back(std::move(j));
  }
  return {{"entries", std::move(entries)}, {"next", page.next}, {"dropped", page.dropped}};
}

bool parse_count(std::optional<std::string_view> text, std::uint64_t& out, std::uint64_t max) {
  if (!text) return true;
  if (text->empty() || text->size() > 19 || text->find_first_not_of("0123456789") != std::string_view::npos) return false;
  out = std::stoull(std::string(*text));
  return out <= max;
}

}  // namespace

bool add_control_routes(server::router& r, sandbox& box) {
  bool ok = r.add_json(server::http_method::post, "/sandbox/inbound",
                       [&box](const server::http_request& q, const server::route_params&) {
                         json doc = json::parse(q.body, nullptr, false);
                         if (doc.is_discarded() || !doc.is_object()) return bad("body", "must be a JSON object");
                         inbound_request req;
                         if (auto problem = read_inbound(doc, req)) return *problem;
                         auto id = box.inbound(req);
                         if (!id) return bad("body", id.error());
                         return server::json_ok(200, dump({{"id", *id}, {"webhook", box.has_callback() ? "queued" : "none"}}));
                       },
                       k_control_body_limit);
  ok = ok && r.add_json(server::http_method::post, "/sandbox/preferences",
                        [&box](const server::http_request& q, const server::route_params&) {
                          json doc = json::parse(q.body, nullptr, false);
                          if (doc.is_discarded() || !doc.is_object()) return bad("body", "must be a JSON object");
                          std::string error, who, number, value;
                          if (!text_field(doc, "wa_id", who, 128, error) ||
                              !text_field(doc, "phone_number_id", number, 32, error) ||
                              !text_field(doc, "value", value, 16, error)) {
                            return bad("body", error);
                          }
                          if (value != "stop" && value != "resume") return bad("value", "must be \"stop\" or \"resume\"");
                          auto id = box.set_preference(number, who, value == "stop");
                          if (!id) return bad("body", id.error());
                          return server::json_ok(200, dump({{"id", *id}}));
                        },
                        k_control_body_limit);
  ok = ok && r.add(server::http_method::get, "/sandbox/faults",
                   [&box](const server::http_request&, const server::route_params&) {
                     return server::json_ok(200, dump(fault_json(box.faults())));
                   });
  ok = ok && r.add_json(server::http_method::post, "/sandbox/faults",
                        [&box](const server::http_request& q, const server::route_params&) {
                          json doc = json::parse(q.body, nullptr, false);
                          if (doc.is_discarded() || !doc.is_object()) return bad("body", "must be a JSON object");
                          fault_state f = box.faults();
                          if (auto problem = read_faults(doc, f)) return *problem;
                          box.set_faults(f);
                          return server::json_ok(200, dump(fault_json(box.faults())));
                        },
                        k_control_body_limit);
  ok = ok && r.add(server::http_method::get, "/sandbox/stats",
                   [&box](const server::http_request&, const server::route_params&) {
                     sandbox_stats s = box.stats();
                     return server::json_ok(200, dump({{"pending_webhooks", s.pending_webhooks},
                                                       {"messages", s.messages},
                                                       {"shoppers", s.shoppers},
                                                       {"log_entries", s.log_entries}}));
                   });
  ok = ok && r.add(server::http_method::get, "/sandbox/log",
                   [&box](const server::http_request& q, const server::route_params&) {
                     std::uint64_t after = 0, limit = 1000;
                     if (!parse_count(q.query_param("after"), after, UINT64_MAX / 2)) return bad("after", "must be a whole number");
                     if (!parse_count(q.query_param("limit"), limit, 100'000) || limit == 0) {
                       return bad("limit", "must be 1..100000");
                     }
                     return server::json_ok(200, dump(log_json(box.log().since(after, limit))));
                   });
  return ok;
}

}  // namespace cartbell::sandbox
