#include "sandbox/clock.hpp"

#include <chrono>

namespace cartbell::sandbox {

micros system_clock::now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace cartbell::sandbox
