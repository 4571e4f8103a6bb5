#pragma once
/// Small text helpers shared by the CLI's "did you mean" and the code lists' nearest codes.

#include <cstddef>
#include <string_view>

namespace xoev {

/// Levenshtein distance (insertions, deletions, substitutions of bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace xoev
