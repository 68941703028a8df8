// Construction, shared helpers, faults and the phone page's views.

#include "sandbox/sandbox_impl.hpp"

#include <algorithm>

#include "cartbell/phone/phone.hpp"
#include "cartbell/schedule/service_window.hpp"

namespace cartbell::sandbox {

namespace {

std::string hex(std::uint64_t v, int digits) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0 && v != 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = k_digits[v & 15];
  return out;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string derive_user_id(std::string_view wa_id) {
  std::string region = "ZZ";
  auto parsed = phone::parse("+" + std::string(wa_id));
  if (parsed) {
    if (const phone::region_info* r = phone::region_for_number(*parsed); r != nullptr && r->region.size() == 2) {
      region = std::string(r->region);
    }
  }
  std::string digits = std::to_string(fnv1a(wa_id) % 10'000'000'000'000'000ULL);
  return region + "." + std::string(16 - std::min<std::size_t>(16, digits.size()), '1') + digits;
}

sandbox::impl::impl(sandbox_config c, template_store t, const clock& clk, std::optional<crypto::webhook_secret> s)
    : config(std::move(c)),
      templates(std::move(t)),
      time(clk),
      secret(std::move(s)),
      pair(static_cast<micros>(config.limits.pair_interval_ms) * k_millisecond, config.limits.pair_burst),
      rng(config.seed),
      log(config.log_capacity) {
  access_token = config.access_token;
  id_prefix = hex(static_cast<std::uint64_t>(time.now() / k_millisecond), 11);
  for (const auto& account : config.accounts) {
    for (const auto& n : account.phone_numbers) {
      if (default_number.empty()) default_number = n.id;
      numbers.emplace(n.id, number_state{n, {account.waba_id, n.id, n.display_phone_number},
                                         rate_gate(interval_for_rate(n.throughput_per_second), n.throughput_per_second)});
    }
  }
  for (const auto& s2 : config.shoppers) {
    user_state& u = user_for_number(s2.wa_id);
    u.contact.name = s2.name;
    if (!s2.user_id.empty()) {
      user_by_id.erase(u.contact.user_id);
      u.contact.user_id = s2.user_id;
      user_by_id[s2.user_id] = s2.wa_id;
    }
    u.read_receipts = s2.read_receipts;
    u.hide_phone = s2.hide_phone;
    u.configured = true;
  }
  configured_users = user_order.size();
  not_on_whatsapp.insert(config.not_on_whatsapp.begin(), config.not_on_whatsapp.end());
  allowed.insert(config.allowed_recipients.begin(), config.allowed_recipients.end());
  faults.outage = config.faults.outage;
  faults.timeout_probability = config.faults.timeout_probability;
  faults.error_500_probability = config.faults.error_500_probability;
  faults.drop_probability = config.faults.drop_probability;
  faults.timeout_hold_ms = config.faults.timeout_hold_ms;
  callback_open = !config.webhooks.verify_on_start;
}

std::string sandbox::impl::new_message_id() {
  // Meta's ids are opaque base64 of a protobuf; ours are opaque too, and unique across
  // runs (the start time is in the prefix) so a server's dedupe never confuses two runs.
  return "wamid.SBX" + id_prefix + hex(++message_seq, 12);
}

std::string sandbox::impl::new_trace_id() { return "A" + hex(rng(), 16) + hex(rng() & 0xFFFFF, 5); }

user_state& sandbox::impl::user_for_number(const std::string& wa_id) {
  auto [it, inserted] = users.try_emplace(wa_id);
  if (inserted) {
    it->second.contact.wa_id = wa_id;
    it->second.contact.user_id = derive_user_id(wa_id);
    it->second.contact.name = "+" + wa_id;
    user_by_id[it->second.contact.user_id] = wa_id;
    user_order.push_back(wa_id);
    forget_oldest_users();
  }
  return it->second;
}

void sandbox::impl::forget_oldest_users() {
  // Recipients come and go by the million in load tests; the oldest unconfigured ones
  // are forgotten (window, limits, chat) so memory stays bounded by max_messages.
  while (users.size() > config.max_messages && user_order.size() > configured_users + 1) {
    std::string key = user_order[configured_users];
    user_order.erase(user_order.begin() + static_cast<std::ptrdiff_t>(configured_users));
    auto it = users.find(key);
    if (it == users.end()) continue;
    user_by_id.erase(it->second.contact.user_id);
    users.erase(it);
  }
}

user_state* sandbox::impl::find_user(std::string_view key_or_id) {
  std::string key(key_or_id);
  if (auto it = users.find(key); it != users.end()) return &it->second;
  if (auto id = user_by_id.find(key); id != user_by_id.end()) {
    if (auto it = users.find(id->second); it != users.end()) return &it->second;
  }
  return nullptr;
}

std::string sandbox::impl::user_key(const user_state& u) const {
  return u.contact.wa_id.empty() ? "user:" + u.contact.user_id : u.contact.wa_id;
}

void sandbox::impl::remember(chat_message m, user_state& u) {
  u.last_at = m.at;
  u.chat.push_back(m.id);
  if (u.chat.size() > k_chat_cap) u.chat.pop_front();
  message_order.push_back(m.id);
  std::string id = m.id;
  messages.insert_or_assign(std::move(id), std::move(m));
  while (message_order.size() > config.max_messages) {
    messages.erase(message_order.front());
    message_order.pop_front();
  }
}

void sandbox::impl::schedule(micros at, pending_webhook w) {
  std::uint64_t id = next_webhook_id++;
  pending.emplace(id, std::move(w));
  due.emplace(at, id);
}

bool sandbox::impl::window_open(const user_state& u, const std::string& number, micros now, micros* closes_at) const {
  for (const auto& [id, opened] : u.last_inbound) {
    if (id != number) continue;
    auto status = schedule::window_status_at(opened / k_second, now / k_second, schedule::window_kind::customer_service);
    if (!status) return false;
    if (closes_at != nullptr) *closes_at = status->closes_at * k_second;
    return status->open;
  }
  return false;
}

void sandbox::impl::record(std::string event, const std::string& number, const std::string& who, const std::string& id,
                           std::string detail, std::int32_t code, unsigned http, std::string callback_data) {
  log.append(log_entry{0, time.now(), std::move(event), number, who, id, std::move(detail), code, http,
                       std::move(callback_data)});
}

sandbox::sandbox(sandbox_config config, template_store templates, const clock& time,
                 std::optional<crypto::webhook_secret> app_secret)
    : impl_(std::make_unique<impl>(std::move(config), std::move(templates), time, std::move(app_secret))) {}

sandbox::~sandbox() = default;

fault_state sandbox::faults() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->faults;
}

void sandbox::set_faults(const fault_state& faults) {
  std::lock_guard lock(impl_->mutex);
  if (faults.outage != impl_->faults.outage) {
    impl_->record(faults.outage ? "outage_started" : "outage_ended", "", "", "", "");
  }
  impl_->faults = faults;
}

bool sandbox::has_callback() const { return !impl_->config.webhooks.callback_url.empty(); }

const event_log& sandbox::log() const { return impl_->log; }

sandbox_stats sandbox::stats() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->pending.size(), impl_->messages.size(), impl_->users.size(), impl_->log.total()};
}

const sandbox_config& sandbox::config() const { return impl_->config; }

std::vector<shopper_view> sandbox::shoppers() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<shopper_view> out;
  // Configured shoppers, then the 100 most recent others: the phone page's list stays short
  // even after a load test sent to a million numbers.
  const auto& order = impl_->user_order;
  std::size_t recent_from = std::max(impl_->configured_users, order.size() > 100 ? order.size() - 100 : 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i >= impl_->configured_users && i < recent_from) continue;
    const std::string& key = order[i];
    auto it = impl_->users.find(key);
    if (it == impl_->users.end()) continue;
    const user_state& u = it->second;
    out.push_back({u.contact, u.hide_phone, u.read_receipts, u.marketing_stopped, u.chat.size(), u.last_at});
  }
  return out;
}

std::optional<conversation_view> sandbox::conversation(std::string_view shopper, std::string_view phone_number_id) const {
  std::lock_guard lock(impl_->mutex);
  user_state* u = impl_->find_user(shopper);
  if (u == nullptr) return std::nullopt;
  std::string number = phone_number_id.empty() ? impl_->default_number : std::string(phone_number_id);
  auto n = impl_->numbers.find(number);
  if (n == impl_->numbers.end()) return std::nullopt;
  conversation_view view;
  view.shopper = {u->contact, u->hide_phone, u->read_receipts, u->marketing_stopped, u->chat.size(), u->last_at};
  view.phone_number_id = number;
  view.business_name = n->second.config.verified_name;
  view.business_number = n->second.config.display_phone_number;
  view.window_open = impl_->window_open(*u, number, impl_->time.now(), &view.window_closes_at);
  for (const auto& id : u->chat) {
    auto m = impl_->messages.find(id);
    if (m != impl_->messages.end() && m->second.phone_number_id == number) view.messages.push_back(m->second);
  }
  return view;
}

}  // namespace cartbell::sandbox
