// The pattern is compiled to a tiny instruction list (as in Pike's and Thompson's
// matchers) and run by a backtracking loop with an explicit stack. A visited set over
// (instruction, position) keeps the work polynomial: a state that failed once fails
// again whatever the captures hold, because captures never steer control flow.

#include "cartbell/phone/pattern.hpp"

#include <vector>

namespace cartbell::phone {
namespace {

enum class op : std::uint8_t { digit, split, jump, save, end_anchor, match };

struct inst {
  op code;
  std::uint16_t mask;  // digit: accepted digits, bit d for '0' + d
  std::int32_t x;      // split: preferred relative target; jump: relative target; save: slot
  std::int32_t y;      // split: alternative relative target
};

// Re-emitting a quantified atom re-parses its text, so the expansion is capped.
constexpr std::size_t k_max_instructions = 20000;
constexpr int k_max_repeat = 64;

class compiler {
 public:
  compiler(std::string_view pattern, std::vector<inst>& out) : p_(pattern), out_(out) {}

  bool compile() {
    if (p_.size() > k_max_pattern_bytes) return false;
    if (!alternation()) return false;
    if (i_ != p_.size()) return false;
    out_.push_back({op::match, 0, 0, 0});
    return out_.size() <= k_max_instructions;
  }
  std::size_t groups() const { return groups_; }

 private:
  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }
  bool full() const { return out_.size() > k_max_instructions; }
  std::int32_t distance(std::size_t from, std::size_t to) const {
    return static_cast<std::int32_t>(to) - static_cast<std::int32_t>(from);
  }

  bool alternation() {
    std::size_t alt_start = out_.size();
    std::vector<std::size_t> exits;
    if (!sequence()) return false;
    while (at('|')) {
      ++i_;
      // The alternative just parsed gets a split in front (prefer it, else try the
      // next one) and a jump to the end behind it.
      out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(alt_start), inst{op::split, 0, 1, 0});
      exits.push_back(out_.size());
      out_.push_back({op::jump, 0, 0, 0});
      out_[alt_start].y = distance(alt_start, out_.size());
      alt_start = out_.size();
      if (!sequence() || full()) return false;
    }
    for (std::size_t e : exits) out_[e].x = distance(e, out_.size());
    return true;
  }

  bool sequence() {
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      if (!quantified_atom() || full()) return false;
    }
    return true;
  }

  bool quantified_atom() {
    const std::size_t atom_at = i_;
    const std::size_t code_at = out_.size();
    if (!atom()) return false;
    int low = 1;
    int high = 1;  // -1: unbounded
    if (at('?')) {
      low = 0;
      ++i_;
    } else if (at('*')) {
      low = 0;
      high = -1;
      ++i_;
    } else if (at('+')) {
      high = -1;
      ++i_;
    } else if (at('{')) {
      ++i_;
      if (!number(low)) return false;
      high = low;
      if (at(',')) {
        ++i_;
        high = at('}') ? -1 : 0;
        if (high == 0 && !number(high)) return false;
      }
      if (!at('}')) return false;
      ++i_;
      if (high != -1 && high < low) return false;
    } else {
      return true;
    }
    if (at('?') || at('*') || at('+') || at('{')) return false;  // lazy or stacked quantifiers: unsupported
    const std::size_t after = i_;
    out_.resize(code_at);
    auto emit = [&] {
      i_ = atom_at;
      return atom() && !full();
    };
    for (int k = 0; k < low; ++k) {
      if (!emit()) return false;
    }
    if (high == -1) {
      const std::size_t loop = out_.size();
      out_.push_back({op::split, 0, 1, 0});
      if (!emit()) return false;
      out_.push_back({op::jump, 0, distance(out_.size(), loop), 0});
      out_[loop].y = distance(loop, out_.size());
    } else {
      std::vector<std::size_t> splits;
      for (int k = low; k < high; ++k) {
        splits.push_back(out_.size());
        out_.push_back({op::split, 0, 1, 0});
        if (!emit()) return false;
      }
      for (std::size_t s : splits) out_[s].y = distance(s, out_.size());
    }
    i_ = after;
    return true;
  }

  bool number(int& value) {
    value = 0;
    const std::size_t start = i_;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') {
      value = value * 10 + (p_[i_] - '0');
      if (value > k_max_repeat) return false;
      ++i_;
    }
    return i_ > start;
  }

  // Capturing groups are numbered by the position of their '(' so that a re-emitted
  // group keeps its number.
  std::size_t group_number_at(std::size_t open) const {
    std::size_t n = 0;
    for (std::size_t k = 0; k <= open; ++k) {
      if (p_[k] == '(' && (k == 0 || p_[k - 1] != '\\') && p_.substr(k + 1, 2) != "?:") ++n;
    }
    return n;
  }

  bool atom() {
    if (i_ >= p_.size()) return false;
    const char c = p_[i_];
    if (c >= '0' && c <= '9') {
      out_.push_back({op::digit, static_cast<std::uint16_t>(1U << (c - '0')), 0, 0});
      ++i_;
      return true;
    }
    if (c == '\\') {
      if (p_.substr(i_, 2) != "\\d") return false;
      out_.push_back({op::digit, 0x3FF, 0, 0});
      i_ += 2;
      return true;
    }
    if (c == '$') {
      out_.push_back({op::end_anchor, 0, 0, 0});
      ++i_;
      return true;
    }
    if (c == '[') return digit_class();
    if (c == '(') return group();
    return false;
  }

  bool digit_class() {
    ++i_;
    std::uint16_t mask = 0;
    while (i_ < p_.size() && p_[i_] != ']') {
      if (p_.substr(i_, 2) == "\\d") {
        mask = 0x3FF;
        i_ += 2;
        continue;
      }
      const char lo = p_[i_];
      if (lo < '0' || lo > '9') return false;
      char hi = lo;
      if (i_ + 2 < p_.size() && p_[i_ + 1] == '-' && p_[i_ + 2] != ']') {
        hi = p_[i_ + 2];
        if (hi < lo || hi > '9') return false;
        i_ += 2;
      }
      for (char d = lo; d <= hi; ++d) mask = static_cast<std::uint16_t>(mask | (1U << (d - '0')));
      ++i_;
    }
    if (!at(']') || mask == 0) return false;
    ++i_;
    out_.push_back({op::digit, mask, 0, 0});
    return true;
  }

  bool group() {
    const std::size_t open = i_;
    ++i_;
    std::size_t number = 0;
    if (p_.substr(i_, 2) == "?:") {
      i_ += 2;
    } else {
      number = group_number_at(open);
      if (number > k_max_groups) return false;
      if (number > groups_) groups_ = number;
      out_.push_back({op::save, 0, static_cast<std::int32_t>(2 * number), 0});
    }
    if (!alternation()) return false;
    if (!at(')')) return false;
    ++i_;
    if (number != 0) out_.push_back({op::save, 0, static_cast<std::int32_t>(2 * number + 1), 0});
    return true;
  }

  std::string_view p_;
  std::vector<inst>& out_;
  std::size_t i_ = 0;
  std::size_t groups_ = 0;
};

struct frame {
  std::int32_t pc;
  std::int32_t pos;
  std::int32_t slot;  // >= 0: undo a capture (bounds[slot] = old); < 0: resume a thread
  std::int16_t old;
};

}  // namespace

std::string_view pattern_match::group(std::string_view text, std::size_t n) const {
  if (n > k_max_groups) return {};
  const std::int16_t b = bounds[2 * n];
  const std::int16_t e = bounds[2 * n + 1];
  if (b < 0 || e < b || static_cast<std::size_t>(e) > text.size()) return {};
  return text.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b));
}

bool is_valid_pattern(std::string_view pattern) {
  std::vector<inst> program;
  return compiler(pattern, program).compile();
}

std::optional<pattern_match> match_pattern(std::string_view pattern, std::string_view text, match_mode mode) {
  if (text.size() > k_max_match_text) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::vector<inst> program;
  compiler comp(pattern, program);
  if (!comp.compile()) return std::nullopt;

  const auto len = static_cast<std::int32_t>(text.size());
  const std::size_t width = text.size() + 1;
  std::vector<bool> visited(program.size() * width, false);
  pattern_match m;
  m.group_count = comp.groups();
  m.bounds.fill(-1);
  std::vector<frame> stack;
  stack.push_back({0, 0, -1, 0});
  while (!stack.empty()) {
    const frame f = stack.back();
    stack.pop_back();
    if (f.slot >= 0) {
      m.bounds[static_cast<std::size_t>(f.slot)] = f.old;
      continue;
    }
    std::int32_t pc = f.pc;
    std::int32_t pos = f.pos;
    for (;;) {
      const std::size_t state = static_cast<std::size_t>(pc) * width + static_cast<std::size_t>(pos);
      if (visited[state]) break;
      visited[state] = true;
      const inst& in = program[static_cast<std::size_t>(pc)];
      if (in.code == op::digit) {
        if (pos >= len || ((in.mask >> (text[static_cast<std::size_t>(pos)] - '0')) & 1U) == 0) break;
        ++pc;
        ++pos;
      } else if (in.code == op::split) {
        stack.push_back({pc + in.y, pos, -1, 0});
        pc += in.x;
      } else if (in.code == op::jump) {
        pc += in.x;
      } else if (in.code == op::save) {
        const auto slot = static_cast<std::size_t>(in.x);
        stack.push_back({0, 0, in.x, m.bounds[slot]});
        m.bounds[slot] = static_cast<std::int16_t>(pos);
        ++pc;
      } else if (in.code == op::end_anchor) {
        if (pos != len) break;
        ++pc;
      } else {  // match
        if (mode == match_mode::whole && pos != len) break;
        m.length = static_cast<std::size_t>(pos);
        m.bounds[0] = 0;
        m.bounds[1] = static_cast<std::int16_t>(pos);
        return m;
      }
    }
  }
  return std::nullopt;
}

}  // namespace cartbell::phone
