#include "case_runner.hpp"

namespace cartbell::cases {

std::optional<std::string> run_consent_case(std::string_view /*op*/, const args& /*a*/) { return std::nullopt; }

}  // namespace cartbell::cases
