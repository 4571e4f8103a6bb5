#pragma once
/// Small text helpers: "did you mean" (the CLI, the code lists' nearest codes, the schema
/// messages) and timestamps.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace xoev {

/// Levenshtein distance (insertions, deletions, substitutions of bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word`, if it is close enough to be what a typo meant (edit distance
/// at most 2, or a third of the word's length): for "did you mean" hints.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

/// `s` with < > & and " as character references, for text and attribute values of XML built as a
/// string (sedex envelopes, KoSIT's report input).
std::string xml_escaped(std::string_view s);

/// Characters (code points) of UTF-8 text: its display width for German and French, which
/// have no wide or combining characters in practice.
std::size_t utf8_length(std::string_view s);

/// The current time in UTC, ISO 8601 to the second: "2026-12-04T20:15:00Z".
std::string utc_now();

}  // namespace xoev
