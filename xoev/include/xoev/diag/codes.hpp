#pragma once
/// The stable diagnostic codes of ozg with a one-line title and a short explanation each. A code is
/// never renumbered or reused; man/ozg-codes.7 documents each one (a unit test checks that none
/// is missing).

#include <span>
#include <string_view>

namespace xoev {

struct CodeInfo {
  std::string_view code;
  std::string_view title;
  std::string_view explanation;
};

/// Every code ozg can emit, in code order.
std::span<const CodeInfo> all_codes();

/// The entry for `code`, or nullptr.
const CodeInfo* find_code(std::string_view code);

}  // namespace xoev
