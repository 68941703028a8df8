// The committed region table must be exactly what the generator writes from the
// installed libphonenumber and ICU: regenerate it and compare byte for byte.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string run_generator(const std::string& out_path) {
  const std::string command = std::string("\"") + CARTBELL_GEN_PHONE_REGIONS + "\" \"" + out_path + "\"";
  const int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command;
  return slurp(out_path);
}

TEST(gen_phone_regions, committed_table_matches_a_fresh_generation) {
  const std::string fresh = run_generator(std::string(CARTBELL_TOOLS_TEST_SCRATCH) + "/region_table.fresh.inc");
  const std::string committed = slurp(CARTBELL_PHONE_REGION_TABLE);
  ASSERT_FALSE(fresh.empty());
  ASSERT_FALSE(committed.empty()) << CARTBELL_PHONE_REGION_TABLE;
  EXPECT_TRUE(fresh == committed)
      << "shared/src/phone/region_table.inc is stale: build the target cartbell_regenerate_phone_regions and commit it";
}

TEST(gen_phone_regions, two_runs_are_byte_identical) {
  const std::string first = run_generator(std::string(CARTBELL_TOOLS_TEST_SCRATCH) + "/region_table.a.inc");
  const std::string second = run_generator(std::string(CARTBELL_TOOLS_TEST_SCRATCH) + "/region_table.b.inc");
  EXPECT_TRUE(first == second);
}

TEST(gen_phone_regions, rejects_a_wrong_command_line) {
  const std::string command = std::string("\"") + CARTBELL_GEN_PHONE_REGIONS + "\" > /dev/null 2>&1";
  EXPECT_NE(std::system(command.c_str()), 0);
}

}  // namespace
