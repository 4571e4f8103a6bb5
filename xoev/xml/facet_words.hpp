#pragma once
/// Xerces' messages for a value that breaks its simple type ("value '4' not in enumeration",
/// "… does not match regular expression facet '[+\-]?[0-9]+'", "month value '1985-13-40' must be
/// between 1 and 12") said as a user needs them: the allowed values and the nearest one, the
/// facet in words, the part of a date that does not exist.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xoev::xml {

/// English templates with their arguments (xoev/diag/i18n.hpp), so that they can be said in
/// other languages too.
struct FacetWords {
  const char* message = "";
  std::vector<std::string> args;
  const char* hint = nullptr;  ///< none when null
  std::vector<std::string> hint_args;
  /// The message in English.
  [[nodiscard]] std::string text() const;
};

/// The message in words, or nullopt to keep Xerces' own. `enumeration`: the allowed values of
/// the element's type (empty when it has none or they are unknown).
std::optional<FacetWords> facet_in_words(std::string_view xerces_message,
                                         const std::vector<std::string>& enumeration);

/// Xerces' most frequent well-formedness errors ("expected end of tag 'x'", "invalid character
/// 0x1", "unterminated start tag 'x'", ...) as templates with their arguments, worded as Xerces
/// words them in English; nullopt to keep Xerces' own text.
std::optional<FacetWords> fatal_in_words(std::string_view xerces_message);

/// Xerces' most frequent other validity errors (undeclared attribute, missing required
/// attribute, #FIXED value, unknown ID reference, duplicate ID, undeclared element, prefix
/// without namespace, ...) the same way; nullopt to keep Xerces' own text.
std::optional<FacetWords> validity_in_words(std::string_view xerces_message);

/// The candidate closest to `value` (case-insensitive edit distance at most 2, and less than
/// half its length), or empty.
std::string nearest(std::string_view value, const std::vector<std::string>& candidates);

}  // namespace xoev::xml
