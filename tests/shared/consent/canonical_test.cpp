#include "cartbell/consent/canonical.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using cartbell::consent::error;
using cartbell::consent::evidence_level;
using cartbell::consent::record;
using cartbell::consent::record_kind;

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(digits[static_cast<unsigned char>(c) >> 4U]);
    out.push_back(digits[static_cast<unsigned char>(c) & 0xFU]);
  }
  return out;
}

cartbell::consent::purpose p(std::string_view text) { return cartbell::consent::parse_purpose(text).value(); }

// Golden records. The expected bytes were worked out field by field from the layout in
// canonical.hpp with an independent Python encoder (struct.pack('<Q', ...)).
record minimal_record() {
  record r;
  r.shop_id = "s";
  r.subject_id = "abcdefghijklmnop";
  r.purposes = {p("offers")};
  r.text_version = "v1";
  r.evidence = evidence_level::wa_confirmed;
  r.locale = "en";
  r.granted_at = 1;
  return r;
}

constexpr std::string_view minimal_hex =
    "6361727462656c6c2e636f6e73656e742e7631"  // "cartbell.consent.v1"
    "0a00000000000000"                        // 10 fields
    "0500000000000000"
    "6772616e74"  // "grant"
    "0100000000000000"
    "73"  // "s"
    "1000000000000000"
    "6162636465666768696a6b6c6d6e6f70"  // "abcdefghijklmnop"
    "1600000000000000"                  // purposes field, 22 bytes
    "0100000000000000"                  // 1 purpose
    "0600000000000000"
    "6f6666657273"  // "offers"
    "0200000000000000"
    "7631"  // "v1"
    "2000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000"  // hash
    "0c00000000000000"
    "77615f636f6e6669726d6564"  // "wa_confirmed"
    "0200000000000000"
    "656e"  // "en"
    "0800000000000000"
    "0100000000000000"   // granted_at 1
    "0000000000000000";  // no expiry

record full_record() {
  record r;
  r.shop_id = "demo-shop";
  r.subject_id = "3f1a9c0b7d2e4f6a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
  r.purposes = {p("back_in_stock:SKU-42"), p("cart_reminders"), p("order_updates")};
  r.text_version = "2026-01";
  for (std::size_t i = 0; i < r.text_hash.size(); ++i) r.text_hash[i] = static_cast<std::uint8_t>(i);
  r.evidence = evidence_level::form;
  r.locale = "pt-BR";
  r.granted_at = 1767225600;  // 2026-01-01T00:00:00Z
  r.expires_at = 1798761600;  // 2027-01-01T00:00:00Z
  return r;
}

constexpr std::string_view full_hex =
    "6361727462656c6c2e636f6e73656e742e7631"
    "0a00000000000000"
    "0500000000000000"
    "6772616e74"
    "0900000000000000"
    "64656d6f2d73686f70"  // "demo-shop"
    "4000000000000000"
    "3366316139633062376432653466366138623963306431653266336134623563"
    "3664376538663930613162326333643465356636303731383239336134623563"
    "4f00000000000000"  // purposes field, 79 bytes
    "0300000000000000"
    "1400000000000000"
    "6261636b5f696e5f73746f636b3a534b552d3432"  // "back_in_stock:SKU-42"
    "0e00000000000000"
    "636172745f72656d696e64657273"  // "cart_reminders"
    "0d00000000000000"
    "6f726465725f75706461746573"  // "order_updates"
    "0700000000000000"
    "323032362d3031"  // "2026-01"
    "2000000000000000"
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "0400000000000000"
    "666f726d"  // "form"
    "0500000000000000"
    "70742d4252"  // "pt-BR"
    "0800000000000000"
    "00b9556900000000"  // 1767225600 = 0x6955b900
    "0800000000000000"
    "80ec366b00000000";  // 1798761600 = 0x6b36ec80

record withdrawal_record() {
  record r;
  r.kind = record_kind::withdraw;
  r.shop_id = "acme_store";
  r.subject_id = "Zm9vYmFyYmF6cXV4LXF1dXg_";
  r.purposes = {p("offers")};
  r.text_version = "v3";
  r.text_hash.fill(0xFF);
  r.evidence = evidence_level::imported;
  r.locale = "zh-Hant-TW";
  r.granted_at = 1700000000;
  return r;
}

constexpr std::string_view withdrawal_hex =
    "6361727462656c6c2e636f6e73656e742e7631"
    "0a00000000000000"
    "0800000000000000"
    "7769746864726177"  // "withdraw"
    "0a00000000000000"
    "61636d655f73746f7265"  // "acme_store"
    "1800000000000000"
    "5a6d3976596d4679596d4636635856344c5846316458675f"
    "1600000000000000"
    "0100000000000000"
    "0600000000000000"
    "6f6666657273"
    "0200000000000000"
    "7633"
    "2000000000000000"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "0800000000000000"
    "696d706f72746564"  // "imported"
    "0a00000000000000"
    "7a682d48616e742d5457"  // "zh-Hant-TW"
    "0800000000000000"
    "00f1536500000000"  // 1700000000 = 0x6553f100
    "0000000000000000";

struct golden_case {
  const char* name;
  record (*make)();
  std::string_view hex;
};

const golden_case goldens[] = {
    {"minimal_grant", minimal_record, minimal_hex},
    {"grant_with_three_purposes_and_expiry", full_record, full_hex},
    {"withdrawal_with_script_locale", withdrawal_record, withdrawal_hex},
};

TEST(consent_canonical, serialises_golden_records_byte_exact) {
  for (const golden_case& g : goldens) {
    const auto bytes = cartbell::consent::serialise(g.make());
    ASSERT_TRUE(bytes.has_value()) << g.name;
    EXPECT_EQ(to_hex(*bytes), g.hex) << g.name;
  }
}

TEST(consent_canonical, parses_golden_bytes_back_to_the_same_record) {
  for (const golden_case& g : goldens) {
    const std::string bytes = from_hex(g.hex);
    const auto parsed = cartbell::consent::parse_record(bytes);
    ASSERT_TRUE(parsed.has_value()) << g.name << ": " << cartbell::consent::to_string(parsed.error());
    const record expected = g.make();
    EXPECT_EQ(parsed->kind, expected.kind) << g.name;
    EXPECT_EQ(parsed->shop_id, expected.shop_id) << g.name;
    EXPECT_EQ(parsed->subject_id, expected.subject_id) << g.name;
    EXPECT_EQ(parsed->purposes, expected.purposes) << g.name;
    EXPECT_EQ(parsed->text_version, expected.text_version) << g.name;
    EXPECT_EQ(parsed->text_hash, expected.text_hash) << g.name;
    EXPECT_EQ(parsed->evidence, expected.evidence) << g.name;
    EXPECT_EQ(parsed->locale, expected.locale) << g.name;
    EXPECT_EQ(parsed->granted_at, expected.granted_at) << g.name;
    EXPECT_EQ(parsed->expires_at, expected.expires_at) << g.name;
    EXPECT_EQ(to_hex(cartbell::consent::serialise(*parsed).value()), g.hex) << g.name << " round trip";
  }
}

TEST(consent_canonical, serialise_refuses_non_canonical_records) {
  record unsorted = full_record();
  std::swap(unsorted.purposes[0], unsorted.purposes[2]);
  EXPECT_EQ(cartbell::consent::serialise(unsorted).error(), error::unsorted_purposes);
  record lower_region = full_record();
  lower_region.locale = "pt-br";
  EXPECT_EQ(cartbell::consent::serialise(lower_region).error(), error::non_canonical_locale);
  record no_shop = full_record();
  no_shop.shop_id.clear();
  EXPECT_EQ(cartbell::consent::serialise(no_shop).error(), error::empty_shop);
}

TEST(consent_canonical, largest_valid_record_fits_the_parser_cap) {
  record r = full_record();
  r.shop_id = std::string(64, 's');
  r.subject_id = std::string(128, 'S');
  r.text_version = std::string(32, 'v');
  r.evidence = evidence_level::wa_confirmed;
  r.locale = "en-Latn-US-abcdefgh-a-bcdefghi-x-pppppppp-pppppppp-pppppppp-pppp";
  ASSERT_EQ(r.locale.size(), 64U);
  r.purposes.clear();
  for (int i = 0; i < 64; ++i) {
    std::string sku = std::to_string(1000 + i);
    sku.resize(64, 'k');
    r.purposes.push_back(p("back_in_stock:" + sku));
  }
  const auto bytes = cartbell::consent::serialise(r);
  ASSERT_TRUE(bytes.has_value()) << cartbell::consent::to_string(bytes.error());
  EXPECT_EQ(bytes->size(), 5972U);  // 107 framing + 5 + 64 + 128 + 5512 + 32 + 32 + 12 + 64 + 8 + 8
  EXPECT_LE(bytes->size(), cartbell::consent::max_serialised_size);
  EXPECT_TRUE(cartbell::consent::parse_record(*bytes).has_value());
}

// Byte-level edits of the minimal golden record (offsets from the layout above:
// magic 0..18, count 19..26, kind length 27..34, kind 35..39, shop length 40..47,
// shop 48, ...).
struct mutation_case {
  const char* name;
  std::string (*mutate)(std::string);
  error expected;
};

TEST(consent_canonical, parser_rejects_every_non_canonical_encoding) {
  const mutation_case cases[] = {
      {"empty_input", [](std::string) { return std::string(); }, error::bad_magic},
      {"wrong_magic_version",
       [](std::string b) {
         b[18] = '2';
         return b;
       },
       error::bad_magic},
      {"magic_only", [](std::string b) { return b.substr(0, 19); }, error::truncated},
      {"count_nine",
       [](std::string b) {
         b[19] = 9;
         return b;
       },
       error::bad_field_count},
      {"count_eleven",
       [](std::string b) {
         b[19] = 11;
         return b;
       },
       error::bad_field_count},
      {"count_with_high_byte",
       [](std::string b) {
         b[26] = '\x80';
         return b;
       },
       error::bad_field_count},
      {"trailing_byte", [](std::string b) { return b + '\0'; }, error::trailing_bytes},
      {"last_byte_missing",
       [](std::string b) {
         b.pop_back();
         return b;
       },
       error::truncated},
      {"kind_length_past_end",
       [](std::string b) {
         b[27] = '\xff';
         return b;
       },
       error::truncated},
      {"kind_length_huge",
       [](std::string b) {
         b[34] = '\x7f';
         return b;
       },
       error::truncated},
      {"kind_upper_case",
       [](std::string b) {
         b[35] = 'G';
         return b;
       },
       error::unknown_kind},
      {"shop_upper_case",
       [](std::string b) {
         b[48] = 'S';
         return b;
       },
       error::invalid_shop},
      {"too_long_input", [](std::string b) { return b + std::string(9000, '\0'); }, error::too_long},
  };
  const std::string golden = from_hex(minimal_hex);
  ASSERT_EQ(golden.substr(35, 5), "grant");
  ASSERT_EQ(golden[48], 's');
  for (const mutation_case& c : cases) {
    const auto parsed = cartbell::consent::parse_record(c.mutate(golden));
    ASSERT_FALSE(parsed.has_value()) << c.name;
    EXPECT_EQ(parsed.error(), c.expected) << c.name << ": got " << cartbell::consent::to_string(parsed.error());
  }
}

// Whole encodings built by hand (same Python encoder as the goldens) that are well-framed
// but break a rule the serialiser would never break.
struct encoding_case {
  const char* name;
  std::string_view hex;
  error expected;
};

TEST(consent_canonical, parser_rejects_well_framed_records_that_break_rules) {
  const encoding_case cases[] = {
      {"purposes_unsorted",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "702b0000000000000002000000000000000d000000000000006f726465725f7570646174"
       "657306000000000000006f66666572730200000000000000763120000000000000000000"
       "0000000000000000000000000000000000000000000000000000000000000c0000000000"
       "000077615f636f6e6669726d65640200000000000000656e080000000000000001000000"
       "000000000000000000000000",
       error::unsorted_purposes},
      {"purposes_duplicate",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "702400000000000000020000000000000006000000000000006f66666572730600000000"
       "0000006f6666657273020000000000000076312000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000c0000000000000077615f636f"
       "6e6669726d65640200000000000000656e08000000000000000100000000000000000000"
       "0000000000",
       error::duplicate_purpose},
      {"purposes_none",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "700800000000000000000000000000000002000000000000007631200000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000c00000000"
       "00000077615f636f6e6669726d65640200000000000000656e0800000000000000010000"
       "00000000000000000000000000",
       error::no_purposes},
      {"hash_31_bytes",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "701600000000000000010000000000000006000000000000006f66666572730200000000"
       "00000076311f000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000c0000000000000077615f636f6e6669726d65640200000000000000"
       "656e080000000000000001000000000000000000000000000000",
       error::bad_text_hash},
      {"locale_lower_region",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "701600000000000000010000000000000006000000000000006f66666572730200000000"
       "000000763120000000000000000000000000000000000000000000000000000000000000"
       "0000000000000000000c0000000000000077615f636f6e6669726d656405000000000000"
       "0070742d6272080000000000000001000000000000000000000000000000",
       error::non_canonical_locale},
      {"granted_negative",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e7401000000000000007310000000000000006162636465666768696a6b6c6d6e6f"
       "701600000000000000010000000000000006000000000000006f66666572730200000000"
       "000000763120000000000000000000000000000000000000000000000000000000000000"
       "0000000000000000000c0000000000000077615f636f6e6669726d656402000000000000"
       "00656e0800000000000000fbffffffffffffff0000000000000000",
       error::invalid_time},
      {"withdraw_with_expiry",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000080000000000000077"
       "6974686472617701000000000000007310000000000000006162636465666768696a6b6c"
       "6d6e6f701600000000000000010000000000000006000000000000006f66666572730200"
       "000000000000763120000000000000000000000000000000000000000000000000000000"
       "0000000000000000000000000c0000000000000077615f636f6e6669726d656402000000"
       "00000000656e080000000000000001000000000000000800000000000000020000000000"
       "0000",
       error::expiry_on_withdrawal},
      {"subject_phone",
       "6361727462656c6c2e636f6e73656e742e76310a00000000000000050000000000000067"
       "72616e740100000000000000731000000000000000393035333231323334353637383930"
       "311600000000000000010000000000000006000000000000006f66666572730200000000"
       "000000763120000000000000000000000000000000000000000000000000000000000000"
       "0000000000000000000c0000000000000077615f636f6e6669726d656402000000000000"
       "00656e080000000000000001000000000000000000000000000000",
       error::subject_looks_like_phone},
  };
  for (const encoding_case& c : cases) {
    const auto parsed = cartbell::consent::parse_record(from_hex(c.hex));
    ASSERT_FALSE(parsed.has_value()) << c.name;
    EXPECT_EQ(parsed.error(), c.expected) << c.name << ": got " << cartbell::consent::to_string(parsed.error());
  }
}

}  // namespace
