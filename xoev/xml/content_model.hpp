#pragma once
/// What is wrong with an element's children, computed from its content model: the first child
/// that does not fit and what was expected there, or what is missing at the end. Xerces only
/// says "not allowed for content model '(…30 particles…)'" at the parent's end tag; this names
/// the element and the place, as a user needs it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xoev::xml {

/// A content model as a tree of particles (a schema-independent copy of Xerces' own).
struct Particle {
  enum class Kind : std::uint8_t { Element, Any, Sequence, Choice, All };
  Kind kind = Kind::Element;
  std::string name;  ///< Element: its local name.
  int min = 1;
  int max = 1;  ///< -1: unbounded.
  std::vector<Particle> children;
};

struct ContentProblem {
  enum class Kind : std::uint8_t { Unexpected, Missing };
  Kind kind = Kind::Missing;
  /// Unexpected: the index of the first child that does not fit. Missing: the number of children.
  std::size_t child = 0;
  std::vector<std::string> expected;  ///< What could come at that point, in model order.
  bool end_allowed = false;           ///< Unexpected: the element could have ended there.
  std::vector<std::string> required;  ///< Missing: those of `expected` every completion needs.
  /// Unexpected: the child's name occurs in the model, at another place (the order is wrong).
  bool elsewhere_in_model = false;
  std::string similar;  ///< Unexpected: a name of the model that differs by a typo, if any.
  /// Unexpected: an expected element that makes the child fit when put before it and that does
  /// not come later among the children: it is missing there.
  std::string missing_before;
  /// Unexpected: an expected element that comes later among the children: the order is wrong.
  std::string comes_later;
};

/// Runs `children` (local names, in document order) through `model`. nullopt when they fit, or
/// when the model is too large to follow (the caller keeps the schema validator's message).
std::optional<ContentProblem> explain_content(const Particle& model,
                                              const std::vector<std::string_view>& children);

/// "'a'", "'a', 'b', 'c'" (at most 8 names, then "… (12)"): words such as "one of" belong in
/// the message's template, so that it can be translated.
std::string list_names(const std::vector<std::string>& names);

}  // namespace xoev::xml
