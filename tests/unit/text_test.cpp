#include "xoev/util/text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace xoev {
namespace {

TEST(Utf8Length, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("Zuzug"), 5u);
  EXPECT_EQ(utf8_length("Größe"), 5u);               // 7 bytes
  EXPECT_EQ(utf8_length("Nachweisführer:in"), 17u);  // label widths in German
  EXPECT_EQ(utf8_length("\xE2\x82\xAC"), 1u);        // € in 3 bytes
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);    // a 4-byte character
  EXPECT_EQ(utf8_length("\xDF"
                        "e"),
            2u);  // Latin-1 ß: a byte of its own
}

TEST(ClosestMatch, NamesANearCandidateAndNothingFar) {
  constexpr std::array<std::string_view, 3> names{"validate", "inspect", "status"};
  EXPECT_EQ(closest_match("valdiate", names), "validate");
  EXPECT_EQ(closest_match("stauts", names), "status");
  EXPECT_EQ(closest_match("frobnicate", names), std::nullopt);
}

}  // namespace
}  // namespace xoev
