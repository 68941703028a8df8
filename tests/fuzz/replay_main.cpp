// Drives LLVMFuzzerTestOneInput without libFuzzer, so any compiler (and ctest under
// ASan+UBSan) can run the fuzz targets: every argument of every conformance case in
// tests/data/*.json is a seed for every target, then a fixed number of deterministic
// mutations (bit flips, inserted and deleted bytes, splices of two seeds, interesting
// bytes such as invalid UTF-8 leads) run. Same seed, same inputs, every run.
//   usage: cartbell_fuzz_replay <data dir> [mutations]

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr int target_count = 7;

std::string decode_hex_argument(const std::string& text) {
  if (text.rfind("hex:", 0) != 0) return text;
  std::string out;
  for (std::size_t i = 4; i + 1 < text.size(); i += 2) out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<std::string> load_seeds(const std::filesystem::path& dir) {
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto doc = nlohmann::json::parse(in);
    for (const auto& c : doc.at("cases")) {
      for (const auto& a : c.at("args")) seeds.push_back(decode_hex_argument(a.get<std::string>()));
    }
  }
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
  return seeds;
}

struct xorshift {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13U;
    state ^= state >> 7U;
    state ^= state << 17U;
    return state;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

void run(int target, const std::string& input) {
  std::string buffer(1, static_cast<char>(target));
  buffer += input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(buffer.data()), buffer.size());
}

std::string mutate(std::string s, const std::vector<std::string>& seeds, xorshift& rng) {
  static const char interesting[] = {'\0', '\x7f', '\x80', '\xc0', '\xc3', '\xe2', '\xed', '\xf0', '\xf4', '\xff',
                                     '{',  '}',    '%',    '+',    '0',    '9',    ':',    '|',    ',',    '='};
  const std::size_t steps = 1 + rng.below(4);
  for (std::size_t i = 0; i < steps; ++i) {
    switch (rng.below(5)) {
      case 0:
        if (!s.empty()) s[rng.below(s.size())] ^= static_cast<char>(1U << rng.below(8));
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(rng.below(s.size() + 1)), interesting[rng.below(sizeof interesting)]);
        break;
      case 2:
        if (!s.empty()) s.erase(rng.below(s.size()), 1 + rng.below(4));
        break;
      case 3: {
        const std::string& other = seeds[rng.below(seeds.size())];
        s = s.substr(0, rng.below(s.size() + 1)) + other.substr(rng.below(other.size() + 1));
        break;
      }
      default:
        if (!s.empty() && s.size() < 4096) s += s.substr(rng.below(s.size()));
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <data dir> [mutations]\n", argv[0]);
    return 2;
  }
  const std::vector<std::string> seeds = load_seeds(argv[1]);
  const long mutations = argc > 2 ? std::atol(argv[2]) : 100000;
  for (const std::string& seed : seeds) {
    for (int target = 0; target < target_count; ++target) run(target, seed);
  }
  xorshift rng{0x9E3779B97F4A7C15ULL};
  for (long i = 0; i < mutations; ++i) {
    run(static_cast<int>(rng.below(target_count)), mutate(seeds[rng.below(seeds.size())], seeds, rng));
  }
  std::printf("fuzz replay: %zu seeds x %d targets, %ld mutations, no property broken\n", seeds.size(), target_count, mutations);
  return 0;
}
