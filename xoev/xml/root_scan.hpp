#pragma once
// A byte-level scan for the root element of a plain document, so that the common case needs no
// parser run before validation.

#include <optional>
#include <string>
#include <string_view>

namespace xoev::xml {

/// The root element of a document, found by a non-validating scan that stops at the first start
/// tag.
struct RootInfo {
  std::string ns;
  std::string local;
  bool operator==(const RootInfo&) const = default;
};

/// The root element of `bytes` when everything before and in its start tag is plainly
/// well-formed: an optional UTF-8 BOM and XML declaration (UTF-8, US-ASCII or ISO-8859-1),
/// whitespace, ASCII comments, and a start tag of ASCII names and values without references,
/// whose prefix (if any) it declares itself. Anything else (a DOCTYPE, a processing
/// instruction, other encodings, characters Xerces would refuse) gives nullopt, and the caller
/// asks the parser, which also words the problem.
std::optional<RootInfo> scan_plain_root(std::string_view bytes);

}  // namespace xoev::xml
