#pragma once
// Source lines for reports: the line a diagnostic points at, cut around its column, for the
// text and the HTML report.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "xoev/model/report.hpp"

namespace xoev::diag {

/// An excerpt of one source line around a column, and where it starts in the line.
struct Excerpt {
  std::string text;
  std::size_t from = 0;  ///< Byte offset of text within the line.
};

/// Reads the wanted lines (line -> column) of a file in one streaming pass, keeping at most 160
/// characters around the column of interest (messages can be one 200 MB line).
std::map<uint32_t, Excerpt> read_excerpts(const std::string& file,
                                          const std::map<uint32_t, uint32_t>& wanted);

/// file -> line -> excerpt, for every line a diagnostic of the report points at: in the input
/// (read from its path, which may differ from its name; not for standard input) and in other
/// files such as a mapping.
using SourceLines = std::map<std::string, std::map<uint32_t, Excerpt>>;
SourceLines source_lines(const FileReport& r);

/// Replaces bytes that are not UTF-8 with '?', so an excerpt of a mis-encoded line cannot make
/// the report itself invalid UTF-8.
std::string printable(std::string_view s);

/// Byte offset -> display column for UTF-8 (continuation bytes take no column).
std::size_t display_width(std::string_view s, std::size_t bytes);

}  // namespace xoev::diag
