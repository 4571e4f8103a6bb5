#pragma once
/// Small text helpers shared by the CLI's "did you mean" and the code lists' nearest codes.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace xoev {

/// Levenshtein distance (insertions, deletions, substitutions of bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if it is close enough to be what a typo meant (edit distance
/// at most 2, or a third of the word's length): for "did you mean" hints.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

}  // namespace xoev
