#include "receipts/webhook_parse.hpp"

#include "crypto/webhook_signature.hpp"
#include "receipts/webhook_json.hpp"
#include "receipts/webhook_message.hpp"

namespace cartbell::receipts {

using namespace webhook_json;

namespace {

constexpr std::size_t max_name = 1024;

// nlohmann's parser keeps its own stack, but a 3 MB "[[[[..." still builds a tree that
// deep; refusing it from the bytes first costs one pass and no allocation.
bool nesting_within(std::string_view body, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

result<status_event> read_status(const json& s, const std::string& path, const std::string& phone_number_id,
                                 bool& known) {
  if (!s.is_object()) return fault(webhook_fault::wrong_type, path);
  status_event out;
  out.phone_number_id = phone_number_id;
  auto id = string_at(s, "id", path, webhook_max_id);
  if (!id) return fail(id.error());
  out.wamid = std::move(id).value();
  auto status = string_at(s, "status", path, webhook_max_id);
  if (!status) return fail(status.error());
  known = true;
  if (*status == "sent")
    out.status = delivery_status::sent;
  else if (*status == "delivered")
    out.status = delivery_status::delivered;
  else if (*status == "read")
    out.status = delivery_status::read;
  else if (*status == "failed")
    out.status = delivery_status::failed;
  else
    known = false;  // e.g. "deleted", "warning": counted, not an error
  auto ts = time_at(s, "timestamp", path);
  if (!ts) return fail(ts.error());
  out.timestamp = *ts;
  auto recipient = optional_string(s, "recipient_id", path, webhook_max_id);
  if (!recipient) return fail(recipient.error());
  out.recipient_id = std::move(recipient).value();
  auto opaque = optional_string(s, "biz_opaque_callback_data", path, webhook_max_text);
  if (!opaque) return fail(opaque.error());
  out.biz_opaque_callback_data = std::move(opaque).value();

  auto pricing = optional_object(s, "pricing", path);
  if (!pricing) return fail(pricing.error());
  if (*pricing != nullptr) {
    const std::string here = member_path(path, "pricing");
    status_pricing p;
    if (const json* billable = find(**pricing, "billable")) {
      if (!billable->is_boolean()) return fault(webhook_fault::wrong_type, member_path(here, "billable"));
      p.billable = billable->get<bool>();
    }
    auto model = optional_string(**pricing, "pricing_model", here, max_name);
    if (!model) return fail(model.error());
    auto category = optional_string(**pricing, "category", here, max_name);
    if (!category) return fail(category.error());
    p.pricing_model = std::move(model).value();
    p.category = std::move(category).value();
    out.pricing = std::move(p);
  }

  auto errors = optional_array(s, "errors", path, webhook_max_status_errors);
  if (!errors) return fail(errors.error());
  if (*errors != nullptr) {
    const std::string base = member_path(path, "errors");
    for (std::size_t i = 0; i < (*errors)->size(); ++i) {
      const json& e = (**errors)[i];
      const std::string here = index_path(base, i);
      if (!e.is_object()) return fault(webhook_fault::wrong_type, here);
      auto code = optional_integer(e, "code", here);
      if (!code) return fail(code.error());
      if (!*code) return fault(webhook_fault::missing, member_path(here, "code"));
      status_error se;
      se.code = **code;
      auto title = optional_string(e, "title", here, max_name);
      if (!title) return fail(title.error());
      auto message = optional_string(e, "message", here, webhook_max_text);
      if (!message) return fail(message.error());
      auto data = optional_object(e, "error_data", here);
      if (!data) return fail(data.error());
      if (*data != nullptr) {
        auto details = optional_string(**data, "details", member_path(here, "error_data"), webhook_max_text);
        if (!details) return fail(details.error());
        se.details = std::move(details).value();
      }
      se.title = std::move(title).value();
      se.message = std::move(message).value();
      out.errors.push_back(std::move(se));
    }
  }
  return out;
}

result<preference_event> read_preference(const json& p, const std::string& path,
                                         const std::vector<contact>& contacts) {
  if (!p.is_object()) return fault(webhook_fault::wrong_type, path);
  preference_event out;
  auto wa_id = optional_string(p, "wa_id", path, webhook_max_id);
  if (!wa_id) return fail(wa_id.error());
  auto user_id = optional_string(p, "user_id", path, webhook_max_id);
  if (!user_id) return fail(user_id.error());
  out.wa_id = std::move(wa_id).value();
  out.user_id = std::move(user_id).value();
  auto category = string_at(p, "category", path, max_name);
  if (!category) return fail(category.error());
  out.category = std::move(category).value();
  auto value = string_at(p, "value", path, max_name);
  if (!value) return fail(value.error());
  if (*value != "stop" && *value != "resume") return fault(webhook_fault::bad_value, member_path(path, "value"));
  out.stop = *value == "stop";
  auto ts = time_at(p, "timestamp", path);
  if (!ts) return fail(ts.error());
  out.timestamp = *ts;
  if (const contact* c = match_contact(contacts, out.wa_id, out.user_id)) {
    if (out.wa_id.empty()) out.wa_id = c->wa_id;
    if (out.user_id.empty()) out.user_id = c->user_id;
  }
  if (out.wa_id.empty() && out.user_id.empty()) return fault(webhook_fault::missing, member_path(path, "wa_id"));
  return out;
}

result<template_category_event> read_template_update(const json& v, const std::string& path,
                                                     std::int64_t entry_time) {
  template_category_event out;
  auto id = optional_integer(v, "message_template_id", path);
  if (!id) return fail(id.error());
  if (!*id) return fault(webhook_fault::missing, member_path(path, "message_template_id"));
  out.template_id = std::to_string(**id);
  auto name = string_at(v, "message_template_name", path, max_name);
  if (!name) return fail(name.error());
  auto language = optional_string(v, "message_template_language", path, max_name);
  if (!language) return fail(language.error());
  auto next = string_at(v, "new_category", path, max_name);
  if (!next) return fail(next.error());
  auto previous = optional_string(v, "previous_category", path, max_name);
  if (!previous) return fail(previous.error());
  auto correct = optional_string(v, "correct_category", path, max_name);
  if (!correct) return fail(correct.error());
  out.template_name = std::move(name).value();
  out.language = std::move(language).value();
  out.new_category = std::move(next).value();
  out.previous_category = std::move(previous).value();
  out.correct_category = std::move(correct).value();
  out.timestamp = entry_time;
  if (find(v, "category_update_timestamp") != nullptr) {
    auto ts = time_at(v, "category_update_timestamp", path);
    if (!ts) return fail(ts.error());
    out.timestamp = *ts;
  }
  return out;
}

struct counter {
  std::size_t events = 0;
  bool add(std::size_t n) {
    events += n;
    return events <= webhook_max_events;
  }
};

/// metadata.phone_number_id of a change value ("" when absent): which of our numbers it concerns.
result<std::string> read_phone_number_id(const json& value, const std::string& path) {
  auto metadata = optional_object(value, "metadata", path);
  if (!metadata) return fail(metadata.error());
  if (*metadata == nullptr) return std::string();
  return optional_string(**metadata, "phone_number_id", member_path(path, "metadata"), webhook_max_id);
}

result<bool> read_messages_change(const json& value, const std::string& path, webhook_events& out, counter& count) {
  auto number_id = read_phone_number_id(value, path);
  if (!number_id) return fail(number_id.error());
  const std::string& phone_number_id = *number_id;
  auto contacts = read_contacts(value, path);
  if (!contacts) return fail(contacts.error());
  auto messages = optional_array(value, "messages", path, webhook_max_items);
  if (!messages) return fail(messages.error());
  auto statuses = optional_array(value, "statuses", path, webhook_max_items);
  if (!statuses) return fail(statuses.error());
  const std::size_t n_messages = *messages ? (*messages)->size() : 0;
  const std::size_t n_statuses = *statuses ? (*statuses)->size() : 0;
  if (!count.add(n_messages + n_statuses)) return fault(webhook_fault::too_many, "entry");
  for (std::size_t i = 0; i < n_messages; ++i) {
    auto m = read_message((**messages)[i], index_path(member_path(path, "messages"), i), *contacts);
    if (!m) return fail(m.error());
    out.messages.push_back(std::move(m).value());
    out.messages.back().phone_number_id = phone_number_id;
  }
  for (std::size_t i = 0; i < n_statuses; ++i) {
    bool known = false;
    auto s = read_status((**statuses)[i], index_path(member_path(path, "statuses"), i), phone_number_id, known);
    if (!s) return fail(s.error());
    if (known)
      out.statuses.push_back(std::move(s).value());
    else
      ++out.ignored_statuses;
  }
  return true;
}

result<bool> read_preferences_change(const json& value, const std::string& path, webhook_events& out,
                                     counter& count) {
  auto number_id = read_phone_number_id(value, path);
  if (!number_id) return fail(number_id.error());
  auto contacts = read_contacts(value, path);
  if (!contacts) return fail(contacts.error());
  auto prefs = array_at(value, "user_preferences", path, webhook_max_items);
  if (!prefs) return fail(prefs.error());
  if (!count.add((*prefs)->size())) return fault(webhook_fault::too_many, "entry");
  for (std::size_t i = 0; i < (*prefs)->size(); ++i) {
    auto p = read_preference((**prefs)[i], index_path(member_path(path, "user_preferences"), i), *contacts);
    if (!p) return fail(p.error());
    out.preferences.push_back(std::move(p).value());
    out.preferences.back().phone_number_id = *number_id;
  }
  return true;
}

result<bool> read_change(const json& change, const std::string& path, std::int64_t entry_time, webhook_events& out,
                         counter& count) {
  if (!change.is_object()) return fault(webhook_fault::wrong_type, path);
  auto field = string_at(change, "field", path, max_name);
  if (!field) return fail(field.error());
  if (*field != "messages" && *field != "user_preferences" && *field != "template_category_update") {
    ++out.ignored_changes;
    return true;
  }
  auto value = object_at(change, "value", path);
  if (!value) return fail(value.error());
  const std::string here = member_path(path, "value");
  if (*field == "messages") return read_messages_change(**value, here, out, count);
  if (*field == "user_preferences") return read_preferences_change(**value, here, out, count);
  if (!count.add(1)) return fault(webhook_fault::too_many, "entry");
  auto update = read_template_update(**value, here, entry_time);
  if (!update) return fail(update.error());
  out.template_updates.push_back(std::move(update).value());
  return true;
}

}  // namespace

std::string_view to_string(webhook_fault f) {
  switch (f) {
    case webhook_fault::body_too_large: return "body_too_large";
    case webhook_fault::not_json: return "not_json";
    case webhook_fault::too_deep: return "too_deep";
    case webhook_fault::missing: return "missing";
    case webhook_fault::wrong_type: return "wrong_type";
    case webhook_fault::bad_value: return "bad_value";
    case webhook_fault::too_many: return "too_many";
    case webhook_fault::too_long: return "too_long";
  }
  return "unknown";
}

std::string to_string(const webhook_error& e) { return e.path + ": " + std::string(to_string(e.fault)); }

cartbell::result<webhook_events, webhook_error> parse_webhook(std::string_view body) {
  if (body.size() > crypto::webhook_body_max) return fault(webhook_fault::body_too_large, "body");
  if (!nesting_within(body, webhook_max_depth)) return fault(webhook_fault::too_deep, "body");
  const json root = json::parse(body.begin(), body.end(), nullptr, false);
  if (root.is_discarded()) return fault(webhook_fault::not_json, "body");
  if (!root.is_object()) return fault(webhook_fault::wrong_type, "body");
  auto object = string_at(root, "object", "", max_name);
  if (!object) return fail(object.error());
  if (*object != "whatsapp_business_account") return fault(webhook_fault::bad_value, "object");
  auto entries = array_at(root, "entry", "", webhook_max_entries);
  if (!entries) return fail(entries.error());

  webhook_events out;
  counter count;
  for (std::size_t i = 0; i < (*entries)->size(); ++i) {
    const json& entry = (**entries)[i];
    const std::string here = index_path("entry", i);
    if (!entry.is_object()) return fault(webhook_fault::wrong_type, here);
    std::int64_t entry_time = 0;
    if (find(entry, "time") != nullptr) {
      auto t = time_at(entry, "time", here);
      if (!t) return fail(t.error());
      entry_time = *t;
    }
    auto changes = array_at(entry, "changes", here, webhook_max_changes);
    if (!changes) return fail(changes.error());
    for (std::size_t j = 0; j < (*changes)->size(); ++j) {
      auto ok = read_change((**changes)[j], index_path(member_path(here, "changes"), j), entry_time, out, count);
      if (!ok) return fail(ok.error());
    }
  }
  return out;
}

}  // namespace cartbell::receipts
