// Runs every case in tests/data/*.json through the native core and writes the answers
// to <build>/parity/<module>.json, which the wasm build's Node test compares with its own.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "case_runner.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path data_dir{CARTBELL_TEST_DATA_DIR};
const fs::path parity_dir{CARTBELL_PARITY_OUTPUT_DIR};

std::vector<std::string> module_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

json load(const std::string& module) {
  std::ifstream in(data_dir / (module + ".json"));
  return json::parse(in);
}

class conformance : public testing::TestWithParam<std::string> {};

TEST_P(conformance, every_case_matches_its_expected_answer) {
  const std::string module = GetParam();
  const json doc = load(module);
  ASSERT_EQ(doc.at("module").get<std::string>(), module);
  const json& cases = doc.at("cases");
  ASSERT_FALSE(cases.empty());

  json answers = json::object();
  std::vector<std::string> names;
  for (const json& c : cases) {
    const auto name = c.at("name").get<std::string>();
    names.push_back(name);
    const auto op = c.at("op").get<std::string>();
    const auto arguments = c.at("args").get<cartbell::cases::args>();
    const std::string answer = cartbell::cases::run_case(op, arguments);
    EXPECT_EQ(answer, c.at("expect").get<std::string>()) << module << "/" << name << " (" << op << ")";
    answers[name] = answer;
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << "duplicate case names in " << module;

  fs::create_directories(parity_dir);
  std::ofstream(parity_dir / (module + ".json")) << answers.dump(1) << '\n';
}

INSTANTIATE_TEST_SUITE_P(data, conformance, testing::ValuesIn(module_files()),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(conformance_data, holds_at_least_400_cases_and_every_module) {
  std::size_t total = 0;
  for (const std::string& module : module_files()) total += load(module).at("cases").size();
  EXPECT_GE(total, 400U);
  for (const char* module : {"phone", "link", "locale", "text", "consent", "keywords", "schedule"}) {
    EXPECT_TRUE(fs::exists(data_dir / (std::string(module) + ".json"))) << module;
  }
}

TEST(conformance_runner, rejects_unknown_operations_and_bad_hex) {
  EXPECT_EQ(cartbell::cases::run_case("nope.nothing", {}), "err:unknown_op");
  EXPECT_EQ(cartbell::cases::run_case("link.encode", {"hex:zz"}), "err:bad_fixture_hex");
}

}  // namespace
