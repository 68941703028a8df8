// Mutation test: valid v4.public and v4.local tokens, mutated more than 100,000 times each
// (bit flips, byte insertions and deletions, truncations, base64 alphabet swaps,
// header/footer/body swaps, and stacks of these) with a fixed-seed PRNG. Every mutant that
// differs from the original token string must be rejected.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "crypto/paseto.hpp"
#include "crypto/testing.hpp"

namespace cartbell::crypto {
namespace {

constexpr int mutants_per_token = 100000;

// splitmix64: fixed output on every platform and standard library (std distributions
// are implementation-defined).
class prng {
 public:
  explicit prng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view confusables = "+/=. \n\x80\xdf\xff";  // standard alphabet, padding, separators, high bytes
const std::array<std::string_view, 7> headers = {"v4.local.", "v4.public.", "v3.local.", "v3.public.",
                                                 "v4.Local.", "v2.public.", "v4.secret."};

enum op { bit_flip, insert_byte, delete_bytes, truncate, alphabet_swap, confusable_swap, part_swap, stacked, op_count };

struct mutator {
  prng rng;
  std::string other;  // a valid token of the other purpose, for header/footer/body swaps

  std::string apply(std::string t, op o) {
    switch (o) {
      case bit_flip:
        if (!t.empty()) t[rng.below(t.size())] ^= static_cast<char>(1u << rng.below(8));
        return t;
      case insert_byte: {
        const char c = rng.below(2) ? alphabet[rng.below(alphabet.size())] : static_cast<char>(rng.below(256));
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(rng.below(t.size() + 1)), c);
        return t;
      }
      case delete_bytes:
        if (!t.empty()) t.erase(rng.below(t.size()), 1 + rng.below(3));
        return t;
      case truncate:
        return t.substr(0, rng.below(t.size()));
      case alphabet_swap:
        if (!t.empty()) t[rng.below(t.size())] = alphabet[rng.below(alphabet.size())];
        return t;
      case confusable_swap:
        if (!t.empty()) t[rng.below(t.size())] = confusables[rng.below(confusables.size())];
        return t;
      case part_swap:
        return swap_parts(std::move(t));
      case stacked: {
        const std::size_t n = 2 + rng.below(3);
        for (std::size_t i = 0; i < n; ++i) t = apply(std::move(t), static_cast<op>(rng.below(part_swap + 1)));
        return t;
      }
      case op_count:
        break;
    }
    return t;
  }

  // Header, body and footer exchanged with another header or the other token's parts.
  std::string swap_parts(const std::string& t) {
    const auto split = [](const std::string& s) {
      const std::size_t h = s.find('.', 3) + 1;
      const std::size_t f = s.find('.', h);
      return std::array<std::string, 3>{s.substr(0, h), s.substr(h, f == std::string::npos ? f : f - h),
                                        f == std::string::npos ? "" : s.substr(f)};
    };
    auto mine = split(t);
    const auto theirs = split(other);
    switch (rng.below(5)) {
      case 0: mine[0] = headers[rng.below(headers.size())]; break;
      case 1: mine[2] = theirs[2]; break;
      case 2: mine[2] = mine[2].empty() ? theirs[2] : ""; break;
      case 3: mine[1] = theirs[1]; break;
      default: mine[2] += mine[2].empty() ? ".e30" : mine[2]; break;  // add or double a footer
    }
    return mine[0] + mine[1] + mine[2];
  }
};

struct tally {
  long mutants = 0;
  long rejected = 0;
  long identical = 0;
  std::array<long, op_count> per_op{};
};

tally run(const std::string& original, const std::string& other, std::uint64_t seed,
          const std::function<bool(const std::string&)>& accepts) {
  tally t;
  mutator m{prng(seed), other};
  for (long i = 0; t.mutants < mutants_per_token; ++i) {
    const op o = static_cast<op>(i % op_count);
    const std::string mutant = m.apply(original, o);
    if (mutant == original) {
      ++t.identical;
      continue;
    }
    ++t.mutants;
    ++t.per_op[o];
    if (!accepts(mutant)) {
      ++t.rejected;
    } else {
      ADD_FAILURE() << "accepted mutant (op " << o << "): " << mutant;
    }
  }
  return t;
}

void expect_broad_coverage(const tally& t, const char* what) {
  std::printf("[ mutation ] %s: %ld mutants, %ld rejected, %ld identical to the original skipped\n", what,
              t.mutants, t.rejected, t.identical);
  EXPECT_EQ(t.rejected, t.mutants);
  EXPECT_EQ(t.mutants, mutants_per_token);
  for (int o = 0; o < op_count; ++o) EXPECT_GE(t.per_op[o], 10000) << "operator " << o << " barely ran";
}

// Fixed keys and nonce, so the originals and therefore every mutant are the same on
// every run and a failure can be replayed.
std::array<unsigned char, 32> counting_bytes(unsigned char first) {
  std::array<unsigned char, 32> b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<unsigned char>(first + i);
  return b;
}

struct fixture {
  v4_signing_keyring ring;
  v4_secret_key secret = testing::v4_secret_key_from_seed(counting_bytes(0x10)).value();
  v4_public_key public_key = secret.public_key();
  v4_local_key local = testing::v4_local_key_from_bytes(counting_bytes(0x70)).value();
  std::string public_token;
  std::string local_token;
  std::string assertion = "{\"shop\":\"s_1\"}";

  fixture() {
    ring.activate(std::move(secret));
    public_token = *ring.sign("{\"receipt\":\"r_42\",\"purpose\":\"marketing\",\"iat\":1767225600}", assertion);
    local_token = *testing::v4_local_encrypt_with_nonce(local, counting_bytes(0xa0), "{\"phone\":\"+447700900123\"}",
                                                        "{\"kid\":\"x\"}", assertion);
  }
};

TEST(paseto_mutation, every_mutated_public_token_is_rejected_by_the_keyring) {
  fixture f;
  ASSERT_TRUE(f.ring.verify(f.public_token, f.assertion));
  const tally t = run(f.public_token, f.local_token, 0x5eed0001,
                      [&f](const std::string& m) { return static_cast<bool>(f.ring.verify(m, f.assertion)); });
  expect_broad_coverage(t, "v4.public via keyring");
}

TEST(paseto_mutation, every_mutated_public_token_is_rejected_by_the_bare_key) {
  fixture f;
  ASSERT_TRUE(v4_public_verify(f.public_key, f.public_token, f.assertion));
  const tally t = run(f.public_token, f.local_token, 0x5eed0003, [&f](const std::string& m) {
    return static_cast<bool>(v4_public_verify(f.public_key, m, f.assertion));
  });
  expect_broad_coverage(t, "v4.public via bare key");
}

TEST(paseto_mutation, every_mutated_local_token_is_rejected) {
  fixture f;
  ASSERT_TRUE(v4_local_decrypt(f.local, f.local_token, f.assertion));
  const tally t = run(f.local_token, f.public_token, 0x5eed0002, [&f](const std::string& m) {
    return static_cast<bool>(v4_local_decrypt(f.local, m, f.assertion));
  });
  expect_broad_coverage(t, "v4.local");
}

}  // namespace
}  // namespace cartbell::crypto
