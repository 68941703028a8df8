#pragma once
// The string ABI between JavaScript and the standalone wasm builds (see js/core.mjs):
// arguments arrive as (u32 little-endian length, bytes)*, the answer is a string the
// module owns until the next call.
//
// One call at a time: cb_alloc() starts a call, and in the shipped builds (with arena.cpp)
// releases everything the previous call allocated, its answer included; so JavaScript
// copies an answer out before it makes the next call. Arguments are views into the
// caller's buffer, never copied.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cartbell::wasm {

/// The arguments of one call: views into the caller's buffer, at most `capacity` of them.
class argument_list {
 public:
  /// Most arguments one call may carry (a language list of 32 tags plus the fixed ones).
  static constexpr std::size_t capacity = 40;

  argument_list() = default;

  /// Views of a range of string-like values; values past `capacity` are dropped (for short, fixed lists).
  template <class Iterator>
  argument_list(Iterator first, Iterator last) {
    for (; first != last && size_ < capacity; ++first) items_[size_++] = std::string_view(*first);
  }

  /// Appends one view; false when the list is full.
  [[nodiscard]] bool push_back(std::string_view item) {
    if (size_ == capacity) return false;
    items_[size_++] = item;
    return true;
  }

  /// Number of arguments.
  [[nodiscard]] std::size_t size() const { return size_; }
  /// True when there are no arguments.
  [[nodiscard]] bool empty() const { return size_ == 0; }
  /// The i-th argument (i < size()).
  [[nodiscard]] std::string_view operator[](std::size_t i) const { return items_[i]; }
  /// First argument.
  [[nodiscard]] const std::string_view* begin() const { return items_.data(); }
  /// One past the last argument.
  [[nodiscard]] const std::string_view* end() const { return items_.data() + size_; }

 private:
  std::array<std::string_view, capacity> items_{};
  std::size_t size_ = 0;
};

/// Splits a packed argument buffer; std::nullopt when a length runs past the end or there are too many.
[[nodiscard]] std::optional<argument_list> unpack_arguments(const char* input, std::size_t length);

/// Stores the answer for cb_answer_length() and returns a pointer JavaScript reads it from.
const char* publish_answer(std::string answer);

}  // namespace cartbell::wasm
