#pragma once
// result<T, E>: the core's error-or-value type (std::expected is missing from both of
// our compilers). Never throws: reading the wrong side is a programming error and traps.

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace cartbell {

/// Wraps an error so that result<T, E> can be built from it even when T and E coincide.
template <class E>
struct failure {
  E error;
};

/// Makes a failure<E> to return from a function whose return type is result<T, E>.
template <class E>
[[nodiscard]] constexpr failure<E> fail(E error) {
  return failure<E>{error};
}

/// A value of type T or an error of type E (a small enum class in this code base).
template <class T, class E>
class [[nodiscard]] result {
 public:
  using value_type = T;
  using error_type = E;

  constexpr result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <class F, class = std::enable_if_t<std::is_convertible_v<F, E>>>
  constexpr result(failure<F> f) : v_(std::in_place_index<1>, E(f.error)) {}  // NOLINT(google-explicit-constructor)

  /// True when the result holds a value.
  [[nodiscard]] constexpr bool has_value() const { return v_.index() == 0; }
  /// Same as has_value().
  constexpr explicit operator bool() const { return has_value(); }

  /// The value; traps when the result holds an error.
  [[nodiscard]] constexpr const T& value() const& { return *checked_value(); }
  /// The value, moved out; traps when the result holds an error.
  [[nodiscard]] constexpr T&& value() && { return std::move(*checked_value()); }
  constexpr const T& operator*() const& { return value(); }
  constexpr const T* operator->() const { return checked_value(); }

  /// The error; traps when the result holds a value.
  [[nodiscard]] constexpr E error() const {
    const E* e = std::get_if<1>(&v_);
    if (e == nullptr) std::abort();
    return *e;
  }

  /// The value, or `fallback` when the result holds an error.
  [[nodiscard]] constexpr T value_or(T fallback) const& {
    return has_value() ? *std::get_if<0>(&v_) : std::move(fallback);
  }

 private:
  constexpr const T* checked_value() const {
    const T* p = std::get_if<0>(&v_);
    if (p == nullptr) std::abort();
    return p;
  }
  constexpr T* checked_value() {
    T* p = std::get_if<0>(&v_);
    if (p == nullptr) std::abort();
    return p;
  }

  std::variant<T, E> v_;
};

}  // namespace cartbell
